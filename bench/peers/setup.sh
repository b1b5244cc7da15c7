#!/usr/bin/env bash
# Creates one virtual environment per peer tool under $CELLPIPE_PEERS_HOME
# (default ~/.cache/cellpipe/peers), outside the checkout, from the package registry pip is
# configured for. Each environment also gets the ML libraries at the versions this checkout
# pins (requirements.txt), so the ML row compares the tools, not library versions.
# A tool that does not install is reported plainly and left out of the table ("n/a (why)").
#
#   bench/peers/setup.sh            # all tools
#   bench/peers/setup.sh kfp kale   # some of them
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PEERS_HOME="${CELLPIPE_PEERS_HOME:-$HOME/.cache/cellpipe/peers}"
# The real interpreter, not a pyenv shim (a shim adds ~40 ms to every start).
PYTHON="${CELLPIPE_PEERS_PYTHON:-$(python3 -c 'import sys; print(sys.executable)')}"
mkdir -p "$PEERS_HOME"

pin() { grep -i -E "^$1==" "$ROOT/requirements.txt" | head -1; }
ML=("$(pin numpy)" "$(pin pandas)" "$(pin scikit-learn)")

# Tool -> packages. Versions are pinned so a re-run measures the same thing.
declare -A PKGS=(
  [papermill]="papermill==2.7.0 ipykernel==7.4.0"
  # elyra-server holds the `elyra-pipeline` CLI and the local runtime without the
  # JupyterLab front-end extensions that the `elyra` meta-package pulls in.
  [elyra]="elyra-server==4.1.1 ipykernel==7.4.0"
  [kfp]="kfp==2.17.3"
  [kale]="kubeflow-kale==2.3.0"
)
TOOLS=("$@")
[ ${#TOOLS[@]} -eq 0 ] && TOOLS=(papermill elyra kfp kale)

status=0
for tool in "${TOOLS[@]}"; do
  venv="$PEERS_HOME/$tool"
  log="$PEERS_HOME/$tool.install.log"
  echo "== $tool -> $venv (log: $log)"
  rm -rf "$venv" "$PEERS_HOME/$tool.failed"
  start=$(date +%s)
  if "$PYTHON" -m venv "$venv" >"$log" 2>&1 &&
    "$venv/bin/python" -m pip install --upgrade pip >>"$log" 2>&1 &&
    # shellcheck disable=SC2086
    "$venv/bin/python" -m pip install ${PKGS[$tool]} "${ML[@]}" >>"$log" 2>&1; then
    echo "   installed in $(($(date +%s) - start)) s: ${PKGS[$tool]} ${ML[*]}"
    "$venv/bin/python" -m pip freeze >"$venv/freeze.txt" 2>/dev/null
  else
    why="$(grep -E '^(ERROR|error):' "$log" | tail -1)"
    echo "   NOT INSTALLED: ${why:-see $log}"
    echo "${why:-pip install failed, see $log}" >"$PEERS_HOME/$tool.failed"
    status=1
  fi
done
exit $status
