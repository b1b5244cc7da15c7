"""Step programs run as real subprocesses with the project's .venv Python."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from program import build_program

VENV_PYTHON = Path(__file__).resolve().parents[3] / ".venv" / "bin" / "python"
PREFIX = "@@cellpipe "


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def events(self) -> list[dict]:
        return [
            json.loads(line[len(PREFIX) :])
            for line in self.stdout.splitlines()
            if line.startswith(PREFIX)
        ]

    def of(self, kind: str) -> list[dict]:
        return [e for e in self.events if e["event"] == kind]

    @property
    def error(self) -> dict:
        (error,) = self.of("error")
        return error


def cells(*sources: str, first: int = 1) -> list[dict]:
    return [
        {"cell_id": f"c{first + i}", "index": first + i, "source": s} for i, s in enumerate(sources)
    ]


def run_step(
    tmp: Path,
    name: str,
    step: dict,
    context: dict | None = None,
    python: tuple[str, ...] = (str(VENV_PYTHON),),
) -> Run:
    full = {
        "format": 1,
        "pipeline": "nb",
        "step": name,
        "prelude": [],
        "cells": [],
        "inputs": [],
        "outputs": [],
        "parameters": {},
        "metrics": [],
        **step,
    }
    program, ctx = tmp / f"{name}.py", tmp / f"{name}.context.json"
    program.write_text(build_program(full), encoding="utf-8")
    ctx.write_text(
        json.dumps(
            {
                "run_id": "r1",
                "inputs": {},
                "parameters": {},
                "output_dir": str(tmp / "artifacts" / name),
                **(context or {}),
            }
        )
    )
    env = {**os.environ, "IPYTHONDIR": str(tmp / "ipython"), "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run(
        [*python, str(program), str(ctx)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=tmp,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def inputs_from(tmp: Path, step: str, *names: str) -> dict:
    return {"inputs": {n: str(tmp / "artifacts" / step / n) for n in names}}


# -- round trips: one producer and one consumer step for every artifact format ----------

PRELUDE = cells(
    "import numpy as np\nimport pandas as pd\n"
    "class Point:\n    def __init__(self, x):\n        self.x = x\n",
    first=0,
)
PRODUCE = cells(
    "from sklearn.linear_model import LogisticRegression\n"
    "X = np.array([[0.0, 1.0], [1.0, 0.0], [0.2, 0.9], [0.9, 0.1]])\n"
    "model = LogisticRegression().fit(X, [0, 1, 0, 1])\npreds = model.predict(X)\n",
    "arr = np.arange(12.0).reshape(3, 4)\n"
    "df = pd.DataFrame({'a': [1, 2], 'b': ['x', 'y']})\n"
    "info = {'k': [1, 2], 't': (3, 4)}\nraw = b'\\x00bytes'\npoint = Point(7)\n",
)
NAMES = ["X", "model", "preds", "arr", "df", "info", "raw", "point"]
CHECK = cells(
    "checks = {\n"
    " 'arr': np.array_equal(arr, np.arange(12.0).reshape(3, 4)),\n"
    " 'df': df.equals(pd.DataFrame({'a': [1, 2], 'b': ['x', 'y']})),\n"
    " 'model': bool((model.predict(X) == preds).all()) and type(model).__name__ == "
    "'LogisticRegression',\n"
    " 'info': info == {'k': [1, 2], 't': (3, 4)},\n"
    " 'raw': raw == b'\\x00bytes',\n"
    " 'point': isinstance(point, Point) and point.x == 7,\n}\n",
    first=5,
)


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run, Run, dict]:
    tmp = tmp_path_factory.mktemp("round_trip")
    produced = run_step(tmp, "produce", {"prelude": PRELUDE, "cells": PRODUCE, "outputs": NAMES})
    assert produced.code == 0, produced.stdout + produced.stderr
    consumer = {"prelude": PRELUDE, "cells": CHECK, "inputs": NAMES, "outputs": ["checks"]}
    consumed = run_step(tmp, "consume", consumer, inputs_from(tmp, "produce", *NAMES))
    assert consumed.code == 0, consumed.stdout + consumed.stderr
    with open(tmp / "artifacts" / "consume" / "checks.pkl", "rb") as file:
        checks = pickle.load(file)
    return tmp, produced, consumed, checks


@pytest.mark.parametrize(
    "name,fmt,file,typename",
    [
        ("arr", "npy", "arr.npy", "numpy.ndarray"),
        # `type` is `__module__.__qualname__`: pandas 3 says pandas.DataFrame, 2 said pandas.core...
        ("df", "pandas-pickle", "df.pkl", f"{pd.DataFrame.__module__}.DataFrame"),
        ("model", "joblib", "model.joblib", "sklearn.linear_model._logistic.LogisticRegression"),
        ("info", "pickle", "info.pkl", "dict"),
        ("raw", "bytes", "raw.bin", "bytes"),
        ("point", "pickle", "point.pkl", "__main__.Point"),
    ],
)
def test_output_is_saved_by_type_and_loads_equal_in_the_next_step(
    round_trip, name: str, fmt: str, file: str, typename: str
) -> None:
    tmp, produced, _, checks = round_trip
    out = tmp / "artifacts" / "produce"
    sidecar = json.loads((out / f"{name}.json").read_text())
    data = (out / file).read_bytes()
    assert sidecar == {
        "name": name,
        "type": typename,
        "format": fmt,
        "file": file,
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    (event,) = [e for e in produced.of("output") if e["name"] == name]
    event.pop("sample", None)  # a model's training row: test_model_sample.py
    assert event == {
        "event": "output",
        "name": name,
        "type": typename,
        "format": fmt,
        "path": str(out / file),
        "size": len(data),
        "sha256": sidecar["sha256"],
    }
    if name in checks:  # the consuming step loaded an equal value
        assert checks[name] is True


def test_round_trip_runs_started_cells_outputs_finished_in_order(round_trip) -> None:
    _, produced, consumed, _ = round_trip
    kinds = [e["event"] for e in produced.events]
    cell = ["cell", "cell_done"]
    assert kinds == ["started", *cell * 3] + ["output"] * len(NAMES) + ["finished"]
    assert [e["cell_id"] for e in produced.of("cell")] == ["c0", "c1", "c2"]  # prelude first
    started = produced.of("started")[0]
    assert started["step"] == "produce" and started["python"].count(".") == 2
    assert consumed.of("finished")[0]["duration"] >= 0
    leftovers = [p.name for p in (round_trip[0] / "artifacts").rglob(".*.tmp")]
    assert leftovers == []


# -- errors -------------------------------------------------------------------------------


def test_generator_output_is_an_output_error_naming_the_variable(tmp_path: Path) -> None:
    run = run_step(
        tmp_path, "gen", {"cells": cells("gen = (i for i in range(3))"), "outputs": ["gen"]}
    )
    assert run.code == 1
    assert run.error["kind"] == "output"
    assert run.error["message"].startswith(
        'output "gen" cannot be saved: generator objects cannot be pickled'
    )
    assert sorted(p.name for p in (tmp_path / "artifacts" / "gen").iterdir()) == []
    assert run.of("finished") == []


def test_undefined_output_is_an_output_error(tmp_path: Path) -> None:
    run = run_step(tmp_path, "undef", {"cells": cells("x = 1"), "outputs": ["model"]})
    assert run.code == 1 and run.error["kind"] == "output" and '"model"' in run.error["message"]


def test_parameters_default_and_overridden_by_the_context(tmp_path: Path) -> None:
    step = {
        "cells": cells("print('lr', lr, 'epochs', epochs)"),
        "parameters": {"lr": 0.1, "epochs": 3},
    }
    run = run_step(tmp_path, "params", step, {"parameters": {"lr": 0.5}})
    assert run.code == 0 and "lr 0.5 epochs 3\n" in run.stdout


def test_unknown_parameter_is_a_parameter_error_before_any_cell(tmp_path: Path) -> None:
    step = {"cells": cells("print('ran')"), "parameters": {"lr": 0.1}}
    run = run_step(tmp_path, "badparam", step, {"parameters": {"lrr": 1}})
    assert run.code == 1 and run.error["kind"] == "parameter"
    assert "'lrr'" in run.error["message"] and "lr" in run.error["message"]
    assert run.of("cell") == [] and "ran" not in run.stdout


def test_missing_input_is_an_input_error_before_any_cell(tmp_path: Path) -> None:
    step = {"cells": cells("print('ran')"), "inputs": ["df"]}
    run = run_step(tmp_path, "noinput", step, {"inputs": {"df": str(tmp_path / "nope" / "df")}})
    assert run.code == 1 and run.error["kind"] == "input" and '"df"' in run.error["message"]
    assert run.of("cell") == []


def test_failing_cell_reports_index_cell_id_line_and_the_line_text(tmp_path: Path) -> None:
    step = {
        "prelude": cells("def inverse(v):\n    return 1 / v\n", first=0),
        "cells": cells("a = 1", "b = 2\nc = inverse(0)\nd = 4", first=3),
    }
    run = run_step(tmp_path, "fail", step)
    assert run.code == 1
    error = run.error
    assert {k: error[k] for k in ("kind", "index", "cell_id", "line", "ename", "evalue")} == {
        "kind": "cell",
        "index": 4,
        "cell_id": "c4",
        "line": 2,
        "ename": "ZeroDivisionError",
        "evalue": "division by zero",
    }
    tb = error["traceback"]
    assert 'File "<cell 5 (c4)>", line 2, in <module>\n    c = inverse(0)' in tb
    assert 'File "<cell 1 (c0)>", line 2, in inverse\n    return 1 / v' in tb
    assert "fail.py" not in tb  # the harness's own frames are stripped
    assert run.of("finished") == [] and "d = 4" not in tb


def test_syntax_error_in_a_cell_reports_its_line(tmp_path: Path) -> None:
    run = run_step(tmp_path, "syntax", {"cells": cells("x = 1\ny = (\n")})
    assert run.code == 1
    assert (run.error["ename"], run.error["line"], run.error["cell_id"]) == ("SyntaxError", 2, "c1")
    assert 'File "<cell 2 (c1)>", line 2' in run.error["traceback"]


def test_sys_exit_zero_ends_the_cells_and_still_saves_outputs(tmp_path: Path) -> None:
    step = {"cells": cells("import sys\nx = 1\nsys.exit(0)\nx = 2", "x = 3"), "outputs": ["x"]}
    run = run_step(tmp_path, "exit0", step)
    assert run.code == 0 and len(run.of("cell")) == 1
    with open(tmp_path / "artifacts" / "exit0" / "x.pkl", "rb") as file:
        assert pickle.load(file) == 1


def test_non_zero_sys_exit_is_a_cell_error(tmp_path: Path) -> None:
    run = run_step(tmp_path, "exit3", {"cells": cells("import sys\nsys.exit(3)")})
    assert run.code == 1
    assert (run.error["ename"], run.error["evalue"], run.error["line"]) == ("SystemExit", "3", 2)


# -- metrics, magics, output hygiene ----------------------------------------------------


def test_log_metric_and_metric_names_are_reported(tmp_path: Path) -> None:
    step = {
        "cells": cells(
            "import cellpipe\ncellpipe.log_metric('loss', 0.25)\n"
            "acc = 0.9\nf1 = 'n/a'\nimport math\nnan = math.nan"
        ),
        "metrics": ["acc", "f1", "nan", "missing"],
    }
    run = run_step(tmp_path, "metrics", step)
    assert run.code == 0, run.stdout + run.stderr
    assert [(e["name"], e["value"], e["step"]) for e in run.of("metric")] == [
        ("loss", 0.25, "metrics"),
        ("acc", 0.9, "metrics"),
    ]
    kinds = [e["event"] for e in run.events]
    assert kinds.index("metric") < kinds.index("finished")
    for name in ("f1", "nan", "missing"):
        assert f'metric "{name}"' in run.stderr


def test_magic_cells_run_with_ipython(tmp_path: Path) -> None:
    step = {"cells": cells("%%time\ny = 6 * 7\n", "!echo hi\nlines = !echo $y\nprint(lines)")}
    run = run_step(tmp_path, "magic", step)
    assert run.code == 0, run.stdout + run.stderr
    assert "Wall time" in run.stdout and "hi\n" in run.stdout and "['42']" in run.stdout


def test_error_inside_a_magic_cell_fails_the_step(tmp_path: Path) -> None:
    run = run_step(tmp_path, "magicfail", {"cells": cells("%%capture\n1 / 0\n")})
    assert run.code == 1 and run.error["ename"] == "ZeroDivisionError"


def test_event_lines_never_glue_to_partial_output(tmp_path: Path) -> None:
    step = {
        "cells": cells(
            "import cellpipe, sys\nprint('x', end='')\nsys.stderr.write('e')\n"
            "cellpipe.log_metric('m', 1)\nprint('y', end='')"
        )
    }
    run = run_step(tmp_path, "glue", step)
    assert run.code == 0
    lines = run.stdout.splitlines()
    assert "x" in lines and "y" in lines
    assert all(line.startswith(PREFIX) or PREFIX not in line for line in lines)
    assert run.stderr == "e\n"


def test_top_level_await_runs_like_in_jupyter(tmp_path: Path) -> None:
    step = {
        "cells": cells(
            "import asyncio\nasync def twice(v):\n    await asyncio.sleep(0)\n    return 2 * v\n",
            "r = await twice(21)\nprint('r', r)",
        )
    }
    run = run_step(tmp_path, "await", step)
    assert run.code == 0, run.stdout + run.stderr
    assert "r 42\n" in run.stdout


def test_harness_is_stdlib_only_and_names_the_magic_line_without_ipython(tmp_path: Path) -> None:
    bare = (sys.executable, "-S")  # no site-packages: no IPython, numpy or pandas
    step = {"cells": cells("x = 1", "y = 2\n!ls\n"), "outputs": ["x"]}
    run = run_step(tmp_path, "bare", step, python=bare)
    assert run.code == 1
    assert (run.error["cell_id"], run.error["line"], run.error["ename"]) == ("c2", 2, "SyntaxError")
    assert "need IPython" in run.error["evalue"] and "    !ls" in run.error["traceback"]


def test_a_module_imported_in_a_step_is_imported_again_by_the_next(tmp_path) -> None:
    first = run_step(
        tmp_path,
        "load",
        {"cells": cells("import json\nvalues = [1]"), "outputs": ["json", "values"]},
    )
    assert first.code == 0, first.stderr
    assert {o["name"]: o["format"] for o in first.of("output")} == {
        "json": "module",
        "values": "pickle",
    }
    second = run_step(
        tmp_path,
        "use",
        {"cells": cells("print(json.dumps(values))"), "inputs": ["json", "values"]},
        inputs_from(tmp_path, "load", "json", "values"),
    )
    assert second.code == 0, second.stderr
    assert "[1]" in second.stdout


def test_functions_and_classes_defined_in_a_step_pass_by_value(tmp_path) -> None:
    src = (
        "class Scaler:\n    def __init__(self, k):\n        self.k = k\n"
        "    def apply(self, v):\n        return v * self.k\n"
        "def double(v):\n    return v * 2\nscaler = Scaler(3)"
    )
    names = ["double", "scaler", "Scaler"]
    first = run_step(tmp_path, "define", {"cells": cells(src), "outputs": names})
    assert first.code == 0, first.stderr
    assert {o["format"] for o in first.of("output")} == {"cloudpickle"}
    second = run_step(
        tmp_path,
        "use",
        {"cells": cells("print(double(scaler.apply(2)), Scaler(1).apply(5))"), "inputs": names},
        inputs_from(tmp_path, "define", *names),
    )
    assert second.code == 0, second.stderr
    assert "12 5" in second.stdout


# -- objects passed on after a step may have changed them in place ---------------------


def test_an_input_changed_in_place_is_passed_on_changed(tmp_path: Path) -> None:
    made = run_step(
        tmp_path, "make", {"cells": cells("rows = [1]\nd = {'a': 1}"), "outputs": ["rows", "d"]}
    )
    assert made.code == 0, made.stderr
    step = {
        "cells": cells("rows.append(2)\nd['b'] = 2"),
        "inputs": ["rows", "d"],
        "outputs": ["rows", "d"],
    }
    changed = run_step(tmp_path, "change", step, inputs_from(tmp_path, "make", "rows", "d"))
    assert changed.code == 0, changed.stderr
    out = tmp_path / "artifacts" / "change"
    with open(out / "rows.pkl", "rb") as file:
        assert pickle.load(file) == [1, 2]
    with open(out / "d.pkl", "rb") as file:
        assert pickle.load(file) == {"a": 1, "b": 2}
    assert (out / "rows.pkl").stat().st_ino != (tmp_path / "artifacts/make/rows.pkl").stat().st_ino


def test_an_input_the_step_did_not_change_after_all_is_linked_not_stored_twice(
    tmp_path: Path,
) -> None:
    made = run_step(
        tmp_path,
        "make",
        {"cells": cells("import numpy as np\narr = np.arange(1000.0)"), "outputs": ["arr"]},
    )
    assert made.code == 0, made.stderr
    step = {"cells": cells("total = float(arr.sum())"), "inputs": ["arr"], "outputs": ["arr"]}
    kept = run_step(tmp_path, "keep", step, inputs_from(tmp_path, "make", "arr"))
    assert kept.code == 0, kept.stderr
    before, after = tmp_path / "artifacts/make/arr.npy", tmp_path / "artifacts/keep/arr.npy"
    assert after.stat().st_ino == before.stat().st_ino  # one file, two names
    sidecar = json.loads((tmp_path / "artifacts/keep/arr.json").read_text())
    assert sidecar["sha256"] == hashlib.sha256(before.read_bytes()).hexdigest()
