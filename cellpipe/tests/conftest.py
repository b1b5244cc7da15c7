"""A real Jupyter server with a token, the Cellpipe proxy entry point installed,
and the real Node server behind it. Bound to 127.0.0.1, stopped by PID."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class JupyterServer:
    url: str
    token: str
    process: subprocess.Popen

    def children(self) -> list[int]:
        """PIDs of processes whose parent is this Jupyter server."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == self.process.pid:
                found.append(int(entry.name))
        return found


def wait_until_up(url: str, token: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jupyter server exited:\n{log.read_text()}")
        try:
            req = urllib.request.Request(
                f"{url}api/status", headers={"Authorization": f"token {token}"}
            )
            with urllib.request.urlopen(req, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    raise RuntimeError(f"jupyter server did not start:\n{log.read_text()}")


@pytest.fixture(scope="session")
def jupyter(tmp_path_factory) -> JupyterServer:
    root = tmp_path_factory.mktemp("jupyter-root")
    log = root.parent / "jupyter.log"
    port, token = free_port(), secrets.token_hex(16)
    url = f"http://127.0.0.1:{port}/"
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        "server",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        "--ServerApp.open_browser=False",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.allow_root=True",
    ]
    env = {**os.environ, "CELLPIPE_HOME": str(root / ".cellpipe")}
    with log.open("w") as out:
        process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        wait_until_up(url, token, process, log)
        yield JupyterServer(url=url, token=token, process=process)
    finally:
        server = JupyterServer(url=url, token=token, process=process)
        children = server.children()
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        for pid in children:  # the proxied Node server, if Jupyter left it running
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
