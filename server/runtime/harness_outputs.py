"""Rich outputs of a step's cells: display(), the last expression, matplotlib figures
(docs/step-programs.md). Part of the harness, inlined into every step program.
"""

from __future__ import annotations

import base64
import importlib.abc
import importlib.util
import json
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a type only: Events makes the Display
    from harness_events import Events

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
