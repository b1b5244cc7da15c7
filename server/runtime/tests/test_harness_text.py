"""The split harness is one namespace once inlined: nothing left to import, no name twice."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

from harness_text import bundled

HARNESS = Path(__file__).resolve().parent.parent / "harness.py"


def test_the_bundle_imports_no_harness_module_and_compiles():
    text = bundled(HARNESS)
    tree = ast.parse(text)
    # (an import under `if TYPE_CHECKING:` never runs, and stays)
    modules = {node.module for node in tree.body if isinstance(node, ast.ImportFrom)}
    assert not {m for m in modules if m.startswith("harness")}, "every harness module is inlined"
    assert text.count("from __future__ import annotations") == 1
    for name in ("harness_cells", "harness_events", "harness_outputs", "harness_state"):
        assert text.count(f"# ---- {name}.py ----") == 1, name


def test_no_top_level_name_is_defined_by_two_modules():
    tree = ast.parse(bundled(HARNESS))
    names: Counter[str] = Counter()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names[node.name] += 1
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for leaf in ast.walk(target):
                    if isinstance(leaf, ast.Name):
                        names[leaf.id] += 1
    assert [name for name, count in names.items() if count > 1] == []
    assert {"main", "Cells", "Display", "Events", "StepError", "_save_output"} <= set(names)
