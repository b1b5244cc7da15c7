#!/usr/bin/env bash
# Stops exactly the server up.sh started (its PID file).
set -uo pipefail
STATE="${CELLPIPE_S3_DIR:-$HOME/.cache/cellpipe/s3}"
file="$STATE/versitygw.pid"
[[ -f "$file" ]] || exit 0
pid="$(cat "$file")"
if kill -0 "$pid" 2>/dev/null; then
  kill -TERM "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
fi
rm -f "$file"
