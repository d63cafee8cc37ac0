#!/usr/bin/env bash
# Order placement: 1-line orders (1 unit, provider TOSS) at CLIENTS (32) concurrent
# connections, on PRODUCTS (1,000) distinct products and on one hot product, with the
# per-product stock locks (orders.stockLocks=perProduct, the default) and with one global
# lock instead (orders.stockLocks=global), each on a fresh data dir. Every answer must be 201;
# wrk reports anything else as Non-2xx. Called by run.sh; on its own:
#   bench/orders.sh          (expects .build/release/MarketplaceServer)
# Knobs: DURATION (10 s), WARMUP (3 s), PRODUCTS (1000), CLIENTS (32), ORDERS_PORT (18189).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${ORDERS_PORT:-18189}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-3}"
PRODUCTS="${PRODUCTS:-1000}"
CLIENTS="${CLIENTS:-32}"
WORK="$(mktemp -d)"
SERVER=""
stop() { if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; SERVER=""; fi; }
trap 'stop; rm -rf "$WORK"' EXIT

start() {  # locks data-dir
    MARKETPLACE_LOG_LEVEL=warning MARKETPLACE_LIMITS_REQUESTS_PER_MINUTE=0 MARKETPLACE_ORDERS_STOCK_LOCKS="$1" MARKETPLACE_AUTH_BCRYPT_COST=4 \
        MARKETPLACE_AUTH_REQUIRE_EMAIL_VERIFICATION=false MARKETPLACE_LIMITS_SIGNUPS_PER_HOUR=1000000 \
        .build/release/MarketplaceServer --host 127.0.0.1 --port "$PORT" --data-dir "$2" > "$WORK/out" 2> "$WORK/err" &
    SERVER=$!
    for _ in $(seq 100); do grep -q listening "$WORK/out" 2>/dev/null && break; sleep 0.1; done
}

row() {  # locks products
    local data="$WORK/data-$1-$2" out="$WORK/wrk.txt"
    rm -rf "$data"
    start "$1" "$data"
    python3 bench/orders_seed.py "$PORT" "$2" "$CLIENTS" "$WORK/orders.lua" > /dev/null
    local url="http://127.0.0.1:$PORT"
    wrk -t2 -c"$CLIENTS" -d"${WARMUP}s" -s "$WORK/orders.lua" "$url" > /dev/null
    wrk --latency --timeout 10s -t2 -c"$CLIENTS" -d"${DURATION}s" -s "$WORK/orders.lua" "$url" > "$out"
    local rps p50 p99 errors
    rps=$(awk '/Requests\/sec/ {printf "%d", $2}' "$out")
    p50=$(awk '$1 == "50%" {print $2}' "$out")
    p99=$(awk '$1 == "99%" {print $2}' "$out")
    errors=$(awk '/Socket errors|Non-2xx/ {print}' "$out" | tr '\n' ' ')
    stop
    printf "| %-10s | %5s | -c%s | %'7d | %8s | %8s | %s |\n" "$1" "$2" "$CLIENTS" "$rps" "$p50" "$p99" "${errors:-0}"
}

echo "| stock locks | products | wrk | orders/s | p50 | p99 | errors |"
echo "|---|---|---|---|---|---|---|"
for locks in perProduct global; do
    row "$locks" "$PRODUCTS"
    row "$locks" 1
done
echo
echo "load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
