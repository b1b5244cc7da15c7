"""A step's values on disk: inputs checked and loaded, outputs saved by type with a
sidecar (docs/step-programs.md). Part of the harness, inlined into every step program.
"""

from __future__ import annotations

import json
import os
import sys
import types

from harness_events import Events, StepError


def _input_source(name: str, context: dict) -> tuple[str, dict]:
    """Checks an input's sidecar before any cell runs; returns (data file, sidecar)."""
    if not name.isidentifier():
        raise StepError("input", f"input {name!r} is not a Python identifier")
    prefix = context["inputs"].get(name)
    if not isinstance(prefix, str) or not prefix:
        raise StepError("input", f'input "{name}" has no artifact path in the run context')
    try:
        with open(prefix + ".json", encoding="utf-8") as file:
            meta = json.load(file)
        data, fmt = meta["file"], meta["format"]
    except FileNotFoundError:
        raise StepError(
            "input",
            f'input "{name}" is missing: no artifact at {prefix} '
            f"(did the step that produces it run?)",
        ) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StepError(
            "input", f'input "{name}": unreadable sidecar {prefix}.json: {exc}'
        ) from None
    path = os.path.join(os.path.dirname(prefix), str(data))
    if os.path.basename(str(data)) != data or fmt not in _LOADERS or not os.path.isfile(path):
        raise StepError(
            "input",
            f'input "{name}": sidecar {prefix}.json names no readable '
            f"artifact (file {data!r}, format {fmt!r})",
        )
    if os.path.getsize(path) != meta.get("size", os.path.getsize(path)):
        raise StepError(
            "input",
            f'input "{name}": {path} does not have the size its sidecar '
            "records (was it overwritten?)",
        )
    return path, meta


def _output_dir(step: dict, context: dict) -> str:
    out_dir = context.get("output_dir")
    if step.get("outputs") or step.get("models"):
        try:
            os.makedirs(out_dir, exist_ok=True)
        except (OSError, TypeError, ValueError) as exc:
            raise StepError(
                "output", f"cannot create the output directory {out_dir!r}: {exc}"
            ) from None
    return out_dir


# -- artifacts: format -> loader, value -> (format, extension, writer) --------------------


def _read(path: str, how) -> object:
    with open(path, "rb") as file:
        return how(file)


# Imports happen inside the loaders: a step pays only for the libraries its values need.
_LOADERS = {
    "npy": lambda path: __import__("numpy").load(path, allow_pickle=True),
    "pandas-pickle": lambda path: __import__("pandas").read_pickle(path, compression=None),
    "joblib": lambda path: __import__("joblib").load(path),
    "pickle": lambda path: _read(path, __import__("pickle").load),
    "bytes": lambda path: _read(path, lambda file: file.read()),
    "module": lambda path: __import__("importlib").import_module(
        _read(path, lambda f: f.read().decode())
    ),
    # cloudpickle's output loads with pickle once cloudpickle itself is importable.
    "cloudpickle": lambda path: (_cloudpickle(), _read(path, __import__("pickle").load))[1],
}


def _cloudpickle():
    """cloudpickle (or joblib's copy): pickles functions and classes of a step by value."""
    for name in ("cloudpickle", "joblib.externals.cloudpickle"):
        try:
            __import__(name)
            return sys.modules[name]
        except Exception:
            continue
    return None


def _load(name: str, path: str, meta: dict) -> object:
    try:
        return _LOADERS[meta["format"]](path)
    except Exception as exc:
        hint = ""
        if "<module '__main__'" in str(exc):
            hint = (
                " (define that class or function in an imports or functions cell, "
                "so that every step has it)"
            )
        raise StepError(
            "input",
            f'input "{name}" could not be loaded from {path}: {type(exc).__name__}: {exc}{hint}',
        ) from None


def _is_model(value: object) -> bool:
    """sklearn-like (fit and predict) and joblib importable."""
    try:
        if isinstance(value, type) or not (
            callable(getattr(value, "fit", None)) and callable(getattr(value, "predict", None))
        ):
            return False
        __import__("joblib")
        return True
    except Exception:  # an odd __getattr__, or no joblib
        return False


def _write_pickle(value: object, file) -> None:
    import pickle

    pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)


