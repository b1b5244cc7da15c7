"""Runs a notebook top to bottom in one real kernel (nbclient) and prints what its
`_fidelity(...)` check cell printed: the reference a Cellpipe run must equal.

Usage: python reference.py NOTEBOOK.ipynb  (cells tagged `skip` are left out, as in a run)
"""

from __future__ import annotations

import json
import os
import sys

import nbformat
from nbclient import NotebookClient

MARK = "@@fidelity "


def main(path: str) -> int:
    nb = nbformat.read(path, as_version=4)
    nb.cells = [
        c
        for c in nb.cells
        if c.cell_type == "code" and "skip" not in c.metadata.get("tags", [])
        and not c.metadata.get("cellpipe", {}).get("skip")
    ]
    # The kernel runs in the notebook's folder, as Jupyter starts it (data/ beside it).
    folder = os.path.dirname(os.path.abspath(path))
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": folder}}
    ).execute()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            for line in out.get("text", "").splitlines():
                if line.startswith(MARK):
                    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
