#!/usr/bin/env bash
# What the general rate limit costs in instructions per request, a figure a busy machine
# does not disturb (wrk's req/s on shared cores swing by more than the effect: see
# bench/README.md). Each side — limits.requestsPerMinute=0 (off) and 1,000,000,000 (on: every
# request counted, checked and answered with RateLimit-Policy and RateLimit, none refused) —
# runs the release server under valgrind's callgrind; after a warm-up the counters are zeroed
# (callgrind_control -z), exactly REQUESTS requests for GET /api/v1/categories are sent over
# CONNECTIONS keep-alive connections (bench/fixed_requests.py), and the dump's total
# instructions (Ir) are divided by REQUESTS. Idle work the server does meanwhile (its timers)
# is counted too, alike on both sides.
#   bench/ratelimit_instructions.sh     (expects .build/release/MarketplaceServer; builds it when missing)
# Knobs: REQUESTS (20000), WARMUP_REQUESTS (2000), CONNECTIONS (16), RATELIMIT_PORT (18193),
# ROUNDS (1: off then on; more rounds alternate the order), SERVER (the binary).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${RATELIMIT_PORT:-18193}"
REQUESTS="${REQUESTS:-20000}"
WARMUP_REQUESTS="${WARMUP_REQUESTS:-2000}"
CONNECTIONS="${CONNECTIONS:-16}"
ROUNDS="${ROUNDS:-1}"
SERVER="${SERVER:-.build/release/MarketplaceServer}"
PATH_UNDER_TEST=/api/v1/categories
command -v valgrind > /dev/null || { echo "bench/ratelimit_instructions.sh: needs valgrind (apt: valgrind)" >&2; exit 1; }
[ -x "$SERVER" ] || swift build -c release --product MarketplaceServer 2>&1 | tail -1
WORK="$(mktemp -d)"
PID=""
trap '[ -n "$PID" ] && { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; }; rm -rf "$WORK"' EXIT

measure() {  # name requestsPerMinute -> prints instructions per request
    local dir="$WORK/$1-$RANDOM"
    mkdir -p "$dir"
    MARKETPLACE_LOG_LEVEL=warning MARKETPLACE_LIMITS_REQUESTS_PER_MINUTE="$2" \
        valgrind --tool=callgrind --callgrind-out-file="$dir/callgrind.out" \
        "$SERVER" --host 127.0.0.1 --port "$PORT" --data-dir "$dir/data" > "$dir/out" 2> "$dir/err" &
    PID=$!
    for _ in $(seq 600); do grep -q listening "$dir/out" 2>/dev/null && break; sleep 0.1; done
    grep -q listening "$dir/out" || { echo "server did not start: $(tail -3 "$dir/err")" >&2; exit 1; }
    python3 bench/fixed_requests.py "$PORT" "$PATH_UNDER_TEST" "$WARMUP_REQUESTS" "$CONNECTIONS"
    # callgrind acts on a command when one of the server's threads next runs: a pause lets the
    # zeroing land before the counted requests (a dump with almost nothing in it is retried).
    callgrind_control -z "$PID" > /dev/null 2>&1; sleep 1
    python3 bench/fixed_requests.py "$PORT" "$PATH_UNDER_TEST" "$REQUESTS" "$CONNECTIONS"
    callgrind_control -d "$PID" > /dev/null 2>&1; sleep 1
    kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
    # The dump after the zeroing: callgrind.out.1 (the final one at exit is callgrind.out).
    awk -v n="$REQUESTS" '/^(summary|totals):/ { print $2 / n; exit }' "$dir/callgrind.out.1"
}

measured() {  # name requestsPerMinute: measure, again when the zeroing or the dump missed
    local value
    for _ in 1 2 3; do
        value=$(measure "$1" "$2")
        awk -v v="$value" 'BEGIN { exit !(v > 1000) }' && { echo "$value"; return; }
        echo "bench/ratelimit_instructions.sh: $1 measured $value instructions per request; again" >&2
    done
    echo "$value"
}

echo "| round | limiter off instructions/request | limiter on instructions/request | on / off |"
echo "|---|---|---|---|"
: > "$WORK/rows"
for round in $(seq "$ROUNDS"); do
    if [ $((round % 2)) = 1 ]; then off=$(measured off 0); on=$(measured on 1000000000)
    else on=$(measured on 1000000000); off=$(measured off 0); fi
    echo "$off $on" >> "$WORK/rows"
    awk -v r="$round" -v a="$off" -v b="$on" 'BEGIN { printf "| %d | %.0f | %.0f | %.4f |\n", r, a, b, b / a }'
done
[ "$ROUNDS" -gt 1 ] && awk '{ off += $1; on += $2; n++ } END { printf "| mean | %.0f | %.0f | %.4f |\n", off / n, on / n, on / off }' "$WORK/rows"
echo
echo "GET $PATH_UNDER_TEST under callgrind, $REQUESTS requests after $WARMUP_REQUESTS warm-up, $CONNECTIONS keep-alive connections; server $SERVER"
