#!/usr/bin/env bash
# Builds the addon and copies it to bindings/node/clerk-backend.<triple>.node,
# where lib/native.js loads it (and `npm pack` takes it).
#   bindings/node/scripts/build.sh                 # debug, the bindings' shared debug build
#   PROFILE=release bindings/node/scripts/build.sh # optimised (benchmarks)
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=/dev/null
source "$ROOT/scripts/lib/common.sh"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
PROFILE="${PROFILE:-dev}"
if [ "$PROFILE" = "release" ]; then
  (cd "$ROOT" && cargo build --release -p clerk-backend-node)
  DIR=release
else
  build_bindings_debug
  DIR=debug
fi
TRIPLE="$(node -p "require('$HERE/lib/native-triple.js')()")"
cp "$CARGO_TARGET_DIR/$DIR/libclerk_backend_node.so" "$HERE/clerk-backend.$TRIPLE.node.tmp"
mv "$HERE/clerk-backend.$TRIPLE.node.tmp" "$HERE/clerk-backend.$TRIPLE.node"
echo "built $HERE/clerk-backend.$TRIPLE.node ($PROFILE)"
