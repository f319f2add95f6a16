#!/usr/bin/env bash
# The FinOps loop end to end on this machine: offreapi under a short offreapi-load surge,
# scraped by Debian's Prometheus, priced by offreapi-finops (local source), right-sized.
set -euo pipefail

usage() {
    cat >&2 <<'EOF'
usage: scripts/finops_e2e.sh BIN_DIR

BIN_DIR holds offreapi, offreapi-load and offreapi-finops (e.g. ~/.cache/offreapi/target/debug).
Needs Debian's prometheus (scripts/test.sh installs it). Prints "finops: N passed, M failed".

Environment: OFFREAPI_FINOPS_KEEP=1 keeps the temporary directory (logs, load and report JSON).
EOF
    exit 2
}

[[ $# -eq 1 && -x $1/offreapi && -x $1/offreapi-load && -x $1/offreapi-finops ]] || usage
bin=$(realpath "$1")
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [[ ${OFFREAPI_FINOPS_KEEP:-} == 1 ]]; then echo "finops: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

passed=0
failed=0
check() {
    local what=$1
    shift
    if "$@" >>"$work/checks.log" 2>&1; then
        passed=$((passed + 1))
        echo "finops: ok   $what"
    else
        failed=$((failed + 1))
        echo "finops: FAIL $what"
        tail -n 20 "$work/checks.log" | sed 's/^/    /'
    fi
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() {
    for _ in $(seq 150); do
        curl -fsS "$1" 2>/dev/null | grep -q "$2" && return 0
        sleep 0.2
    done
    return 1
}

api_port=$(free_port)
"$bin/offreapi" --database-url "sqlite://$work/offreapi.db" --bind "127.0.0.1:$api_port" \
    --jwt-secret finops-test-jwt-secret-0123456789abcdefgh --auth-rate-limit-per-minute 0 \
    serve >"$work/offreapi.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$api_port/readyz" ready || { cat "$work/offreapi.log" >&2; exit 1; }

# The job is named like the api Deployment, so the local source finds its requests and limits.
prometheus_port=$(free_port)
cat >"$work/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: offreapi-api
    static_configs:
      - targets: ['127.0.0.1:$api_port']
EOF
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
    --web.listen-address="127.0.0.1:$prometheus_port" >"$work/prometheus.log" 2>&1 &
pids+=($!)
prom="http://127.0.0.1:$prometheus_port"
wait_for "$prom/api/v1/query?query=up" '"value"' || { cat "$work/prometheus.log" >&2; exit 1; }

cat >"$work/surge.toml" <<'EOF'
seed = 7
mode = "open"
[[phases]]
name = "baseline"
duration_seconds = 5
rate = 10
[[phases]]
name = "surge"
duration_seconds = 10
rate = 40
[[phases]]
name = "cool-down"
duration_seconds = 5
rate = 10
EOF
check "offreapi-load runs a surge and reports JSON" bash -c '"${@:2}" >"$1"' _ "$work/load.json" \
    "$bin/offreapi-load" --target "http://127.0.0.1:$api_port" --scenario "$work/surge.toml" \
    --cvs crates/api/tests/fixtures/pdf --quiet --json
check "every operation ran, applications were accepted, nothing failed" python3 - "$work/load.json" <<'EOF'
import json, sys
summary = json.load(open(sys.argv[1]))
ops = {op["operation"]: op for op in summary["operations"]}
assert set(ops) == {"browse", "apply", "publish", "dashboard"}, ops.keys()
assert ops["apply"]["ok"] > 0, ops["apply"]
assert all(not op["errors"] for op in ops.values()), [op["errors"] for op in ops.values()]
assert [p["name"] for p in summary["phases"]] == ["baseline", "surge", "cool-down"]
assert all(op["latency_ms"]["p99"] >= op["latency_ms"]["p50"] > 0 for op in ops.values())
EOF
sleep 2

report=("$bin/offreapi-finops" report --prometheus "$prom" --pricing deploy/finops/pricing.json
    --source local --window 45s --rate-range 4s --step 1s --manifests deploy/base)
"${report[@]}" --format json >"$work/report.json" 2>"$work/report.err" || true
check "the local report has usage, a cost and finite unit costs" python3 - "$work/report.json" <<'EOF'
import json, math, sys
report = json.load(open(sys.argv[1]))
api = next(w for w in report["workloads"] if w["workload"] == "offreapi-api")
assert api["cpu_usage_avg_cores"] > 0 and api["cpu_usage_p95_cores"] >= api["cpu_usage_avg_cores"], api
assert api["memory_usage_peak_bytes"] > 1e6, api
assert api["cpu_request_cores"] == 0.2, "requests come from deploy/base"
assert 0 < api["efficiency"] <= 1 and math.isfinite(api["monthly_cost"]) and api["monthly_cost"] > 0
unit = report["unit_costs"]
assert unit["applications"] > 0 and unit["requests"] > unit["applications"], unit
assert math.isfinite(unit["cost_per_1000_applications"]) and unit["cost_per_1000_applications"] > 0
assert report["currency"] == "EUR" and report["window_seconds"] == 45
EOF
check "the table, Markdown and SVG renderings" bash -c '
    "$@" --format table | grep -q "offreapi-api" &&
    "$@" --format markdown | grep -q "^| local/offreapi-api" &&
    "$@" --format svg | grep -q "^<svg"' _ "${report[@]}"
check "rightsize turns the report into a patch kustomize accepts" bash -c '
    set -e
    mkdir -p "$1/overlay"
    "$2/offreapi-finops" rightsize --report "$1/report.json" --write "$1/overlay/rightsizing.yaml" --manifests deploy/base
    grep -q "name: offreapi-api" "$1/overlay/rightsizing.yaml"
    printf "resources:\n  - %s\npatches:\n  - path: rightsizing.yaml\n" "$(realpath --relative-to="$1/overlay" deploy/base)" >"$1/overlay/kustomization.yaml"
    kubectl kustomize "$1/overlay" | grep -q "memory: 1280Mi"' _ "$work" "$bin"
check "an unreachable Prometheus exits 1 with a clear message" bash -c '
    "$1/offreapi-finops" report --prometheus http://127.0.0.1:9 --pricing deploy/finops/pricing.json \
        --source local --window 30s 2>"$2/unreachable.err"; [[ $? == 1 ]] && grep -q "does not answer" "$2/unreachable.err"' _ "$bin" "$work"

echo "finops: $passed passed, $failed failed"
((failed == 0))
