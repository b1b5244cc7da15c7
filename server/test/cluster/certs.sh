#!/usr/bin/env bash
# Makes a fresh CA and the certificates and keys of one control-plane start
# in $1 (all for 127.0.0.1 only). Sourced by up.sh.
set -euo pipefail

make_certs() {
  local dir="$1"
  mkdir -p "$dir"
  cd "$dir"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 \
    -subj "/CN=cellpipe-test-ca" 2>/dev/null
  openssl genrsa -out sa.key 2048 2>/dev/null
  openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
  sign apiserver "/CN=kube-apiserver" "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,IP:10.0.0.1"
  sign admin "/O=system:masters/CN=cellpipe-admin" ""
  sign controller-manager "/CN=system:kube-controller-manager" ""
  sign scheduler "/CN=system:kube-scheduler" ""
  sign kwok "/O=system:masters/CN=kwok" "subjectAltName=IP:127.0.0.1,DNS:localhost"
  sign user "/CN=cellpipe-user" ""
  cd - >/dev/null
}

# sign NAME SUBJECT [EXTENSION]: a key and a certificate signed by the CA.
sign() {
  local name="$1" subject="$2" ext="$3"
  openssl req -newkey rsa:2048 -nodes -keyout "$name.key" -out "$name.csr" -subj "$subject" 2>/dev/null
  if [[ -n "$ext" ]]; then
    openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$name.crt" \
      -days 2 -extfile <(echo "$ext") 2>/dev/null
  else
    openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$name.crt" -days 2 2>/dev/null
  fi
  rm -f "$name.csr"
}

# kubeconfig FILE SERVER CERT_NAME: a kubeconfig using that client certificate.
kubeconfig() {
  local file="$1" server="$2" name="$3" dir; dir="$(dirname "$file")"
  cat > "$file" <<YAML
apiVersion: v1
kind: Config
clusters:
- name: cellpipe-test
  cluster:
    server: $server
    certificate-authority: $dir/pki/ca.crt
users:
- name: $name
  user:
    client-certificate: $dir/pki/$name.crt
    client-key: $dir/pki/$name.key
contexts:
- name: cellpipe-test
  context: {cluster: cellpipe-test, user: $name, namespace: default}
current-context: cellpipe-test
YAML
}
