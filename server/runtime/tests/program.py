"""Assembles a step program exactly as the TypeScript compiler does (tests only)."""

from __future__ import annotations

import json
from pathlib import Path

HARNESS = Path(__file__).resolve().parent.parent / "harness.py"


def build_program(step: dict) -> str:
    """Harness verbatim, then STEP as a JSON string literal (JSON-encoded twice), then the
    footer. JSON.stringify(JSON.stringify(step)) in TypeScript gives the same literal."""
    harness = HARNESS.read_text(encoding="utf-8")
    if not harness.endswith("\n"):
        harness += "\n"
    return (
        f"{harness}\nSTEP = json.loads({json.dumps(json.dumps(step))})\n"
        'if __name__ == "__main__":\n    sys.exit(main(STEP, sys.argv[1:]))\n'
    )
