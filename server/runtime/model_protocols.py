"""Request parsing and response building for model_server.py: KServe's V1 protocol and the
Open Inference Protocol (KServe V2), JSON over HTTP.

Stdlib only at import time; numpy is imported when a request is turned into an array.
Every bad request raises ProtocolError, which the server answers as {"error": message}.
"""

from __future__ import annotations

import json
import math
import re
import urllib.parse
import uuid

# OIP datatype -> (numpy dtype, JSON value types its data may hold). bool is not an int here:
# JSON true is not a number, and numpy would silently read it as 1.
DATATYPES = {
    "BOOL": ("bool", (bool,)),
    **{f"INT{b}": (f"int{b}", (int,)) for b in (8, 16, 32, 64)},
    **{f"UINT{b}": (f"uint{b}", (int,)) for b in (8, 16, 32, 64)},
    **{f"FP{b}": (f"float{b}", (int, float)) for b in (16, 32, 64)},
    "BYTES": ("object", (str,)),
}
PREDICT, PREDICT_PROBA = "predict", "predict_proba"
SERVER_NAME, SERVER_VERSION = "cellpipe-model-server", "1"


class ProtocolError(Exception):
    """Ends a request with this HTTP status and {"error": message}."""

    def __init__(self, status: int, message: str, allow: str = "") -> None:
        super().__init__(message)
        self.status, self.message, self.allow = status, message, allow


def _bad(message: str) -> ProtocolError:
    return ProtocolError(400, message)


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not valid JSON")  # Python's json would accept NaN/Infinity


def parse_json(body: bytes) -> dict:
    if not body.strip():
        raise _bad("the request body is empty; send a JSON object")
    try:
        doc = json.loads(body.decode("utf-8"), parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise _bad(f"the request body is not valid JSON: {exc}") from None
    if not isinstance(doc, dict):
        raise _bad(f"the request body must be a JSON object, not {_kind(doc)}")
    return doc


def _kind(value: object) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        type(None): "null",
    }.get(type(value), "a number")


def _features(count: int, n_features: int | None, where: str) -> None:
    if n_features is not None and count != n_features:
        raise _bad(f"the model takes {n_features} features per row; {where} has {count}")


# -- V1: {"instances": [[...], ...]} -> {"predictions": [...]} ----------------------------


def v1_rows(body: bytes, n_features: int | None):
    """The rows of a V1 request: a float64 matrix, or a list of strings for a text model."""
    doc = parse_json(body)
    key = "inputs" if "inputs" in doc else "instances"  # KServe reads "inputs" first too
    if key not in doc:
        raise _bad('the request needs "instances": a list of rows, e.g. [[1.0, 2.0]]')
    rows = doc[key]
    if not isinstance(rows, list) or not rows:
        raise _bad(f'"{key}" must be a non-empty list of rows, not {_kind(rows)}')
    if n_features is None and all(type(row) is str for row in rows):
        return rows  # documents for a text pipeline, which takes a 1-D list
    width = None
    for i, row in enumerate(rows):
        if not isinstance(row, list):
            raise _bad(f"{key}[{i}] is {_kind(row)}; each instance must be a list of numbers")
        if width is None:
            width = len(row)
            _features(width, n_features, f"{key}[{i}]")
        elif len(row) != width:
            raise _bad(f"{key}[{i}] has {len(row)} values but {key}[0] has {width}")
        for j, value in enumerate(row):
            if type(value) not in (int, float):
                what = "too many dimensions: rows" if isinstance(value, list) else "rows"
                raise _bad(f"{key}[{i}][{j}] is {_kind(value)}; {what} must hold numbers")
    return _array(rows, "float64", [len(rows), width])


def v1_response(predictions) -> dict:
    return {"predictions": predictions.tolist()}


# -- V2 / Open Inference Protocol --------------------------------------------------------


