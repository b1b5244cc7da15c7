"""How jupyter-server-proxy starts the Cellpipe server (entry point
``jupyter_serverproxy_servers``).

The server is reached at ``<base_url>cellpipe/``, so Jupyter authenticates every
request, websockets included. The server itself listens on 127.0.0.1 and demands
a token. Each server process makes its own and writes it to a new 0600 file in a
private folder; the proxy takes it from there (and deletes the file) before it
forwards the first request, then adds it to every request in
``X-Cellpipe-Proxy-Token``. So the token is in neither the server's command line
nor its environment (``/proc/<pid>/environ`` shows what a process started with),
where a step's code could read it, and a restarted server gets a new one.
``Authorization`` is left as the client sent it: the server then knows when
Jupyter authenticated a request by token, which needs no XSRF check.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from cellpipe.launcher import (
    NodeNotFoundError,
    server_command,
    server_dir,
    server_is_built,
    server_script,
)

log = logging.getLogger(__name__)

#: The header the server accepts from the proxy (server/src/auth/TokenAuth.ts).
PROXY_TOKEN_HEADER = "X-Cellpipe-Proxy-Token"


def serve_args(token_file: Path, notebook_root: str | None = None) -> list[str]:
    """The `cellpipe serve` arguments the proxy starts the server with."""
    args = ["serve", "--host", "127.0.0.1", "--port", "{port}", "--write-token", str(token_file)]
    if notebook_root:
        # The proxy fills in {port} with str.format: braces in a path are doubled.
        root = notebook_root.replace("{", "{{").replace("}", "}}")
        args += ["--notebook-root", root]
    return args


def jupyter_root_dir() -> str | None:
    """Jupyter's root_dir, which notebook paths are relative to (the proxy starts the
    server in Jupyter's own working folder, which may be another)."""
    try:
        from jupyter_server.serverapp import ServerApp
    except ImportError:
        return None
    if not ServerApp.initialized():
        return None
    return os.path.abspath(os.path.expanduser(ServerApp.instance().root_dir))


def token_reader(token_file: Path) -> Callable[[], dict]:
    """The proxy's request headers: the token the running server wrote,
    taken (read and deleted) as soon as it appears, the last one kept."""
    current = {"token": ""}

    def headers() -> dict:
        try:
            token = token_file.read_text().strip()
        except FileNotFoundError:
            token = ""
        if token:
            token_file.unlink(missing_ok=True)
            current["token"] = token
        return {PROXY_TOKEN_HEADER: current["token"]} if current["token"] else {}

    return headers


def setup_cellpipe() -> dict:
    server = server_dir()
    if not server_is_built(server):
        log.warning(
            "Cellpipe server is not built at %s: run the README's setup command "
            "(or set CELLPIPE_SERVER_DIR); the Pipelines panel will say it cannot start.",
            server,
        )
    # A private folder (mode 0700) of this Jupyter process for the handover.
    folder = tempfile.mkdtemp(prefix="cellpipe-")
    atexit.register(shutil.rmtree, folder, True)
    token_file = Path(folder) / "token"
    serve = serve_args(token_file, jupyter_root_dir())
    try:
        # Found when Jupyter starts, so a missing Node.js is in its log at once.
        command = server_command(*serve)
    except NodeNotFoundError as err:
        log.error("Cellpipe server cannot start: %s", err)
        command = ["node", str(server_script(server)), *serve]
    return {
        "command": command,
        "environment": {
            # Steps run with the Python of the environment that runs Jupyter,
            # the one the notebook's kernel normally uses.
            "CELLPIPE_PYTHON": os.environ.get("CELLPIPE_PYTHON", sys.executable),
        },
        "request_headers_override": token_reader(token_file),
        "timeout": 30,
        "absolute_url": False,
        "launcher_entry": {"enabled": False},
        "new_browser_tab": False,
    }
