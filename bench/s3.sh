#!/usr/bin/env bash
# /s3 beside /blobs on the same 200 KiB object, and the server's RSS during a large
# multipart `aws s3 cp` (issue #18). Runs on its own:
#   bench/s3.sh               (expects .build/release/MarketplaceServer; builds it when missing)
# Knobs: DURATION (5 s per wrk run), ROUNDS (3 interleaved /blobs–/s3 rounds), S3_PORT (18190),
#        BLOB_KIB (200), UPLOAD_MIB (1024: the multipart upload's size; 0 skips it).
# Each wrk run also reads the server's CPU time (utime + stime from /proc) before and after,
# so each row has CPU µs per request: steadier than req/s on a machine others are loading.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${S3_PORT:-18190}"
DURATION="${DURATION:-5}"
ROUNDS="${ROUNDS:-3}"
KIB="${BLOB_KIB:-200}"
UPLOAD_MIB="${UPLOAD_MIB:-1024}"
KEY_ID=AKIABENCHMARK SECRET=bench-secret-key-0123456789
[ -x .build/release/MarketplaceServer ] || swift build -c release --product MarketplaceServer 2>&1 | tail -1
DATA="$(mktemp -d)"
(trap '' PIPE; MARKETPLACE_LOG_LEVEL=warning MARKETPLACE_LIMITS_REQUESTS_PER_MINUTE=0 \
    MARKETPLACE_STORAGE_S3_ACCESS_KEY_ID=$KEY_ID MARKETPLACE_STORAGE_S3_SECRET_ACCESS_KEY=$SECRET \
    exec .build/release/MarketplaceServer --host 127.0.0.1 --port "$PORT" --data-dir "$DATA/server" > "$DATA/out" 2> "$DATA/err") &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; [ -n "${KEEP:-}" ] && echo "kept $DATA" || rm -rf "$DATA"' EXIT
for _ in $(seq 100); do grep -q listening "$DATA/out" 2>/dev/null && break; sleep 0.1; done
ENDPOINT="http://127.0.0.1:$PORT/s3"
export AWS_ACCESS_KEY_ID=$KEY_ID AWS_SECRET_ACCESS_KEY=$SECRET AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE="$DATA/aws-config" AWS_SHARED_CREDENTIALS_FILE="$DATA/none"
printf '[default]\ns3 =\n    addressing_style = path\n' > "$AWS_CONFIG_FILE"

# One object, written through /s3, read through both; a presigned URL (valid a week) for wrk.
python3 -c "import os, sys; sys.stdout.buffer.write(os.urandom($KIB * 1024))" > "$DATA/object.bin"
S3_URL=$(python3 - "$ENDPOINT" "$DATA/object.bin" <<'PY'
import sys, boto3
from botocore.config import Config
s3 = boto3.client("s3", endpoint_url=sys.argv[1], config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
s3.create_bucket(Bucket="bench")
s3.put_object(Bucket="bench", Key="object.bin", Body=open(sys.argv[2], "rb").read(), ContentType="image/png")
print(s3.generate_presigned_url("get_object", Params={"Bucket": "bench", "Key": "object.bin"}, ExpiresIn=604800))
PY
)
BLOB_URL="http://127.0.0.1:$PORT/blobs/bench/object.bin"
for url in "$S3_URL" "$BLOB_URL"; do curl -sf "$url" | cmp -s - "$DATA/object.bin" || { echo "bytes differ at $url" >&2; exit 1; }; done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
run_wrk() {  # name url
    local before after rps requests
    wrk -t1 -c16 -d1s "$2" > /dev/null
    before=$(cpu_ticks)
    wrk --latency -t1 -c64 -d"${DURATION}s" "$2" > "$DATA/wrk.txt"
    after=$(cpu_ticks)
    rps=$(awk '/Requests\/sec/ {print $2}' "$DATA/wrk.txt")
    requests=$(awk '/requests in/ {print $1}' "$DATA/wrk.txt")
    awk -v name="$1" -v rps="$rps" -v n="$requests" -v cpu="$((after - before))" -v hz="$(getconf CLK_TCK)" '
        $1 == "50%" {p50 = $2} $1 == "99%" {p99 = $2} /Socket errors|Non-2xx/ {errors = errors $0 " "}
        END { printf "| %s | %d | %.0f | %s | %s | %s |\n", name, rps, cpu / hz * 1e6 / n, p50, p99, (errors == "" ? "0" : errors) }' "$DATA/wrk.txt"
}
echo "| GET of one $KIB KiB object, wrk -t1 -c64, ${DURATION} s | req/s | server CPU µs/req | p50 | p99 | errors |"
echo "|---|---|---|---|---|---|"
for round in $(seq "$ROUNDS"); do
    run_wrk "/blobs (round $round)" "$BLOB_URL"
    run_wrk "/s3 presigned (round $round)" "$S3_URL"
done

if [ "$UPLOAD_MIB" -gt 0 ]; then
    head -c "$((UPLOAD_MIB << 20))" /dev/urandom > "$DATA/upload.bin"
    peak=0
    start=$(date +%s.%N)
    aws --endpoint-url "$ENDPOINT" s3 cp "$DATA/upload.bin" s3://bench/upload.bin > /dev/null &
    CP=$!
    while kill -0 $CP 2> /dev/null; do
        rss=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER/status")
        [ "$rss" -gt "$peak" ] && peak=$rss
        sleep 0.1
    done
    wait $CP
    seconds=$(echo "$(date +%s.%N) - $start" | bc)
    etag=$(aws --endpoint-url "$ENDPOINT" s3api head-object --bucket bench --key upload.bin --query ETag --output text)
    printf '\naws s3 cp of %d MiB: %.1f s, ETag %s, server peak RSS %.1f MiB (sampled every 0.1 s)\n' \
        "$UPLOAD_MIB" "$seconds" "$etag" "$(echo "$peak / 1024" | bc -l)"
fi
