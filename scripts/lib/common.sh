# Shared helpers for the project's scripts; source it, do not run it.
#
# Background servers started with `start_bg` are stopped by `stop_bg` (by
# their pid, never by name), which `install_cleanup_trap` runs on every exit.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$REPO_ROOT/target}
export CLERK_OPENAPI_DIR=${CLERK_OPENAPI_DIR:-$REPO_ROOT/../shared/openapi}
# Logs of background servers and reports land here (inside the cargo target dir, so ignored by git).
LOG_DIR=$CARGO_TARGET_DIR/logs
mkdir -p "$LOG_DIR"

# The two debug builds the scripts share; each is compiled once and every later
# command finds it built. Cargo compiles a dependency once per feature set, and
# the core's dev-dependencies (tokio's test-util, wiremock's HTTP server,
# criterion) add features to shared crates (tokio, hyper, serde, ...) whenever a
# test, bench or example is part of the build. Those features must not reach
# what the bindings ship, so there are exactly two sets:
#   build_core_debug      the set of `cargo test --workspace`: the core's tests,
#                         the quickstart example and the local mock server;
#   build_bindings_debug  the bindings as shipped: the C library, the Python
#                         extension, the Node addon and the UniFFI library in one
#                         selection. maturin's own build of the extension
#                         (`-p clerk-backend-python`) is a selection of its own:
#                         before the Node and UniFFI crates joined it found every
#                         dependency built; now the features they add (syn, serde,
#                         hyper, reqwest, ...) make it compile ~20 units again
#                         (1m22s in a loaded CI-style run). Still to align.
# Any other selection (`cargo build -p clerk-backend-c` alone: `syn` loses a
# feature the Python side adds) is a third set and recompiles ~60 units.
# `scripts/lib/rebuilds.py CMD...` counts what a sequence of commands compiles.
build_core_debug() {
  cargo build --workspace --example quickstart --bin clerk-mock-server "$@"
}
build_bindings_debug() {
  # maturin hands PyO3 a config file of its own (under target/maturin/); passing
  # the same one here keeps PyO3 from being compiled again for each.
  local pyo3=() cfg=("$CARGO_TARGET_DIR"/maturin/pyo3-config-*.txt)
  if [ "${#cfg[@]}" = 1 ] && [ -f "${cfg[0]}" ]; then pyo3=("PYO3_CONFIG_FILE=${cfg[0]}"); fi
  env "${pyo3[@]}" cargo build -p clerk-backend-c -p clerk-backend-python -p clerk-backend-node -p clerk-backend-uniffi \
    --features clerk-backend-python/extension-module --lib "$@"
}

if [ -t 1 ]; then BOLD=$'\e[1m'; RED=$'\e[31m'; GREEN=$'\e[32m'; RESET=$'\e[0m'; else BOLD=; RED=; GREEN=; RESET=; fi

SECTION_START=$SECONDS
section() {
  SECTION_START=$SECONDS
  printf '\n%s==== %s ====%s\n' "$BOLD" "$*" "$RESET"
}
note() { printf '  %s\n' "$*"; }
ok() { printf '%s  ok: %s (%ss)%s\n' "$GREEN" "$*" "$((SECONDS - SECTION_START))" "$RESET"; }
fail() { printf '%s  FAILED: %s (%ss)%s\n' "$RED" "$*" "$((SECONDS - SECTION_START))" "$RESET" >&2; }
die() { fail "$*"; exit 1; }

require_tool() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed; $2"
}

# A port that was free a moment ago, for servers that cannot bind port 0 and
# report it (Prism). Servers that can (our mock) bind 0 themselves.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

BG_PIDS=()
BG_NAMES=()
# start_bg NAME LOGFILE CMD...: runs CMD in the background, output to LOGFILE.
start_bg() {
  local name=$1 log=$2
  shift 2
  "$@" >"$log" 2>&1 </dev/null &
  BG_PIDS+=("$!")
  BG_NAMES+=("$name")
  LAST_BG_PID=$!
}

stop_bg() {
  local i pid
  for i in "${!BG_PIDS[@]}"; do
    pid=${BG_PIDS[$i]}
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null
      # Give it a moment to exit cleanly, then insist.
      for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -9 "$pid" 2>/dev/null
      wait "$pid" 2>/dev/null
      note "stopped ${BG_NAMES[$i]} (pid $pid)"
    fi
  done
  BG_PIDS=()
  BG_NAMES=()
}

install_cleanup_trap() {
  trap stop_bg EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# wait_http URL PID SECONDS LOGFILE: waits until URL answers any HTTP status.
# Fails early (showing the log) when the process PID has died.
wait_http() {
  local url=$1 pid=$2 timeout=$3 log=$4 deadline=$((SECONDS + $3))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      fail "the server for $url exited; its log ($log):"
      tail -n 30 "$log" >&2
      return 1
    fi
    if python3 - "$url" <<'PY' 2>/dev/null; then
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(sys.argv[1], timeout=2)
except urllib.error.HTTPError:
    pass  # any HTTP answer means the server is up
PY
      return 0
    fi
    sleep 0.5
  done
  fail "$url did not answer within ${timeout}s; its log ($log):"
  tail -n 30 "$log" >&2
  return 1
}

# wait_file PATH PID SECONDS LOGFILE: waits until a server writes PATH.
wait_file() {
  local path=$1 pid=$2 deadline=$((SECONDS + $3)) log=$4
  while [ ! -s "$path" ]; do
    if ! kill -0 "$pid" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
      fail "the server did not start; its log ($log):"
      tail -n 30 "$log" >&2
      return 1
    fi
    sleep 0.1
  done
}
