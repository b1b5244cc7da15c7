"""Cross-site requests through Jupyter's proxy (issue 16, finding 1).

jupyter-server-proxy does not apply Jupyter's ``_xsrf`` check to what it
forwards ("defer to proxied apps"): the Cellpipe server does it. A browser
logged in to Jupyter sends its login cookie with a form another site posts;
such a request must not cancel or resume a run. JupyterLab's own requests
repeat the ``_xsrf`` cookie in ``X-XSRFToken`` and pass."""

from __future__ import annotations

import http.cookiejar
import json
import time
import urllib.error
import urllib.request

import pytest

WAITING_NOTEBOOK = {
    "nbformat": 4,
    "nbformat_minor": 5,
    "metadata": {},
    "cells": [
        {
            "cell_type": "code",
            "id": "c0",
            "metadata": {"cellpipe": {"step": "wait"}},
            "source": "import time\ntime.sleep(120)",
            "outputs": [],
            "execution_count": None,
        }
    ],
}


class Browser:
    """A cookie jar logged in to Jupyter, sending requests as a browser would."""

    def __init__(self, jupyter):
        self.jupyter = jupyter
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        # Jupyter logs a browser in from the token in the URL and sets its cookie.
        with self.opener.open(f"{jupyter.url}lab?token={jupyter.token}", timeout=30):
            pass
        names = {c.name for c in self.jar}
        assert "_xsrf" in names and any(n.startswith("username-") for n in names), names

    @property
    def xsrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "_xsrf")

    def send(self, method: str, path: str, headers: dict, body: bytes = b"") -> tuple[int, dict]:
        req = urllib.request.Request(
            f"{self.jupyter.url}cellpipe/{path}",
            data=body if method != "GET" else None,
            method=method,
            headers=headers,
        )
        try:
            with self.opener.open(req, timeout=30) as resp:
                return resp.status, json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as err:
            text = err.read()
            try:
                return err.code, json.loads(text)
            except ValueError:
                return err.code, {"text": text.decode(errors="replace")}


def token_call(jupyter, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    """A script with Jupyter's token (no cookie): Jupyter's rule, no XSRF check."""
    req = urllib.request.Request(
        f"{jupyter.url}cellpipe/{path}",
        data=json.dumps(body).encode() if body is not None else None,
        method=method,
        headers={"Authorization": f"token {jupyter.token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def run_status(jupyter, run_id: str) -> str:
    status, run = token_call(jupyter, "GET", f"api/runs/{run_id}")
    assert status == 200, run
    return run["status"]


@pytest.fixture
def running(jupyter):
    status, run = token_call(jupyter, "POST", "api/runs", {"notebook": WAITING_NOTEBOOK})
    assert status == 201, run
    deadline = time.monotonic() + 60
    while run_status(jupyter, run["id"]) != "running" and time.monotonic() < deadline:
        time.sleep(0.2)
    yield run["id"]
    token_call(jupyter, "POST", f"api/runs/{run['id']}/cancel")


FORM = {"Content-Type": "application/x-www-form-urlencoded"}
FORGERIES = {
    "form from another site": {
        **FORM,
        "Origin": "http://evil.example",
        "Sec-Fetch-Site": "cross-site",
    },
    "form from another local port": {
        **FORM,
        "Origin": "http://127.0.0.1:9",
        "Sec-Fetch-Site": "same-site",
    },
    "form from a browser sending no Origin": FORM,
}


@pytest.mark.parametrize("headers", FORGERIES.values(), ids=FORGERIES.keys())
def test_cookie_only_forms_cannot_cancel_or_resume_a_run(jupyter, running, headers):
    browser = Browser(jupyter)
    for action in ("cancel", "resume"):
        status, body = browser.send("POST", f"api/runs/{running}/{action}", headers)
        assert status == 403, body
        assert body["error"]["kind"] == "forbidden"
    assert run_status(jupyter, running) == "running"


def test_a_wrong_xsrf_token_is_refused(jupyter, running):
    browser = Browser(jupyter)
    status, body = browser.send(
        "POST", f"api/runs/{running}/cancel", {"X-XSRFToken": "2|00000000|abcd|1"}
    )
    assert status == 403, body
    assert run_status(jupyter, running) == "running"


def test_requests_as_jupyterlab_sends_them_are_accepted(jupyter, running):
    browser = Browser(jupyter)
    host = jupyter.url.rstrip("/")
    status, body = browser.send(
        "POST",
        f"api/runs/{running}/cancel",
        {
            "X-XSRFToken": browser.xsrf,
            "Content-Type": "application/json",
            "Origin": host,
            "Sec-Fetch-Site": "same-origin",
        },
    )
    assert status == 200, body
    assert body["status"] in ("cancelled", "running")
    deadline = time.monotonic() + 30
    while run_status(jupyter, running) != "cancelled" and time.monotonic() < deadline:
        time.sleep(0.2)
    assert run_status(jupyter, running) == "cancelled"


def test_reads_need_no_xsrf_token(jupyter):
    status, body = Browser(jupyter).send("GET", "api/version", {})
    assert status == 200 and body["name"] == "cellpipe"
