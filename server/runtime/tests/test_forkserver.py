"""The fork server's pure parts: what it imports ahead, and the program code it compiles."""

from __future__ import annotations

import sys
import types
from pathlib import Path

from forkserver_code import TAIL, ProgramCode, program_code
from forkserver_imports import Preloader, program_imports
from program import build_program

STEP = {
    "format": 1,
    "step": "s",
    "prelude": [{"cell_id": "i", "index": 0, "source": "import numpy as np\nimport os.path"}],
    "cells": [
        {"cell_id": "a", "index": 1, "source": "from sklearn.linear_model import Ridge\nx = 1"},
        {"cell_id": "b", "index": 2, "source": "%timeit x\nimport never_seen"},
        {"cell_id": "c", "index": 3, "source": "from . import local\ndef f():\n    import json"},
    ],
}


def _program(tmp_path: Path) -> str:
    path = tmp_path / "_program.py"
    text = build_program(STEP).replace(
        "\nSTEP = json.loads(",
        f"{TAIL}\nSTEP = json.loads(",
        1,
    )
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_imports_of_prelude_and_cells_are_found_magic_cells_and_relative_ones_left_out(
    tmp_path,
):
    names = program_imports(_program(tmp_path))
    assert names == ["numpy", "os.path", "sklearn.linear_model", "json"]


def test_only_installed_modules_are_imported_ahead_never_the_notebook_folder(tmp_path, monkeypatch):
    (tmp_path / "notebook_helper.py").write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    preloader = Preloader(set())
    assert preloader._installed("json")
    assert preloader._installed("numpy")
    assert not preloader._installed("notebook_helper")
    assert "notebook_helper" not in sys.modules


def test_the_split_compile_is_the_whole_file_compile(tmp_path):
    program = _program(tmp_path)
    split = ProgramCode().split(program)
    assert split is not None
    codes = program_code(split, program)

    def files_and_lines(code: types.CodeType) -> set[tuple[str, int]]:
        found = {(code.co_filename, code.co_firstlineno)}
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                found |= files_and_lines(const)
        return found

    whole = compile(Path(program).read_text("utf-8"), program, "exec", dont_inherit=True)
    parts = set().union(*(files_and_lines(code) for code in codes))
    assert parts - {(program, 1)} == files_and_lines(whole) - {(program, 1)}
    assert {name for name, _ in parts} == {program}
