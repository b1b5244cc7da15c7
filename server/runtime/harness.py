"""Cellpipe step harness: runs one pipeline step (docs/step-programs.md).

Embedded verbatim at the top of every step program, followed by `STEP = json.loads(...)`
and a footer calling `main(STEP, sys.argv[1:])`. Stdlib only at import time: numpy,
pandas, joblib and IPython are imported only when a value or a cell needs them.
"""

from __future__ import annotations

import ast
import base64
import importlib.abc
import importlib.util
import json
import linecache
import math
import os
import re
import sys
import time
import traceback
import types

__cellpipe_harness_version__ = 1

_PREFIX = "@@cellpipe "
_TOP_LEVEL_AWAIT, _CO_COROUTINE = 0x2000, 0x80  # ast.PyCF_ALLOW_..., inspect.CO_COROUTINE
_HARNESS_FILE = (lambda: None).__code__.co_filename  # the step program itself
# Only a cell that does not compile is checked for magics (valid Python never has one).
_MAGIC = re.compile(
    r"^[ \t]*(?:[%!]|\?|[\w.]+[ \t]*\?\??[ \t]*$)"
    r"|^[ \t]*[\w.]+(?:[ \t]*,[ \t]*[\w.]+)*[ \t]*=[ \t]*[%!]",
    re.M,
)


class StepError(Exception):
    """Ends the step with one `error` event of the given kind."""

    def __init__(self, kind: str, message: str, **fields: object) -> None:
        super().__init__(message)
        self.kind, self.message, self.fields = kind, message, fields


class _Tracked:
    """Passes a text stream through, remembering whether its last line is unfinished."""

    def __init__(self, stream) -> None:
        self.raw, self.partial = stream, False

    def write(self, text: str) -> int:
        written = self.raw.write(text)
        if text:
            self.partial = not text.endswith("\n")
        return written

    def __getattr__(self, name: str):
        return getattr(self.raw, name)


class Events:
    """Event lines on stdout, never glued to a partial line of the step's own output."""

    def __init__(self) -> None:
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(line_buffering=True)
        self.out, self.err = _Tracked(sys.stdout), _Tracked(sys.stderr)
        sys.stdout, sys.stderr = self.out, self.err
        self.display = Display(self)

    def emit(self, event: str, **fields: object) -> None:
        for stream in (self.err, self.out):  # stdout and stderr may share one log
            if stream.partial:
                stream.write("\n")
                stream.flush()
        line = json.dumps({"event": event, **fields}, ensure_ascii=True, default=str)
        self.out.raw.write(_PREFIX + line + "\n")
        self.out.raw.flush()

    def warn(self, message: str) -> None:
        self.err.write(f"cellpipe: warning: {message}\n")


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


# The global generators of `random` and numpy, carried from step to step when the
# notebook seeds them (compiler/randomState.ts): restored after the prelude, which seeds
# again in every step, so the cells draw what they draw in one kernel.
_RANDOM_STATE = "__cellpipe_random_state__"


def _restore_random_state(namespace: dict) -> dict | None:
    state = namespace.pop(_RANDOM_STATE, None)
    if not isinstance(state, dict):
        return None
    if state.get("random") is not None:
        import random

        random.setstate(state["random"])
    if state.get("numpy") is not None:
        import numpy

        numpy.random.set_state(state["numpy"])
    return state


def _random_state(previous: dict | None) -> dict:
    """The generators now; numpy's as it came in when this step never imported numpy."""
    import random

    numpy = sys.modules.get("numpy")
    return {
        "random": random.getstate(),
        "numpy": numpy.random.get_state()
        if numpy is not None and hasattr(numpy, "random")
        else (previous or {}).get("numpy"),
    }


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