def v2_request(body: bytes, n_features: int | None, outputs: list[str]):
    """(array, output names to compute, request id) of an inference request."""
    doc = parse_json(body)
    inputs = doc.get("inputs")
    if not isinstance(inputs, list) or not inputs:
        raise _bad(
            'the request needs "inputs": a list with one tensor '
            '{"name", "shape", "datatype", "data"}'
        )
    if len(inputs) != 1:  # KServe would silently use the first one
        raise _bad(f"the model takes one input tensor; the request has {len(inputs)}")
    request_id = doc.get("id")
    if request_id is not None and not isinstance(request_id, str):
        raise _bad(f'"id" must be a string, not {_kind(request_id)}')
    names = _requested(doc.get("outputs"), outputs)
    return _tensor(inputs[0], n_features), names, request_id or str(uuid.uuid4())


def _requested(requested: object, outputs: list[str]) -> list[str]:
    """Outputs named in the request, in its order; only `predict` when it names none."""
    if requested is None or requested == []:
        return [PREDICT]
    if not isinstance(requested, list):
        raise _bad(f'"outputs" must be a list of {{"name": ...}} objects, not {_kind(requested)}')
    names: list[str] = []
    for item in requested:
        name = item.get("name") if isinstance(item, dict) else None
        if name not in outputs:
            raise _bad(f"unknown output {name!r}; this model's outputs are {', '.join(outputs)}")
        if name not in names:
            names.append(name)
    return names


def _tensor(tensor: object, n_features: int | None):
    if not isinstance(tensor, dict):
        raise _bad(f"inputs[0] must be an object, not {_kind(tensor)}")
    datatype, shape, data = (tensor.get(k) for k in ("datatype", "shape", "data"))
    if not isinstance(datatype, str) or datatype not in DATATYPES:  # a list is unhashable
        raise _bad(f"datatype {datatype!r} is not supported; use one of {', '.join(DATATYPES)}")
    if not isinstance(shape, list) or not all(type(d) is int and d >= 0 for d in shape):
        raise _bad(f"shape must be a list of non-negative integers, not {json.dumps(shape)}")
    if len(shape) != 2 and not (len(shape) == 1 and n_features is None):
        raise _bad(
            f"shape {shape} is {len(shape)}-D; the model takes [rows, features]"
            + (f", here [rows, {n_features}]" if n_features else "")
        )
    if shape[0] == 0:
        raise _bad(f"shape {shape} has no rows")
    if len(shape) == 2:
        _features(shape[1], n_features, f"shape {shape}")
    if not isinstance(data, list):
        raise _bad(f'inputs[0] needs "data": a flat or nested list, not {_kind(data)}')
    flat = _flatten(data)
    if len(flat) != math.prod(shape):
        raise _bad(f"data has {len(flat)} values but shape {shape} needs {math.prod(shape)}")
    dtype, accepted = DATATYPES[datatype]
    if not {type(v) for v in flat} <= set(accepted):
        value = next(v for v in flat if type(v) not in accepted)
        raise _bad(f"{datatype} data cannot hold {json.dumps(value)} ({_kind(value)})")
    return _array(flat, dtype, shape)


def _flatten(data: list) -> list:
    """Row-major values of flat or nested data, without recursion."""
    if not any(isinstance(v, list) for v in data):
        return data
    flat, stack = [], [iter(data)]
    while stack:
        for value in stack[-1]:
            if isinstance(value, list):
                stack.append(iter(value))
                break
            flat.append(value)
        else:
            stack.pop()
    return flat


def _array(values: list, dtype: str, shape: list[int]):
    import numpy

    try:
        return numpy.array(values, dtype=dtype).reshape(shape)
    except (OverflowError, ValueError) as exc:  # 300 as INT8, 1e400 as an int...
        raise _bad(f"data does not fit {dtype}: {exc}") from None


def datatype_of(array) -> str:
    """OIP datatype of a numpy array's dtype; strings and objects are BYTES."""
    kind, bits = array.dtype.kind, array.dtype.itemsize * 8
    names = {"b": "BOOL", "i": f"INT{bits}", "u": f"UINT{bits}", "f": f"FP{bits}"}
    return names.get(kind, "BYTES")


