"""The reference for many small notebooks at once: each runs top to bottom in one
interpreter namespace (as one kernel would run plain Python cells), in this one process.

Usage: python reference_plain.py < notebooks.json  (a JSON list of lists of cell sources)
Prints a JSON list: the `@@fidelity ` digest each notebook's last cell printed.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys

MARK = "@@fidelity "


def digest(sources: list[str]) -> object:
    namespace: dict = {"__name__": "__main__"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for i, source in enumerate(sources):
            exec(compile(source, f"<cell {i}>", "exec"), namespace)  # noqa: S102
    lines = [line for line in out.getvalue().splitlines() if line.startswith(MARK)]
    return json.loads(lines[-1][len(MARK) :]) if lines else None


def main() -> int:
    notebooks = json.load(sys.stdin)
    json.dump([digest(sources) for sources in notebooks], sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