class Cells:
    """Runs cells in one module namespace, IPython magics included when IPython exists."""

    def __init__(self, module: types.ModuleType, events: Events) -> None:
        self.module, self.g, self.events = module, module.__dict__, events
        self.shell, self.swallowed, self.loop = None, None, None
        self.display = events.display
        self.g.setdefault("display", self.display.display)
        self.g.setdefault("get_ipython", self.get_ipython)

    def run(self, cells: list[dict]) -> bool:
        """Runs cells in order; True when one ended the step early with sys.exit(0)."""
        for cell in cells:
            index, cell_id = cell["index"], cell["cell_id"]
            self.events.emit("cell", index=index, cell_id=cell_id)
            self.display.cell = cell
            filename = f"<cell {index + 1} ({cell_id})>"  # 1-based, as people count cells
            try:
                code, last = self._compile(cell["source"], filename)
                self._execute(code)
                if last is not None:  # the last expression's value, shown as Jupyter does
                    value = self._execute(last)
                    if value is not None:
                        self.display.show(value, "execute_result")
                if self.swallowed is not None:  # a magic printed an error and went on
                    exc, self.swallowed = self.swallowed, None
                    raise exc
            except SystemExit as exc:
                if exc.code is None or exc.code == 0:
                    return True
                raise _cell_error(cell, filename, exc) from None
            except BaseException as exc:
                raise _cell_error(cell, filename, exc) from None
            finally:
                self.display.flush_figures()  # as the inline backend does after a cell
                self.events.emit("cell_done", index=index, cell_id=cell_id)
                self.display.cell = None
        return False

    def _execute(self, code: types.CodeType) -> object:
        if code.co_flags & _CO_COROUTINE:  # top-level await, as Jupyter allows
            return self._loop().run_until_complete(eval(code, self.g))
        return eval(code, self.g)

    def _compile(self, source: str, filename: str) -> tuple[types.CodeType, types.CodeType | None]:
        """The cell's code, and its last expression apart when it ends with one (not `;`)."""
        python = self._python(source, filename)
        flags = _TOP_LEVEL_AWAIT | ast.PyCF_ONLY_AST
        tree = compile(python, filename, "exec", flags, dont_inherit=True)
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr) and not _silenced(python):
            expression = ast.Expression(tree.body.pop().value)
            last = compile(expression, filename, "eval", _TOP_LEVEL_AWAIT, dont_inherit=True)
        return compile(tree, filename, "exec", _TOP_LEVEL_AWAIT, dont_inherit=True), last

    def _python(self, source: str, filename: str) -> str:
        """The cell as Python: itself, or IPython's translation when it has magics."""
        # Registered so that tracebacks show the cell's own lines.
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        try:
            ast.parse(source, filename)
            return source
        except SyntaxError:
            magic = _MAGIC.search(source)
            if magic is None:
                raise
        line = source.count("\n", 0, magic.start()) + 1
        try:
            from IPython.core.inputtransformer2 import TransformerManager
        except ImportError:
            text = source.split("\n")[line - 1]
            raise SyntaxError(
                "IPython magics and ! commands need IPython, which is not "
                "installed here (pip install ipython)",
                (filename, line, 1, text),
            ) from None
        self.get_ipython()
        return TransformerManager().transform_cell(source)

    def _loop(self):
        """One event loop for all cells, so that objects bound to it live on."""
        if self.loop is None:
            import asyncio

            self.loop = asyncio.new_event_loop()
        return self.loop

    def get_ipython(self):
        """The InteractiveShell for magics, made on first use; None without IPython."""
        if self.shell is None:
            try:
                from IPython.core.interactiveshell import InteractiveShell
                from traitlets.config import Config
            except ImportError:
                return None
            config = Config()
            config.HistoryManager.enabled = False  # no sqlite file in the step's home
            self.shell = InteractiveShell.instance(config=config, user_module=self.module)
            self.shell.showtraceback = self.shell.showsyntaxerror = self._swallowed
            self.shell.display_pub.publish = self.display.publish
            for name in ("exit", "quit"):  # IPython's versions do not raise SystemExit
                self.g.pop(name, None)
        return self.shell

    def _swallowed(self, exc_tuple=None, *args: object, **kwargs: object) -> None:
        self.swallowed = (exc_tuple or sys.exc_info())[1]


def _silenced(python: str) -> bool:
    """A trailing `;` hides the last expression's value, as in Jupyter."""
    lines = [line.split("#", 1)[0].rstrip() for line in python.rstrip().splitlines()]
    return bool(lines) and lines[-1].endswith(";")


# -- rich outputs: display(), the last expression, figures (docs/step-programs.md) --------

