"""The modules a cell imports when it runs, for the pre-flight check (docs/kubernetes.md)."""

from __future__ import annotations

import ast

# Statements whose bodies run whenever the cell does; a function's or class's body runs
# only when called, and a `try` is the cell's own answer to a missing module.
_RUNS = (ast.If, ast.With, ast.For, ast.While, ast.AsyncWith, ast.AsyncFor)


def module_imports(tree: ast.Module) -> list[dict]:
    """`[{"name": "sklearn", "line": 3}]`: top-level packages, absolute imports, first use each."""
    found: dict[str, int] = {}
    pending = list(tree.body)
    while pending:
        node = pending.pop(0)
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.setdefault(alias.name.partition(".")[0], node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.setdefault(node.module.partition(".")[0], node.lineno)
        elif isinstance(node, _RUNS):
            pending[:0] = [*node.body, *getattr(node, "orelse", [])]
    return [{"name": name, "line": line} for name, line in found.items()]
