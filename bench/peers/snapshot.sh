#!/usr/bin/env bash
# Builds Cellpipe's server as of one commit into a folder outside the checkout, so that
# run.py can measure a commit (`--cellpipe DIR`) rather than a working tree other people are
# editing. Reuses this checkout's server/node_modules and .venv (symlinks): only the code
# under measurement comes from the commit.
#
#   bench/peers/snapshot.sh [REV]     # prints the folder to pass to run.py --cellpipe
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
REV="${1:-HEAD}"
SHA="$(git -C "$ROOT" rev-parse --short "$REV")"
DEST="${CELLPIPE_PEERS_HOME:-$HOME/.cache/cellpipe/peers}/cellpipe-$SHA"
rm -rf "$DEST"
mkdir -p "$DEST"
git -C "$ROOT" archive --format=tar "$SHA" server package.json pyproject.toml | tar -x -C "$DEST"
ln -s "$ROOT/server/node_modules" "$DEST/server/node_modules"
ln -s "$ROOT/.venv" "$DEST/.venv"
(cd "$DEST/server" && PATH="$ROOT/.venv/bin:$PATH" npx tsc -p tsconfig.json) >&2
# run.py reads the commit from git; the snapshot is no repository, so it says it here.
echo "$SHA" >"$DEST/COMMIT"
echo "$DEST"