def _writer(value: object) -> tuple[str, str, object]:
    """(format, extension, write(value, binary file)) for a value, by its type."""
    numpy, pandas = sys.modules.get("numpy"), sys.modules.get("pandas")
    if numpy is not None and type(value) is numpy.ndarray:
        return "npy", "npy", lambda v, f: numpy.save(f, v, allow_pickle=v.dtype.hasobject)
    if pandas is not None and isinstance(value, (pandas.DataFrame, pandas.Series)):
        return "pandas-pickle", "pkl", lambda v, f: v.to_pickle(f, compression=None)
    if type(value) is bytes:
        return "bytes", "bin", lambda v, f: f.write(v)
    if isinstance(value, types.ModuleType):  # `import x` in a step: the next step imports it too
        return "module", "txt", lambda v, f: f.write(v.__name__.encode())
    if _is_model(value):
        return "joblib", "joblib", lambda v, f: sys.modules["joblib"].dump(v, f)
    cloud = _cloudpickle() if _from_main(value) else None
    if cloud is not None:
        return "cloudpickle", "pkl", lambda v, f: cloud.dump(v, f)
    return "pickle", "pkl", _write_pickle


_PRELUDE_OBJECTS: set[int] = set()


def _from_main(value: object) -> bool:
    """Functions and classes the step's own cells defined (and their instances) pickle by value."""
    is_def = isinstance(value, type) or (callable(value) and hasattr(value, "__code__"))
    kind = value if is_def else type(value)
    return getattr(kind, "__module__", None) == "__main__" and id(kind) not in _PRELUDE_OBJECTS


def _atomic_write(path: str, write) -> tuple[int, str]:
    """Writes through a temporary file renamed into place; returns (size, sha256)."""
    import hashlib

    tmp = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as file:
            write(file)
        digest, size = hashlib.sha256(), 0
        with open(tmp, "rb") as file:
            while chunk := file.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
        os.replace(tmp, path)
        return size, digest.hexdigest()
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _share_unchanged(path: str, sha256: str, source: tuple[str, dict] | None) -> None:
    """An input the step did not change after all: its file is linked, not kept twice."""
    if source is None or source[1].get("sha256") != sha256:
        return
    if os.path.splitext(source[0])[1] != os.path.splitext(path)[1]:
        return
    tmp = f"{path}.{os.getpid()}.link"
    try:
        os.link(source[0], tmp)
        os.replace(tmp, path)
    except OSError:  # another filesystem: the copy just written stays
        if os.path.exists(tmp):
            os.unlink(tmp)


def _save_output(
    name: str,
    values: dict,
    out_dir: str,
    events: Events,
    source: tuple[str, dict] | None = None,
) -> None:
    if not name.isidentifier():  # names become file names
        raise StepError("output", f"output {name!r} is not a Python identifier")
    if name not in values:
        raise StepError("output", f'output "{name}" was not defined by the step\'s cells')
    value, cls = values[name], type(values[name])
    fmt, ext, write = _writer(value)
    typename = (
        cls.__qualname__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"
    )
    path = os.path.join(out_dir, f"{name}.{ext}")
    try:
        size, sha256 = _atomic_write(path, lambda f: write(value, f))
        _share_unchanged(path, sha256, source)
        sidecar = json.dumps(
            {
                "name": name,
                "type": typename,
                "format": fmt,
                "file": f"{name}.{ext}",
                "size": size,
                "sha256": sha256,
            }
        )
        _atomic_write(os.path.join(out_dir, f"{name}.json"), lambda f: f.write(sidecar.encode()))
    except OSError as exc:
        raise StepError("output", f'output "{name}" could not be written: {exc}') from None
    except Exception as exc:
        raise StepError(
            "output",
            f'output "{name}" cannot be saved: {cls.__name__} objects cannot be pickled ({exc})',
        ) from None
    extra = {}
    if fmt == "joblib" and (sample := _model_sample(value, values)) is not None:
        extra["sample"] = sample
    events.emit(
        "output", name=name, type=typename, format=fmt, path=path, size=size, sha256=sha256, **extra
    )


def _model_sample(value: object, values: dict) -> dict | None:
    """model_sample.py's model_sample(): appended to the harness in every step program
    (compileWiring.ts), imported when this file is imported as a module (the tests)."""
    function = globals().get("model_sample")
    if function is None:
        from model_sample import model_sample as function
    return function(value, values)
