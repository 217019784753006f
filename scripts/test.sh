#!/usr/bin/env bash
# Runs every test of the project; `.ci/run` calls this.
#
#   scripts/test.sh
#
# Needs cargo, python3, node and npm; installs the rest from package registries
# into project-local folders (Prism into tests/.prism, Python packages into a
# venv made by the binding's own script). Every section runs even when an
# earlier one failed, so one run shows every failure; the exit status is
# non-zero when any section failed.
#
# Environment: CLERK_OPENAPI_DIR (default ../shared/openapi), CARGO_TARGET_DIR
# (default ./target). The contract report is written to $CARGO_TARGET_DIR/contract-report.txt.

set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/prism.sh"
cd "$REPO_ROOT" || exit 1
install_cleanup_trap
# Only the Prism section below decides where the contract tests go, and nothing
# from the caller's shell may turn them into a skip.
unset CLERK_CONTRACT_URL CLERK_CONTRACT_URL_2024 CLERK_CONTRACT_SKIP CLERK_SKIP_CONTRACT

FAILED=()
run_section() {  # run_section NAME CMD...: runs CMD as one section and records the outcome.
  local name=$1
  shift
  section "$name"
  if "$@"; then ok "$name"; else fail "$name"; FAILED+=("$name"); fi
}

tools() {
  require_tool cargo "install Rust from https://rustup.rs"
  require_tool python3 "install Python 3.9+"
  require_tool node "install Node.js 18+"
  note "$(cargo --version); $(python3 --version); node $(node --version)"
  note "spec: $CLERK_OPENAPI_DIR; cargo target: $CARGO_TARGET_DIR; CI=${CI:-}"
  [ -f "$CLERK_OPENAPI_DIR/bapi-2026-05-12.yml" ] || {
    fail "no bapi-2026-05-12.yml in $CLERK_OPENAPI_DIR (set CLERK_OPENAPI_DIR)"
    return 1
  }
}

generator_check() {
  python3 scripts/generate.py --check || return 1
  # The generator's own unit tests; generate.py has put PyYAML in target/pydeps if the system lacks it.
  PYTHONPATH="$REPO_ROOT/target/pydeps${PYTHONPATH:+:$PYTHONPATH}" \
    python3 -m unittest discover -s scripts/gen -t scripts -p 'test_*.py'
}

lint() {
  local c
  for c in rustfmt clippy; do  # rustup's default profile has both; a minimal one does not
    cargo "${c/rustfmt/fmt}" --version >/dev/null 2>&1 || rustup component add "$c" || return 1
  done
  # Generated code is formatted by the generator itself (`#[rustfmt::skip]` on its module).
  cargo fmt --all -- --check || return 1
  cargo clippy --workspace --all-targets -- -D warnings
}

rust_tests() {
  # The contract test needs the Prism mocks started below; here it only
  # compiles, and runs in its own section with the mocks up.
  CLERK_CONTRACT_SKIP=1 cargo test --workspace
}

quickstart_on_mock() {
  # Against the local mock whatever the caller's environment holds.
  env -u CLERK_SECRET_KEY -u CLERK_API_URL -u CLERK_PUBLISHABLE_KEY scripts/quickstart.sh
}

start_prism() {
  prism_install && prism_start_contract_mocks
}

contract_tests() {
  [ -n "${CLERK_CONTRACT_URL:-}" ] || { fail "Prism is not running (see the section above)"; return 1; }
  # --workspace: the same feature resolution as the run above, so nothing is rebuilt.
  cargo test --workspace --test contract -- --nocapture
}

binding_tests() {
  local found=0 script status=0
  # Each binding that exists brings its own test script (it builds the
  # binding and installs its registry packages into its own venv /
  # node_modules). Prism is still up: CLERK_CONTRACT_URL(_2024) are exported
  # for the bindings' own contract tests.
  for script in bindings/*/scripts/test.sh; do
    [ -f "$script" ] || continue
    found=1
    note "running $script"
    # Every binding runs even when an earlier one failed, so one run shows every failure.
    bash "$script" || { fail "$script"; status=1; }
  done
  [ "$found" = 1 ] || note "NOTICE: no binding has a scripts/test.sh yet; nothing to run"
  return "$status"
}

run_section "Tools" tools
run_section "Generator check and generator unit tests" generator_check
run_section "Format and lint (rustfmt, clippy)" lint
run_section "Rust tests (cargo test --workspace)" rust_tests
run_section "Quickstart against the local mock" quickstart_on_mock
run_section "Start Prism (spec mocks for the contract tests)" start_prism
run_section "Contract test against Prism (core)" contract_tests
run_section "Binding tests" binding_tests
stop_bg

section "Summary"
if [ "${#FAILED[@]}" -eq 0 ]; then
  printf '%sall sections passed%s (%ss in total)\n' "$GREEN" "$RESET" "$SECONDS"
  exit 0
fi
printf '%sfailed sections:%s\n' "$RED" "$RESET" >&2
printf '  - %s\n' "${FAILED[@]}" >&2
printf '(%ss in total)\n' "$SECONDS" >&2
exit 1
