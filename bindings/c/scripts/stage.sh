#!/usr/bin/env bash
# Stages the C library into PREFIX as a native library is installed:
#   PREFIX/include/clerk_backend.h
#   PREFIX/lib/libclerk_backend.so.X.Y.Z (SONAME libclerk_backend.so.X) + .so.X and .so links
#   PREFIX/lib/libclerk_backend.a
#   PREFIX/lib/pkgconfig/clerk-backend.pc
# Usage: bindings/c/scripts/stage.sh PREFIX   (PROFILE=release|debug, default debug)
# Builds the library with cargo (no cargo-c needed) unless NO_BUILD=1.
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=/dev/null
source "$HERE/../../scripts/lib/common.sh"
PREFIX="${1:?usage: stage.sh PREFIX}"
PROFILE="${PROFILE:-debug}"
if [ "${NO_BUILD:-0}" != 1 ]; then
  if [ "$PROFILE" = release ]; then
    cargo build -p clerk-backend-c --lib --release
  else
    build_bindings_debug
  fi
fi
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' "$HERE/Cargo.toml" | head -1)
MAJOR=${VERSION%%.*}
OUT="$CARGO_TARGET_DIR/$PROFILE"
mkdir -p "$PREFIX/include" "$PREFIX/lib/pkgconfig"
PREFIX="$(cd "$PREFIX" && pwd)"
install -m 644 "$REPO_ROOT/include/clerk_backend.h" "$PREFIX/include/"
# A hard link where possible: the libraries are large (a debug static
# library is ~350 MB) and disk is shared.
put() { ln -f "$1" "$2" 2>/dev/null || install -m "$3" "$1" "$2"; }
put "$OUT/libclerk_backend_c.so" "$PREFIX/lib/libclerk_backend.so.$VERSION" 755
ln -sf "libclerk_backend.so.$VERSION" "$PREFIX/lib/libclerk_backend.so.$MAJOR"
ln -sf "libclerk_backend.so.$MAJOR" "$PREFIX/lib/libclerk_backend.so"
put "$OUT/libclerk_backend_c.a" "$PREFIX/lib/libclerk_backend.a" 644
cat >"$PREFIX/lib/pkgconfig/clerk-backend.pc" <<PC
prefix=$PREFIX
includedir=\${prefix}/include
libdir=\${prefix}/lib

Name: clerk-backend
Description: Clerk Backend API SDK (C ABI of the Rust core)
Version: $VERSION
Cflags: -I\${includedir}
Libs: -L\${libdir} -lclerk_backend
Libs.private: -lpthread -ldl -lm
PC
echo "staged clerk-backend $VERSION ($PROFILE) into $PREFIX"
