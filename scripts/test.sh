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

step "all checks passed"
echo "summary: $passed passed, $failed failed"
