"""A step's cells produce the outputs Jupyter would show: display events per cell."""

from __future__ import annotations

import base64
from pathlib import Path

from test_harness import cells, run_step


def displays(run, cell_id: str) -> list[dict]:
    return [e for e in run.of("display") if e["cell_id"] == cell_id]


def test_last_expression_is_an_execute_result_and_a_semicolon_hides_it(tmp_path: Path) -> None:
    run = run_step(tmp_path, "s", {"cells": cells("x = 6\nx * 7", "x * 2;", "y = 1")})
    assert run.code == 0, run.stderr
    (result,) = displays(run, "c1")
    assert result["output_type"] == "execute_result"
    assert result["data"] == {"text/plain": "42"}
    assert displays(run, "c2") == [] and displays(run, "c3") == []


def test_display_gives_rich_forms_of_a_dataframe_and_ipython_objects(tmp_path: Path) -> None:
    source = (
        "import pandas as pd\nfrom IPython.display import display, HTML\n"
        "df = pd.DataFrame({'a': [1, 2]})\ndisplay(df)\ndisplay(HTML('<b>hi</b>'))\n"
    )
    run = run_step(tmp_path, "s", {"cells": cells(source)})
    assert run.code == 0, run.stderr
    table, html = displays(run, "c1")
    assert table["output_type"] == "display_data"
    assert "<table" in table["data"]["text/html"] and "a" in table["data"]["text/plain"]
    assert html["data"]["text/html"] == "<b>hi</b>"


def test_matplotlib_figures_are_pngs_of_the_cell_that_drew_them(tmp_path: Path) -> None:
    run = run_step(
        tmp_path,
        "s",
        {
            "prelude": cells("import matplotlib.pyplot as plt", first=0),
            "cells": cells("plt.plot([1, 3, 2])\nplt.show()\nprint('after')", "x = 1"),
        },
    )
    assert run.code == 0, run.stderr
    assert "non-interactive" not in run.stderr
    (figure,) = [d for d in displays(run, "c1") if "image/png" in d["data"]]
    assert base64.b64decode(figure["data"]["image/png"]).startswith(b"\x89PNG")
    assert figure["data"]["text/plain"].startswith("<Figure size")
    assert [d for d in displays(run, "c2") if "image/png" in d["data"]] == []


def test_cells_are_framed_by_cell_and_cell_done_events(tmp_path: Path) -> None:
    run = run_step(tmp_path, "s", {"cells": cells("print('a')", "1/0")})
    kinds = [(e["event"], e.get("cell_id")) for e in run.events if e["event"] != "started"]
    assert kinds[:4] == [("cell", "c1"), ("cell_done", "c1"), ("cell", "c2"), ("cell_done", "c2")]
    assert run.error["cell_id"] == "c2"


def test_an_output_over_the_cap_is_replaced_by_a_note(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CELLPIPE_MAX_OUTPUT_BYTES", "1000")
    run = run_step(tmp_path, "s", {"cells": cells("'x' * 5000")})
    (note,) = displays(run, "c1")
    assert "5002 bytes was not kept" in note["data"]["text/plain"]
    assert len(note["data"]["text/plain"]) < 600


def test_a_failing_repr_method_falls_back_to_the_text_form(tmp_path: Path) -> None:
    source = (
        "class Odd:\n    def _repr_html_(self):\n        raise ValueError('no')\n"
        "    def __repr__(self):\n        return 'Odd()'\nOdd()"
    )
    run = run_step(tmp_path, "s", {"cells": cells(source)})
    assert run.code == 0, run.stderr
    assert displays(run, "c1")[0]["data"] == {"text/plain": "Odd()"}
