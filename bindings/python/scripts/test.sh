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
  # A debug wheel by default, from the bindings' debug build the C tests share
  # (build_bindings_debug in scripts/lib/common.sh); PROFILE=release tests the optimised build.
  PROFILE="${PROFILE:-dev}" "$HERE/scripts/build.sh"
fi

# From here on the exit status is pytest's (the helpers below return non-zero in passing).
set +e
# The contract test needs Prism: start it with the repository's helper unless
# the caller already did (scripts/test.sh) or asked to skip it.
STARTED_PRISM=0
if [ -z "${CLERK_CONTRACT_URL:-}" ] && [ "${CLERK_SKIP_CONTRACT:-0}" != "1" ] && [ -f "$HERE/../../scripts/prism.sh" ]; then
  # shellcheck source=/dev/null
  source "$HERE/../../scripts/prism.sh"
  install_cleanup_trap
  STARTED_PRISM=1
  prism_install && prism_start_contract_mocks || echo "could not start Prism: the contract test will fail" >&2
fi

cd "$HERE/tests" || exit 1  # not the package's parent: `import clerk_backend` must find the wheel
if [ "$#" -eq 0 ]; then set -- .; fi
"$HERE/.venv-test/bin/python" -m pytest -p no:cacheprovider "$@"
status=$?
if [ "$STARTED_PRISM" = 1 ]; then
  stop_bg
  trap - EXIT
fi
exit "$status"
