#!/usr/bin/env bash
# Builds the addon (unless SKIP_BUILD=1), installs the pinned devDependencies
# (npm ci, bindings/node/node_modules), packs the package and installs the
# tarball into a fresh folder (bindings/node/.pack), then runs `node --test`
# against that installed package — the built and packed addon, never the core
# mocked. Prism: from the caller (CLERK_CONTRACT_URL, CLERK_CONTRACT_URL_2024,
# as scripts/test.sh exports them) or started here; CLERK_SKIP_CONTRACT=1
# skips the contract test.
#   bindings/node/scripts/test.sh [test files...]
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
if [ "${SKIP_BUILD:-0}" != "1" ]; then
  PROFILE="${PROFILE:-dev}" "$HERE/scripts/build.sh"
fi
cd "$HERE"
npm ci --no-audit --no-fund --loglevel=error

# The tarball, installed where nothing of the source tree is on the resolution path.
rm -rf .pack && mkdir -p .pack/app
TARBALL="$(npm pack --silent --pack-destination .pack | tail -1)"
(cd .pack/app && echo '{"private": true}' >package.json &&
  npm install --no-audit --no-fund --loglevel=error --ignore-scripts "../$TARBALL" >/dev/null)
export CLERK_NODE_PACKAGE="$HERE/.pack/app/node_modules/clerk-backend"
# The per-platform package of this platform (napi layout), for the packaging test.
export CLERK_NODE_PLATFORM_TARBALL="$HERE/.pack/$("$HERE/scripts/platform-package.sh")"
export CLERK_NODE_TARBALL="$HERE/.pack/$TARBALL"
echo "testing $TARBALL installed at $CLERK_NODE_PACKAGE"

set +e
STARTED_PRISM=0
if [ -z "${CLERK_CONTRACT_URL:-}" ] && [ "${CLERK_SKIP_CONTRACT:-0}" != "1" ]; then
  # shellcheck source=/dev/null
  source "$ROOT/scripts/prism.sh"
  install_cleanup_trap
  STARTED_PRISM=1
  prism_install && prism_start_contract_mocks || echo "could not start Prism: the contract test will fail" >&2
fi

if [ "$#" -eq 0 ]; then set -- test/*.test.js test/*.test.mjs; fi
node --test --test-concurrency=1 "$@"
status=$?
if [ "$STARTED_PRISM" = 1 ]; then
  stop_bg
  trap - EXIT
fi
exit "$status"