_REPR_METHODS = (
    ("text/html", "_repr_html_"),
    ("text/markdown", "_repr_markdown_"),
    ("image/svg+xml", "_repr_svg_"),
    ("image/png", "_repr_png_"),
    ("image/jpeg", "_repr_jpeg_"),
    ("text/latex", "_repr_latex_"),
    ("application/json", "_repr_json_"),
)
_BINARY = ("image/png", "image/jpeg")


class Display:
    """Rich outputs of the running cell as `display` events, each capped in size."""

    def __init__(self, events: Events) -> None:
        self.events, self.cell, self.plt = events, None, None
        self.cap = int(os.environ.get("CELLPIPE_MAX_OUTPUT_BYTES", 2 * 1024 * 1024))

    def display(self, *objects: object, raw: bool = False, **kwargs: object) -> None:
        """`display()` as IPython's: each object's rich forms (a mime bundle when raw)."""
        for obj in objects:
            if raw and isinstance(obj, dict):
                self.publish(obj)
            else:
                self.show(obj)

    def show(self, obj: object, output_type: str = "display_data") -> None:
        data, metadata = _mimebundle(obj)
        self.publish(data, metadata, output_type=output_type)

    def publish(self, data, metadata=None, output_type="display_data", **kwargs) -> None:
        if self.cell is None or not isinstance(data, dict):
            return
        size = sum(len(v) if isinstance(v, str) else len(json.dumps(v)) for v in data.values())
        if size > self.cap:
            text = str(data.get("text/plain", ""))[:200]
            data, metadata = (
                {
                    "text/plain": f"{text}\n[cellpipe: an output of {size} bytes was not kept: "
                    f"outputs are capped at {self.cap} bytes (CELLPIPE_MAX_OUTPUT_BYTES)]"
                },
                {},
            )
        self.events.emit(
            "display",
            index=self.cell["index"],
            cell_id=self.cell["cell_id"],
            output_type=output_type,
            data=data,
            metadata=metadata or {},
        )

    def flush_figures(self) -> None:
        """Every open matplotlib figure as a PNG, then closed (the inline backend's rule)."""
        plt = sys.modules.get("matplotlib.pyplot")
        if plt is None or self.cell is None:
            return
        try:
            for number in plt.get_fignums():
                self.show(plt.figure(number))
            plt.close("all")
        except Exception as exc:  # a figure that cannot draw must not fail the cell
            self.events.warn(f"a matplotlib figure could not be drawn: {exc}")


def _mimebundle(obj: object) -> tuple[dict, dict]:
    """The forms Jupyter would show: `_repr_*_` methods, figures as PNG, then repr()."""
    data: dict = {}
    metadata: dict = {}
    if not isinstance(obj, type):  # a class's _repr_html_ is an unbound function
        bundle = _call_repr(obj, "_repr_mimebundle_", include=None, exclude=None)
        if isinstance(bundle, tuple) and len(bundle) == 2:
            bundle, metadata = bundle[0], dict(bundle[1] or {})
        if isinstance(bundle, dict):
            data.update(bundle)
        for mime, method in _REPR_METHODS:
            value = data.get(mime) if mime in data else _call_repr(obj, method)
            if isinstance(value, tuple) and len(value) == 2:
                value, metadata[mime] = value
            if value is not None:
                data[mime] = value
        if "image/png" not in data and _is_figure(obj):
            data["image/png"] = _figure_png(obj)
    for mime in _BINARY:
        if isinstance(data.get(mime), bytes):
            data[mime] = base64.b64encode(data[mime]).decode("ascii")
    if "text/plain" not in data:
        try:
            data["text/plain"] = repr(obj)
        except Exception as exc:
            data["text/plain"] = f"<{type(obj).__name__} object: repr() failed: {exc}>"
    return data, metadata


def _call_repr(obj: object, method: str, **kwargs: object) -> object:
    try:
        function = getattr(obj, method, None)
        return function(**kwargs) if callable(function) else None
    except Exception:  # IPython, too, skips a form whose method raises
        return None


def _is_figure(obj: object) -> bool:
    return type(obj).__module__ == "matplotlib.figure" and callable(getattr(obj, "savefig", None))


def _figure_png(figure) -> bytes:
    import io

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


