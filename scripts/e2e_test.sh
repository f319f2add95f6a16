#!/usr/bin/env bash
# Browser end-to-end tests: a real offreapi behind the ingress-like nginx (scripts/local_ingress.sh)
# serving the built app, driven in Debian's headless Chromium by frontend/e2e/*.test.mjs.
set -euo pipefail

usage() {
    cat >&2 <<'EOF'
usage: scripts/e2e_test.sh PATH_TO_OFFREAPI_BINARY

Needs frontend/dist/ (scripts/build_frontend.sh). Installs Debian's chromium and nginx and the
npm packages of frontend/package-lock.json when they are missing.

Environment:
  OFFREAPI_SCREENSHOTS  where the screenshots go (default: ~/.cache/offreapi/screenshots)
  OFFREAPI_E2E_KEEP=1   keep the temporary directory (database, server and nginx logs)
EOF
    exit 2
}

[[ $# -eq 1 && -x $1 ]] || usage
binary=$(realpath "$1")
cd "$(dirname "$0")/.."
root=$PWD
screenshots=${OFFREAPI_SCREENSHOTS:-$HOME/.cache/offreapi/screenshots}

[[ -f frontend/dist/index.html ]] || { echo "e2e: no frontend/dist: run scripts/build_frontend.sh" >&2; exit 2; }

apt_install() {
    if [ "$(id -u)" = 0 ]; then apt_get=(env DEBIAN_FRONTEND=noninteractive apt-get); else apt_get=(sudo env DEBIAN_FRONTEND=noninteractive apt-get); fi
    "${apt_get[@]}" update -qq
    "${apt_get[@]}" install -y -qq --no-install-recommends "$@" >/dev/null
}
[[ -x /usr/bin/chromium ]] || { echo "e2e: installing Debian's chromium"; apt_install chromium; }
[[ -d frontend/node_modules/playwright-core ]] || (cd frontend && npm ci --no-audit --no-fund)

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

work=$(mktemp -d)
server_pid=
cleanup() {
    bash scripts/local_ingress.sh stop "$work/ingress" >/dev/null 2>&1 || true
    [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    if [[ ${OFFREAPI_E2E_KEEP:-} == 1 ]]; then echo "e2e: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

api_port=$(free_port)
"$binary" --database-url "sqlite://$work/e2e.db" --bind "127.0.0.1:$api_port" \
    --jwt-secret e2e-test-jwt-secret-0123456789abcdefghij \
    --auth-rate-limit-per-minute 0 --trust-forwarded-for serve >"$work/offreapi.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
    curl -fsS "http://127.0.0.1:$api_port/readyz" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/offreapi.log" >&2; exit 1; }
    sleep 0.1
done

listen_port=$(free_port)
mkdir -p "$work/ingress"
bash scripts/local_ingress.sh start "$root/frontend/dist" "$api_port" "$listen_port" "$work/ingress" >/dev/null

log="$work/e2e.tap"
set +e
E2E_BASE_URL="http://127.0.0.1:$listen_port" \
E2E_FIXTURES="$root/crates/api/tests/fixtures/pdf" \
E2E_SCREENSHOTS="$screenshots" \
    node --test --test-reporter=tap frontend/e2e/ 2>&1 | tee "$log"
set -e
passed=$(grep -Eo '^# pass [0-9]+' "$log" | awk '{print $3}')
failed=$(grep -Eo '^# fail [0-9]+' "$log" | awk '{print $3}')
echo "e2e: screenshots in $screenshots"
echo "e2e: ${passed:-0} passed, ${failed:-1} failed"
[[ ${failed:-1} == 0 ]]
