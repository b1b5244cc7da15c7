"""How jupyter-server-proxy starts the Cellpipe server (entry point
``jupyter_serverproxy_servers``).

The server is reached at ``<base_url>cellpipe/``, so Jupyter authenticates every
request, websockets included. The server itself listens on 127.0.0.1 and demands
a token; the token is made here once per Jupyter launch, passed to the server in
its environment (not on the command line, where ``ps`` would show it) and added
by the proxy to every request it forwards. Nothing reaches the server without
going through Jupyter's login.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import sys
from pathlib import Path

log = logging.getLogger(__name__)


def server_dir() -> Path:
    """The ``server/`` package: ``$CELLPIPE_SERVER_DIR`` or the checkout's."""
    configured = os.environ.get("CELLPIPE_SERVER_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parent.parent / "server"


def node_executable() -> str:
    """Node.js 20+: ``$CELLPIPE_NODE`` or ``node`` on the PATH."""
    return os.environ.get("CELLPIPE_NODE") or shutil.which("node") or "node"


def server_command(server: Path, node: str) -> list[str]:
    return [
        node,
        str(server / "bin" / "cellpipe"),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        "{port}",
    ]


def setup_cellpipe() -> dict:
    server = server_dir()
    if not (server / "dist" / "cli" / "main.js").exists():
        log.warning(
            "Cellpipe server is not built at %s: run the README's setup command "
            "(or set CELLPIPE_SERVER_DIR); the Pipelines panel will say it cannot start.",
            server,
        )
    token = secrets.token_hex(32)
    return {
        "command": server_command(server, node_executable()),
        "environment": {
            "CELLPIPE_TOKEN": token,
            # Steps run with the Python of the environment that runs Jupyter,
            # the one the notebook's kernel normally uses.
            "CELLPIPE_PYTHON": os.environ.get("CELLPIPE_PYTHON", sys.executable),
        },
        "request_headers_override": {"Authorization": f"token {token}"},
        "timeout": 30,
        "absolute_url": False,
        "launcher_entry": {"enabled": False},
        "new_browser_tab": False,
    }
