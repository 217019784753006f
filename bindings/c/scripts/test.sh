#!/usr/bin/env bash
# The C binding's tests:
#  1. the committed header is up to date (cbindgen);
#  2. the library is staged into a prefix (scripts/stage.sh) and
#     tests/test_client.c and the examples are built against it with
#     pkg-config and -Wall -Wextra -Werror, the test also as C++;
#  3. the test runs under AddressSanitizer + UBSan (debug library) and under
#     valgrind --leak-check=full (release library), against the local mock;
#  4. the examples run against the mock; the shared auth and webhook vectors
#     run through the C ABI (tests/vectors.py, ctypes on the staged .so).
# CLERK_C_SKIP_VALGRIND=1 skips the release build and valgrind.
set -euo pipefail
HERE="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=/dev/null
source "$HERE/../../scripts/lib/common.sh"
install_cleanup_trap
require_tool gcc "install gcc (apt install build-essential)"
require_tool pkg-config "install pkg-config (apt install pkg-config)"
START=$SECONDS

want_valgrind=1
[ "${CLERK_C_SKIP_VALGRIND:-0}" = 1 ] && want_valgrind=0
if [ "$want_valgrind" = 1 ] && ! command -v valgrind >/dev/null; then
  # From Debian: as root here, through passwordless sudo on CI runners.
  sudo=()
  [ "$(id -u)" = 0 ] || { [ "${CI:-}" = true ] && sudo -n true 2>/dev/null && sudo=(sudo -n); } ||
    { echo "valgrind missing: apt install valgrind, or CLERK_C_SKIP_VALGRIND=1" >&2; exit 1; }
  "${sudo[@]}" apt-get install -y -qq valgrind >/dev/null ||
    { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq valgrind >/dev/null; }
fi

"$HERE/scripts/header.sh" --check
build_bindings_debug
build_core_debug
STAGE="$CARGO_TARGET_DIR/c-stage"
rm -rf "$STAGE" && mkdir -p "$STAGE"
NO_BUILD=1 PROFILE=debug "$HERE/scripts/stage.sh" "$STAGE/debug"
BIN="$CARGO_TARGET_DIR/c-tests"
mkdir -p "$BIN"

build_against() { # PREFIX OUT SOURCE [extra cc flags...]
  local prefix=$1 out=$2 src=$3
  shift 3
  # shellcheck disable=SC2046
  gcc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror -g "$@" "$src" -o "$out" \
    $(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs clerk-backend) -lpthread \
    -Wl,-rpath,"$prefix/lib"
}

build_against "$STAGE/debug" "$BIN/test_client_asan" "$HERE/tests/test_client.c" -fsanitize=address,undefined \
  -fno-sanitize-recover=all -fno-omit-frame-pointer
for ex in quickstart auth_server; do
  build_against "$STAGE/debug" "$BIN/$ex" "$HERE/examples/$ex.c"
done
# shellcheck disable=SC2046
g++ -std=c++17 -Wall -Wextra -Werror -x c++ -fsyntax-only "$HERE/tests/test_client.c" \
  $(PKG_CONFIG_PATH="$STAGE/debug/lib/pkgconfig" pkg-config --cflags clerk-backend)
# The SONAME is what the program records, not the development symlink.
readelf -d "$BIN/test_client_asan" | grep -q 'NEEDED.*libclerk_backend.so.0\]'

url_file=$LOG_DIR/c-mock-server.url
log=$LOG_DIR/c-mock-server.log
rm -f "$url_file"
start_bg "mock server (C tests)" "$log" "$CARGO_TARGET_DIR/debug/clerk-mock-server" --port 0 --url-file "$url_file"
wait_file "$url_file" "$LAST_BG_PID" 30 "$log"
API_URL="$(cat "$url_file")"
run() { env -u CLERK_SECRET_KEY -u CLERK_WEBHOOK_SIGNING_SECRET CLERK_API_URL="$API_URL" "$@"; }
# The examples read their key from the environment, as a real program does.
run_keyed() { env -u CLERK_WEBHOOK_SIGNING_SECRET CLERK_API_URL="$API_URL" "$@"; }

echo "== test_client under ASan + UBSan"
ASAN_OPTIONS=detect_leaks=1 run "$BIN/test_client_asan" >"$LOG_DIR/c-test-asan.log" 2>&1 ||
  { cat "$LOG_DIR/c-test-asan.log"; exit 1; }
tail -1 "$LOG_DIR/c-test-asan.log"
echo "== examples"
CLERK_SECRET_KEY=sk_test_local_mock run_keyed "$BIN/quickstart"
CLERK_SECRET_KEY=sk_test_local_mock run_keyed "$BIN/auth_server"
echo "== shared vectors through the C ABI"
CLERK_C_LIBRARY="$STAGE/debug/lib/libclerk_backend.so.0" run python3 "$HERE/tests/vectors.py"

if [ "$want_valgrind" = 1 ]; then
  echo "== test_client under valgrind (release library)"
  # Definite leaks fail the run; "possibly lost" blocks are the runtime's
  # process-lifetime statics and threads still parked at exit, not leaks.
  cargo build -p clerk-backend-c --lib --release
  NO_BUILD=1 PROFILE=release "$HERE/scripts/stage.sh" "$STAGE/release"
  build_against "$STAGE/release" "$BIN/test_client" "$HERE/tests/test_client.c" -O1
  run valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite --error-exitcode=1 \
    "$BIN/test_client" >"$LOG_DIR/c-test-valgrind.log" 2>&1 || { cat "$LOG_DIR/c-test-valgrind.log"; exit 1; }
  tail -1 "$LOG_DIR/c-test-valgrind.log"
fi
echo "C section: $((SECONDS - START))s"
# Stopping the mock may "fail" harmlessly (it is already gone); the tests decided the status above.
set +e
stop_bg
exit 0
