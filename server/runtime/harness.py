"""Cellpipe step harness: runs one pipeline step (docs/step-programs.md).

The entry point of the harness. The harness_*.py modules it imports are inlined where
it imports them (harnessBundle.ts; tests/harness_text.py), so that the whole harness is
embedded verbatim at the top of every step program, one self-contained file, followed by
`STEP = json.loads(...)` and a footer calling `main(STEP, sys.argv[1:])`. Stdlib only at
import time: numpy, pandas, joblib and IPython are imported only when a value or a cell
needs them.
"""

from __future__ import annotations

import json
import math
import os
import sys
import time
import traceback
import types

from harness_cells import Cells
from harness_events import Events, StepError
from harness_outputs import _install_import_hooks
from harness_state import _RANDOM_STATE, _adopt_functions, _random_state, _restore_random_state
from harness_values import (
    _PRELUDE_OBJECTS,
    _input_source,
    _is_model,
    _load,
    _output_dir,
    _save_output,
)

__cellpipe_harness_version__ = 1


def main(step: dict, argv: list[str]) -> int:
    started = time.time()
    events = Events()
    _install_import_hooks(events.display)
    events.emit(
        "started",
        step=step.get("step"),
        pid=os.getpid(),
        python="{}.{}.{}".format(*sys.version_info[:3]),
        time=started,
    )
    try:
        _run(step, argv, events)
    except StepError as exc:
        events.emit("error", kind=exc.kind, message=exc.message, **exc.fields)
        return 1
    except BaseException as exc:  # a harness bug still ends in an error event
        events.emit(
            "error",
            kind="internal",
            message=f"{type(exc).__name__}: {exc}",
            traceback=traceback.format_exc(),
        )
        return 1
    events.emit("finished", duration=round(time.time() - started, 3))
    return 0


def _run(step: dict, argv: list[str], events: Events) -> None:
    if step.get("format") != 1:
        raise StepError(
            "internal",
            f"step format {step.get('format')!r} is not supported "
            f"by harness {__cellpipe_harness_version__}",
        )
    context = _context(argv)
    events = _object_storage(context, events)
    values = _parameters(step, context)
    sources = {name: _input_source(name, context) for name in step.get("inputs", [])}
    out_dir = _output_dir(step, context)
    # Cells run in a real `__main__` module so that pickle finds the classes they define.
    module = types.ModuleType("__main__")
    sys.modules["__main__"] = module
    api = sys.modules["cellpipe"] = _api_module(step, context, events)
    module.__dict__.update(values)
    cells = Cells(module, events)
    ended = cells.run(step.get("prelude", []))
    # What the prelude defined exists in every step: pickled by reference, not by value.
    _PRELUDE_OBJECTS.update(id(v) for v in module.__dict__.values())
    # Inputs load after the prelude: unpickling needs the classes its cells define.
    for name, (path, meta) in sources.items():
        module.__dict__[name] = _load(name, path, meta)
    _adopt_functions(module.__dict__)
    random_state = _restore_random_state(module.__dict__)
    if not ended:
        cells.run(step.get("cells", []))
    _report_metrics(step, module.__dict__, events, api.log_metric)
    if _RANDOM_STATE in step.get("outputs", []):
        module.__dict__[_RANDOM_STATE] = _random_state(random_state)
    # An output that was an input is one the cells may have changed in place.
    for name in step.get("outputs", []):
        _save_output(name, module.__dict__, out_dir, events, sources.get(name))
    for name in step.get("models", []):  # final models nobody reads: kept for deploying
        if name in module.__dict__ and _is_model(module.__dict__[name]):
            _save_output(name, module.__dict__, out_dir, events, sources.get(name))


def _context(argv: list[str]) -> dict:
    path = argv[0] if argv else os.environ.get("CELLPIPE_CONTEXT", "")
    try:
        with open(path, encoding="utf-8") as file:
            context = json.load(file)
        if not isinstance(context, dict) or not all(
            isinstance(context.setdefault(key, {}), dict) for key in ("inputs", "parameters")
        ):
            raise ValueError("not an object with object-valued inputs and parameters")
    except (OSError, ValueError) as exc:
        raise StepError(
            "internal", f"run context {path!r} (argv[1] or $CELLPIPE_CONTEXT) is unreadable: {exc}"
        ) from None
    return context


def _object_storage(context: dict, events: Events) -> Events:
    """Artifacts in a bucket: object_values.py (appended to this harness) fetches the
    inputs and uploads each output as it is saved."""
    if not context.get("objects"):
        return events
    attach = globals().get("attach_object_storage")
    if attach is None:
        raise StepError("internal", "this step program was built without object storage support")
    return attach(context, events, StepError)


def _parameters(step: dict, context: dict) -> dict:
    defaults = step.get("parameters") or {}
    unknown = sorted(set(context["parameters"]) - set(defaults))
    if unknown:
        known = ", ".join(sorted(defaults)) or "none"
        raise StepError(
            "parameter",
            f"unknown parameter {', '.join(map(repr, unknown))}: "
            f"this step's parameters are {known}",
        )
    values = {**defaults, **context["parameters"]}
    for name in values:
        if not name.isidentifier():
            raise StepError("parameter", f"parameter {name!r} is not a Python identifier")
    for name in step.get("float_parameters", []):  # JSON has no 1.0: C = 1.0 stays a float
        if type(values.get(name)) is int:
            values[name] = float(values[name])
    return values


def _api_module(step: dict, context: dict, events: Events) -> types.ModuleType:
    """`import cellpipe` inside a step: metrics and where the step runs."""
    api = types.ModuleType("cellpipe", "Cellpipe inside a running step.")

    def log_metric(name: str, value: object) -> None:
        if not isinstance(name, str) or not name:
            raise TypeError("log_metric: the name must be a non-empty string")
        number = float(value)  # a TypeError or ValueError here belongs to the cell
        if math.isfinite(number):
            events.emit("metric", name=name, value=number, step=step.get("step"))
        else:
            events.warn(f'metric "{name}" is {number}, which JSON cannot carry; skipped')

    api.log_metric = log_metric
    api.run_id, api.step = context.get("run_id"), step.get("step")
    return api


def _report_metrics(step: dict, values: dict, events: Events, log_metric) -> None:
    for name in step.get("metrics", []):
        if name not in values:
            events.warn(f'metric "{name}" was not defined by the step\'s cells; skipped')
            continue
        try:
            log_metric(name, values[name])
        except (TypeError, ValueError):
            events.warn(
                f'metric "{name}" is a {type(values[name]).__name__}, not a number; skipped'
            )
