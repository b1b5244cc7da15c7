"""The model server as a real process: real sklearn models saved by the step harness, served
on port 0 and asked over HTTP with KServe's V1 protocol and the Open Inference Protocol."""

from __future__ import annotations

import http.client
import json
import random
import re
import select
import signal
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from sklearn.datasets import load_diabetes, load_iris
from sklearn.linear_model import LinearRegression, LogisticRegression

import harness
import harness_values

SERVER = Path(harness.__file__).with_name("model_server.py")
VENV_PYTHON = Path(__file__).resolve().parents[3] / ".venv" / "bin" / "python"
MAX_BODY = 64 * 1024
LISTENING = re.compile(r"cellpipe-model-server listening on http://127\.0\.0\.1:(\d+)\n")


class Recorder:
    """The harness's event sink: the output event is kept, not printed."""

    def __init__(self) -> None:
        self.events: list[tuple[str, dict]] = []

    def emit(self, event: str, **fields: object) -> None:
        self.events.append((event, fields))


def save_like_a_step(out_dir: Path, name: str, value: object) -> dict:
    """The artifact and sidecar exactly as a step that outputs `name` writes them."""
    recorder = Recorder()
    harness._save_output(name, {name: value}, str(out_dir), recorder)
    ((event, fields),) = recorder.events
    assert event == "output"
    return fields


