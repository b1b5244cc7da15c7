"""The harness as one text, as harnessBundle.ts makes it (tests only)."""

from __future__ import annotations

import re
from pathlib import Path

_MODULE_IMPORT = re.compile(r"^from (harness_\w+) import (?:\([^)]*\)|[^\n]*)$", re.M)
_FUTURE = re.compile(r"^from __future__ import annotations\n", re.M)


def bundled(entry: Path) -> str:
    """harness.py with the harness_*.py modules it imports inlined, each once."""
    seen: set[str] = set()

    def inline(text: str) -> str:
        def module(match: re.Match) -> str:
            name = match.group(1)
            if name in seen:
                return ""
            seen.add(name)
            source = _FUTURE.sub("", entry.with_name(f"{name}.py").read_text("utf-8"), count=1)
            return f"# ---- {name}.py ----\n{inline(source).rstrip()}\n# ---- end of {name}.py ----"

        return _MODULE_IMPORT.sub(module, text)

    return inline(entry.read_text("utf-8"))
