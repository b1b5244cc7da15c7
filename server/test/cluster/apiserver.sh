#!/usr/bin/env bash
# Stops or starts only the test cluster's kube-apiserver (outage tests), with
# the arguments up.sh recorded. `stop` waits until the process is gone,
# `start` until /readyz answers. etcd keeps the state meanwhile.
set -euo pipefail
STATE="${CELLPIPE_CLUSTER_DIR:-$HOME/.cache/cellpipe/cluster}"
API_PORT="${CELLPIPE_APISERVER_PORT:-26443}"
PIDFILE="$STATE/pids/kube-apiserver.pid"

case "${1:-}" in
  stop)
    pid="$(cat "$PIDFILE")"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    ;;
  start)
    # Already running: a second one could not bind the port, and its PID would
    # replace the running one's in the PID file (down.sh would then miss it).
    if [[ -f "$PIDFILE" ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
      exit 0
    fi
    mapfile -d '' cmd < "$STATE/apiserver.cmd"
    # No setsid: it may fork, and then $! would not be the API server's PID.
    "${cmd[@]}" >>"$STATE/logs/kube-apiserver.log" 2>&1 < /dev/null &
    echo $! > "$PIDFILE"
    for _ in $(seq 1 450); do
      if curl -sf --cacert "$STATE/pki/ca.crt" --cert "$STATE/pki/admin.crt" --key "$STATE/pki/admin.key" \
        "https://127.0.0.1:$API_PORT/readyz" >/dev/null 2>&1; then
        exit 0
      fi
      sleep 0.2
    done
    echo "kube-apiserver did not come back" >&2; exit 1
    ;;
  *) echo "usage: $0 stop|start" >&2; exit 2 ;;
esac
