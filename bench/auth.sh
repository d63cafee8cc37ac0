#!/usr/bin/env bash
# Logins at bcrypt cost 12 against the ceiling (cores / one hash's time), and GET /healthz
# latency with and without 50 concurrent logins. Called by run.sh; runs on its own too:
#   bench/auth.sh            (expects .build/release/MarketplaceServer)
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${AUTH_PORT:-18186}"
SECONDS_PER_RUN="${DURATION:-10}"
DATA="$(mktemp -d)"
# 50 logins of one account at once measure the hash pool, not the attempt limits (docs/API.md §12).
MARKETPLACE_LOG_LEVEL=warning MARKETPLACE_LIMITS_REQUESTS_PER_MINUTE=0 MARKETPLACE_AUTH_BCRYPT_COST=12 MARKETPLACE_AUTH_REQUIRE_EMAIL_VERIFICATION=false \
    MARKETPLACE_LIMITS_LOGIN_FAILURES_PER_ADDRESS=1000000 MARKETPLACE_LIMITS_LOGIN_FAILURES_PER_EMAIL=1000000 \
    .build/release/MarketplaceServer --host 127.0.0.1 --port "$PORT" --data-dir "$DATA" > "$DATA/out" 2> "$DATA/err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 100); do grep -q listening "$DATA/out" 2>/dev/null && break; sleep 0.1; done

healthz() {  # prints "p50 p99" of /healthz at 8 connections (a light, latency-only load)
    wrk --latency -t1 -c8 -d"${SECONDS_PER_RUN}s" "http://127.0.0.1:$PORT/healthz" > "$DATA/wrk.txt"
    awk '$1 == "50%" {p50=$2} $1 == "99%" {p99=$2} END {print p50, p99}' "$DATA/wrk.txt"
}

read -r idle50 idle99 < <(healthz)
# Throughput alone, then again with wrk measuring /healthz beside it (which takes CPU too).
python3 bench/logins.py "$PORT" 50 "$SECONDS_PER_RUN" > "$DATA/logins.txt"
read -r single rate ok errors < "$DATA/logins.txt"
python3 bench/logins.py "$PORT" 50 "$((SECONDS_PER_RUN + 4))" > "$DATA/logins-busy.txt" &
LOGINS=$!
sleep 2   # let the login threads fill the hash pool
read -r busy50 busy99 < <(healthz)
wait $LOGINS
read -r _ busy_rate _ busy_errors < "$DATA/logins-busy.txt"
errors=$((errors + busy_errors))
cores=$(nproc)
echo "| bcrypt cost 12 | one login (sequential) | ceiling (cores / hash) | 50 concurrent logins | with wrk beside | errors | /healthz p50 / p99 idle | /healthz p50 / p99 during logins |"
echo "|---|---|---|---|---|---|---|---|"
awk -v s="$single" -v c="$cores" -v r="$rate" -v b="$busy_rate" -v e="$errors" -v i50="$idle50" -v i99="$idle99" -v b50="$busy50" -v b99="$busy99" \
    'BEGIN { printf "| logins | %.0f ms | %.1f/s | %.1f/s (%.0f %% of ceiling) | %.1f/s | %d | %s / %s | %s / %s |\n", s, c*1000/s, r, 100*r/(c*1000/s), b, e, i50, i99, b50, b99 }'
