"""What the fork server imports before it forks: the modules a step program imports that
are installed in this environment and known to survive a fork (docs/engine.md)."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import json
import os
import sys
import sysconfig
import threading

# Not imported ahead: their import hooks are the harness's (IPython, matplotlib), they start
# threads, pools or GPU contexts a fork does not carry (torch, tensorflow, jax, ray, ...),
# or they are the step's own (cellpipe is the harness's API module, __main__ the program).
NEVER = frozenset(
    "IPython matplotlib torch torchvision tensorflow keras jax jaxlib cupy ray dask "
    "distributed pyspark mpi4py numba tqdm multiprocessing concurrent cellpipe "
    "__main__ __future__".split()
)


# What the harness itself imports, in every step (harness*.py).
HARNESS = (
    "ast base64 hashlib importlib.abc importlib.util json linecache math pickle re traceback types"
).split()


class Preloader:
    def __init__(self, exclude: set[str]) -> None:
        self.exclude = NEVER | exclude
        self.done: set[str] = set()
        for name in HARNESS:
            importlib.import_module(name)
        self.unsafe: str | None = None
        self.roots = _installed_roots()
        self.seen = _folder_times()

    def preload(self, program: str) -> None:
        """Imports what the program's cells import (once each) unless unsafe to fork after."""
        for name in program_imports(program):
            if self.unsafe or name in self.done:
                continue
            self.done.add(name)
            top = name.partition(".")[0]
            if top in self.exclude or not self._installed(top):
                continue
            try:
                importlib.import_module(name)
            except Exception:  # the step meets the same error itself, in its own words
                continue
            if threading.active_count() != 1:
                self.unsafe = (
                    f"importing {top} started a thread, which a fork does not carry: "
                    f"steps run in fresh interpreters until the fork server restarts without it"
                )
                self.unsafe_module = top

    def stale(self) -> str | None:
        """Why the imported modules may no longer be the environment's (a package changed)."""
        if _folder_times() != self.seen:
            return "the environment's packages changed"
        return None

    def _installed(self, top: str) -> bool:
        """In this Python's standard library or site-packages: never the notebook's modules."""
        if top in sys.builtin_module_names or top in sys.modules:
            return True
        try:
            spec = importlib.util.find_spec(top)
        except (ImportError, ValueError):
            return False
        origin = spec and (spec.origin or next(iter(spec.submodule_search_locations or []), None))
        if not origin:
            return False
        origin = os.path.realpath(origin)
        return any(origin.startswith(root) for root in self.roots)


def program_imports(program: str) -> list[str]:
    """The modules named by import statements of the step's prelude and cells, in order."""
    with open(program, encoding="utf-8") as file:
        for line in file:
            if line.startswith("STEP = json.loads("):
                step = json.loads(ast.literal_eval(line[len("STEP = json.loads(") :].rstrip()[:-1]))
                break
        else:
            return []
    names: list[str] = []
    for cell in [*step.get("prelude", []), *step.get("cells", [])]:
        try:
            tree = ast.parse(cell.get("source", ""))
        except SyntaxError:  # magics: what it imports is IPython's to translate
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.append(node.module)
    return names


def _installed_roots() -> list[str]:
    paths = sysconfig.get_paths()
    keys = ("stdlib", "platstdlib", "purelib", "platlib")
    return sorted({os.path.join(os.path.realpath(paths[k]), "") for k in keys if k in paths})


def _folder_times() -> dict[str, int]:
    """The modification times of the installed-package folders: an install changes them."""
    times = {}
    for root in _installed_roots():
        try:
            times[root] = os.stat(root).st_mtime_ns
        except OSError:
            continue
    return times
