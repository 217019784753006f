#!/usr/bin/env bash
# Builds the clerk-backend wheel and installs it into a fresh test venv.
#
#   bindings/python/scripts/build.sh            # release wheel (what users get)
#   PROFILE=dev bindings/python/scripts/build.sh  # faster debug build for iterating
#
# Venvs are project-local and gitignored: .venv-build (maturin) and .venv-test
# (the wheel + test-only dependencies). Everything is installed from PyPI here;
# nothing already on the machine is assumed.
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-python3}"
PROFILE="${PROFILE:-release}"
BUILD_VENV="$HERE/.venv-build"
TEST_VENV="$HERE/.venv-test"
DIST="$HERE/dist"

if [ ! -x "$BUILD_VENV/bin/maturin" ]; then
  "$PY" -m venv "$BUILD_VENV"
  "$BUILD_VENV/bin/pip" install --quiet --disable-pip-version-check "maturin>=1.5,<2"
fi

rm -rf "$DIST"
args=(build --manifest-path "$HERE/Cargo.toml" --out "$DIST" --interpreter "$PY")
if [ "$PROFILE" = "release" ]; then args+=(--release); fi
(cd "$HERE" && "$BUILD_VENV/bin/maturin" "${args[@]}")

rm -rf "$TEST_VENV"
"$PY" -m venv "$TEST_VENV"
"$TEST_VENV/bin/pip" install --quiet --disable-pip-version-check "$DIST"/clerk_backend-*.whl
"$TEST_VENV/bin/pip" install --quiet --disable-pip-version-check -r "$HERE/tests/requirements.txt"
echo "installed $(ls "$DIST"/clerk_backend-*.whl) into $TEST_VENV"
