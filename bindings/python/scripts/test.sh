#!/usr/bin/env bash
# Builds and installs the wheel (scripts/build.sh), then runs pytest in the
# test venv against the installed package, never the source tree.
#
#   CLERK_CONTRACT_URL=http://127.0.0.1:4010/v1 bindings/python/scripts/test.sh
# Without CLERK_CONTRACT_URL the Prism contract test fails, unless
# CLERK_SKIP_CONTRACT=1 says to skip it.
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
if [ "${SKIP_BUILD:-0}" != "1" ]; then
  "$HERE/scripts/build.sh"
fi
cd "$HERE/tests"  # not the package's parent: `import clerk_backend` must find the wheel
if [ "$#" -eq 0 ]; then set -- .; fi
exec "$HERE/.venv-test/bin/python" -m pytest -p no:cacheprovider "$@"
