#!/usr/bin/env bash
# Outbound calls (issue #16): gateway-style GETs per second through OutboundHTTPClient to a
# local nginx over plain HTTP and over TLS (a throwaway CA made with openssl), connections
# reused (keep-alive), in one run; then our server's RSS right after start and its peak RSS
# during a short /healthz load (wrk), as bench/run.sh measures them.
#
#   bench/outbound.sh        CALLS (20000 per row), DURATION (10 s of wrk), ROUNDS (2, interleaved)
#
# Needs: nginx, openssl, wrk. Release builds. Wall-clock figures on a shared machine are noise:
# compare rows of one run only, and state the load (uptime is printed).
set -euo pipefail
cd "$(dirname "$0")/.."
CALLS="${CALLS:-20000}"
DURATION="${DURATION:-10}"
ROUNDS="${ROUNDS:-2}"
PORT="${PORT:-18186}"
HTTP_PORT="${HTTP_PORT:-18187}"
HTTPS_PORT="${HTTPS_PORT:-18188}"
OUT="bench/results/outbound-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
swift build -c release --product MarketplaceServer 2>&1 | tail -1
swift build -c release --product OutboundBench 2>&1 | tail -1
WORK="$(mktemp -d)"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT

# A CA and a certificate for 127.0.0.1.
( cd "$WORK"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=bench-ca 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout leaf.key -out leaf.csr -subj /CN=127.0.0.1 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\n' > leaf.ext
  openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out leaf.pem -days 1 -extfile leaf.ext 2>/dev/null )
mkdir -p "$WORK/nginx/tmp"
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
pid nginx.pid;
error_log stderr warn;
events { worker_connections 1024; }
http {
    access_log off; server_tokens off; keepalive_requests 10000000; keepalive_timeout 60s;
    client_body_temp_path tmp/client_body; proxy_temp_path tmp/proxy; fastcgi_temp_path tmp/fastcgi;
    uwsgi_temp_path tmp/uwsgi; scgi_temp_path tmp/scgi;
    ssl_protocols TLSv1.2 TLSv1.3;
    server {
        listen 127.0.0.1:$HTTP_PORT;
        listen 127.0.0.1:$HTTPS_PORT ssl;
        ssl_certificate $WORK/leaf.pem; ssl_certificate_key $WORK/leaf.key;
        location / { default_type application/json; return 200 '{"status":"DONE","totalAmount":15000}'; }
    }
}
CONF
nginx -p "$WORK/nginx/" -c nginx.conf -e stderr -g 'daemon off;' 2> "$OUT/nginx.err" &
PIDS+=($!)
sleep 0.5

echo "load: $(uptime)" | tee "$OUT/load.txt"
{
echo "| round | target | concurrency | calls | calls/s | seconds |"
echo "|---|---|---|---|---|---|"
for round in $(seq "$ROUNDS"); do
    for concurrency in 1 16; do
        for scheme in http https; do
            port=$HTTP_PORT; [ "$scheme" = https ] && port=$HTTPS_PORT
            read -r rate seconds < <(.build/release/OutboundBench "$scheme://127.0.0.1:$port/v1/payments/x" "$CALLS" "$concurrency" "$WORK/ca.pem")
            printf "| %s | nginx %s | %s | %s | %s | %.2f |\n" "$round" "$scheme" "$concurrency" "$CALLS" "$rate" "$seconds"
        done
    done
done
} | tee "$OUT/calls.md"

# Our server's RSS: right after start, and the peak under a short /healthz load.
DATA="$WORK/data"
MARKETPLACE_LOG_LEVEL=warning .build/release/MarketplaceServer --host 127.0.0.1 --port "$PORT" --data-dir "$DATA" > "$OUT/server.out" 2> "$OUT/server.err" &
SERVER=$!
PIDS+=($SERVER)
for _ in $(seq 100); do grep -q listening "$OUT/server.out" 2>/dev/null && break; sleep 0.1; done
sleep 1
start_rss=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' /proc/$SERVER/status)
wrk -t2 -c256 -d"${DURATION}s" "http://127.0.0.1:$PORT/healthz" > "$OUT/wrk.txt"
peak_rss=$(awk '/VmHWM/ {printf "%.1f", $2/1024}' /proc/$SERVER/status)
rps=$(awk '/Requests\/sec/ {printf "%d", $2}' "$OUT/wrk.txt")
libs=$(ldd .build/release/MarketplaceServer | wc -l)
{
echo
echo "| server RSS after start | peak RSS, wrk -t2 -c256 ${DURATION}s /healthz | req/s | shared libraries (ldd) |"
echo "|---|---|---|---|"
echo "| $start_rss MiB | $peak_rss MiB | $rps | $libs |"
} | tee "$OUT/rss.md"
