#!/usr/bin/env bash
# Builds the test control plane's binaries from Go modules (no Docker here):
# kube-apiserver, kube-controller-manager, kube-scheduler (k8s.io/kubernetes
# through a harness module that replaces each staging module with its
# published v0.x.y), etcd 3.6 (a harness module too), and kwok.
# Binaries are cached outside the repo, keyed by version; a cached version is
# not rebuilt. Prints the bin folder as its last line.
set -euo pipefail

K8S_VERSION="${CELLPIPE_K8S_VERSION:-v1.36.3}"
ETCD_VERSION="${CELLPIPE_ETCD_VERSION:-v3.6.16}"
KWOK_VERSION="${CELLPIPE_KWOK_VERSION:-v0.8.0}"
CACHE="${CELLPIPE_K8S_CACHE:-$HOME/.cache/cellpipe/k8s}"
BIN="$CACHE/bin-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION"
export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local

say() { printf '==> %s\n' "$*" >&2; }

build_kubernetes() {
  local dir="$CACHE/src/kubernetes-$K8S_VERSION" minor="${K8S_VERSION#v1.}"
  local staging="v0.${minor}"
  mkdir -p "$dir"
  say "kubernetes $K8S_VERSION (staging modules $staging) in $dir"
  local mod; mod="$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
  {
    echo "module cellpipe.test/kubernetes"
    echo
    echo "go 1.26.0"
    echo
    echo "godebug default=go1.26"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo
    grep -E '^\s+k8s.io/[a-z0-9-]+ => ./staging/' "$mod" | awk -v v="$staging" '{print "replace " $1 " => " $1 " " v}'
  } > "$dir/go.mod"
  cat > "$dir/tools.go" <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
)
GO
  local major="1" minorNum="${minor%%.*}"
  local ldflags=""
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minorNum"
  done
  (cd "$dir" && go mod tidy -e >/dev/null 2>&1 || true)
  for cmd in kube-apiserver kube-controller-manager kube-scheduler; do
    say "building $cmd"
    (cd "$dir" && go build -trimpath -ldflags "-s -w $ldflags" -o "$BIN/$cmd" "k8s.io/kubernetes/cmd/$cmd")
  done
}

build_etcd() {
  local dir="$CACHE/src/etcd-$ETCD_VERSION"
  mkdir -p "$dir"
  say "etcd $ETCD_VERSION in $dir"
  cat > "$dir/go.mod" <<MOD
module cellpipe.test/etcd

go 1.26.0

require go.etcd.io/etcd/server/v3 $ETCD_VERSION
MOD
  # Without an import, `go mod tidy` drops the requirement and the build takes @latest.
  cat > "$dir/tools.go" <<'GO'
//go:build tools

package tools

import _ "go.etcd.io/etcd/server/v3"
GO
  (cd "$dir" && go mod tidy -e >/dev/null 2>&1 || true)
  (cd "$dir" && go build -trimpath -ldflags "-s -w" -o "$BIN/etcd" go.etcd.io/etcd/server/v3)
}

build_kwok() {
  say "kwok $KWOK_VERSION"
  GOBIN="$BIN" go install "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  # kwok v0.8 ships no default stages: keep its module's stage configs beside the binary.
  local src; src="$(go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')"
  mkdir -p "$BIN/kwok-stages"
  cp -r "$src/kustomize/stage/." "$BIN/kwok-stages/"
  chmod -R u+w "$BIN/kwok-stages"
}

mkdir -p "$BIN"
[[ -x "$BIN/kube-apiserver" && -x "$BIN/kube-controller-manager" && -x "$BIN/kube-scheduler" ]] || build_kubernetes
[[ -x "$BIN/etcd" ]] || build_etcd
[[ -x "$BIN/kwok" ]] || build_kwok
echo "$BIN"