@dataclass
class Served:
    proc: subprocess.Popen
    port: int
    log: Path

    def ask(
        self,
        method: str,
        path: str,
        body: object = None,
        conn: http.client.HTTPConnection | None = None,
    ) -> tuple[int, dict]:
        """One request; every answer must be JSON, whatever its status."""
        own = conn is None
        conn = conn or http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        data = body if body is None or isinstance(body, bytes) else json.dumps(body).encode()
        try:
            headers = {} if data is None else {"Content-Type": "application/json"}
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            assert response.getheader("Content-Type") == "application/json"
            return response.status, json.loads(response.read())
        finally:
            if own:
                conn.close()

    def raw(self, data: bytes) -> tuple[int, dict, bytes]:
        """Bytes http.client would not send, and the server's answer, read to the close."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(data)
            response = http.client.HTTPResponse(sock)
            response.begin()
            assert response.getheader("Content-Type") == "application/json"
            return response.status, dict(response.getheaders()), response.read()


def start(
    model_dir: Path,
    name: str,
    log: Path,
    *extra: str,
    python: tuple[str, ...] = (str(VENV_PYTHON),),
) -> subprocess.Popen:
    with open(log, "w") as err:
        return subprocess.Popen(
            [
                *python,
                str(SERVER),
                "--model-dir",
                str(model_dir),
                "--name",
                name,
                "--port",
                "0",
                *extra,
            ],
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )


def serve(model_dir: Path, name: str, log: Path, *extra: str) -> Served:
    proc = start(model_dir, name, log, *extra)
    ready, _, _ = select.select([proc.stdout], [], [], 30)
    line = proc.stdout.readline() if ready else ""
    match = LISTENING.fullmatch(line)
    if match is None:
        proc.kill()
        pytest.fail(f"no listening line: {line!r}\n{log.read_text()}")
    return Served(proc, int(match.group(1)), log)


def stop(served: Served) -> None:
    if served.proc.poll() is None:
        served.proc.send_signal(signal.SIGTERM)
        served.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def iris() -> tuple[LogisticRegression, np.ndarray]:
    data = load_iris()
    labels = data.target_names[data.target]  # string labels: outputs are BYTES
    return LogisticRegression(max_iter=1000, random_state=0).fit(data.data, labels), data.data


@pytest.fixture(scope="module")
def iris_dir(tmp_path_factory: pytest.TempPathFactory, iris) -> Path:
    out = tmp_path_factory.mktemp("iris")
    assert save_like_a_step(out, "model", iris[0])["format"] == "joblib"
    return out


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, iris_dir: Path):
    served = serve(
        iris_dir, "iris", tmp_path_factory.mktemp("log") / "server.log", "--max-body", str(MAX_BODY)
    )
    yield served
    stop(served)


@pytest.fixture(scope="module")
def regression(tmp_path_factory: pytest.TempPathFactory):
    """A regressor saved as `pickle`, as the harness saves a model when joblib is missing."""
    data = load_diabetes()
    model = LinearRegression().fit(data.data, data.target)
    out = tmp_path_factory.mktemp("diabetes")
    size, sha256 = harness_values._atomic_write(
        str(out / "reg.pkl"), lambda f: harness_values._write_pickle(model, f)
    )
    (out / "reg.json").write_text(
        json.dumps(
            {
                "name": "reg",
                "type": "sklearn.linear_model._base.LinearRegression",
                "format": "pickle",
                "file": "reg.pkl",
                "size": size,
                "sha256": sha256,
            }
        )
    )
    served = serve(out, "reg", out / "server.log")
    yield served, model, data.data[:7]
    stop(served)


def infer_body(rows: np.ndarray, datatype: str = "FP64", nested: bool = False, **extra) -> dict:
    data = rows.tolist() if nested else rows.ravel().tolist()
    return {
        "inputs": [
            {"name": "input-0", "shape": list(rows.shape), "datatype": datatype, "data": data}
        ],
        **extra,
    }


# -- answers --------------------------------------------------------------------------------


def test_v1_predictions_equal_model_predict_on_the_same_rows(server: Served, iris) -> None:
    model, X = iris
    rows = X[::10]
    assert server.ask("POST", "/v1/models/iris:predict", {"instances": rows.tolist()}) == (
        200,
        {"predictions": model.predict(rows).tolist()},
    )
    # KServe reads "inputs" in a V1 body as well
    status, doc = server.ask("POST", "/v1/models/iris:predict", {"inputs": rows[:2].tolist()})
    assert (status, doc["predictions"]) == (200, model.predict(rows[:2]).tolist())


def test_v1_model_status_and_list_say_ready(server: Served) -> None:
    assert server.ask("GET", "/v1/models/iris") == (200, {"name": "iris", "ready": True})
    assert server.ask("GET", "/v1/models") == (200, {"models": ["iris"]})


def test_v2_infer_with_flat_fp64_data_and_shape_equals_predict(server: Served, iris) -> None:
    model, X = iris
    rows = X[5::15]
    status, doc = server.ask("POST", "/v2/models/iris/infer", infer_body(rows, id="req-1"))
    assert status == 200
    assert doc == {
        "model_name": "iris",
        "model_version": "1",
        "id": "req-1",
        "outputs": [
            {
                "name": "predict",
                "shape": [len(rows)],
                "datatype": "BYTES",
                "data": model.predict(rows).tolist(),
            }
        ],
    }


@pytest.mark.parametrize(
    "datatype,nested",
    [("FP64", True), ("FP32", False), ("FP32", True), ("INT64", False), ("INT32", True)],
)
def test_v2_nested_data_and_other_numeric_datatypes_predict_like_numpy(
    server: Served, iris, datatype: str, nested: bool
) -> None:
    model, X = iris
    rows = X[::7]
    if datatype.startswith("INT"):
        rows = np.rint(X[::7] * 2).astype(np.int64)
    expected = model.predict(rows.astype(datatype.lower().replace("fp", "float")))
    status, doc = server.ask(
        "POST", "/v2/models/iris/versions/1/infer", infer_body(rows, datatype, nested)
    )
    assert (status, doc["outputs"][0]["data"]) == (200, expected.tolist()), doc
    assert doc["id"]  # a generated one, as KServe does, when the request has none


def test_v2_predict_proba_is_an_output_only_when_the_request_names_it(server: Served, iris) -> None:
    model, X = iris
    rows = X[::25]
    asked = [{"name": "predict_proba"}, {"name": "predict"}]
    status, doc = server.ask("POST", "/v2/models/iris/infer", infer_body(rows, outputs=asked))
    assert status == 200
    proba, labels = doc["outputs"]  # in the order asked
    assert (proba["name"], proba["datatype"], proba["shape"]) == (
        "predict_proba",
        "FP64",
        [len(rows), 3],
    )
    assert proba["data"] == model.predict_proba(rows).ravel().tolist()  # JSON floats round-trip
    assert (labels["name"], labels["data"]) == ("predict", model.predict(rows).tolist())
    only = server.ask(
        "POST", "/v2/models/iris/infer", infer_body(rows, outputs=[{"name": "predict_proba"}])
    )[1]
    assert [o["name"] for o in only["outputs"]] == ["predict_proba"]


def test_v2_metadata_has_the_models_feature_count_and_outputs(server: Served) -> None:
    expected = {
        "name": "iris",
        "versions": ["1"],
        "platform": "sklearn",
        "inputs": [{"name": "input-0", "datatype": "FP64", "shape": [-1, 4]}],
        "outputs": [
            {"name": "predict", "shape": [-1], "datatype": "BYTES"},
            {"name": "predict_proba", "shape": [-1, 3], "datatype": "FP64"},
        ],
    }
    assert server.ask("GET", "/v2/models/iris") == (200, expected)
    assert server.ask("GET", "/v2/models/iris/versions/1") == (200, expected)


def test_health_readiness_and_server_metadata(server: Served) -> None:
    assert server.ask("GET", "/v2/health/live") == (200, {"live": True})
    assert server.ask("GET", "/v2/health/ready") == (200, {"ready": True})
    assert server.ask("GET", "/v2/models/iris/ready") == (200, {"name": "iris", "ready": True})
    assert server.ask("GET", "/v2") == (
        200,
        {"name": "cellpipe-model-server", "version": "1", "extensions": []},
    )
    assert server.ask("GET", "/?probe=1") == (200, {"status": "alive"})


def test_a_regressor_from_a_pickle_artifact_predicts_and_has_no_predict_proba(regression) -> None:
    served, model, rows = regression
    assert served.ask("POST", "/v1/models/reg:predict", {"instances": rows.tolist()}) == (
        200,
        {"predictions": model.predict(rows).tolist()},
    )
    status, doc = served.ask("POST", "/v2/models/reg/infer", infer_body(rows))
    assert (status, doc["outputs"][0]["datatype"]) == (200, "FP64")
    assert doc["outputs"][0]["data"] == model.predict(rows).tolist()
    assert served.ask("GET", "/v2/models/reg")[1]["outputs"] == [
        {"name": "predict", "shape": [-1], "datatype": "FP64"}
    ]
    status, doc = served.ask(
        "POST", "/v2/models/reg/infer", infer_body(rows, outputs=[{"name": "predict_proba"}])
    )
    assert (status, doc) == (
        400,
        {"error": "unknown output 'predict_proba'; this model's outputs are predict"},
    )


# -- bad requests: a status and a message, and the server goes on --------------------------

V1, V2 = "/v1/models/iris:predict", "/v2/models/iris/infer"


def tensor(
    shape: object = (1, 4), datatype: object = "FP64", data: object = (1, 2, 3, 4), **extra: object
) -> dict:
    shape, data = (list(v) if isinstance(v, tuple) else v for v in (shape, data))
    return {
        "inputs": [{"name": "input-0", "shape": shape, "datatype": datatype, "data": data}],
        **extra,
    }


BAD_REQUESTS = [  # (what, path, body, message fragment)
    ("truncated JSON", V1, b'{"instances": [[1, 2', "not valid JSON"),
    ("invalid UTF-8", V1, b'{"instances": "\xff"}', "not valid JSON"),
    ("NaN, which JSON has not", V1, b'{"instances": [[1, 2, 3, NaN]]}', "NaN is not valid JSON"),
    ("nesting deeper than the parser goes", V1, b"[" * 50_000, "not valid JSON"),
    ("empty body", V1, b"", "body is empty"),
    ("a list, not an object", V1, [[1, 2, 3, 4]], "must be a JSON object"),
    ("no instances", V1, {"rows": [[1, 2, 3, 4]]}, 'needs "instances"'),
    ("instances not a list", V1, {"instances": 3}, "non-empty list of rows"),
    ("no rows", V1, {"instances": []}, "non-empty list of rows"),
    ("a flat instance list", V1, {"instances": [1, 2, 3, 4]}, "must be a list of numbers"),
    ("wrong feature count", V1, {"instances": [[1, 2, 3]]}, "takes 4 features"),
    ("ragged rows", V1, {"instances": [[1, 2, 3, 4], [1, 2, 3]]}, "has 3 values"),
    ("a string value", V1, {"instances": [[1, 2, "x", 4]]}, "must hold numbers"),
    ("a boolean value", V1, {"instances": [[1, 2, True, 4]]}, "must hold numbers"),
    ("too many dims in V1", V1, {"instances": [[[1], [2], [3], [4]]]}, "too many dimensions"),
    ("no inputs", V2, {"id": "x"}, 'needs "inputs"'),
    ("two input tensors", V2, {"inputs": tensor()["inputs"] * 2}, "one input tensor"),
    ("a tensor that is a list", V2, {"inputs": [[1, 2, 3, 4]]}, "must be an object"),
    ("unknown datatype", V2, tensor(datatype="FLOAT"), "datatype 'FLOAT' is not supported"),
    (
        "a fraction as INT64",
        V2,
        tensor(datatype="INT64", data=(1, 2, 1.5, 4)),
        "INT64 data cannot hold 1.5",
    ),
    ("numbers as BOOL", V2, tensor(datatype="BOOL"), "BOOL data cannot hold 1"),
    ("a string as FP64", V2, tensor(data=(1, 2, "x", 4)), 'FP64 data cannot hold "x"'),
    ("null as FP32", V2, tensor(datatype="FP32", data=(1, 2, None, 4)), "cannot hold null"),
    ("300 as INT8", V2, tensor(datatype="INT8", data=(1, 2, 300, 4)), "does not fit int8"),
    (
        "data that does not fill the shape",
        V2,
        tensor(shape=(2, 4)),
        "data has 4 values but shape [2, 4] needs 8",
    ),
    ("wrong feature count in V2", V2, tensor(shape=(2, 2)), "takes 4 features"),
    ("too many dims", V2, tensor(shape=(1, 1, 4)), "is 3-D"),
    ("one dim", V2, tensor(shape=(4,)), "is 1-D; the model takes [rows, features]"),
    ("a negative dim", V2, tensor(shape=(-1, 4)), "shape must be a list of non-negative"),
    ("zero rows", V2, tensor(shape=(0, 4), data=()), "has no rows"),
    ("data not a list", V2, tensor(data="1,2,3,4"), 'needs "data"'),
    ("an id that is a number", V2, tensor(id=7), '"id" must be a string'),
    (
        "an unknown output",
        V2,
        tensor(outputs=[{"name": "decision_function"}]),
        "unknown output 'decision_function'",
    ),
]


@pytest.mark.parametrize("what,path,body,message", BAD_REQUESTS, ids=[c[0] for c in BAD_REQUESTS])
def test_bad_input_is_400_with_a_message_and_the_server_goes_on(
    server: Served, what: str, path: str, body: object, message: str
) -> None:
    status, doc = server.ask("POST", path, body)
    assert status == 400 and message in doc["error"], doc
    assert server.ask("GET", "/v2/health/ready") == (200, {"ready": True})


def test_unknown_model_or_path_is_404(server: Served) -> None:
    for method, path in [
        ("GET", "/v1/models/other"),
        ("POST", "/v1/models/other:predict"),
        ("GET", "/v2/models/other"),
        ("POST", "/v2/models/other/infer"),
        ("GET", "/v2/models/other/ready"),
    ]:
        assert server.ask(method, path, {"instances": []} if method == "POST" else None) == (
            404,
            {"error": "Model with name other does not exist."},
        )
    status, doc = server.ask("GET", "/v2/models/iris/versions/2")
    assert status == 404 and "no version 2" in doc["error"]
    for path in ["/nope", "/v1/models/iris:explain", "/v2/models/iris/infer/more"]:
        assert server.ask("GET", path) == (404, {"error": f"no such path: {path}"})


def test_wrong_method_is_405_naming_the_allowed_one(server: Served) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    for method, path, allow in [
        ("GET", V1, "POST"),
        ("GET", V2, "POST"),
        ("POST", "/v2/health/live", "GET"),
        ("DELETE", "/v2/models/iris", "GET"),
        ("PUT", V2, "POST"),
        ("OPTIONS", "/v1/models/iris", "GET"),
    ]:
        conn.request(method, path)
        response = conn.getresponse()
        doc = json.loads(response.read())
        assert (response.status, response.getheader("Allow")) == (405, allow)
        assert doc == {"error": f"{method} is not allowed on {path}; use {allow}"}
    conn.close()


def test_a_body_over_max_body_is_413_and_the_server_goes_on(server: Served) -> None:
    status, doc = server.ask("POST", V1, b" " * (MAX_BODY + 1))
    assert status == 413 and f"at most {MAX_BODY} (--max-body)" in doc["error"]
    assert server.ask("GET", "/v2/health/live") == (200, {"live": True})


def test_a_model_that_raises_is_500_with_its_message_and_the_server_goes_on(
    server: Served, iris
) -> None:
    status, doc = server.ask("POST", V2, tensor(datatype="BYTES", data=("a", "b", "c", "d")))
    assert status == 500
    assert doc == {"error": "predict failed: ValueError: could not convert string to float: 'a'"}
    assert "Traceback" in server.log.read_text()  # the trace is logged, not sent
    rows = iris[1][:3]
    assert server.ask("POST", V1, {"instances": rows.tolist()})[1]["predictions"] == (
        iris[0].predict(rows).tolist()
    )


@pytest.mark.parametrize(
    "request_bytes,status,message",
    [
        (
            b"POST /v1/models/iris:predict HTTP/1.1\r\nContent-Length: ten\r\n\r\n",
            400,
            "Content-Length 'ten' is not a byte count",
        ),
        (
            b"POST /v1/models/iris:predict HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"4\r\n{}{}\r\n0\r\n\r\n",
            411,
            "chunked request bodies are not supported",
        ),
        (b"this is not http\r\n\r\n", 400, "Bad request"),
        (b"BREW /v2 HTTP/1.1\r\n\r\n", 501, "Unsupported method ('BREW')"),
    ],
    ids=["content-length", "chunked", "request line", "method"],
)
def test_requests_http_itself_rejects_get_json_answers(
    server: Served, request_bytes: bytes, status: int, message: str
) -> None:
    got, headers, body = server.raw(request_bytes)
    assert got == status and message in json.loads(body)["error"]
    assert headers["Connection"] == "close"


def test_one_kept_alive_connection_serves_errors_and_answers_in_turn(server: Served, iris) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    model, X = iris
    answers = [
        server.ask("POST", "/nope", {"instances": X[:1].tolist()}, conn),  # body read
        server.ask("POST", V1, {"instances": X[:1].tolist()}, conn),
        server.ask("POST", V1, b"{", conn),
        server.ask("POST", V1, {"instances": X[-1:].tolist()}, conn),
    ]
    conn.close()
    assert [status for status, _ in answers] == [404, 200, 400, 200]
    assert answers[3][1]["predictions"] == model.predict(X[-1:]).tolist()


def test_a_stalled_client_does_not_hold_up_other_requests(server: Served) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as stalled:
        stalled.sendall(b"POST /v1/models/iris:predict HTTP/1.1\r\nContent-Length: 100\r\n\r\n{")
        assert server.ask("GET", "/v2/health/ready") == (200, {"ready": True})


def _mutate(doc: object, rng: random.Random) -> object:
    """doc with one value, anywhere in it, replaced by an odd one."""
    odd = [
        None,
        True,
        0,
        -1,
        1.5,
        1e308,
        10**30,
        "",
        "x",
        "FP64",
        "BYTES",
        [],
        {},
        [1, 2],
        [[1, 2, 3, 4]],
        {"name": "predict_proba"},
        [{"name": 1}],
        [-1, 4],
        [1, 4],
    ]
    if not isinstance(doc, (dict, list)) or not doc or rng.random() < 0.3:
        return rng.choice(odd)
    copy = dict(doc) if isinstance(doc, dict) else list(doc)
    key = rng.choice(list(copy) if isinstance(copy, dict) else range(len(copy)))
    copy[key] = _mutate(copy[key], rng)
    return copy


def test_fuzzed_requests_get_a_json_answer_and_never_an_internal_error(server: Served) -> None:
    rng = random.Random(7)
    valid = [
        (V1, {"instances": [[5.1, 3.5, 1.4, 0.2], [6.2, 2.9, 4.3, 1.3]]}),
        (
            V2,
            tensor(
                shape=(2, 4),
                data=((1, 2, 3, 4), (5, 6, 7, 8)),
                outputs=[{"name": "predict"}],
                id="f",
            ),
        ),
    ]
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    seen = set()
    for _ in range(400):
        path, doc = rng.choice(valid)
        status, answer = server.ask("POST", path, _mutate(doc, rng), conn)
        seen.add(status)
        assert status in (200, 400, 500), answer
        # a 500 is only ever the model failing on input that passed the checks
        assert status != 500 or re.match(r"predict(_proba)? failed: ", answer["error"]), answer
    conn.close()
    assert {200, 400} <= seen


# -- the process ----------------------------------------------------------------------------


def test_sigterm_exits_0_frees_the_port_and_stdout_had_one_line(
    tmp_path: Path, iris_dir: Path
) -> None:
    served = serve(iris_dir, "iris", tmp_path / "server.log")
    idle = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
    assert served.ask("GET", "/v2/health/live", conn=idle)[0] == 200  # kept alive, idle
    served.proc.send_signal(signal.SIGTERM)
    rest, _ = served.proc.communicate(timeout=10)
    idle.close()
    assert (served.proc.returncode, rest) == (0, "")
    assert "cellpipe-model-server: stopped" in served.log.read_text()
    with socket.socket() as sock:  # as a restarted server would bind it
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", served.port))
        sock.listen()


def test_startup_refuses_a_directory_without_one_model(tmp_path: Path, iris_dir: Path) -> None:
    empty, array, tampered = (tmp_path / d for d in ("empty", "array", "tampered"))
    for d in (empty, array, tampered):
        d.mkdir()
    save_like_a_step(array, "arr", np.arange(4.0))
    for f in iris_dir.iterdir():
        (tampered / f.name).write_bytes(f.read_bytes() + (b"!" if f.suffix == ".joblib" else b""))
    cases = [
        (empty, "must hold exactly one artifact sidecar", ("/usr/bin/env", "python3", "-S")),
        (array, "arr.npy is a numpy.ndarray saved as npy", (str(VENV_PYTHON),)),
        (tampered, "does not have the size and sha256 its sidecar records", (str(VENV_PYTHON),)),
    ]
    for model_dir, message, python in cases:  # -S: the server imports no site-packages itself
        proc = start(model_dir, "m", tmp_path / "server.log", python=python)
        out, _ = proc.communicate(timeout=30)
        assert (proc.returncode, out) == (1, ""), model_dir
        assert message in (tmp_path / "server.log").read_text()


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8080", "10.0.0.1", "[::2]:80"])
def test_a_request_for_another_host_is_refused(server: Served, host: str, iris) -> None:
    """DNS rebinding: a page of evil.example whose name now points at 127.0.0.1."""
    _, rows = iris
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    body = json.dumps({"instances": rows[:2].tolist()})
    conn.putrequest("POST", "/v1/models/iris:predict", skip_host=True)
    conn.putheader("Host", host)
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Content-Length", str(len(body)))
    conn.endheaders(body.encode())
    response = conn.getresponse()
    assert response.status == 403
    assert "is not this server" in json.loads(response.read())["error"]
    conn.close()


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LOCALHOST:1"])
def test_loopback_names_are_this_server(server: Served, host: str) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.putrequest("GET", "/v2/health/ready", skip_host=True)
    conn.putheader("Host", host)
    conn.endheaders()
    assert conn.getresponse().status == 200
    conn.close()


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", None]
)
def test_a_predict_body_not_declared_json_is_415(server: Served, iris, content_type) -> None:
    """text/plain and forms are what another site can post without a preflight."""
    _, rows = iris
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    headers = {"Content-Type": content_type} if content_type else {}
    conn.request(
        "POST",
        "/v1/models/iris:predict",
        body=json.dumps({"instances": rows[:2].tolist()}),
        headers=headers,
    )
    response = conn.getresponse()
    assert response.status == 415
    assert "application/json" in json.loads(response.read())["error"]
    status, _ = server.ask("POST", "/v1/models/iris:predict", {"instances": rows[:2].tolist()})
    assert status == 200


def _post_predict(port: int, rows: np.ndarray, headers: dict) -> tuple[int, dict, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    body = json.dumps({"instances": rows[:2].tolist()})
    conn.request(
        "POST",
        "/v1/models/iris:predict",
        body=body,
        headers={"Content-Type": "application/json", **headers},
    )
    response = conn.getresponse()
    answer = response.status, dict(response.getheaders()), json.loads(response.read())
    conn.close()
    return answer


def test_with_a_token_file_every_request_needs_the_token_and_the_file_is_gone(
    tmp_path: Path, iris_dir: Path, iris
) -> None:
    _, rows = iris
    secret = "s3cret-" + "x" * 40
    token_file = tmp_path / "handover"
    token_file.write_text(secret)
    token_file.chmod(0o600)
    served = serve(iris_dir, "iris", tmp_path / "server.log", "--token-file", str(token_file))
    try:
        assert not token_file.exists()
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": secret}):
            status, answer_headers, doc = _post_predict(served.port, rows, headers)
            assert status == 401, headers
            assert "Bearer" in answer_headers["WWW-Authenticate"]
            assert "needs its token" in doc["error"]
        conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
        conn.request("GET", "/v2/health/ready")
        assert conn.getresponse().status == 401  # health too: nothing answers without it
        conn.close()
        status, _, doc = _post_predict(served.port, rows, {"Authorization": f"Bearer {secret}"})
        assert status == 200
        assert len(doc["predictions"]) == 2
        with open(f"/proc/{served.proc.pid}/cmdline", "rb") as cmdline:
            assert secret.encode() not in cmdline.read()
        with open(f"/proc/{served.proc.pid}/environ", "rb") as environ:
            assert secret.encode() not in environ.read()
    finally:
        stop(served)


def test_a_missing_or_empty_token_file_stops_the_start(tmp_path: Path, iris_dir: Path) -> None:
    empty = tmp_path / "empty"
    empty.write_text("\n")
    for path, message in ((tmp_path / "absent", "cannot take the token file"), (empty, "empty")):
        proc = start(iris_dir, "iris", tmp_path / "server.log", "--token-file", str(path))
        out, _ = proc.communicate(timeout=30)
        assert (proc.returncode, out) == (1, "")
        assert message in (tmp_path / "server.log").read_text()
