# Finds a PostgreSQL server for the test suite, or starts a throwaway one.
# Source it, then call `ensure_test_postgres`: it exports OFFREAPI_TEST_POSTGRES_URL.

# A URL that reaches a server as a user allowed to create databases.
_pg_reachable() {
    psql "$1" -Atqc 'select 1' >/dev/null 2>&1
}

_pg_bin_dir() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

_as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_test_postgres() {
    if ! command -v psql >/dev/null 2>&1 || [ -z "$(_pg_bin_dir)" ]; then
        echo "==> installing PostgreSQL (Debian package) for the test suite"
        _as_root apt-get update -qq
        _as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-client >/dev/null
    fi

    if [ -n "${OFFREAPI_TEST_POSTGRES_URL:-}" ]; then
        if ! _pg_reachable "$OFFREAPI_TEST_POSTGRES_URL"; then
            echo "error: OFFREAPI_TEST_POSTGRES_URL is set but no PostgreSQL answers there" >&2
            return 1
        fi
    elif [ -z "${OFFREAPI_TEST_THROWAWAY_POSTGRES:-}" ] \
        && _pg_reachable "postgres://postgres@127.0.0.1:5432/postgres"; then
        export OFFREAPI_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:5432/postgres"
    else
        _start_throwaway_postgres || return 1
    fi
    echo "==> PostgreSQL for tests: $OFFREAPI_TEST_POSTGRES_URL"
    _drop_leftover_test_databases
}

# initdb in a temporary directory, on a free port, as the `postgres` system user
# (PostgreSQL refuses to run as root). Stopped when the calling shell exits.
_start_throwaway_postgres() {
    local bin dir port runner
    bin="$(_pg_bin_dir)"
    dir="$(mktemp -d /tmp/offreapi-pg.XXXXXX)"
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$dir"
        runner=(runuser -u postgres --)
    else
        runner=()
    fi
    echo "==> starting a throwaway PostgreSQL in $dir on port $port"
    "${runner[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync >/dev/null
    "${runner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    OFFREAPI_THROWAWAY_PG_STOP=("${runner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop)
    trap '"${OFFREAPI_THROWAWAY_PG_STOP[@]}" >/dev/null 2>&1 || true; rm -rf '"$dir" EXIT
    export OFFREAPI_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
}

# Databases left by an interrupted earlier run.
_drop_leftover_test_databases() {
    local name
    for name in $(psql "$OFFREAPI_TEST_POSTGRES_URL" -Atqc \
        "select datname from pg_database where datname like 'offreapi\_test\_%'"); do
        psql "$OFFREAPI_TEST_POSTGRES_URL" -qc "drop database if exists \"$name\" with (force)" >/dev/null
    done
}
