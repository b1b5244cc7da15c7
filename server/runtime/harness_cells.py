"""Runs a step's cells in one module namespace, IPython magics included, and turns a
failing cell into a `cell` error. Part of the harness, inlined into every step program.
"""

from __future__ import annotations

import ast
import linecache
import re
import sys
import traceback
import types

from harness_events import Events, StepError

_TOP_LEVEL_AWAIT, _CO_COROUTINE = 0x2000, 0x80  # ast.PyCF_ALLOW_..., inspect.CO_COROUTINE
_HARNESS_FILE = (lambda: None).__code__.co_filename  # the step program itself
# Only a cell that does not compile is checked for magics (valid Python never has one).
_MAGIC = re.compile(
    r"^[ \t]*(?:[%!]|\?|[\w.]+[ \t]*\?\??[ \t]*$)"
    r"|^[ \t]*[\w.]+(?:[ \t]*,[ \t]*[\w.]+)*[ \t]*=[ \t]*[%!]",
    re.M,
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
