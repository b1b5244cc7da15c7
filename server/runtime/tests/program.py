"""Assembles a step program exactly as the TypeScript compiler does (tests only)."""

from __future__ import annotations

import json
from pathlib import Path

from harness_text import bundled

HARNESS = Path(__file__).resolve().parent.parent / "harness.py"
# Appended to harness.py in every step program, as readHarness() in compileWiring.ts does.
HARNESS_PARTS = [HARNESS.with_name("model_sample.py")]


def build_program(step: dict) -> str:
    """Harness verbatim, then STEP as a JSON string literal (JSON-encoded twice), then the
    footer. JSON.stringify(JSON.stringify(step)) in TypeScript gives the same literal."""
    texts = [bundled(HARNESS)] + [p.read_text("utf-8") for p in HARNESS_PARTS]
    harness = "\n\n\n".join(text.rstrip() for text in texts) + "\n"
    return (
        f"{harness}\nSTEP = json.loads({json.dumps(json.dumps(step))})\n"
        'if __name__ == "__main__":\n    sys.exit(main(STEP, sys.argv[1:]))\n'
    )
