#!/usr/bin/env bash
# One and two servers over PostgreSQL beside SQLite (issue #9). Two workloads, each in three
# setups, every setup on a fresh database:
#   product page   GET /api/v1/products/{id} of a random one of PRODUCTS products (wrk -t2 -c64)
#   order          1-line orders of 1 unit, provider TOSS, over the same PRODUCTS products
#                  (bench/orders.sh's wrk script: wrk -t2 -c32); every answer must be 201
#   setups         SQLite: one server, fresh data dir
#                  PostgreSQL, 1 server: storage.url = a throwaway cluster's database
#                  PostgreSQL, 2 servers: two processes on that same database (own ports and data
#                  dirs), driven at once by two wrk -t1 with half the connections each; req/s is
#                  the sum, p50 and p99 the worse of the two
# Seeding goes through the HTTP API of the (first) server, as bench/orders.sh does
# (bench/postgres_seed.py, on orders_seed.py). The cluster comes from scripts/postgres-cluster.sh
# (127.0.0.1, fsync on) and is removed at the end; the database `marketplace` is dropped and
# created again before each PostgreSQL setup. Called by run.sh when PostgreSQL is installed; alone:
#   bench/postgres.sh                   (builds the release binary first; SKIP_BUILD=1 does not)
#   DURATION=5s SETUPS=sqlite bench/postgres.sh
# Knobs: DURATION (20 s; "20" or "20s"), WARMUP (3 s), PRODUCTS (1000), CLIENTS (32, orders),
# PAGE_CLIENTS (64, product page), SETUPS ("sqlite pg1 pg2"), PG_BENCH_PORT (18193 and the next).
# Exits 1 (after the table) when a PostgreSQL setup could not run, e.g. a server that refuses
# a postgres:// storage.url.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-20s}"; DURATION="${DURATION%s}"
WARMUP="${WARMUP:-3}"; WARMUP="${WARMUP%s}"
PRODUCTS="${PRODUCTS:-1000}"
CLIENTS="${CLIENTS:-32}"
PAGE_CLIENTS="${PAGE_CLIENTS:-64}"
SETUPS="${SETUPS:-sqlite pg1 pg2}"
PORT_A="${PG_BENCH_PORT:-18193}"
PORT_B=$((PORT_A + 1))
BIN=.build/release/MarketplaceServer

