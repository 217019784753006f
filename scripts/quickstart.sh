#!/usr/bin/env bash
# Builds everything and runs the quickstart (core/examples/quickstart.rs): the
# core, the quickstart and the local mock server, then the bindings' native
# libraries (the C library, the Python extension, the Node addon and the UniFFI
# library for Kotlin and Swift), each in the debug build
# that `scripts/test.sh` reuses. The release wheel users install is built by
# bindings/python/scripts/build.sh alone: nothing here runs it.
#
#   scripts/quickstart.sh
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
[ "$#" -eq 0 ] || die "usage: scripts/quickstart.sh (no arguments)"

section "Build the core, the quickstart and the local mock"
# The build `cargo test --workspace` shares (see build_core_debug in lib/common.sh).
build_core_debug || die "cargo build"
ok "core built"

section "Build the bindings' native libraries (C, Python extension, Node addon, UniFFI library)"
build_bindings_debug || die "cargo build (bindings)"
ok "bindings built: $CARGO_TARGET_DIR/debug/libclerk_backend_{c,native,node,uniffi}.so"

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
