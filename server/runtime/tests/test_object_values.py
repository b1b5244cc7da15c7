"""object_values.py against a real local HTTP server playing a bucket that refuses."""

import http.server
import json
import os
import socket
import threading

import pytest

import object_values


class Refused(Exception):
    def __init__(self, kind, message):
        super().__init__(message)
        self.kind, self.message = kind, message


class _Bucket(http.server.BaseHTTPRequestHandler):
    calls: list = []

    def _answer(self):
        type(self).calls.append(self.command)
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        status, code = {"/denied": (403, "AccessDenied"), "/flaky": (503, "SlowDown")}.get(
            self.path.split("?")[0], (404, "NoSuchKey")
        )
        if self.path.startswith("/flaky") and len(type(self).calls) > 1:
            status = 200
        body = f"<Error><Code>{code}</Code></Error>".encode() if status != 200 else b"{}"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_PUT = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def bucket():
    _Bucket.calls = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Bucket)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


class _Events:
    def __init__(self):
        self.emitted = []

    def emit(self, event, **fields):
        self.emitted.append((event, fields))


def _output(tmp_path, url):
    data, sidecar = tmp_path / "m.pkl", tmp_path / "m.json"
    data.write_bytes(b"data")
    sidecar.write_text(json.dumps({"file": "m.pkl"}))
    events = _Events()
    outputs = {"m": {"location": "s3://b/r/s/m", "put": {"pkl": url, "json": url}}}
    wrapped = object_values.UploadingEvents(events, outputs, Refused)
    return wrapped, events, data, sidecar


def test_a_refused_upload_says_why_and_keeps_the_local_copy(tmp_path, bucket):
    wrapped, events, data, sidecar = _output(tmp_path, f"{bucket}/denied")
    with pytest.raises(Refused) as caught:
        wrapped.emit("output", name="m", path=str(data))
    assert caught.value.kind == "output"
    assert "HTTP 403 AccessDenied: access denied" in caught.value.message
    assert data.exists() and sidecar.exists()  # nothing lost
    assert events.emitted == []


def test_a_busy_bucket_is_tried_again_and_the_output_reported_at_its_location(
    tmp_path, bucket, monkeypatch
):
    monkeypatch.setattr(object_values, "_BACKOFF", 0.01)
    wrapped, events, data, sidecar = _output(tmp_path, f"{bucket}/flaky")
    wrapped.emit("output", name="m", path=str(data))
    assert events.emitted == [("output", {"name": "m", "path": "s3://b/r/s/m.pkl"})]
    assert not data.exists() and not sidecar.exists()
    assert _Bucket.calls[:2] == ["PUT", "PUT"]


def test_a_missing_input_and_an_unreachable_bucket_are_input_errors(tmp_path, bucket, monkeypatch):
    monkeypatch.setattr(object_values, "_BACKOFF", 0.01)
    context = {"inputs": {}, "output_dir": str(tmp_path)}
    context["objects"] = {"inputs": {"x": {"sidecar": f"{bucket}/gone", "data": f"{bucket}/gone"}}}
    with pytest.raises(Refused, match=r'input "x": object storage said HTTP 404 NoSuchKey'):
        object_values.attach_object_storage(context, _Events(), Refused)
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    context["objects"]["inputs"]["x"] = {"sidecar": f"{closed}/x", "data": f"{closed}/x"}
    with pytest.raises(Refused, match=r'input "x": object storage unreachable'):
        object_values.attach_object_storage(context, _Events(), Refused)
    assert os.listdir(tmp_path / "_inputs") == []
