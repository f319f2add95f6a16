#!/usr/bin/env bash
# An ingress-like local topology for browser tests: Debian's nginx routes like the Kubernetes
# Ingress, to a local offreapi and to a second server that is the web pod's own nginx config.
set -euo pipefail

usage() {
    cat >&2 <<'EOF'
usage: scripts/local_ingress.sh start DIST_DIR API_PORT LISTEN_PORT WORKDIR
       scripts/local_ingress.sh stop WORKDIR

start  renders deploy/local-ingress/nginx.conf and deploy/web/nginx.conf into WORKDIR and
       starts nginx in the background on 127.0.0.1:LISTEN_PORT; returns once it answers and
       prints the master's pid (also in WORKDIR/nginx.pid).
         /api, /api/..., /docs, /docs/..., /healthz, /readyz -> offreapi on 127.0.0.1:API_PORT
         everything else (/metrics included)                  -> the web server, which serves
                                                                 DIST_DIR as the web pod does
       The web server listens on WORKDIR/web.sock (no second port to find). Logs, temp files
       and the pid file stay in WORKDIR. Run as root, workers stay root so they can read what
       the caller can read; run as anyone else, nginx runs as that user.
stop   stops the nginx started with that WORKDIR (graceful, then forced after 10 s).

Environment: NGINX (default /usr/sbin/nginx; Debian's nginx package is installed when missing).
EOF
    exit 2
}

root=$(cd "$(dirname "$0")/.." && pwd)
nginx=${NGINX:-/usr/sbin/nginx}

die() {
    echo "local_ingress: $*" >&2
    exit 1
}

# The pid in WORKDIR/nginx.pid when it still names a running nginx (pids get reused).
running_pid() {
    local pid
    pid=$(cat "$1/nginx.pid" 2>/dev/null) || return 1
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == nginx ]] || return 1
    echo "$pid"
}

ensure_nginx() {
    [[ -x $nginx ]] && return 0
    [[ -z ${NGINX:-} ]] || die "NGINX=$nginx is not an executable"
    echo "local_ingress: installing Debian's nginx" >&2
    local apt_get
    if [[ $(id -u) == 0 ]]; then apt_get=(env DEBIAN_FRONTEND=noninteractive apt-get); else apt_get=(sudo env DEBIAN_FRONTEND=noninteractive apt-get); fi
    "${apt_get[@]}" update -qq
    "${apt_get[@]}" install -y -qq --no-install-recommends nginx >/dev/null
    [[ -x $nginx ]] || die "no nginx at $nginx after installing it"
}

start() {
    [[ $# -eq 4 ]] || usage
    local dist=$1 api_port=$2 listen_port=$3 work=$4
    [[ -d $dist ]] || die "DIST_DIR '$dist' is not a directory"
    [[ -f $dist/index.html ]] || echo "local_ingress: warning: $dist has no index.html" >&2
    for port in "$api_port" "$listen_port"; do
        if [[ ! $port =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then
            die "'$port' is not a TCP port"
        fi
    done
    mkdir -p "$work/tmp"
    dist=$(realpath "$dist")
    work=$(realpath "$work")
    # sun_path holds 108 bytes; leave room for the terminating NUL and nginx's own checks.
    ((${#work} + 9 < 100)) || die "WORKDIR path too long for a unix socket: $work"
    if pid=$(running_pid "$work"); then
        die "nginx already runs from $work (pid $pid); stop it first"
    fi
    ensure_nginx
    local mime_types=/etc/nginx/mime.types
    [[ -f $mime_types ]] || die "no $mime_types (Debian's nginx-common provides it)"

    local user_line="# nginx runs as the user who started it."
    if [[ $(id -u) == 0 ]]; then
        user_line="user $(id -un) $(id -gn);"
    fi
    rm -f "$work/web.sock"
    python3 - "$root" "$work" "$dist" "$api_port" "$listen_port" "$user_line" "$mime_types" <<'PY'
import sys
root, work, dist, api_port, listen_port, user_line, mime_types = sys.argv[1:]


def replace_line(text, old, new, source):
    if text.count(old) != 1:
        sys.exit(f"local_ingress: {source} must contain {old.strip()!r} exactly once")
    return text.replace(old, new)


web = open(f"{root}/deploy/web/nginx.conf", encoding="utf-8").read()
web = replace_line(web, "\n    listen 8080;\n", f"\n    listen unix:{work}/web.sock;\n", "deploy/web/nginx.conf")
web = replace_line(web, "\n    root /usr/share/nginx/html;\n", f'\n    root "{dist}";\n', "deploy/web/nginx.conf")
open(f"{work}/web.conf", "w", encoding="utf-8").write(web)

ingress = open(f"{root}/deploy/local-ingress/nginx.conf", encoding="utf-8").read()
for key, value in {
    "@USER_LINE@": user_line,
    "@WORKDIR@": work,
    "@API_PORT@": api_port,
    "@LISTEN_PORT@": listen_port,
    "@MIME_TYPES@": mime_types,
}.items():
    if key not in ingress:
        sys.exit(f"local_ingress: deploy/local-ingress/nginx.conf has no {key}")
    ingress = ingress.replace(key, value)
open(f"{work}/nginx.conf", "w", encoding="utf-8").write(ingress)
PY

    local args=(-p "$work" -c "$work/nginx.conf" -e "$work/error.log")
    if ! "$nginx" -t -q "${args[@]}"; then
        die "nginx rejected $work/nginx.conf"
    fi
    # nginx daemonizes: the command returns once the master has forked and written its pid.
    "$nginx" "${args[@]}" || die "nginx did not start; see $work/error.log"

    local code=000
    for _ in $(seq 100); do
        code=$(curl -s --noproxy '*' -o /dev/null -w '%{http_code}' --max-time 2 \
            "http://127.0.0.1:$listen_port/" 2>/dev/null || true)
        [[ $code != 000 ]] && break
        running_pid "$work" >/dev/null || break
        sleep 0.1
    done
    if [[ $code == 000 ]]; then
        tail -n 20 "$work/error.log" >&2 || true
        stop "$work" >/dev/null 2>&1 || true
        die "nginx does not answer on 127.0.0.1:$listen_port"
    fi
    running_pid "$work"
}

stop() {
    [[ $# -eq 1 ]] || usage
    local work=$1 pid
    if ! pid=$(running_pid "$work"); then
        echo "local_ingress: no nginx running from $work" >&2
        return 0
    fi
    # QUIT finishes the requests in flight; TERM and KILL only if that takes too long.
    kill -QUIT "$pid" 2>/dev/null || true
    for signal in TERM KILL; do
        for _ in $(seq 100); do
            kill -0 "$pid" 2>/dev/null || break 2
            sleep 0.1
        done
        kill "-$signal" "$pid" 2>/dev/null || true
    done
    rm -f "$work/nginx.pid" "$work/web.sock"
}

[[ $# -ge 1 ]] || usage
command=$1
shift
case $command in
    start) start "$@" ;;
    stop) stop "$@" ;;
    *) usage ;;
esac
