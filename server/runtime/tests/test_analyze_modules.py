"""What the pre-flight check looks up: the modules a cell imports whenever it runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import analyze

FIND = Path(analyze.__file__).with_name("find_modules.py")


def modules(source: str) -> list[dict]:
    return analyze.analyze_cell("c", source)["modules"]


def test_top_level_packages_in_order_first_line_each():
    source = "import numpy as np, os.path\nfrom sklearn.linear_model import X\nimport numpy\n"
    assert modules(source) == [
        {"name": "numpy", "line": 1},
        {"name": "os", "line": 1},
        {"name": "sklearn", "line": 2},
    ]


def test_imports_that_may_not_run_are_left_out():
    source = (
        "from . import sibling\n"
        "try:\n    import torch\nexcept ImportError:\n    torch = None\n"
        "def later():\n    import scipy\n"
        "class K:\n    import json\n"
        "if True:\n    import pandas\n"
    )
    assert modules(source) == [{"name": "pandas", "line": 11}]


def test_magic_cells_still_list_their_imports():
    assert modules("%matplotlib inline\nimport matplotlib.pyplot as plt\n") == [
        {"name": "matplotlib", "line": 2}
    ]


def test_find_modules_answers_without_importing():
    request = {"modules": ["json", "no_such_module_cp18"], "packages": ["no-such-dist-cp18"]}
    out = subprocess.run(
        [sys.executable, str(FIND), json.dumps(request)], capture_output=True, text=True, check=True
    )
    answer = json.loads(out.stdout)
    assert answer["missing"] == ["no_such_module_cp18"]
    assert answer["missing_packages"] == ["no-such-dist-cp18"]
