#!/usr/bin/env bash
# Prism (Stoplight's OpenAPI mock server) for the contract test.
#
# Sourced by scripts/test.sh for `prism_install` and `prism_start`. Run on its
# own, it starts both mocks the contract test needs and waits, so the test can
# be run by hand:
#   scripts/prism.sh        # prints the two `export CLERK_CONTRACT_URL…=` lines, Ctrl-C stops
#   cargo test -p clerk-backend --test contract -- --nocapture
#
# Why these flags:
# * `--dynamic`: responses are generated from the schemas. Static mode answers
#   operations without examples (the SAML connection ones) with `{}`, which no
#   model can decode; `--seed` keeps the generated data the same run to run.
# * no `--errors`: a request that breaks the spec is still named in the
#   `sl-violations` header (and answered 4xx where the spec defines one), which
#   the contract test checks for every call; `--errors` would also turn
#   violations in Prism's own generated responses into errors that hide the
#   response we want to decode.
# * Prism serves the spec's paths at its root (no `/v1`), so the contract
#   test's server URL is the bare origin.

PRISM_VERSION=5.16.0
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
PRISM_DIR=$REPO_ROOT/tests/.prism
PRISM_BIN=$PRISM_DIR/node_modules/.bin/prism

# Installs the pinned Prism into tests/.prism (git-ignored) unless it is there already.
prism_install() {
  if [ -x "$PRISM_BIN" ] && [ "$("$PRISM_BIN" --version 2>/dev/null)" = "$PRISM_VERSION" ]; then
    note "Prism $PRISM_VERSION already in tests/.prism"
    return 0
  fi
  require_tool npm "install Node.js 18+ with npm"
  mkdir -p "$PRISM_DIR"
  [ -f "$PRISM_DIR/package.json" ] || echo '{"private": true}' >"$PRISM_DIR/package.json"
  note "installing @stoplight/prism-cli@$PRISM_VERSION into tests/.prism"
  # --ignore-scripts: Prism needs no install scripts (the only one is a telemetry ping).
  # One retry: a registry hiccup should not fail a whole CI run.
  npm install --prefix "$PRISM_DIR" --no-audit --no-fund --ignore-scripts --loglevel=error \
    "@stoplight/prism-cli@$PRISM_VERSION" ||
    { note "npm install failed; retrying once"; sleep 5; npm install --prefix "$PRISM_DIR" --no-audit \
      --no-fund --ignore-scripts --loglevel=error "@stoplight/prism-cli@$PRISM_VERSION"; } || return 1
  [ -x "$PRISM_BIN" ] || { fail "npm did not install the prism binary"; return 1; }
}

# prism_start NAME SPEC_FILE: starts Prism on a free port and waits until it
# answers; sets PRISM_URL to its origin.
prism_start() {
  local name=$1 spec=$2 port log
  [ -f "$spec" ] || { fail "spec not found: $spec (set CLERK_OPENAPI_DIR)"; return 1; }
  port=$(free_port)
  log=$LOG_DIR/prism-$name.log
  start_bg "prism $name" "$log" "$PRISM_BIN" mock --dynamic --seed clerk-backend \
    --host 127.0.0.1 --port "$port" "$spec"
  # Loading the 2026 spec takes a few seconds; allow for a loaded CI machine.
  wait_http "http://127.0.0.1:$port/" "$LAST_BG_PID" 120 "$log" || return 1
  PRISM_URL=http://127.0.0.1:$port
  note "prism $name: $PRISM_URL (spec $(basename "$spec"), log $log)"
}

# Starts the two mocks and exports CLERK_CONTRACT_URL / CLERK_CONTRACT_URL_2024.
prism_start_contract_mocks() {
  prism_start main "$CLERK_OPENAPI_DIR/bapi-2026-05-12.yml" || return 1
  export CLERK_CONTRACT_URL=$PRISM_URL
  # sessions.verify is described only in the 2024-10-01 spec.
  prism_start 2024 "$CLERK_OPENAPI_DIR/bapi-2024-10-01.yml" || return 1
  export CLERK_CONTRACT_URL_2024=$PRISM_URL
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -uo pipefail
  install_cleanup_trap
  section "Prism $PRISM_VERSION"
  prism_install || exit 1
  prism_start_contract_mocks || exit 1
  printf '\nexport CLERK_CONTRACT_URL=%s\nexport CLERK_CONTRACT_URL_2024=%s\n\nCtrl-C stops both.\n' \
    "$CLERK_CONTRACT_URL" "$CLERK_CONTRACT_URL_2024"
  while :; do sleep 3600; done
fi
