#!/usr/bin/env bash
# Benchmarks the release build on 127.0.0.1 and prints a table.
#
#   bench/run.sh              our server: GET /healthz with wrk at 64 and 256 connections,
#                             peak RSS, and the RSS cost of 1,000 idle keep-alive connections;
#                             logins (bench/auth.sh); the two product pages over 100,000 seeded
#                             products, listing cache on and off (bench/catalog.sh); GET /blobs/...
#                             of a 200 KiB image beside nginx serving the same file (bench/blobs.sh);
#                             order placement, per-product vs one global stock lock (bench/orders.sh);
#                             Toss confirms against the sandbox (bench/payments.sh); webhook events/s
#                             and change → delivery delay (bench/webhooks.sh); product page and order
#                             placement on SQLite, on PostgreSQL and on two servers sharing one
#                             PostgreSQL database (bench/postgres.sh, when PostgreSQL 15 is installed);
#                             GET /api/v1/categories with the general rate limit off and on (bench/ratelimit.sh)
#   PEERS=1 bench/run.sh      then ../shared/peers/run-all.sh with our server in the same run
#                             (Hummingbird 2, Vapor 4, FlyingFox, nginx; see ../shared/peers/README.md)
#
# Knobs: DURATION (10 s per run), WARMUP (3 s), PORT (18185), IDLE (1000 connections).
# Needs: wrk (apt-get install wrk), python3. Access logs are off (log.level=warning), as in the peers.
# wrk is one client address, so the scripts below run with the general rate limit off
# (limits.requestsPerMinute=0); bench/ratelimit.sh measures what it costs. /healthz is exempt from it.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-3}"
PORT="${PORT:-18185}"
IDLE="${IDLE:-1000}"
OUT="bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"

swift build -c release --product MarketplaceServer 2>&1 | tail -1
DATA="$(mktemp -d)"
MARKETPLACE_LOG_LEVEL=warning .build/release/MarketplaceServer --host 127.0.0.1 --port "$PORT" --data-dir "$DATA" > "$OUT/server.out" 2> "$OUT/server.err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 100); do grep -q listening "$OUT/server.out" 2>/dev/null && break; sleep 0.1; done
start_rss=$(awk '/VmRSS/ {print $2}' /proc/$SERVER/status)
# Idle connections first, on the fresh process, so no earlier load has already grown the heap.
read -r count before after < <(python3 bench/idle_connections.py "$PORT" "$SERVER" "$IDLE")

run_wrk() {  # threads connections name
    wrk -t1 -c64 -d"${WARMUP}s" "http://127.0.0.1:$PORT/healthz" > /dev/null
    wrk --latency --timeout 10s -t"$1" -c"$2" -d"${DURATION}s" "http://127.0.0.1:$PORT/healthz" > "$OUT/wrk-$3.txt"
    local rps p50 p99 errors
    rps=$(awk '/Requests\/sec/ {printf "%d", $2}' "$OUT/wrk-$3.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$OUT/wrk-$3.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$OUT/wrk-$3.txt")
    errors=$(awk '/Socket errors|Non-2xx/ {print}' "$OUT/wrk-$3.txt" | tr '\n' ' ')
    local hwm
    hwm=$(awk '/VmHWM/ {printf "%.1f", $2/1024}' /proc/$SERVER/status)
    printf "| /healthz | -t%s -c%-4s | %'9d | %8s | %8s | %6s MiB | %s |\n" "$1" "$2" "$rps" "$p50" "$p99" "$hwm" "${errors:-0}"
}

{
echo "| endpoint | wrk | req/s | p50 | p99 | peak RSS | errors |"
echo "|---|---|---|---|---|---|---|"
run_wrk 1 64 c64
run_wrk 2 256 c256
} | tee "$OUT/table.md"

echo | tee -a "$OUT/table.md"
awk -v s="$start_rss" -v n="$count" -v b="$before" -v a="$after" 'BEGIN {
    printf "RSS after start: %.1f MiB; %d idle keep-alive connections: %.1f MiB -> %.1f MiB (%.1f KiB each)\n", s/1024, n, b/1024, a/1024, (a-b)/n
}' | tee -a "$OUT/table.md"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo); wrk and the server share the cores" | tee -a "$OUT/table.md"

echo | tee -a "$OUT/table.md"
bench/auth.sh | tee -a "$OUT/table.md"

echo | tee -a "$OUT/table.md"
bench/catalog.sh | tee -a "$OUT/table.md"

echo | tee -a "$OUT/table.md"
bench/blobs.sh | tee -a "$OUT/table.md"

echo | tee -a "$OUT/table.md"
bench/orders.sh | tee -a "$OUT/table.md"

echo | tee -a "$OUT/table.md"
bench/payments.sh | tee -a "$OUT/table.md"

echo | tee -a "$OUT/table.md"
bench/webhooks.sh | tee -a "$OUT/table.md"

echo | tee -a "$OUT/table.md"
bench/ratelimit.sh | tee -a "$OUT/table.md"

# PostgreSQL beside SQLite, where PostgreSQL 15's server binaries are (as scripts/postgres-cluster.sh finds them).
echo | tee -a "$OUT/table.md"
if [ -x /usr/lib/postgresql/15/bin/initdb ] || [ -x "$(pg_config --bindir 2> /dev/null)/initdb" ]; then
    SKIP_BUILD=1 bench/postgres.sh | tee -a "$OUT/table.md" || echo "bench/postgres.sh failed: see its messages above" | tee -a "$OUT/table.md"
else
    echo "bench/postgres.sh skipped: no PostgreSQL 15 server binaries (apt-get install postgresql-15)" | tee -a "$OUT/table.md"
fi

if [ "${PEERS:-0}" = 1 ]; then
    kill $SERVER; wait $SERVER 2>/dev/null || true
    # The peer comparison is optional and lives outside the repository, in a checkout's ../shared.
    if [ ! -x ../shared/peers/run-all.sh ]; then
        echo "PEERS=1 needs ../shared/peers/run-all.sh beside this checkout (an optional comparison); there is none" >&2
        exit 1
    fi
    OURS_CMD="MARKETPLACE_LOG_LEVEL=warning MARKETPLACE_LIMITS_REQUESTS_PER_MINUTE=0 .build/release/MarketplaceServer --host 127.0.0.1 --port {PORT} --data-dir {DATA}" \
    OURS_SEED_CMD=".build/release/MarketplaceServer seed-demo --products {N} --data-dir {DATA}" \
    SKIP_BUILD="${SKIP_BUILD:-1}" ../shared/peers/run-all.sh
fi
