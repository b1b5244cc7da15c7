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
import sys

from cellpipe.launcher import (
    NodeNotFoundError,
    server_command,
    server_dir,
    server_is_built,
    server_script,
)

log = logging.getLogger(__name__)


def setup_cellpipe() -> dict:
    server = server_dir()
    if not server_is_built(server):
        log.warning(
            "Cellpipe server is not built at %s: run the README's setup command "
            "(or set CELLPIPE_SERVER_DIR); the Pipelines panel will say it cannot start.",
            server,
        )
    serve = ("serve", "--host", "127.0.0.1", "--port", "{port}")
    try:
        # Found when Jupyter starts, so a missing Node.js is in its log at once.
        command = server_command(*serve)
    except NodeNotFoundError as err:
        log.error("Cellpipe server cannot start: %s", err)
        command = ["node", str(server_script(server)), *serve]
    token = secrets.token_hex(32)
    return {
        "command": command,
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