class _AfterImport(importlib.abc.MetaPathFinder):
    """Runs a hook on a module right after it is imported (before anyone binds its names)."""

    def __init__(self, hooks: dict) -> None:
        self.hooks = hooks

    def find_spec(self, name, path=None, target=None):
        hook = self.hooks.get(name)
        if hook is None:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None and spec.loader is not None:
                spec.loader = _HookedLoader(spec.loader, hook)
                return spec
        return None


class _HookedLoader(importlib.abc.Loader):
    def __init__(self, loader, hook) -> None:
        self.loader, self.hook = loader, hook

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module) -> None:
        self.loader.exec_module(module)
        self.hook(module)

    def __getattr__(self, name: str):
        return getattr(self.loader, name)


class _InlineBackend(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """matplotlib's backend inside a step: Agg, and `plt.show()` shows the figures here."""

    NAME = "_cellpipe_inline"

    def __init__(self, display: Display) -> None:
        self.display = display

    def find_spec(self, name, path=None, target=None):
        return importlib.util.spec_from_loader(name, self) if name == self.NAME else None

    def create_module(self, spec):
        return None

    def exec_module(self, module) -> None:
        from matplotlib.backends import backend_agg

        module.FigureCanvas = backend_agg.FigureCanvasAgg
        module.FigureManager = backend_agg.FigureManagerBase
        module.show = lambda *args, **kwargs: self.display.flush_figures()


def _install_import_hooks(display: Display) -> None:
    """IPython's display() and matplotlib's figures reach the cell's outputs."""

    def display_functions(module) -> None:
        module.display = display.display

    def matplotlib(module) -> None:
        # In rcParams, not $MPLBACKEND: processes the cells start keep their own backend.
        if "MPLBACKEND" not in os.environ:  # a backend the person chose is kept
            module.rcParams["backend"] = "module://" + _InlineBackend.NAME

    hooks = {"IPython.core.display_functions": display_functions, "matplotlib": matplotlib}
    sys.meta_path.insert(0, _AfterImport(hooks))
    sys.meta_path.append(_InlineBackend(display))


def _cell_error(cell: dict, filename: str, exc: BaseException) -> StepError:
    line = exc.lineno if isinstance(exc, SyntaxError) and exc.filename == filename else None
    tb = exc.__traceback__
    while tb is not None:  # the innermost frame of this cell
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    ename, evalue = type(exc).__name__, str(exc)
    return StepError(
        "cell",
        f"{ename}: {evalue} (cell {cell['index'] + 1}, line {line or 1})",
        cell_id=cell["cell_id"],
        index=cell["index"],
        line=line or 1,
        ename=ename,
        evalue=evalue,
        traceback=_traceback_text(exc),
    )


def _traceback_text(exc: BaseException) -> str:
    te = traceback.TracebackException(type(exc), exc, exc.__traceback__, compact=True)
    pending, seen = [te], set()
    while pending:  # chained and grouped exceptions too
        item = pending.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        item.stack = traceback.StackSummary.from_list(
            [f for f in item.stack if f.filename != _HARNESS_FILE]
        )
        pending += [item.__cause__, item.__context__, *(getattr(item, "exceptions", None) or [])]
    return "".join(te.format())


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


def _adopt_functions(namespace: dict) -> None:
    """A function a step defined comes with a copy of the globals it used (cloudpickle);
    in a kernel its globals are the notebook's. Rebound to this step's namespace, a call
    changes this step's objects (`def note(x): log.append(x)`, `global counter`), which
    the step then passes on. Globals it used that this step lacks come along."""
    for name, value in list(namespace.items()):
        if not isinstance(value, types.FunctionType) or value.__globals__ is namespace:
            continue
        if value.__module__ != "__main__" or id(value) in _PRELUDE_OBJECTS:
            continue
        for key, captured in value.__globals__.items():
            namespace.setdefault(key, captured)
        adopted = types.FunctionType(
            value.__code__, namespace, value.__name__, value.__defaults__, value.__closure__
        )
        adopted.__kwdefaults__ = value.__kwdefaults__
        adopted.__qualname__ = value.__qualname__
        adopted.__doc__ = value.__doc__
        adopted.__dict__.update(value.__dict__)
        namespace[name] = adopted


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
    events.emit("output", name=name, type=typename, format=fmt, path=path, size=size, sha256=sha256)
