#!/usr/bin/env bash
# The catalog's two benchmark pages over PRODUCTS (100,000) seeded products, with the
# listing page cache on and off (MARKETPLACE_CATALOG_LISTING_CACHE=false: every request is
# answered from SQLite, counts still cached per generation). Called by run.sh; on its own:
#   bench/catalog.sh         (expects .build/release/MarketplaceServer)
# Knobs: DURATION (10 s), WARMUP (3 s), PRODUCTS (100000), CATALOG_PORT (18187).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${CATALOG_PORT:-18187}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-3}"
PRODUCTS="${PRODUCTS:-100000}"
DATA="$(mktemp -d)"
SERVER=""
stop() { if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; SERVER=""; fi; }
trap 'stop; rm -rf "$DATA"' EXIT

.build/release/MarketplaceServer seed-demo --products "$PRODUCTS" --data-dir "$DATA/data" | head -1 > "$DATA/seed.txt"

start() {  # listing cache true|false
    MARKETPLACE_LOG_LEVEL=warning MARKETPLACE_LIMITS_REQUESTS_PER_MINUTE=0 MARKETPLACE_CATALOG_LISTING_CACHE="$1" \
        .build/release/MarketplaceServer --host 127.0.0.1 --port "$PORT" --data-dir "$DATA/data" > "$DATA/out" 2> "$DATA/err" &
    SERVER=$!
    for _ in $(seq 100); do grep -q listening "$DATA/out" 2>/dev/null && break; sleep 0.1; done
}

row() {  # name path cache threads connections
    local url="http://127.0.0.1:$PORT$2" out="$DATA/wrk.txt"
    wrk -t1 -c64 -d"${WARMUP}s" "$url" > /dev/null
    wrk --latency --timeout 10s -t"$4" -c"$5" -d"${DURATION}s" "$url" > "$out"
    local rps p50 p99 errors bytes
    rps=$(awk '/Requests\/sec/ {printf "%d", $2}' "$out")
    p50=$(awk '$1 == "50%" {print $2}' "$out")
    p99=$(awk '$1 == "99%" {print $2}' "$out")
    errors=$(awk '/Socket errors|Non-2xx/ {print}' "$out" | tr '\n' ' ')
    bytes=$(curl -s -o /dev/null -w '%{size_download}' "$url")
    printf "| %-13s | %-5s | -t%s -c%-4s | %'9d | %8s | %8s | %5s B | %s |\n" "$1" "$3" "$4" "$5" "$rps" "$p50" "$p99" "$bytes" "${errors:-0}"
}

echo "| endpoint | cache | wrk | req/s | p50 | p99 | page | errors |"
echo "|---|---|---|---|---|---|---|---|"
for cache in true false; do
    start "$cache"
    row "page 1" "/api/v1/products?page=1&size=20" "$cache" 1 64
    row "page 1" "/api/v1/products?page=1&size=20" "$cache" 2 256
    row "page 500 name" "/api/v1/products?page=500&size=20&sort=name" "$cache" 1 64
    row "page 500 name" "/api/v1/products?page=500&size=20&sort=name" "$cache" 2 256
    stop
done
echo
echo "$(cat "$DATA/seed.txt"); load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
