#!/usr/bin/env bash
# The C binding's tests: the committed header is up to date (cbindgen), it
# compiles as C and C++, and tests/test_client.c, linked against the real
# shared library, passes against the local mock of the Backend API.
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=/dev/null
source "$HERE/../../scripts/lib/common.sh"
install_cleanup_trap
require_tool gcc "install gcc (apt install build-essential)"

"$HERE/scripts/header.sh" --check
# The library as shipped, and the mock server from the core's test build: the
# two builds the scripts share (scripts/lib/common.sh), so nothing is recompiled
# after scripts/test.sh's earlier sections or the Python binding's build.
build_bindings_debug
build_core_debug
LIB_DIR="$CARGO_TARGET_DIR/debug"
BIN="$CARGO_TARGET_DIR/c-tests/test_client"
mkdir -p "$(dirname "$BIN")"
gcc -std=c11 -Wall -Wextra -Werror -I"$REPO_ROOT/include" "$HERE/tests/test_client.c" \
  -L"$LIB_DIR" -lclerk_backend_c -Wl,-rpath,"$LIB_DIR" -o "$BIN"
if command -v g++ >/dev/null; then
  echo '#include "clerk_backend.h"' | g++ -std=c++17 -Wall -Werror -fsyntax-only -I"$REPO_ROOT/include" -x c++ -
fi

url_file=$LOG_DIR/c-mock-server.url
log=$LOG_DIR/c-mock-server.log
rm -f "$url_file"
start_bg "mock server (C tests)" "$log" "$CARGO_TARGET_DIR/debug/clerk-mock-server" --port 0 --url-file "$url_file"
wait_file "$url_file" "$LAST_BG_PID" 30 "$log"
# From here on the exit status is the test program's (stopping the server may "fail" harmlessly).
set +e
env -u CLERK_SECRET_KEY -u CLERK_WEBHOOK_SIGNING_SECRET CLERK_API_URL="$(cat "$url_file")" "$BIN"
rc=$?
stop_bg
exit "$rc"
