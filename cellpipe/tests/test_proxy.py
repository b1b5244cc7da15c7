"""Only browsers logged in to Jupyter reach the Cellpipe server: through
jupyter-server-proxy, over HTTP and websockets, and never around it."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from cellpipe.proxy import setup_cellpipe


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Jupyter answers an unauthenticated request with a redirect to its login
    page; following it would turn the refusal into a 200 for the login page."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def get(url: str, headers: dict | None = None) -> tuple[int, bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with _opener.open(req, timeout=30) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def version_via_proxy(jupyter) -> dict:
    status, body = get(
        f"{jupyter.url}cellpipe/api/version", {"Authorization": f"token {jupyter.token}"}
    )
    assert status == 200, body
    return json.loads(body)


def node_server_pid(jupyter) -> int:
    version_via_proxy(jupyter)  # the proxy starts the server on first use
    for pid in jupyter.children():
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        if any(part.endswith(b"bin/cellpipe") for part in cmdline):
            return pid
    raise AssertionError("no Cellpipe server process under Jupyter")


def ws_open(url: str, headers: dict | None = None) -> dict:
    async def run():
        conn = await websocket_connect(HTTPRequest(url, headers=headers or {}, connect_timeout=30))
        try:
            return json.loads(await asyncio.wait_for(conn.read_message(), 10))
        finally:
            conn.close()

    return asyncio.run(run())


def test_http_through_proxy_needs_jupyter_login(jupyter):
    status, _ = get(f"{jupyter.url}cellpipe/api/version")
    assert status in (302, 401, 403)
    info = version_via_proxy(jupyter)
    assert info["name"] == "cellpipe"
    assert info["apiVersion"] == 1
    assert {"name": "local", "available": True} in info["executors"]


def test_websocket_through_proxy_refused_without_jupyter_token(jupyter):
    url = jupyter.url.replace("http", "ws") + "cellpipe/api/events"
    with pytest.raises(HTTPClientError) as refused:
        ws_open(url)
    assert refused.value.code in (302, 401, 403)
    hello = ws_open(f"{url}?token={jupyter.token}")
    assert hello["type"] == "hello" and hello["apiVersion"] == 1


def test_server_refuses_requests_that_bypass_the_proxy(jupyter):
    port = server_port(node_server_pid(jupyter))
    status, body = get(f"http://127.0.0.1:{port}/api/version")
    assert status == 401
    assert json.loads(body)["error"]["kind"] == "unauthorized"
    # Even Jupyter's own token is not the server's secret.
    status, _ = get(
        f"http://127.0.0.1:{port}/api/version", {"Authorization": f"token {jupyter.token}"}
    )
    assert status == 401


def server_port(pid: int) -> int:
    listening = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    return int(listening[listening.index(b"--port") + 1])


def test_secret_is_neither_on_the_command_line_nor_in_the_environment(jupyter):
    """A step's code can read its parent's /proc/<pid>/environ and cmdline:
    no string there may open the server, and the handover file is gone."""
    import re

    pid = node_server_pid(jupyter)
    port = server_port(pid)
    exposed = Path(f"/proc/{pid}/cmdline").read_bytes() + Path(f"/proc/{pid}/environ").read_bytes()
    assert b"CELLPIPE_TOKEN=" not in exposed
    candidates = {m.decode() for m in re.findall(rb"[0-9a-f]{32,}", exposed)}
    for words in (b.decode() for b in re.findall(rb"[^\0=]{16,}", exposed)):
        candidates.update(words.split())
    for candidate in candidates:
        for header in (
            {"Authorization": f"token {candidate}"},
            {"X-Cellpipe-Proxy-Token": candidate},
        ):
            status, _ = get(f"http://127.0.0.1:{port}/api/version", header)
            assert status == 401, f"{header} opens the server"
    args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    handover = Path(args[args.index(b"--write-token") + 1].decode())
    assert not handover.exists()
    assert oct(handover.parent.stat().st_mode & 0o777) == "0o700"


def test_each_launch_hands_over_a_new_secret(tmp_path):
    first, second = setup_cellpipe(), setup_cellpipe()
    assert first["command"] != second["command"]  # each its own handover file
    command = first["command"]
    assert "{port}" in command and "127.0.0.1" in command
    token_file = Path(command[command.index("--write-token") + 1])
    headers = first["request_headers_override"]
    assert headers() == {}  # nothing until the server wrote its token
    token_file.write_text("abc123")
    assert headers() == {"X-Cellpipe-Proxy-Token": "abc123"}
    assert not token_file.exists()  # taken at once
    assert headers() == {"X-Cellpipe-Proxy-Token": "abc123"}
    assert "CELLPIPE_TOKEN" not in first["environment"]


def test_server_restarts_when_it_dies(jupyter):
    import os
    import signal

    pid = node_server_pid(jupyter)
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status, _ = get(
            f"{jupyter.url}cellpipe/api/health", {"Authorization": f"token {jupyter.token}"}
        )
        if status == 200:
            break
        time.sleep(0.5)
    assert status == 200
    assert node_server_pid(jupyter) != pid


def test_notebook_paths_are_relative_to_jupyters_root_dir(jupyter):
    """Jupyter runs here from another folder than its root_dir: a composing notebook's
    reference, relative to the notebook's path in Jupyter, is found there."""
    root = Path(
        next(
            a.split("=", 1)[1]
            for a in Path(f"/proc/{jupyter.process.pid}/cmdline").read_text().split("\0")
            if a.startswith("--ServerApp.root_dir=")
        )
    )
    (root / "sub").mkdir(exist_ok=True)
    prep = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [
            {
                "cell_type": "code",
                "id": "p1",
                "metadata": {"tags": ["step:load"]},
                "source": "rows = [1, 2]",
                "outputs": [],
                "execution_count": None,
            }
        ],
    }
    (root / "sub" / "prep.ipynb").write_text(json.dumps(prep))
    main = {
        **prep,
        "cells": [
            {**prep["cells"][0], "id": "m1", "metadata": {"tags": ["notebook:prep"]}, "source": ""}
        ],
    }
    body = json.dumps({"notebook": main, "notebookPath": "sub/main.ipynb"}).encode()
    req = urllib.request.Request(
        f"{jupyter.url}cellpipe/api/pipelines/compile",
        data=body,
        headers={"Authorization": f"token {jupyter.token}", "Content-Type": "application/json"},
    )
    with _opener.open(req, timeout=60) as resp:
        result = json.loads(resp.read())
    assert [p["message"] for p in result["problems"] if p["severity"] == "error"] == []
    assert [s["name"] for s in result["steps"]] == ["load"]
