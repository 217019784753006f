#!/usr/bin/env bash
# Builds everything and runs the quickstart (core/examples/quickstart.rs).
#
#   scripts/quickstart.sh [--core-only]
#
# --core-only skips building the bindings (scripts/test.sh uses it: each
# binding's test script builds that binding itself).
#
# Without CLERK_SECRET_KEY it runs against the project's local mock of the
# Backend API (tests/mock-server, started on a free port and stopped
# afterwards); with CLERK_SECRET_KEY it runs against the real API
# (CLERK_API_URL overrides the Backend API base, default https://api.clerk.com,
# with CLERK_API_VERSION, default v1; a trailing /v1 in CLERK_API_URL is accepted).
# The real-API run creates one user and deletes it at the end; use a
# development instance.

set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT" || exit 1
install_cleanup_trap
require_tool cargo "install Rust from https://rustup.rs"
core_only=0
case "${1:-}" in
  --core-only) core_only=1 ;;
  "") ;;
  *) die "usage: scripts/quickstart.sh [--core-only]" ;;
esac

section "Build the core, the quickstart and the local mock"
# --workspace so that features resolve as in `cargo test --workspace`, which
# lets both share every compiled dependency.
cargo build --workspace --example quickstart --bin clerk-mock-server || die "cargo build"
ok "core built"

# Hook for the bindings: each one that exists builds itself with its own
# script (maturin for Python, napi for Node, ...).
for build in bindings/*/scripts/build.sh; do
  [ -f "$build" ] && [ "$core_only" = 0 ] || continue
  section "Build $(dirname "$(dirname "$build")")"
  bash "$build" || die "$build"
  ok "$build"
done

if [ -n "${CLERK_SECRET_KEY:-}" ]; then
  section "Quickstart against ${CLERK_API_URL:-https://api.clerk.com/v1} (CLERK_SECRET_KEY is set)"
else
  section "Quickstart against the local mock (CLERK_SECRET_KEY is not set)"
  url_file=$LOG_DIR/mock-server.url
  log=$LOG_DIR/mock-server.log
  rm -f "$url_file"
  start_bg "mock server" "$log" "$CARGO_TARGET_DIR/debug/clerk-mock-server" --port 0 --url-file "$url_file"
  wait_file "$url_file" "$LAST_BG_PID" 30 "$log" || exit 1
  CLERK_API_URL=$(cat "$url_file")
  # The mock accepts any bearer key; these only look like a development instance's keys
  # (the publishable key encodes the frontend API `clerk.mock.localhost`).
  export CLERK_API_URL CLERK_SECRET_KEY=sk_test_local_mock
  export CLERK_PUBLISHABLE_KEY=pk_test_Y2xlcmsubW9jay5sb2NhbGhvc3Qk
  note "mock server: $CLERK_API_URL (log $log)"
fi

"$CARGO_TARGET_DIR/debug/examples/quickstart" || die "quickstart"
ok "quickstart"
