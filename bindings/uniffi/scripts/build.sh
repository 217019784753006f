#!/usr/bin/env bash
# Builds the Kotlin JAR of the UniFFI binding:
#   1. the native library (the shared debug build, or PROFILE=release),
#   2. UniFFI's Kotlin FFI layer into kotlin/target/generated-sources/uniffi,
#   3. UniFFI's Swift sources, header and modulemap, checked against the committed
#      golden copies under swift/ (UPDATE_GOLDEN=1 rewrites them), the header
#      compiled with `cc -fsyntax-only`,
#   4. `mvn package`: the JAR with the library under JNA's linux-x86-64/.
# Maven downloads into $CLERK_MAVEN_REPO (default: target/m2 in the repository).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../../scripts/lib/common.sh"

PROFILE=${PROFILE:-debug}
UNIFFI=$REPO_ROOT/bindings/uniffi
KOTLIN=$UNIFFI/kotlin
SWIFT=$UNIFFI/swift
export CLERK_MAVEN_REPO=${CLERK_MAVEN_REPO:-$CARGO_TARGET_DIR/m2}
require_tool mvn "install Maven (and Java 17)"
require_tool cc "install a C compiler"

section "UniFFI: native library ($PROFILE)"
if [ "$PROFILE" = release ]; then
  cargo build --release -p clerk-backend-uniffi --lib
elif [ "${UNIFFI_ONLY:-0}" = 1 ]; then
  # This crate alone (while another binding of the shared build does not compile).
  cargo build -p clerk-backend-uniffi --lib
else
  build_bindings_debug
fi
LIB=$CARGO_TARGET_DIR/$PROFILE/libclerk_backend_uniffi.so
cargo build -p clerk-backend-uniffi-bindgen
BINDGEN=$CARGO_TARGET_DIR/debug/uniffi-bindgen
ok "$LIB"

section "UniFFI: Kotlin and Swift generation"
GEN=$CARGO_TARGET_DIR/uniffi-gen
rm -rf "$GEN" "$KOTLIN/target/generated-sources/uniffi"
mkdir -p "$GEN" "$KOTLIN/target/generated-sources/uniffi"
"$BINDGEN" generate --language kotlin --out-dir "$KOTLIN/target/generated-sources/uniffi" --no-format "$LIB" >/dev/null
"$BINDGEN" generate --language swift --out-dir "$GEN" --no-format "$LIB" >/dev/null
# The golden layout: the Swift FFI module, and the C module its header and modulemap form.
declare -A GOLDEN=(
  [ClerkBackendFFI.swift]=Sources/ClerkBackendFFI/ClerkBackendFFI.swift
  [clerk_backend_uniffiFFI.h]=Sources/clerk_backend_uniffiFFI/include/clerk_backend_uniffiFFI.h
  [clerk_backend_uniffiFFI.modulemap]=Sources/clerk_backend_uniffiFFI/include/module.modulemap
)
drift=0
for f in "${!GOLDEN[@]}"; do
  golden=$SWIFT/${GOLDEN[$f]}
  if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
    mkdir -p "$(dirname "$golden")"
    cp "$GEN/$f" "$golden"
  elif ! diff -u "$golden" "$GEN/$f" >"$GEN/$f.diff" 2>&1; then
    fail "swift/${GOLDEN[$f]} differs from what uniffi-bindgen generates ($GEN/$f.diff); run UPDATE_GOLDEN=1 $0"
    drift=1
  fi
done
[ "$drift" = 0 ] || exit 1
# _Nonnull/_Nullable are clang's nullability qualifiers (Swift's importer is clang); gcc lacks them.
cc_nullability=()
cc --version 2>/dev/null | grep -qi clang || cc_nullability=(-D_Nonnull= -D_Nullable= -D_Null_unspecified=)
echo '#include "clerk_backend_uniffiFFI.h"' | cc -fsyntax-only -Wall -Werror -std=c11 "${cc_nullability[@]}" -I"$GEN" -x c -
ok "Kotlin generated; Swift matches swift/ (${#GOLDEN[@]} files); the C header compiles"

section "UniFFI: Kotlin JAR (mvn package)"
NATIVE=$KOTLIN/target/native/linux-x86-64
mkdir -p "$NATIVE"
# Debug info is most of a debug build's size; the JAR carries the code only.
strip --strip-debug -o "$NATIVE/libclerk_backend_uniffi.so" "$LIB"
(cd "$KOTLIN" && mvn -B -q -Dmaven.repo.local="$CLERK_MAVEN_REPO" -DskipTests package)
JAR=$(ls "$KOTLIN"/target/clerk-backend-kotlin-*.jar)
unzip -l "$JAR" | grep "linux-x86-64/libclerk_backend_uniffi.so" >/dev/null || die "the JAR lacks the native library"
ok "$JAR"
