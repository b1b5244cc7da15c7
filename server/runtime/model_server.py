"""Cellpipe model server: one trained model over HTTP, with KServe's V1 protocol and the
Open Inference Protocol (KServe V2).

    python model_server.py --model-dir DIR --name NAME --port PORT [--host 127.0.0.1]
                           [--token-file FILE]

DIR holds one artifact as the step harness writes it (`<name>.json` sidecar beside
`<name>.joblib` or `<name>.pkl`). Once the model is loaded and the port is bound, stdout gets
exactly one line, `cellpipe-model-server listening on http://HOST:PORT`; requests are then
logged to stderr. SIGTERM or SIGINT stops the server and the process exits 0.

With --token-file, the server reads a secret from FILE, deletes the file, and answers 401 to
every request without `Authorization: Bearer <secret>` (a local deployment's token: it is
kept out of argv and the environment, where other processes could read it).

Stdlib only at import time: joblib and numpy are imported by loading the model.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import re
import signal
import socket
import socketserver
import sys
import threading
import time
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import model_protocols as protocols
from model_protocols import PREDICT, PREDICT_PROBA, ProtocolError

MODEL_VERSION = "1"
MODEL_FORMATS = ("joblib", "pickle", "cloudpickle")


class LoadError(Exception):
    """The model directory cannot be served; the message says why."""


class Model:
    """The loaded estimator, what its metadata says, and calls into it."""

    def __init__(self, name: str, estimator: object) -> None:
        self.name, self.version, self.estimator = name, MODEL_VERSION, estimator
        n_features = _attr(estimator, "n_features_in_")
        self.n_features = n_features if type(n_features) is int else None
        self.outputs = _outputs(estimator)

    def run(self, rows, names: list[str]) -> dict:
        import numpy

        results = {}
        for name in names:
            try:
                results[name] = numpy.asarray(getattr(self.estimator, name)(rows))
            except Exception as exc:  # the model's own failure: 500, and the server goes on
                traceback.print_exc()
                raise ProtocolError(500, f"{name} failed: {type(exc).__name__}: {exc}") from None
        return results


def _attr(obj: object, name: str) -> object:
    try:  # a Pipeline's attributes are properties that may raise anything
        return getattr(obj, name, None)
    except Exception:
        return None


def _outputs(estimator: object) -> dict:
    """OIP metadata of `predict` and, when the model has it, `predict_proba`."""
    import numpy

    classes = _attr(estimator, "classes_")
    labels = numpy.asarray(classes) if classes is not None else None
    outputs = {
        PREDICT: {
            "name": PREDICT,
            "shape": [-1],
            "datatype": protocols.datatype_of(labels) if labels is not None else "FP64",
        }
    }
    if callable(_attr(estimator, PREDICT_PROBA)):
        width = len(labels) if labels is not None and labels.ndim == 1 else -1
        outputs[PREDICT_PROBA] = {"name": PREDICT_PROBA, "shape": [-1, width], "datatype": "FP64"}
    return outputs


def load_model(model_dir: str, name: str) -> Model:
    meta = _sidecar(model_dir)
    path, fmt = os.path.join(model_dir, meta["file"]), meta["format"]
    if fmt not in MODEL_FORMATS:
        raise LoadError(
            f"{meta['file']} is a {meta.get('type')} saved as {fmt}; a model is "
            f"saved as {', '.join(MODEL_FORMATS)}"
        )
    _check_file(path, meta)
    try:  # pickle imports cloudpickle itself when the data names it
        if fmt == "joblib":
            import joblib

            estimator = joblib.load(path)
        else:
            import pickle

            with open(path, "rb") as file:
                estimator = pickle.load(file)
    except Exception as exc:
        raise LoadError(f"{path} could not be loaded: {type(exc).__name__}: {exc}") from None
    if not callable(_attr(estimator, PREDICT)):
        raise LoadError(f"{path} holds a {type(estimator).__name__}, which has no predict()")
    return Model(name, estimator)


def _sidecar(model_dir: str) -> dict:
    """The one artifact sidecar in model_dir (a JSON object with `file` and `format`)."""
    try:
        entries = sorted(e for e in os.listdir(model_dir) if e.endswith(".json"))
    except OSError as exc:
        raise LoadError(f"cannot read the model directory: {exc}") from None
    found = []
    for entry in entries:
        try:
            with open(os.path.join(model_dir, entry), encoding="utf-8") as file:
                meta = json.load(file)
        except (OSError, ValueError):
            continue  # not a sidecar
        if isinstance(meta, dict) and isinstance(meta.get("file"), str) and "format" in meta:
            found.append((entry, meta))
    if len(found) != 1:
        what = ", ".join(e for e, _ in found) or "none"
        raise LoadError(
            f"{model_dir} must hold exactly one artifact sidecar (<name>.json "
            f"beside <name>.joblib or <name>.pkl); found {what}"
        )
    meta = found[0][1]
    if os.path.basename(meta["file"]) != meta["file"]:
        raise LoadError(f"{found[0][0]} names {meta['file']!r}, not a file beside it")
    return meta


def _check_file(path: str, meta: dict) -> None:
    """The artifact is the one its sidecar describes: a model is never served half-written."""
    digest, size = hashlib.sha256(), 0
    try:
        with open(path, "rb") as file:
            while chunk := file.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except OSError as exc:
        raise LoadError(f"cannot read the model file: {exc}") from None
    if (meta.get("size"), meta.get("sha256")) != (size, digest.hexdigest()):
        raise LoadError(
            f"{path} does not have the size and sha256 its sidecar records (was it overwritten?)"
        )


def dumps(doc: dict) -> bytes:
    """Strict JSON (JavaScript cannot parse NaN): non-finite model outputs become null."""
    try:
        return json.dumps(doc, allow_nan=False).encode()
    except ValueError:
        lenient = json.loads(json.dumps(doc), parse_constant=lambda constant: None)
        return json.dumps(lenient, allow_nan=False).encode()


# -- HTTP ---------------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    """Every answer is JSON with a Content-Length, so connections are kept alive."""

    protocol_version = "HTTP/1.1"
    server_version = f"{protocols.SERVER_NAME}/{protocols.SERVER_VERSION}"
    timeout = 60  # an idle or stalled connection does not hold its thread forever
    # Headers and body are two writes: with Nagle, a kept-alive connection's every answer
    # would wait for the client's delayed ACK (~40 ms).
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self._started, self._unread = time.monotonic(), True
        try:
            self._check_host()
            self._check_token()
            body = self._read_body()
            self._check_content_type(body)
            status, doc = self.server.app.answer(self.command, self.path, body)
        except ProtocolError as exc:
            self._send(exc.status, {"error": exc.message}, exc.allow)
            return
        except Exception as exc:  # a bug here still answers, and the server goes on
            traceback.print_exc()
            self._send(500, {"error": f"internal error: {type(exc).__name__}: {exc}"})
            return
        self._send(status, doc)

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = do_GET

    def _check_host(self) -> None:
        """Bound to loopback, the server answers only requests addressed to loopback: a
        page whose DNS name was rebound to 127.0.0.1 sends its own Host and is refused."""
        if not self.server.loopback:
            return  # in a pod: reached through a Service under any name
        header = self.headers.get("Host")
        host = _host_name(header or "")
        if header is not None and host not in LOOPBACK_NAMES:  # browsers always send one
            raise ProtocolError(403, f"Host {host!r} is not this server: ask 127.0.0.1")

    def _check_token(self) -> None:
        """A local deployment's secret, so that only who was given it (Cellpipe's proxy, a
        user who asked `cellpipe deployment-token`) is answered, not any local process."""
        token = self.server.token
        if token is None:
            return  # in a pod: KServe, a mesh or the Service decide who may call
        scheme, _, given = self.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            given.strip().encode(), token.encode()
        ):
            raise ProtocolError(401, "this endpoint needs its token: Authorization: Bearer <token>")

    def _check_content_type(self, body: bytes) -> None:
        """A body must be declared JSON: browsers send text/plain and form bodies across
        sites without asking first, application/json only after a CORS preflight."""
        if not body:
            return
        media = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media != "application/json":
            raise ProtocolError(
                415, f"the body must be sent as Content-Type: application/json, not {media!r}"
            )

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            raise ProtocolError(
                411, "chunked request bodies are not supported; send a Content-Length"
            )
        raw = self.headers.get("Content-Length")
        if raw is None:
            self._unread = False
            return b""
        if not re.fullmatch(r"[0-9]{1,19}", raw.strip()):
            raise ProtocolError(400, f"Content-Length {raw!r} is not a byte count")
        length, limit = int(raw), self.server.max_body
        if length > limit:
            raise ProtocolError(
                413,
                f"the request body is {length} bytes; this server takes "
                f"at most {limit} (--max-body)",
            )
        body = self.rfile.read(length)
        if len(body) != length:
            raise ProtocolError(400, f"the request body ended after {len(body)} of {length} bytes")
        self._unread = False
        return body

    def _send(self, status: int, doc: dict, allow: str = "") -> None:
        data = dumps(doc)
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if allow:
            self.send_header("Allow", allow)
        if status == 401:
            self.send_header("WWW-Authenticate", 'Bearer realm="cellpipe-model-server"')
        if getattr(self, "_unread", False):  # the body left on the socket is no next request
            self.close_connection = True
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        started = getattr(self, "_started", None)
        took = "-" if started is None else f"{(time.monotonic() - started) * 1000:.1f}ms"
        self.log_message('"%s" %d %d %s', self.requestline, status, len(data), took)
        if getattr(self, "_unread", False):
            self._linger()

    def _linger(self) -> None:
        """Drops what the client still sends for a moment, so that closing with unread data
        does not reset the connection before the client has read the answer."""
        try:
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(0.5)
            deadline = time.monotonic() + 2
            while time.monotonic() < deadline and self.connection.recv(1 << 16):
                pass
        except OSError:
            pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        """Requests that http.server itself rejects (bad request line, unknown method) get
        JSON answers too."""
        self.close_connection, self._unread, self._started = True, False, None
        if self.request_version == "HTTP/0.9":  # http.server would send no status line
            self.request_version = "HTTP/1.0"
        self._send(code, {"error": message or HTTPStatus(code).phrase})

    def log_request(self, code: object = "-", size: object = "-") -> None:
        pass  # _send logs each answer, with its duration


LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1"}


def _host_name(header: str) -> str:
    """The name in a Host header, without its port: `[::1]:80` -> `::1`."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class Server(ThreadingHTTPServer):
    request_queue_size = 128  # bursts of connections wait instead of being refused

    def __init__(
        self, address: tuple, app: protocols.App, max_body: int, token: str | None = None
    ) -> None:
        self.app, self.max_body, self.token = app, max_body, token
        self.loopback = address[0] in LOOPBACK_NAMES or address[0].startswith("127.")
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind would look the host up in DNS (getfqdn), which can stall.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="model_server.py", description=__doc__.split("\n")[0])
    parser.add_argument("--model-dir", required=True, help="directory holding one artifact")
    parser.add_argument("--name", required=True, help="the model's name in URLs")
    parser.add_argument("--port", type=int, required=True, help="0 picks a free port")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--max-body", type=int, default=32 << 20, help="bytes (32 MiB)")
    parser.add_argument(
        "--token-file", help="read the token requests must carry from FILE, then delete it"
    )
    return parser.parse_args(argv)