WORK="$(mktemp -d /tmp/marketplace-pgbench.XXXXXX)"
PGDIR=""
PGURL=""
SERVERS=()
FAILED=0
stop_servers() {
    local pid
    for pid in "${SERVERS[@]}"; do kill "$pid" 2> /dev/null || true; done
    for pid in "${SERVERS[@]}"; do wait "$pid" 2> /dev/null || true; done
    SERVERS=()
}
cleanup() {
    stop_servers
    if [ -n "$PGDIR" ]; then scripts/postgres-cluster.sh stop "$PGDIR" > /dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

redact() { sed -E 's#(//[^:/@]*):[^@/]*@#\1:***@#'; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    swift build -c release --product MarketplaceServer 2>&1 | tail -1 >&2
fi
[ -x "$BIN" ] || { echo "bench/postgres.sh: no $BIN (swift build -c release)" >&2; exit 1; }
command -v wrk > /dev/null || { echo "bench/postgres.sh: needs wrk (apt-get install wrk)" >&2; exit 1; }

start_server() {  # port storage-url (empty: SQLite in the data dir)
    local port="$1" url="$2" data="$WORK/data-$1"
    rm -rf "$data"
    local vars=(MARKETPLACE_LOG_LEVEL=warning MARKETPLACE_LIMITS_REQUESTS_PER_MINUTE=0 MARKETPLACE_AUTH_BCRYPT_COST=4
        MARKETPLACE_AUTH_REQUIRE_EMAIL_VERIFICATION=false MARKETPLACE_LIMITS_SIGNUPS_PER_HOUR=1000000)
    if [ -n "$url" ]; then vars+=("MARKETPLACE_STORAGE_URL=$url"); fi
    env "${vars[@]}" "$BIN" --host 127.0.0.1 --port "$port" --data-dir "$data" > "$WORK/out-$port" 2> "$WORK/err-$port" &
    local pid=$!
    SERVERS+=("$pid")
    for _ in $(seq 600); do
        grep -q listening "$WORK/out-$port" 2> /dev/null && return 0
        kill -0 "$pid" 2> /dev/null || break
        sleep 0.1
    done
    {
        if kill -0 "$pid" 2> /dev/null; then
            echo "bench/postgres.sh: the server on port $port did not say 'listening' within 60 s"
        elif [ -n "$url" ]; then
            echo "bench/postgres.sh: the server refused storage.url=$(echo "$url" | redact) (exited); its stderr:"
        else
            echo "bench/postgres.sh: the server on port $port exited at start; its stderr:"
        fi
        tail -n 5 "$WORK/err-$port" | sed 's/^/    /'
    } >&2
    return 1
}

fresh_database() {  # drop and create `marketplace` on the cluster, starting the cluster first if needed
    if [ -z "$PGDIR" ]; then
        PGDIR="$(mktemp -d /tmp/marketplace-pgbench-pg.XXXXXX)"
        if ! PGURL="$(scripts/postgres-cluster.sh start "$PGDIR")"; then
            rm -rf "$PGDIR"; PGDIR=""
            echo "bench/postgres.sh: could not start a PostgreSQL cluster (scripts/postgres-cluster.sh)" >&2
            return 1
        fi
    fi
    psql "${PGURL%/*}/postgres" -X -q -v ON_ERROR_STOP=1 \
        -c 'DROP DATABASE IF EXISTS marketplace WITH (FORCE)' -c 'CREATE DATABASE marketplace' > /dev/null
}

# Latency as wrk prints it (850.00us, 1.23ms, 1.02s, 2.00m) in ms.
to_ms() { awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000; else if (u == "h") n *= 3600000
    printf "%.3f", n }'; }

measure() {  # setup workload lua connections port…  → one table row
    local setup="$1" workload="$2" lua="$3" connections="$4"
    shift 4
    local ports=("$@") count=$# threads=2 pids=() port i
    [ "$count" -gt 1 ] && threads=1
    local per=$((connections / count))
    for port in "${ports[@]}"; do
        wrk -t"$threads" -c"$per" -d"${WARMUP}s" -s "$lua" "http://127.0.0.1:$port" > /dev/null & pids+=($!)
    done
    for i in "${pids[@]}"; do wait "$i" || true; done
    pids=()
    for port in "${ports[@]}"; do
        wrk --latency --timeout 10s -t"$threads" -c"$per" -d"${DURATION}s" -s "$lua" "http://127.0.0.1:$port" \
            > "$WORK/wrk-$port.txt" & pids+=($!)
    done
    for i in "${pids[@]}"; do wait "$i" || true; done
    local rps=0 p50="" p99="" errors=0 value
    for port in "${ports[@]}"; do
        local out="$WORK/wrk-$port.txt"
        value=$(awk '/Requests\/sec/ {printf "%d", $2}' "$out"); rps=$((rps + ${value:-0}))
        value=$(awk '$1 == "50%" {print $2}' "$out")
        if [ -z "$p50" ] || awk -v a="$(to_ms "$value")" -v b="$(to_ms "$p50")" 'BEGIN {exit !(a > b)}'; then p50="$value"; fi
        value=$(awk '$1 == "99%" {print $2}' "$out")
        if [ -z "$p99" ] || awk -v a="$(to_ms "$value")" -v b="$(to_ms "$p99")" 'BEGIN {exit !(a > b)}'; then p99="$value"; fi
        value=$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(/,/, ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$out")
        errors=$((errors + value))
    done
    local wrkdesc="-t$threads -c$per"
    [ "$count" -gt 1 ] && wrkdesc="$count × -t$threads -c$per"
    printf "| %-21s | %-12s | %-12s | %'8d | %8s | %8s | %s |\n" "$setup" "$workload" "$wrkdesc" "$rps" "$p50" "$p99" "$errors"
}

failed_rows() {  # setup reason
    local workload
    for workload in "product page" "order"; do
        printf "| %-21s | %-12s | %-12s | %8s | %8s | %8s | %s |\n" "$1" "$workload" "–" "–" "–" "–" "not run: $2"
    done
    FAILED=1
}

run_setup() {  # setup-name storage-url server-count
    local name="$1" url="$2" servers="$3" ports=("$PORT_A")
    [ "$servers" -gt 1 ] && ports+=("$PORT_B")
    # One server at a time, so the first has migrated the database before the second opens it.
    local port
    for port in "${ports[@]}"; do
        if ! start_server "$port" "$url"; then
            stop_servers
            failed_rows "$name" "the server did not start${url:+ on storage.url=postgres://…} (stderr above)"
            return 0
        fi
    done
    if ! python3 bench/postgres_seed.py "$PORT_A" "$PRODUCTS" "$CLIENTS" "$WORK/product.lua" "$WORK/orders.lua" \
        > /dev/null 2> "$WORK/seed.err"; then
        { echo "bench/postgres.sh: seeding $name failed:"; tail -n 5 "$WORK/seed.err" | sed 's/^/    /'; } >&2
        stop_servers
        failed_rows "$name" "seeding failed (stderr above)"
        return 0
    fi
    measure "$name" "product page" "$WORK/product.lua" "$PAGE_CLIENTS" "${ports[@]}"
    measure "$name" "order" "$WORK/orders.lua" "$CLIENTS" "${ports[@]}"
    stop_servers
}

echo "machine at start: $(nproc) cores; uptime: $(uptime | sed "s/^ *//")"
echo "$PRODUCTS products, $CLIENTS order / $PAGE_CLIENTS product-page connections, ${DURATION} s per run after ${WARMUP} s warm-up; wrk and the servers share the cores"
echo
echo "| setup | workload | wrk | req/s | p50 | p99 | errors |"
echo "|---|---|---|---|---|---|---|"
for setup in $SETUPS; do
    case "$setup" in
        sqlite) run_setup "SQLite, 1 server" "" 1 ;;
        pg1|pg2)
            name="PostgreSQL, ${setup#pg} server"; [ "$setup" = pg2 ] && name+="s"
            if fresh_database; then
                run_setup "$name" "$PGURL" "${setup#pg}"
            else
                failed_rows "$name" "no PostgreSQL cluster (stderr above)"
            fi
            ;;
        *) echo "bench/postgres.sh: unknown setup '$setup' (sqlite, pg1, pg2)" >&2; exit 2 ;;
    esac
done
echo
echo "load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$FAILED" = 1 ]; then
    echo "bench/postgres.sh: some setups did not run (see the messages above the table)" >&2
    exit 1
fi
