#!/usr/bin/env bash
# Python benchmark: clerk_backend (release wheel) vs the official clerk-backend-api
# (latest from PyPI, in its own venv), against a local mock server with
# realistic payloads. Prints the markdown table for docs/BENCHMARKS.md.
#
#   scripts/bench-python.sh            # RUNS=3 by default
#   SKIP_BUILD=1 scripts/bench-python.sh  # reuse the installed release wheel
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYB="$ROOT/bindings/python"
BENCH="$ROOT/scripts/bench-python.py"
RUNS="${RUNS:-3}"
OUT="$(mktemp -d)"
trap 'kill "${SERVER_PID:-0}" 2>/dev/null || true; rm -rf "$OUT"' EXIT

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  PROFILE=release "$PYB/scripts/build.sh"
fi
OURS="$PYB/.venv-test/bin/python"
OFFICIAL_VENV="$PYB/.venv-bench-official"
if [ ! -x "$OFFICIAL_VENV/bin/python" ]; then
  python3 -m venv "$OFFICIAL_VENV"
fi
"$OFFICIAL_VENV/bin/pip" install --quiet --disable-pip-version-check --upgrade clerk-backend-api httpx
OFFICIAL="$OFFICIAL_VENV/bin/python"
echo "official: $("$OFFICIAL" -m pip show clerk-backend-api | grep ^Version)" >&2

python3 "$BENCH" serve "$OUT/port" & SERVER_PID=$!
for _ in $(seq 100); do [ -f "$OUT/port" ] && break; sleep 0.1; done
URL="http://127.0.0.1:$(cat "$OUT/port")/v1"
"$OFFICIAL" "$BENCH" token "$OUT/token.json"

median_import() {  # median_import PYTHON SDK: 5 fresh interpreters
  local py=$1 sdk=$2
  for _ in 1 2 3 4 5; do (cd "$OUT" && "$py" "$BENCH" import "$sdk"); done | python3 -c '
import json, statistics, sys
rows = [json.loads(l) for l in sys.stdin]
print(json.dumps({k: statistics.median(r[k] for r in rows) for k in rows[0]}))'
}

IMPORT_OFFICIAL=$(median_import "$OFFICIAL" official)
IMPORT_OURS=$(median_import "$OURS" ours)
OPENSSL=$(python3 "$BENCH" openssl)
echo "{\"sdk\": \"meta\", \"import_official\": $IMPORT_OFFICIAL, \"import_ours\": $IMPORT_OURS, \"openssl_verify_us\": $OPENSSL}" >"$OUT/meta.json"

for i in $(seq "$RUNS"); do
  echo "run $i/$RUNS" >&2
  (cd "$OUT" && "$OFFICIAL" "$BENCH" measure official "$URL" "$OUT/token.json") >"$OUT/official-$i.json"
  (cd "$OUT" && "$OURS" "$BENCH" measure ours "$URL" "$OUT/token.json") >"$OUT/ours-$i.json"
done
echo "machine: $(nproc) cores, $(python3 --version), $(uname -m); runs: $RUNS (medians)"
python3 "$BENCH" report "$OUT"/meta.json "$OUT"/official-*.json "$OUT"/ours-*.json
