#!/usr/bin/env bash
# Starts a real Kubernetes control plane on 127.0.0.1 for the tests: etcd,
# kube-apiserver, kube-controller-manager, kube-scheduler and kwok (which
# plays the kubelet: pods go Pending -> Running -> Succeeded without running
# code). Certificates are made per start. Prints the admin kubeconfig path as
# its last line. `down.sh` stops exactly what this started (PID files).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=certs.sh
source "$HERE/certs.sh"

STATE="${CELLPIPE_CLUSTER_DIR:-$HOME/.cache/cellpipe/cluster}"
ETCD_PORT="${CELLPIPE_ETCD_PORT:-23790}"
API_PORT="${CELLPIPE_APISERVER_PORT:-26443}"
BIN="$("$HERE/build.sh" | tail -1)"
API="https://127.0.0.1:$API_PORT"

say() { printf '==> %s\n' "$*" >&2; }

"$HERE/down.sh" >/dev/null 2>&1 || true
# A port still taken (e.g. by a control plane whose PID files are gone) would make
# a component fail later with a less clear message; nothing is killed by name.
for port in "$ETCD_PORT" "$API_PORT" "${CELLPIPE_KWOK_PORT:-10250}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    say "port $port on 127.0.0.1 is already in use:"; ss -ltnp "sport = :$port" >&2 || true
    exit 1
  fi
done
rm -rf "$STATE" && mkdir -p "$STATE/pids" "$STATE/logs"
make_certs "$STATE/pki"
for who in admin controller-manager scheduler kwok user; do
  kubeconfig "$STATE/$who.kubeconfig" "$API" "$who"
done

start() { # start NAME COMMAND...: in the background, logged, PID recorded
  local name="$1"; shift
  "$@" >"$STATE/logs/$name.log" 2>&1 &
  echo $! >"$STATE/pids/$name.pid"
}

