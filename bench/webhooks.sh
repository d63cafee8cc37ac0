#!/usr/bin/env bash
# Webhook delivery: EVENTS (2,000) orders placed by CLIENTS (16) concurrent customers, each
# an order.created event delivered to one admin endpoint ("*") on a fast local consumer
# (bench/webhook_consumer.py with CONSUMER_VERIFY=0: records arrival, answers 200). Reports
# events/s delivered (first order placed → last event delivered) and the delay from change
# (the event's createdAt, stamped in the change's transaction) to delivery: p50, p99, max.
# Everything on 127.0.0.1 (webhooks.allowPrivateNetworks=true). Called by run.sh or alone:
#   bench/webhooks.sh        (expects .build/release/MarketplaceServer; BIN=… to use another)
# Knobs: EVENTS (2000), CLIENTS (16), WEBHOOKS_PORT (18191), BIN.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${WEBHOOKS_PORT:-18191}"
EVENTS="${EVENTS:-2000}"
CLIENTS="${CLIENTS:-16}"
BIN="${BIN:-.build/release/MarketplaceServer}"
WORK="$(mktemp -d)"
SERVER=""
CONSUMER=""
stop() {
    for pid in $SERVER $CONSUMER; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    SERVER=""; CONSUMER=""
}
trap 'stop; rm -rf "$WORK"' EXIT

echo '{}' > "$WORK/secrets.json"
: > "$WORK/out.jsonl"
CONSUMER_VERIFY=0 python3 bench/webhook_consumer.py "$WORK/secrets.json" "$WORK/out.jsonl" "$WORK/consumer.port" &
CONSUMER=$!
for _ in $(seq 100); do [ -s "$WORK/consumer.port" ] && break; sleep 0.1; done

MARKETPLACE_LOG_LEVEL=warning MARKETPLACE_LIMITS_REQUESTS_PER_MINUTE=0 MARKETPLACE_AUTH_BCRYPT_COST=4 MARKETPLACE_AUTH_REQUIRE_EMAIL_VERIFICATION=false \
    MARKETPLACE_WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true MARKETPLACE_LIMITS_SIGNUPS_PER_HOUR=1000000 \
    MARKETPLACE_ADMIN_EMAIL=bench-admin@example.com MARKETPLACE_ADMIN_PASSWORD=bench-admin-password \
    "$BIN" --host 127.0.0.1 --port "$PORT" --data-dir "$WORK/data" > "$WORK/out" 2> "$WORK/err" &
SERVER=$!
for _ in $(seq 100); do grep -q listening "$WORK/out" 2>/dev/null && break; sleep 0.1; done

echo "| events delivered | clients | seconds | events/s | placing took (s) | change → delivery p50 | p99 | max |"
echo "|---|---|---|---|---|---|---|---|"
python3 bench/webhooks.py "$PORT" "$(cat "$WORK/consumer.port")" "$WORK/out.jsonl" "$EVENTS" "$CLIENTS" \
    bench-admin@example.com bench-admin-password
stop
echo
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
