#!/usr/bin/env bash
# What the general rate limit costs on the request path: GET /api/v1/categories (a cheap API
# route answered from the per-generation cache; /healthz and /readyz are exempt from the
# limit, so they would measure nothing) on two servers started side by side, one with
# limits.requestsPerMinute=0 (off) and one with 1,000,000,000 (on: every request is counted,
# checked and gets the RateLimit fields, none is refused). Runs alternate off, on, on, off, …
# in one session so drifting load hits both alike; each row gives req/s and the server's
# CPU time per request (utime + stime from /proc, less sensitive to wrk sharing the cores).
# Called by run.sh; on its own:
#   bench/ratelimit.sh       (expects .build/release/MarketplaceServer; builds it when missing)
# Knobs: DURATION (10 s per run), WARMUP (3 s), ROUNDS (3), CONNECTIONS (64), RATELIMIT_PORT (18191, and +1);
# OFF_LIMIT / ON_LIMIT (0 / 1000000000) for a calibration run with both sides alike; SERVER (the binary).
# On a shared machine wrk cannot resolve a few percent; bench/ratelimit_instructions.sh counts
# instructions per request under callgrind instead.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${RATELIMIT_PORT:-18191}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-3}"
ROUNDS="${ROUNDS:-3}"
CONNECTIONS="${CONNECTIONS:-64}"
PATH_UNDER_TEST=/api/v1/categories
SERVER="${SERVER:-.build/release/MarketplaceServer}"
[ -x "$SERVER" ] || swift build -c release --product MarketplaceServer 2>&1 | tail -1
WORK="$(mktemp -d)"
PIDS=()
trap 'for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT

start() {  # name port requestsPerMinute
    mkdir -p "$WORK/$1"
    MARKETPLACE_LOG_LEVEL=warning MARKETPLACE_LIMITS_REQUESTS_PER_MINUTE="$3" \
        "$SERVER" --host 127.0.0.1 --port "$2" --data-dir "$WORK/$1/data" > "$WORK/$1/out" 2> "$WORK/$1/err" &
    PIDS+=($!)
    for _ in $(seq 100); do grep -q listening "$WORK/$1/out" 2>/dev/null && break; sleep 0.1; done
}
start off "$PORT" "${OFF_LIMIT:-0}"
OFF_PID=${PIDS[0]}
start on "$((PORT + 1))" "${ON_LIMIT:-1000000000}"
ON_PID=${PIDS[1]}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # utime + stime, in clock ticks
TICK=$(getconf CLK_TCK)

run() {  # name port pid -> "req/s cpu-µs-per-request non2xx"
    local url="http://127.0.0.1:$2$PATH_UNDER_TEST" out="$WORK/wrk-$1.txt"
    wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" "$url" > /dev/null
    local before after
    before=$(cpu_ticks "$3")
    wrk --timeout 10s -t2 -c"$CONNECTIONS" -d"${DURATION}s" "$url" > "$out"
    after=$(cpu_ticks "$3")
    awk -v b="$before" -v a="$after" -v tick="$TICK" '
        /requests in/ {n = $1}
        /Requests\/sec/ {rps = $2}
        /Non-2xx/ {bad = $NF}
        END {printf "%d %.2f %d\n", rps, (a - b) / tick * 1e6 / n, bad + 0}' "$out"
}

# The on server answers with the fields, the off server without: check before measuring.
if [ -z "${OFF_LIMIT:-}${ON_LIMIT:-}" ]; then
    curl -s -D - -o /dev/null "http://127.0.0.1:$((PORT + 1))$PATH_UNDER_TEST" | grep -qi '^RateLimit:' \
        || { echo "bench/ratelimit.sh: the limited server sends no RateLimit field" >&2; exit 1; }
    if curl -s -D - -o /dev/null "http://127.0.0.1:$PORT$PATH_UNDER_TEST" | grep -qi '^RateLimit:'; then
        echo "bench/ratelimit.sh: the unlimited server sends RateLimit fields" >&2; exit 1
    fi
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "| round | limiter off req/s | limiter on req/s | off CPU µs/req | on CPU µs/req | non-2xx (off / on) |"
echo "|---|---|---|---|---|---|"
: > "$WORK/rows"
for round in $(seq "$ROUNDS"); do
    # Odd rounds run off first, even rounds on first, so load that rises or falls during a
    # round does not always favour the same side.
    if [ $((round % 2)) = 1 ]; then
        read -r off_rps off_cpu off_bad < <(run off "$PORT" "$OFF_PID")
        read -r on_rps on_cpu on_bad < <(run on "$((PORT + 1))" "$ON_PID")
    else
        read -r on_rps on_cpu on_bad < <(run on "$((PORT + 1))" "$ON_PID")
        read -r off_rps off_cpu off_bad < <(run off "$PORT" "$OFF_PID")
    fi
    echo "$off_rps $on_rps $off_cpu $on_cpu" >> "$WORK/rows"
    printf "| %d | %'d | %'d | %s | %s | %d / %d |\n" "$round" "$off_rps" "$on_rps" "$off_cpu" "$on_cpu" "$off_bad" "$on_bad"
done
awk '{ off += $1; on += $2; offc += $3; onc += $4; n++ }
     END { printf "| mean | %d | %d | %.2f | %.2f | on / off: %.3f req/s, %.3f CPU per request |\n",
                  off / n, on / n, offc / n, onc / n, on / off, onc / offc }' "$WORK/rows"
# The median of each round's own ratio: one round disturbed by a neighbour's build moves it least.
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
rps_ratio=$(awk '{ print $2 / $1 }' "$WORK/rows" | median)
cpu_ratio=$(awk '{ print $4 / $3 }' "$WORK/rows" | median)
printf "| median of the rounds' ratios | | | | | on / off: %.3f req/s, %.3f CPU per request |\n" "$rps_ratio" "$cpu_ratio"

# Where wrk's numbers drown in a busy machine's noise, a profile still says what share of the
# server's CPU the limiter takes: perf's samples inside RateLimiter.admit and .decorate
# (inclusive of what they call) while wrk loads the on server. Skipped without perf.
if command -v perf > /dev/null && [ -z "${OFF_LIMIT:-}${ON_LIMIT:-}" ]; then
    wrk -t2 -c"$CONNECTIONS" -d"$((DURATION + 2))s" "http://127.0.0.1:$((PORT + 1))$PATH_UNDER_TEST" > /dev/null &
    WRK=$!
    sleep 1
    if perf record -F 999 -g -p "$ON_PID" -o "$WORK/perf.data" -- sleep "$DURATION" > /dev/null 2>&1; then
        wait $WRK
        perf report -i "$WORK/perf.data" --children --sort symbol --stdio -g none 2> /dev/null \
            | awk '/RateLimiterC5admit_2at/ && !admit {admit = $1} /RateLimiterC8decorate/ && !decorate {decorate = $1}
                   END { gsub("%", "", admit); gsub("%", "", decorate)
                         printf "\nperf, on server: RateLimiter.admit %.2f %% + RateLimiter.decorate %.2f %% = %.2f %% of its CPU samples\n",
                                admit, decorate, admit + decorate }'
    else
        wait $WRK
        echo; echo "perf record not permitted here (perf_event_paranoid): no profile"
    fi
fi
echo
echo "GET $PATH_UNDER_TEST, wrk -t2 -c$CONNECTIONS ${DURATION}s per run after ${WARMUP}s warm-up, $ROUNDS rounds alternating;" \
     "load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores shared by wrk and the servers"
