#!/usr/bin/env bash
# Renders a kustomization (default: deploy/kustomize/base) to stdout with
# the real kustomize: kubectl's built-in one when kubectl is installed, else
# kustomize v5 built once from its Go module into the test cache.
set -euo pipefail

DIR="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/deploy/kustomize/base}"
VERSION="${CELLPIPE_KUSTOMIZE_VERSION:-v5.5.0}"
CACHE="${CELLPIPE_K8S_CACHE:-$HOME/.cache/cellpipe/k8s}"
BIN="$CACHE/kustomize-$VERSION"

if command -v kubectl >/dev/null 2>&1 && kubectl kustomize --help >/dev/null 2>&1; then
  exec kubectl kustomize "$DIR"
fi
if [[ ! -x "$BIN/kustomize" ]]; then
  printf '==> building kustomize %s into %s\n' "$VERSION" "$BIN" >&2
  CGO_ENABLED=0 GOTOOLCHAIN=local GOBIN="$BIN" \
    go install "sigs.k8s.io/kustomize/kustomize/v5@$VERSION" >&2
fi
exec "$BIN/kustomize" build "$DIR"
