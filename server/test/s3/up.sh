#!/usr/bin/env bash
# Starts a real S3-compatible server (versitygw, posix backend) on 127.0.0.1
# for the tests, with fresh data and a test bucket. Prints `export` lines
# (endpoint, credentials, bucket) the tests read; `down.sh` stops exactly what
# this started (PID file). Usage: eval "$(server/test/s3/up.sh)"
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

STATE="${CELLPIPE_S3_DIR:-$HOME/.cache/cellpipe/s3}"
PORT="${CELLPIPE_S3_PORT:-27070}"
ACCESS="${CELLPIPE_S3_TEST_ACCESS_KEY:-cellpipe-test}"
SECRET="${CELLPIPE_S3_TEST_SECRET_KEY:-cellpipe-test-secret}"
BUCKET="${CELLPIPE_S3_TEST_BUCKET:-cellpipe-test}"
BIN="$("$HERE/build.sh" | tail -1)"

say() { printf '==> %s\n' "$*" >&2; }

"$HERE/down.sh" >/dev/null 2>&1 || true
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  say "port $PORT on 127.0.0.1 is already in use:"; ss -ltnp "sport = :$PORT" >&2 || true
  exit 1
fi
rm -rf "$STATE" && mkdir -p "$STATE/data" "$STATE/meta"
# posix backend: each folder under data/ is a bucket; metadata as sidecar files
# (xattrs are not available on every filesystem, overlayfs in containers say).
ROOT_ACCESS_KEY_ID="$ACCESS" ROOT_SECRET_ACCESS_KEY="$SECRET" \
  "$BIN" --port "127.0.0.1:$PORT" --quiet posix --sidecar "$STATE/meta" "$STATE/data" \
  >"$STATE/versitygw.log" 2>&1 &
echo $! >"$STATE/versitygw.pid"
for _ in $(seq 1 100); do
  if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then break; fi
  if ! kill -0 "$(cat "$STATE/versitygw.pid")" 2>/dev/null; then
    say "versitygw exited:"; tail -n 20 "$STATE/versitygw.log" >&2; exit 1
  fi
  sleep 0.1
done
# The bucket through the S3 API (CreateBucket), so it has an owner like any other.
EMPTY_SHA256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
curl -sf -X PUT --aws-sigv4 "aws:amz:us-east-1:s3" --user "$ACCESS:$SECRET" \
  -H "x-amz-content-sha256: $EMPTY_SHA256" \
  "http://127.0.0.1:$PORT/$BUCKET" >/dev/null || { say "could not create bucket $BUCKET"; exit 1; }
say "versitygw on http://127.0.0.1:$PORT, bucket $BUCKET"
cat <<VARS
export CELLPIPE_TEST_S3_ENDPOINT=http://127.0.0.1:$PORT
export CELLPIPE_TEST_S3_ACCESS_KEY=$ACCESS
export CELLPIPE_TEST_S3_SECRET_KEY=$SECRET
export CELLPIPE_TEST_S3_BUCKET=$BUCKET
VARS
