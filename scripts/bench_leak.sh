#!/usr/bin/env bash
# The no-leak figure of BENCHMARKS.md: a release server on SQLite, offreapi-load's mixed traffic
# (browse, search, apply with a real CV, publish, dashboards) to warm it up, then REQUESTS more.
# Usage: scripts/bench_leak.sh [BIN_DIR] [REQUESTS]; prints VmRSS before and after, and growth.
set -euo pipefail
cd "$(dirname "$0")/.."

bin_dir="${1:-$HOME/.cache/offreapi/target/release}"
wanted="${2:-20000}"
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

"$bin_dir/offreapi" --database-url "sqlite://$work/leak.db" --bind 127.0.0.1:0 \
    --jwt-secret leak-benchmark-secret-0123456789-abcdefghij --auth-rate-limit-per-minute 0 \
    --log-format json serve 2>"$work/log" >/dev/null &
server=$!
until address=$(grep -o '"address":"[^"]*"' "$work/log" | head -n1 | cut -d'"' -f4) && [ -n "$address" ]; do
    if ! kill -0 "$server" 2>/dev/null; then
        echo "offreapi did not start:" >&2
        cat "$work/log" >&2
        exit 1
    fi
    sleep 0.05
done
base="http://$address"

rss() { awk '/^VmRSS:/ {print $2}' "/proc/$server/status"; }
# Every request the server answered, from its own request-duration histogram.
served() {
    curl -fsS "$base/metrics" | awk '/^http_server_request_duration_seconds_count/ {s += $NF} END {printf "%d\n", s}'
}
load() { "$bin_dir/offreapi-load" --target "$base" --mode open --rate 150 --duration "$1" --seed "$2" --quiet >/dev/null; }

echo "warm-up: 60 s of mixed traffic at 150 operations/s"
load 60 1
sleep 2
before_rss=$(rss)
before_requests=$(served)
echo "after warm-up: VmRSS $before_rss KiB, $before_requests requests served"

seed=2
while (($(served) - before_requests < wanted)); do
    load 30 "$seed"
    seed=$((seed + 1))
done
sleep 2
after_rss=$(rss)
after_requests=$(served)
echo "after $((after_requests - before_requests)) more requests: VmRSS $after_rss KiB"
echo "growth: $((after_rss - before_rss)) KiB"
