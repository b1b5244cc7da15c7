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
    pid = node_server_pid(jupyter)
    listening = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    port = int(listening[listening.index(b"--port") + 1])
    status, body = get(f"http://127.0.0.1:{port}/api/version")
    assert status == 401
    assert json.loads(body)["error"]["kind"] == "unauthorized"
    # Even Jupyter's own token is not the server's secret.
    status, _ = get(
        f"http://127.0.0.1:{port}/api/version", {"Authorization": f"token {jupyter.token}"}
    )
    assert status == 401


def test_secret_is_not_on_the_command_line(jupyter):
    pid = node_server_pid(jupyter)
    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    assert b"token" not in cmdline.lower()
    environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    assert any(entry.startswith(b"CELLPIPE_TOKEN=") and len(entry) > 40 for entry in environ)


def test_each_launch_gets_a_new_secret():
    first, second = setup_cellpipe(), setup_cellpipe()
    assert first["environment"]["CELLPIPE_TOKEN"] != second["environment"]["CELLPIPE_TOKEN"]
    header = first["request_headers_override"]["Authorization"]
    assert header == f"token {first['environment']['CELLPIPE_TOKEN']}"
    assert "{port}" in first["command"] and "127.0.0.1" in first["command"]


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
