#!/usr/bin/env bash
# Builds the clerk-backend wheel and installs it into the test venv.
#
#   bindings/python/scripts/build.sh              # release wheel, what users get: bindings/python/dist/
#   PROFILE=dev bindings/python/scripts/build.sh  # debug wheel for the tests: $CARGO_TARGET_DIR/wheels/debug/
#
# Both wheels have the same file name, so they never share a folder: dist/ only
# ever holds the release wheel the README tells users to install. The debug
# build reuses the bindings' debug build (build_bindings_debug in
# scripts/lib/common.sh), which the C binding's tests share.
#
# Venvs are project-local and gitignored: .venv-build (maturin) and .venv-test
# (the wheel + test-only dependencies). Everything is installed from PyPI here;
# nothing already on the machine is assumed. The test venv is kept while
# tests/requirements.txt is unchanged; the wheel is reinstalled on every build.
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=/dev/null
source "$HERE/../../scripts/lib/common.sh"
PY="${PYTHON:-python3}"
PROFILE="${PROFILE:-release}"
BUILD_VENV="$HERE/.venv-build"
TEST_VENV="$HERE/.venv-test"
case "$PROFILE" in
  release) OUT="$HERE/dist" ;;
  dev) OUT="$CARGO_TARGET_DIR/wheels/debug" ;;
  *) die "PROFILE must be release or dev, got '$PROFILE'" ;;
esac

if [ ! -x "$BUILD_VENV/bin/maturin" ]; then
  "$PY" -m venv "$BUILD_VENV"
  "$BUILD_VENV/bin/pip" install --quiet --disable-pip-version-check "maturin>=1.5,<2"
fi

rm -rf "$OUT"
args=(build --manifest-path "$HERE/Cargo.toml" --out "$OUT" --interpreter "$PY")
if [ "$PROFILE" = "release" ]; then args+=(--release); fi
(cd "$HERE" && "$BUILD_VENV/bin/maturin" "${args[@]}")
wheels=("$OUT"/clerk_backend-*.whl)
[ "${#wheels[@]}" = 1 ] && [ -f "${wheels[0]}" ] || die "expected one wheel in $OUT, found: ${wheels[*]}"

stamp="$TEST_VENV/.requirements.txt"
if [ ! -x "$TEST_VENV/bin/python" ] || ! cmp -s "$HERE/tests/requirements.txt" "$stamp"; then
  rm -rf "$TEST_VENV"
  "$PY" -m venv "$TEST_VENV"
  "$TEST_VENV/bin/pip" install --quiet --disable-pip-version-check -r "$HERE/tests/requirements.txt"
  cp "$HERE/tests/requirements.txt" "$stamp"
fi
"$TEST_VENV/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps "${wheels[0]}"
# tests/test_wheel.py installs this same wheel into a brand-new venv.
echo "${wheels[0]}" >"$TEST_VENV/clerk-backend-wheel.txt"
echo "installed ${wheels[0]} into $TEST_VENV"
