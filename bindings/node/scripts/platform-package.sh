#!/usr/bin/env bash
# Stages the per-platform package of the addon built here (napi-rs layout:
# npm/<triple>/ holds clerk-backend-<triple>'s package.json; the built
# clerk-backend.<triple>.node is copied in) and packs it into .pack/.
# Publishing: each platform's package is built on its platform, and the main
# package lists them all in `optionalDependencies` (same version), so npm
# installs only the one whose os/cpu/libc match; lib/native.js requires it when
# the package carries no addon of its own.
#   bindings/node/scripts/platform-package.sh   # after scripts/build.sh
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
cd "$HERE"
TRIPLE="$(node -p "require('./lib/native-triple.js')()")"
DIR="npm/$TRIPLE"
[ -f "$DIR/package.json" ] || { echo "no platform package for $TRIPLE in npm/" >&2; exit 1; }
cp "clerk-backend.$TRIPLE.node" "$DIR/"
mkdir -p .pack
npm pack --silent --pack-destination .pack "./$DIR" | tail -1
