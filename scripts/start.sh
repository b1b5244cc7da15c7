#!/usr/bin/env bash
# Installs what is needed (idempotent) and starts JupyterLab with Cellpipe.
# The Cellpipe server starts on first use, behind Jupyter, with the local executor.
# Extra arguments go to `jupyter lab`, e.g. `scripts/start.sh --no-browser --port 8890`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
export PATH="$ROOT/.venv/bin:$PATH"
ARGS=(--ServerApp.ip=127.0.0.1)
# Jupyter refuses to run as root unless told; these machines and containers often are root.
[[ "$(id -u)" == 0 ]] && ARGS+=(--allow-root)
exec jupyter lab "${ARGS[@]}" "$@"