wait_for() { # wait_for WHAT SECONDS COMMAND...
  local what="$1" seconds="$2"; shift 2
  for _ in $(seq 1 $((seconds * 5))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  say "$what did not come up; last log lines:"; tail -n 20 "$STATE/logs/"*.log >&2; exit 1
}

curl_api() { curl -sf --cacert "$STATE/pki/ca.crt" --cert "$STATE/pki/admin.crt" --key "$STATE/pki/admin.key" "$@"; }

say "etcd on 127.0.0.1:$ETCD_PORT"
start etcd "$BIN/etcd" --data-dir "$STATE/etcd" --name test \
  --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$((ETCD_PORT + 10))" --initial-advertise-peer-urls "http://127.0.0.1:$((ETCD_PORT + 10))" \
  --initial-cluster "test=http://127.0.0.1:$((ETCD_PORT + 10))" --log-level warn
wait_for etcd 30 curl -sf "http://127.0.0.1:$ETCD_PORT/health"

say "kube-apiserver on $API"
P="$STATE/pki"
APISERVER=("$BIN/kube-apiserver" --bind-address 127.0.0.1 --advertise-address 127.0.0.1 \
  --secure-port "$API_PORT" --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
  --tls-cert-file "$P/apiserver.crt" --tls-private-key-file "$P/apiserver.key" --client-ca-file "$P/ca.crt" \
  --service-account-key-file "$P/sa.pub" --service-account-signing-key-file "$P/sa.key" \
  --service-account-issuer https://kubernetes.default.svc --service-cluster-ip-range 10.0.0.0/24 \
  --authorization-mode Node,RBAC --allow-privileged=true --enable-priority-and-fairness=false \
  --audit-policy-file "$HERE/audit-policy.yaml" --audit-log-path "$STATE/logs/audit.log" --audit-log-format json)
# apiserver.sh stops and starts it again with exactly these arguments (outage tests).
printf '%s\0' "${APISERVER[@]}" > "$STATE/apiserver.cmd"
start kube-apiserver "${APISERVER[@]}"
wait_for kube-apiserver 90 curl_api "$API/readyz"

say "kube-controller-manager, kube-scheduler"
# Upstream's 20 QPS and 5 job syncs make the Job controller the bottleneck at a
# few hundred Jobs (the 200-step benchmark); production clusters raise them too.
start kube-controller-manager "$BIN/kube-controller-manager" --kubeconfig "$STATE/controller-manager.kubeconfig" \
  --bind-address 127.0.0.1 --secure-port 0 --service-account-private-key-file "$P/sa.key" --root-ca-file "$P/ca.crt" \
  --cluster-signing-cert-file "$P/ca.crt" --cluster-signing-key-file "$P/ca.key" --use-service-account-credentials \
  --leader-elect=false --controllers '*,-nodeipam' \
  --kube-api-qps 100 --kube-api-burst 200 --concurrent-job-syncs 20
start kube-scheduler "$BIN/kube-scheduler" --kubeconfig "$STATE/scheduler.kubeconfig" \
  --bind-address 127.0.0.1 --secure-port 0 --leader-elect=false

say "kwok with explicit stages"
STAGES=()
for f in node/fast/node-initialize.yaml node/heartbeat/node-heartbeat.yaml pod/general/pod-create.yaml \
         pod/general/pod-ready.yaml pod/general/pod-complete.yaml pod/general/pod-delete.yaml; do
  STAGES+=(--config "$BIN/kwok-stages/$f")
done
STAGES+=(--config "$HERE/stages/pod-fail.yaml")
# ClusterLogs: `pods/log` of every pod answers with these lines (pods run no code here).
# kwok reads the CRI log format: "<RFC3339Nano time> <stream> F <line>".
for i in 1 2 3; do
  printf '%s stdout F cellpipe test log line %s\n' "$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)" "$i"
done > "$STATE/pod.log"
cat > "$STATE/cluster-logs.yaml" <<YAML
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterLogs
metadata:
  name: cellpipe-test-logs
spec:
  selector: {}
  logs:
  - logsFile: $STATE/pod.log
    follow: false
YAML
STAGES+=(--config "$STATE/cluster-logs.yaml")
start kwok "$BIN/kwok" --kubeconfig "$STATE/kwok.kubeconfig" --manage-all-nodes=false \
  --manage-nodes-with-label-selector type=kwok --node-ip 127.0.0.1 --node-name localhost \
  --node-port "${CELLPIPE_KWOK_PORT:-10250}" \
  --server-address 127.0.0.1:"${CELLPIPE_KWOK_PORT:-10250}" --tls-cert-file "$P/kwok.crt" --tls-private-key-file "$P/kwok.key" \
  "${STAGES[@]}"

say "a kwok node"
curl_api -X POST -H 'Content-Type: application/json' "$API/api/v1/nodes" -d '{
  "apiVersion": "v1", "kind": "Node",
  "metadata": {"name": "kwok-node-0", "labels": {"type": "kwok", "kubernetes.io/hostname": "kwok-node-0"},
               "annotations": {"kwok.x-k8s.io/node": "fake", "node.alpha.kubernetes.io/ttl": "0"}},
  "spec": {}, "status": {"allocatable": {"cpu": "32", "memory": "256Gi", "pods": "1000", "nvidia.com/gpu": "8"},
                         "capacity": {"cpu": "32", "memory": "256Gi", "pods": "1000", "nvidia.com/gpu": "8"}}
}' >/dev/null
# Ready, and without the not-ready taint the node lifecycle controller removes.
node_ready() {
  curl_api "$API/api/v1/nodes/kwok-node-0" | python3 -c '
import json, sys
node = json.load(sys.stdin)
ready = any(c["type"] == "Ready" and c["status"] == "True" for c in node["status"].get("conditions", []))
sys.exit(0 if ready and not node["spec"].get("taints") else 1)'
}
wait_for "the kwok node" 60 node_ready

say "namespace cellpipe with a bound artifacts claim (interactive use, UI tests)"
post() { curl_api -X POST -H 'Content-Type: application/json' "$API$1" -d "$2" >/dev/null; }
mkdir -p "$STATE/artifacts"
post /api/v1/namespaces '{"metadata": {"name": "cellpipe"}}'
post /api/v1/persistentvolumes '{"metadata": {"name": "cellpipe-artifacts"}, "spec": {
  "accessModes": ["ReadWriteMany"], "storageClassName": "", "capacity": {"storage": "10Gi"},
  "hostPath": {"path": "'"$STATE/artifacts"'"}, "claimRef": {"namespace": "cellpipe", "name": "cellpipe-artifacts"}}}'
post /api/v1/namespaces/cellpipe/persistentvolumeclaims '{"metadata": {"name": "cellpipe-artifacts"}, "spec": {
  "accessModes": ["ReadWriteMany"], "storageClassName": "", "volumeName": "cellpipe-artifacts",
  "resources": {"requests": {"storage": "10Gi"}}}}'
say "control plane up; state in $STATE"
echo "$STATE/admin.kubeconfig"
