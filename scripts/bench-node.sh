#!/usr/bin/env bash
# Node benchmark: clerk-backend (the addon, release build) vs the official
# @clerk/backend (latest 3.x from npm, installed into bindings/node/bench/official),
# side by side in one run against the local mock of scripts/bench-python.py
# (a 100-user page of realistic users, ~276 KB). Prints the markdown table for
# docs/BENCHMARKS.md.
#
#   scripts/bench-node.sh                  # RUNS=3 by default; builds the addon (PROFILE=release)
#   SKIP_BUILD=1 scripts/bench-node.sh     # reuse the addon already built in release
#   OFFICIAL_ONLY=1 scripts/bench-node.sh  # the official SDK and the baselines only
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
NODEB="$ROOT/bindings/node"
BENCH="$ROOT/scripts/bench-node.mjs"
RUNS="${RUNS:-3}"
OUT="$(mktemp -d)"
trap 'kill "${SERVER_PID:-0}" 2>/dev/null || true; rm -rf "$OUT"' EXIT

# `^3.0.0` without a lock file: every run compares against the newest 3.x.
(cd "$NODEB/bench/official" && npm install --no-package-lock --no-audit --no-fund --loglevel=error >&2)
SIDES="official"
if [ "${OFFICIAL_ONLY:-0}" != "1" ]; then
  if [ "${SKIP_BUILD:-0}" != "1" ]; then
    PROFILE=release "$NODEB/scripts/build.sh" >&2
  fi
  RELEASE_SO="${CARGO_TARGET_DIR:-$ROOT/target}/release/libclerk_backend_node.so"
  [ -f "$RELEASE_SO" ] || { echo "no release build at $RELEASE_SO: run without SKIP_BUILD=1" >&2; exit 1; }
  # Ours as a user installs it: the packed package in a folder of its own.
  # The addon next to the sources may be a debug build by now (the tests
  # rebuild it), so the release library is put into the installed copy.
  mkdir -p "$OUT/app"
  TARBALL="$(cd "$NODEB" && npm pack --silent --pack-destination "$OUT" | tail -1)"
  (cd "$OUT/app" && echo '{"private": true}' >package.json &&
    npm install --no-audit --no-fund --loglevel=error --ignore-scripts "../$TARBALL" >/dev/null)
  export CLERK_NODE_DIR="$OUT/app/node_modules/clerk-backend"
  cp "$RELEASE_SO" "$CLERK_NODE_DIR/clerk-backend.$(node -p "require('$NODEB/lib/native-triple.js')()").node"
  SIDES="official ours"
fi

# The mock's listen backlog (http.server's default, 5) resets connections when
# 64 arrive at once (32 concurrent official lists make two requests each):
# raised here, the mock itself unchanged.
python3 -c 'import http.server, runpy, sys
http.server.ThreadingHTTPServer.request_queue_size = 256
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")' "$ROOT/scripts/bench-python.py" serve "$OUT/port" & SERVER_PID=$!
for _ in $(seq 100); do [ -f "$OUT/port" ] && break; sleep 0.1; done
URL="http://127.0.0.1:$(cat "$OUT/port")/v1"
export MOCK_PID="$SERVER_PID"  # its CPU during the concurrent runs is reported
node "$BENCH" token "$OUT/token.json"

startup() {  # startup SDK: median of 7 fresh processes
  for _ in 1 2 3 4 5 6 7; do (cd "$OUT" && node "$BENCH" startup "$1"); done | python3 -c '
import json, statistics, sys
rows = [json.loads(l) for l in sys.stdin]
print(json.dumps({k: statistics.median(r[k] for r in rows) for k in rows[0]}))'
}
STARTUP="\"bare\": $(startup bare)"
for side in $SIDES; do STARTUP="$STARTUP, \"$side\": $(startup "$side")"; done
OPENSSL=$(python3 "$ROOT/scripts/bench-python.py" openssl)
echo "{\"sdk\": \"meta\", \"startup\": {$STARTUP}, \"openssl_verify_us\": $OPENSSL}" >"$OUT/meta.json"

for i in $(seq "$RUNS"); do
  echo "run $i/$RUNS" >&2
  for side in baseline $SIDES; do
    (cd "$OUT" && node "$BENCH" measure "$side" "$URL" "$OUT/token.json") >"$OUT/$side-$i.json"
  done
done
[ -n "${RELEASE_SO:-}" ] && echo "Addon: $RELEASE_SO, built $(date -u -r "$RELEASE_SO" '+%Y-%m-%d %H:%M UTC') (HEAD $(git -C "$ROOT" rev-parse --short HEAD))."
echo "Command: \`$(basename "$0")\` (RUNS=$RUNS). Machine: $(nproc) cores, $(uname -m), node $(node --version), $(openssl version | cut -d' ' -f1-2); medians of $RUNS runs × 5 samples."
echo
node "$BENCH" report "$OUT"/*.json
