#!/usr/bin/env bash
# Writes include/clerk_backend.h with cbindgen (installed into the cargo
# target dir if missing).   bindings/c/scripts/header.sh [--check]
# --check only compares: it fails when the committed header is stale.
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=/dev/null
source "$HERE/../../scripts/lib/common.sh"
CBINDGEN_VERSION=0.29.4
CBINDGEN="$CARGO_TARGET_DIR/tools/bin/cbindgen"
if ! "$CBINDGEN" --version 2>/dev/null | grep -q " $CBINDGEN_VERSION\$"; then
  cargo install --quiet --locked cbindgen --version "$CBINDGEN_VERSION" --root "$CARGO_TARGET_DIR/tools"
fi
HEADER="$REPO_ROOT/include/clerk_backend.h"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
(cd "$HERE" && "$CBINDGEN" --quiet --config cbindgen.toml --crate clerk-backend-c --output "$out")
if [ "${1:-}" = "--check" ]; then
  if ! diff -u "$HEADER" "$out"; then
    echo "include/clerk_backend.h is stale: run bindings/c/scripts/header.sh" >&2
    exit 1
  fi
else
  mkdir -p "$(dirname "$HEADER")"
  cp "$out" "$HEADER"
  echo "wrote $HEADER"
fi
