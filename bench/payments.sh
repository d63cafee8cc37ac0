#!/usr/bin/env bash
# Payment confirms: CLIENTS (32) customers at once, each confirming ORDERS (10) Toss orders
# one after another against the built-in Toss sandbox, on a fresh data dir. Each order is
# placed and approved at the sandbox beforehand (POST /sandbox/toss/approve, what the
# checkout redirect carries); only the confirms are timed (bench/payments_driver.py). Every
# confirm must answer 200 with the order PAID; anything else counts as an error.
# A confirm is three write transactions (claim, then the record of the answer) around one
# HTTP call to the sandbox on the same server, so the figure includes the sandbox's own work
# The sandbox keeps its state as an append-only journal (one line per changed row), so a call
# costs what it touches, not the size of the state: the rows run LENGTHS one after another on
# the same server (a later row starts with every earlier row's payments in the sandbox and the
# database), so a figure that fell as state grew would show as a falling column.
#   bench/payments.sh        (expects .build/release/MarketplaceServer)
# Knobs: LENGTHS ("10 50": confirms per customer, one row each), PRODUCTS (200), CLIENTS (32),
# PAYMENTS_PORT (18190). ORDERS=N alone runs the one length N.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PAYMENTS_PORT:-18190}"
LENGTHS="${ORDERS:-${LENGTHS:-10 50}}"
PRODUCTS="${PRODUCTS:-200}"
CLIENTS="${CLIENTS:-32}"
WORK="$(mktemp -d)"
SERVER=""
stop() { if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; SERVER=""; fi; }
trap 'stop; rm -rf "$WORK"' EXIT

MARKETPLACE_LOG_LEVEL=warning MARKETPLACE_LIMITS_REQUESTS_PER_MINUTE=0 MARKETPLACE_AUTH_BCRYPT_COST=4 MARKETPLACE_AUTH_REQUIRE_EMAIL_VERIFICATION=false \
    MARKETPLACE_LIMITS_SIGNUPS_PER_HOUR=1000000 .build/release/MarketplaceServer --host 127.0.0.1 --port "$PORT" --data-dir "$WORK/data" > "$WORK/out" 2> "$WORK/err" &
SERVER=$!
for _ in $(seq 100); do grep -q listening "$WORK/out" 2>/dev/null && break; sleep 0.1; done
grep -q listening "$WORK/out" || { echo "the server did not start:" >&2; cat "$WORK/err" >&2; exit 1; }

echo "| customers | confirms | confirms/s | p50 ms | p90 ms | p99 ms | max ms | errors | sandbox journal |"
echo "|---|---|---|---|---|---|---|---|---|"
for orders in $LENGTHS; do
    row=$(python3 bench/payments_driver.py "$PORT" "$PRODUCTS" "$CLIENTS" "$orders")
    echo "$row $(du -h "$WORK/data/sandbox/toss.journal" 2>/dev/null | cut -f1) |"
done
stop
echo
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
