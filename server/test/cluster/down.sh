#!/usr/bin/env bash
# Stops exactly the processes up.sh started (its PID files), newest first.
set -uo pipefail
STATE="${CELLPIPE_CLUSTER_DIR:-$HOME/.cache/cellpipe/cluster}"
for name in kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
  file="$STATE/pids/$name.pid"
  [[ -f "$file" ]] || continue
  pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$file"
done