def v2_response(model: str, version: str, request_id: str, results: dict) -> dict:
    outputs = [
        {
            "name": name,
            "shape": list(value.shape),
            "datatype": datatype_of(value),
            "data": value.ravel().tolist(),
        }
        for name, value in results.items()
    ]
    for output in outputs:
        if output["datatype"] == "BYTES":  # labels such as numpy strings or objects
            output["data"] = [v if isinstance(v, str) else str(v) for v in output["data"]]
    return {"model_name": model, "model_version": version, "id": request_id, "outputs": outputs}


def v2_metadata(name: str, version: str, n_features: int | None, outputs: dict) -> dict:
    return {
        "name": name,
        "versions": [version],
        "platform": "sklearn",
        "inputs": [{"name": "input-0", "datatype": "FP64", "shape": [-1, n_features or -1]}],
        "outputs": list(outputs.values()),
    }


# -- routes: (path pattern, {method: App method}) ----------------------------------------

_NAME, _VERSION = r"([^/:]+)", r"(?:/versions/([^/]+))?"
ROUTES = [
    (re.compile(p), methods)
    for p, methods in [
        (r"/", {"GET": "root"}),
        (r"/v1/models", {"GET": "v1_list"}),
        (rf"/v1/models/{_NAME}", {"GET": "v1_status"}),
        (rf"/v1/models/{_NAME}:predict", {"POST": "v1_predict"}),
        (r"/v2", {"GET": "server_metadata"}),
        (r"/v2/health/live", {"GET": "live"}),
        (r"/v2/health/ready", {"GET": "ready"}),
        (rf"/v2/models/{_NAME}{_VERSION}", {"GET": "v2_metadata"}),
        (rf"/v2/models/{_NAME}{_VERSION}/ready", {"GET": "v2_ready"}),
        (rf"/v2/models/{_NAME}{_VERSION}/infer", {"POST": "v2_infer"}),
    ]
]


class App:
    """What each route answers: (status, JSON document). `model` is model_server.Model."""

    def __init__(self, model) -> None:
        self.model = model

    def _check(self, name: str, version: str | None = None):
        if name != self.model.name:  # KServe's wording
            raise ProtocolError(404, f"Model with name {name} does not exist.")
        if version is not None and version != self.model.version:
            raise ProtocolError(
                404, f"Model {name} has no version {version}; its versions are {self.model.version}"
            )
        return self.model

    def root(self, body: bytes):
        return 200, {"status": "alive"}

    def v1_list(self, body: bytes):
        return 200, {"models": [self.model.name]}

    def v1_status(self, name: str, body: bytes):
        return 200, {"name": self._check(name).name, "ready": True}

    def v1_predict(self, name: str, body: bytes):
        model = self._check(name)
        rows = v1_rows(body, model.n_features)
        return 200, v1_response(model.run(rows, [PREDICT])[PREDICT])

    def server_metadata(self, body: bytes):
        return 200, {"name": SERVER_NAME, "version": SERVER_VERSION, "extensions": []}

    def live(self, body: bytes):
        return 200, {"live": True}

    def ready(self, body: bytes):
        return 200, {"ready": True}

    def v2_metadata(self, name: str, version: str | None, body: bytes):
        m = self._check(name, version)
        return 200, v2_metadata(m.name, m.version, m.n_features, m.outputs)

    def v2_ready(self, name: str, version: str | None, body: bytes):
        return 200, {"name": self._check(name, version).name, "ready": True}

    def v2_infer(self, name: str, version: str | None, body: bytes):
        m = self._check(name, version)
        rows, names, request_id = v2_request(body, m.n_features, list(m.outputs))
        return 200, v2_response(m.name, m.version, request_id, m.run(rows, names))

    def answer(self, method: str, path: str, body: bytes):
        path = urllib.parse.unquote(urllib.parse.urlsplit(path).path)
        for pattern, methods in ROUTES:
            match = pattern.fullmatch(path)
            if match is None:
                continue
            handler = methods.get("GET" if method == "HEAD" else method)
            if handler is None:
                allow = ", ".join(methods)
                raise ProtocolError(405, f"{method} is not allowed on {path}; use {allow}", allow)
            return getattr(self, handler)(*match.groups(), body)
        raise ProtocolError(404, f"no such path: {path}")