def take_token(path: str) -> str:
    """The token in a file its launcher wrote for us alone; the file is gone afterwards."""
    try:
        with open(path, encoding="utf-8") as file:
            token = file.read().strip()
        os.unlink(path)
    except OSError as exc:
        raise LoadError(f"cannot take the token file: {exc}") from None
    if not token:
        raise LoadError(f"the token file {path} is empty")
    return token


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    # Only the listening line goes to stdout, whatever the model prints when it loads or runs.
    stdout, sys.stdout = sys.stdout, sys.stderr
    try:
        # Taken first, so the file does not wait on disk while the model loads.
        token = take_token(args.token_file) if args.token_file else None
        model = load_model(args.model_dir, args.name)
        server = Server((args.host, args.port), protocols.App(model), args.max_body, token)
    except LoadError as exc:
        print(f"{protocols.SERVER_NAME}: {exc}", file=sys.stderr)
        return 1
    except (OSError, OverflowError) as exc:  # a taken port, a host not on this machine
        print(
            f"{protocols.SERVER_NAME}: cannot listen on {args.host} port {args.port}: {exc}",
            file=sys.stderr,
        )
        return 1

    def stop(signum: int, frame: object) -> None:
        # shutdown() waits for serve_forever() to return: not from this (its) thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    host, port = server.server_address[:2]
    host = f"[{host}]" if ":" in host else host
    print(f"{protocols.SERVER_NAME} listening on http://{host}:{port}", file=stdout, flush=True)
    try:
        server.serve_forever(poll_interval=0.1)  # how soon a SIGTERM is noticed
    finally:
        server.server_close()
    print(f"{protocols.SERVER_NAME}: stopped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
