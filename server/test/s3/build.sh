#!/usr/bin/env bash
# Builds versitygw (Apache-2.0; an S3 gateway, here over its posix backend: a
# folder is the bucket store) from its Go module. Cached outside the repo by
# version: a cached version is not rebuilt. Prints the binary's path last.
set -euo pipefail

VERSION="${CELLPIPE_VERSITYGW_VERSION:-v1.8.0}"
CACHE="${CELLPIPE_S3_CACHE:-$HOME/.cache/cellpipe/versitygw}"
BIN="$CACHE/bin-$VERSION"
export CGO_ENABLED=0 GOTOOLCHAIN=local

if [[ ! -x "$BIN/versitygw" ]]; then
  printf '==> building versitygw %s into %s\n' "$VERSION" "$BIN" >&2
  mkdir -p "$BIN"
  GOBIN="$BIN" go install -trimpath -ldflags "-s -w" \
    "github.com/versity/versitygw/cmd/versitygw@$VERSION"
fi
echo "$BIN/versitygw"
