"""Step values in object storage, through presigned URLs (docs/storage.md).

Appended to the harness in every step program (compileWiring.ts). The server signs
one URL per object and step, so a step holds no credentials and needs no S3 client:
inputs are fetched into the step's local folder before any cell runs (and removed when
it ends), outputs are uploaded as they are saved (and their local copies removed).
Stdlib only.

The run context then has `objects`:
  {"inputs":  {name: {"sidecar": GET url, "data": GET url}},
   "outputs": {name: {"location": "s3://bucket/key-prefix", "put": {ext: PUT url}}}}
where "put" has one URL per data extension the harness may choose, and "json".
"""

import atexit
import json
import os
import shutil
import time
import urllib.error
import urllib.request

_TRIES = 3
_BACKOFF = 0.2  # seconds before the second try; four times that before the third
_TIMEOUT = 60  # seconds without a byte before a transfer counts as failed


def attach_object_storage(context: dict, events, error):
    """Fetches the inputs (the context's input prefixes then point at local copies) and
    returns `events` wrapped so that each saved output is uploaded before it is reported.
    `error(kind, message)` makes the harness's StepError."""
    objects = context.get("objects") or {}
    folder = os.path.join(str(context.get("output_dir") or "."), "_inputs")
    atexit.register(shutil.rmtree, folder, True)  # local copies only while the step runs
    for name, urls in (objects.get("inputs") or {}).items():
        context["inputs"][name] = _fetch_input(name, urls, folder, error)
    return UploadingEvents(events, objects.get("outputs") or {}, error)


class UploadingEvents:
    """Passes events through; an `output` event is sent once its files are in the bucket,
    with the object's location as its path."""

    def __init__(self, events, outputs: dict, error) -> None:
        self._events, self._outputs, self._error = events, outputs, error

    def emit(self, event: str, **fields: object) -> None:
        if event == "output":
            fields["path"] = self._upload(str(fields["name"]), str(fields["path"]))
        self._events.emit(event, **fields)

    def __getattr__(self, name: str):
        return getattr(self._events, name)

    def _upload(self, name: str, path: str) -> str:
        target = self._outputs.get(name)
        ext = os.path.splitext(path)[1].lstrip(".")
        puts = (target or {}).get("put") or {}
        if ext not in puts or "json" not in puts:
            raise self._error(
                "output",
                f'output "{name}" has no upload URL for a .{ext} file '
                "(the server did not expect this output)",
            )
        sidecar = os.path.join(os.path.dirname(path), f"{name}.json")
        for local, url in ((path, puts[ext]), (sidecar, puts["json"])):
            _transfer(f'output "{name}"', lambda u=url, f=local: _put(u, f), self._error, "output")
        for local in (path, sidecar):  # the bucket holds them now; not kept twice
            os.unlink(local)
        return f"{target['location']}.{ext}"


def _fetch_input(name: str, urls: dict, folder: str, error) -> str:
    """Downloads an input's sidecar and data file; returns the local prefix."""
    what = f'input "{name}"'
    os.makedirs(folder, exist_ok=True)
    raw = _transfer(what, lambda: _get(urls["sidecar"], None), error, "input")
    try:
        data_file = json.loads(raw)["file"]
    except (ValueError, KeyError, TypeError) as exc:
        raise error("input", f"{what}: unreadable sidecar in the bucket: {exc}") from None
    if not isinstance(data_file, str) or os.path.basename(data_file) != data_file:
        raise error("input", f"{what}: its sidecar names no data file ({data_file!r})")
    _transfer(what, lambda: _get(urls["data"], os.path.join(folder, data_file)), error, "input")
    with open(os.path.join(folder, f"{name}.json"), "wb") as file:
        file.write(raw)
    return os.path.join(folder, name)


def _transfer(what: str, call, error, kind: str):
    """Runs one request, retrying what may pass (connection trouble, 5xx, 429)."""
    for attempt in range(1, _TRIES + 1):
        try:
            return call()
        except urllib.error.HTTPError as exc:
            if (exc.code < 500 and exc.code != 429) or attempt == _TRIES:
                raise error(kind, f"{what}: object storage said {_http_reason(exc)}") from None
        except (urllib.error.URLError, OSError) as exc:
            if attempt == _TRIES:
                reason = getattr(exc, "reason", exc)
                raise error(kind, f"{what}: object storage unreachable: {reason}") from None
        time.sleep(_BACKOFF * 4 ** (attempt - 1))
    return None


def _http_reason(exc: urllib.error.HTTPError) -> str:
    """S3 errors are XML with a Code; say it and what it usually means."""
    try:
        body = exc.read(4096).decode("utf-8", "replace")
    except OSError:
        body = ""
    code = body.split("<Code>", 1)[1].split("</Code>", 1)[0] if "<Code>" in body else ""
    hint = {
        404: "missing (was the run or the bucket deleted?)",
        403: "access denied (the signed URL expired or the server's credentials are wrong)",
    }.get(exc.code, "")
    return f"HTTP {exc.code} {code or exc.reason}" + (f": {hint}" if hint else "")


def _get(url: str, path):
    """The object's bytes, or written to `path` (through a temporary file) when given."""
    with urllib.request.urlopen(url, timeout=_TIMEOUT) as response:
        if path is None:
            return response.read()
        tmp = f"{path}.{os.getpid()}.part"
        with open(tmp, "wb") as file:
            shutil.copyfileobj(response, file, 1 << 20)
        os.replace(tmp, path)
        return path


def _put(url: str, path: str) -> None:
    with open(path, "rb") as file:
        request = urllib.request.Request(
            url,
            data=file,
            method="PUT",
            headers={
                "Content-Length": str(os.path.getsize(path)),
                "Content-Type": "application/octet-stream",
            },
        )
        with urllib.request.urlopen(request, timeout=_TIMEOUT) as response:
            response.read()
