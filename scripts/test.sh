#!/usr/bin/env bash
# The whole OffreAPI test suite: formatting, lints, unit and integration tests on SQLite and
# PostgreSQL. Installs what it needs on a fresh Debian/Ubuntu machine that has Rust (rustup).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh

# Build artefacts live outside the clone so that fresh clones reuse them; it is only a cache.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/offreapi/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
started=$(date +%s)

step() { echo "==> $* ($(( $(date +%s) - started )) s)"; }

step "toolchain components"
rustup component add rustfmt clippy >/dev/null 2>&1 || true

step "PostgreSQL"
ensure_test_postgres

step "promtool (Debian package prometheus)"
if ! command -v promtool >/dev/null 2>&1; then
    echo "==> installing promtool (Debian package prometheus)"
    if [ "$(id -u)" = 0 ]; then apt_get=(env DEBIAN_FRONTEND=noninteractive apt-get); else apt_get=(sudo env DEBIAN_FRONTEND=noninteractive apt-get); fi
    "${apt_get[@]}" update -qq
    "${apt_get[@]}" install -y -qq --no-install-recommends prometheus >/dev/null
fi

step "alert rules: promtool check rules, promtool test rules"
promtool check rules dashboards/alerts.yml
promtool test rules dashboards/alerts.test.yml

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo test (SQLite and PostgreSQL)"
# The later suites run the executables themselves (offreapi-load has no integration test that
# would make `cargo test` build it).
cargo build --workspace --locked --bins
test_log="$(mktemp)"
cargo test --workspace --locked --lib --bins --tests 2>&1 | tee "$test_log"
passed=$(grep -Eo '[0-9]+ passed' "$test_log" | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '[0-9]+ failed' "$test_log" | awk '{s+=$1} END {print s+0}')
rm -f "$test_log"

step "contract tests (Schemathesis, generated client, promtool)"
contract_log="$(mktemp)"
bash scripts/contract_test.sh "$CARGO_TARGET_DIR/debug/offreapi" 2>&1 | tee "$contract_log"
contract=$(grep -Eo '^contract: [0-9]+ passed, [0-9]+ failed$' "$contract_log" | tail -n1)
rm -f "$contract_log"
read -r _ contract_passed _ contract_failed _ <<<"$contract"
passed=$((passed + contract_passed))
failed=$((failed + contract_failed))

# Each later suite prints a last line "NAME: N passed, M failed"; add it to the tally.
tally() {
    local line
    # A suite that died before its last line counts as one failure, not as the end of the run.
    line=$(grep -Eo "^$1: [0-9]+ passed, [0-9]+ failed$" "$2" | tail -n1) || true
    read -r _ suite_passed _ suite_failed _ <<<"$line"
    passed=$((passed + ${suite_passed:-0}))
    failed=$((failed + ${suite_failed:-1}))
}
# Runs a suite (the rest of the arguments), shows its output and adds its last line to the tally.
suite() {
    local name=$1 log
    shift
    log="$(mktemp)"
    "$@" 2>&1 | tee "$log" || true
    tally "$name" "$log"
    rm -f "$log"
}

step "browser app: cargo fmt --check, clippy, unit tests"
(cd frontend && cargo fmt --check)
frontend_target="$CARGO_TARGET_DIR/frontend"
(cd frontend && cargo clippy --all-targets --locked --target-dir "$frontend_target" -- -D warnings)
frontend_log="$(mktemp)"
(cd frontend && cargo test --locked --target-dir "$frontend_target") 2>&1 | tee "$frontend_log"
passed=$((passed + $(grep -Eo '[0-9]+ passed' "$frontend_log" | awk '{s+=$1} END {print s+0}')))
failed=$((failed + $(grep -Eo '[0-9]+ failed' "$frontend_log" | awk '{s+=$1} END {print s+0}')))
rm -f "$frontend_log"

step "browser app: build frontend/dist and hold it to its size budget"
bash scripts/build_frontend.sh
# All of dist/, each file compressed with gzip -9 as a server would send it (BENCHMARKS.md).
budget=250000
dist_gzip=0
for file in frontend/dist/*; do
    dist_gzip=$((dist_gzip + $(gzip -9 -c "$file" | wc -c)))
done
if ((dist_gzip <= budget)); then
    echo "budget: ok   frontend/dist is $dist_gzip bytes gzip -9 (budget $budget)"
    passed=$((passed + 1))
else
    echo "budget: FAIL frontend/dist is $dist_gzip bytes gzip -9, over the budget of $budget"
    failed=$((failed + 1))
fi

step "browser app: end-to-end in Chromium through the local ingress"
suite e2e bash scripts/e2e_test.sh "$CARGO_TARGET_DIR/debug/offreapi"

step "deployment: kustomize, kubernetes-validate, yamllint, hadolint, policies, local ingress"
suite deploy bash scripts/check_deploy.sh

step "FinOps: a surge with offreapi-load, Prometheus, offreapi-finops report and rightsize"
suite finops bash scripts/finops_e2e.sh "$CARGO_TARGET_DIR/debug"

step "fuzzing: cargo fuzz, one minute per target on the committed corpus"
suite fuzz bash scripts/fuzz.sh 60

step "release build (Dockerfile.api's build step)"
release_dir="$(mktemp -d)"
bash scripts/build_release.sh "$release_dir"
"$release_dir/offreapi" --version
rm -rf "$release_dir"

if ((failed > 0)); then
    echo "summary: $passed passed, $failed failed"
    exit 1
fi
step "all checks passed"
echo "summary: $passed passed, $failed failed"
