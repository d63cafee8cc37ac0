#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster on 127.0.0.1 for tests, CI and benchmarks.
#
#   scripts/postgres-cluster.sh start DIR     create a cluster in DIR (absent or empty), start it,
#                                             create the database `marketplace` and print one line:
#                                             postgres://postgres@127.0.0.1:PORT/marketplace
#   scripts/postgres-cluster.sh stop DIR      stop it (fast mode) and remove DIR
#   scripts/postgres-cluster.sh run -- CMD…   start one in a temporary directory, run CMD with
#                                             MARKETPLACE_TEST_POSTGRES_URL set to its URL, stop
#                                             and remove it on any exit, exit with CMD's status
#
# Trust authentication, loopback only (listen_addresses=127.0.0.1, socket in DIR), fsync on.
# Binaries: `pg_config --bindir` if it holds initdb, else /usr/lib/postgresql/15/bin (PGBIN
# overrides both). As root, initdb and pg_ctl run as the OS user `postgres` (created if missing),
# since initdb refuses root. Knob: PG_PORT (a fixed port instead of a random free one).
set -euo pipefail

die() { echo "postgres-cluster: $*" >&2; exit 1; }

find_bin() {
    if [ -n "${PGBIN:-}" ]; then echo "$PGBIN"; return; fi
    local dir
    if command -v pg_config > /dev/null && dir="$(pg_config --bindir 2> /dev/null)" && [ -x "$dir/initdb" ]; then
        echo "$dir"; return
    fi
    [ -x /usr/lib/postgresql/15/bin/initdb ] || die "no initdb: install postgresql-15 (or set PGBIN)"
    echo /usr/lib/postgresql/15/bin
}

# Runs a server binary as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
    # From / so that a cwd the postgres user cannot read (e.g. /root) draws no warnings.
    if [ "$(id -u)" = 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

ensure_os_user() {
    [ "$(id -u)" = 0 ] || return 0
    id -u postgres > /dev/null 2>&1 && return 0
    useradd --system --no-create-home --shell /usr/sbin/nologin postgres \
        || die "cannot create the OS user postgres (initdb refuses to run as root)"
}

free_port() {
    python3 - << 'EOF' 2> /dev/null || echo $(( 20000 + RANDOM % 40000 ))
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

log_tail() {
    if [ -f "$1/log" ]; then
        echo "--- last lines of $1/log:" >&2
        tail -n 20 "$1/log" >&2
    fi
}

cmd_start() {
    local dir="${1:?usage: postgres-cluster.sh start DIR}"
    if [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2> /dev/null)" ]; then die "$dir exists and is not empty"; fi
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    case "$dir" in *[[:space:]]*) die "$dir contains whitespace; choose another directory" ;; esac
    # The socket path (DIR/.s.PGSQL.PORT) must fit in sun_path's 107 bytes.
    [ ${#dir} -le 90 ] || die "$dir is too long for a Unix socket path; use a shorter one"
    local bin
    bin="$(find_bin)"
    ensure_os_user
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$dir"
        # runuser must be able to reach DIR: every parent needs o+x (mktemp -d under /tmp has it;
        # the directory itself is 700 and owned by postgres).
        local parent="$dir"
        while parent="$(dirname "$parent")"; [ "$parent" != / ]; do
            [ -x "$parent" ] && runuser -u postgres -- test -x "$parent" 2> /dev/null \
                || die "the postgres user cannot enter $parent; choose DIR elsewhere (e.g. under /tmp)"
        done
    fi
    chmod 700 "$dir"

    if ! as_owner "$bin/initdb" --no-locale -E UTF8 -A trust -U postgres -D "$dir/data" > "$dir/initdb.log" 2>&1; then
        echo "postgres-cluster: initdb failed:" >&2
        tail -n 20 "$dir/initdb.log" >&2
        exit 1
    fi

    local port="" attempt
    for attempt in 1 2 3 4 5; do
        port="${PG_PORT:-$(free_port)}"
        if as_owner "$bin/pg_ctl" -w -t 60 -D "$dir/data" -l "$dir/log" -o \
            "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=500 -c shared_buffers=128MB" \
            start > "$dir/pg_ctl.log" 2>&1; then
            break
        fi
        port=""
        # Port taken between our check and the server's bind: try another one.
        if [ -n "${PG_PORT:-}" ] || ! grep -qi "could not bind\|address already in use" "$dir/log" 2> /dev/null; then
            break
        fi
    done
    if [ -z "$port" ]; then
        echo "postgres-cluster: the server did not start in $dir" >&2
        cat "$dir/pg_ctl.log" >&2 || true
        log_tail "$dir"
        exit 1
    fi
    echo "$port" > "$dir/port"

    local ready=""
    for _ in $(seq 100); do
        if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then ready=1; break; fi
        sleep 0.1
    done
    if [ -z "$ready" ]; then
        echo "postgres-cluster: the server on port $port never became ready" >&2
        log_tail "$dir"
        exit 1
    fi
    if ! "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres \
        -c "CREATE DATABASE marketplace" > "$dir/createdb.log" 2>&1; then
        echo "postgres-cluster: CREATE DATABASE marketplace failed:" >&2
        cat "$dir/createdb.log" >&2
        log_tail "$dir"
        exit 1
    fi
    echo "postgres://postgres@127.0.0.1:$port/marketplace"
}

cmd_stop() {
    local dir="${1:?usage: postgres-cluster.sh stop DIR}"
    [ -d "$dir" ] || die "$dir does not exist"
    dir="$(cd "$dir" && pwd)"
    [ -d "$dir/data" ] || [ -f "$dir/initdb.log" ] || die "$dir does not look like a cluster of this script"
    if [ -f "$dir/data/postmaster.pid" ]; then
        local bin
        bin="$(find_bin)"
        as_owner "$bin/pg_ctl" -w -t 60 -D "$dir/data" -m fast stop > /dev/null 2>&1 || {
            echo "postgres-cluster: pg_ctl stop failed; killing the postmaster" >&2
            local pid
            pid="$(head -1 "$dir/data/postmaster.pid" 2> /dev/null || true)"
            [ -n "$pid" ] && kill -QUIT "$pid" 2> /dev/null || true
            sleep 1
        }
    fi
    rm -rf "$dir"
}

cmd_run() {
    [ "${1:-}" = "--" ] && shift
    [ $# -gt 0 ] || die "usage: postgres-cluster.sh run -- CMD…"
    local dir url status=0
    dir="$(mktemp -d /tmp/marketplace-pg.XXXXXX)"
    # shellcheck disable=SC2064
    trap "(cmd_stop '$dir') || rm -rf '$dir'" EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    url="$(cmd_start "$dir")"
    echo "postgres-cluster: $url (in $dir)" >&2
    # CMD runs in the background (stdin passed on through fd 3) so that a signal to this script
    # is handled at once: it is forwarded to CMD, then the EXIT trap removes the cluster.
    local child
    exec 3<&0
    MARKETPLACE_TEST_POSTGRES_URL="$url" "$@" <&3 3<&- &
    child=$!
    exec 3<&-
    trap 'kill -INT $child 2> /dev/null; wait $child 2> /dev/null; exit 130' INT
    trap 'kill -TERM $child 2> /dev/null; wait $child 2> /dev/null; exit 143' TERM
    wait "$child" || status=$?
    exit "$status"
}

case "${1:-}" in
    start) shift; cmd_start "$@" ;;
    stop) shift; cmd_stop "$@" ;;
    run) shift; cmd_run "$@" ;;
    *) echo "usage: $0 start DIR | stop DIR | run -- CMD…" >&2; exit 2 ;;
esac
