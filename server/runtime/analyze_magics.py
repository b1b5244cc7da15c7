"""Neutralise IPython magics so that `ast` can parse a cell, keeping every line number.

Part of analyze.py; stdlib only. A magic line becomes a call of SENTINEL whose arguments
are the names the line expands (`$name`, `{name}`), so they count as reads in order.
"""

from __future__ import annotations

import ast
import keyword
import re

from analyze_scopes import SENTINEL

# A cheap first look: only a cell that fails to parse and matches this is rewritten.
_CANDIDATE = re.compile(
    r"^[ \t]*(?:[%!?]|[\w.]+[ \t]*\?)|^[ \t]*[\w.]+(?:[ \t]*,[ \t]*[\w.]+)*[ \t]*=[ \t]*[%!]", re.M
)
_ASSIGN = re.compile(r"([\w.]+(?:[ \t]*,[ \t]*[\w.]+)*)[ \t]*=[ \t]*[%!](.*)", re.S)
_HELP = re.compile(r"(?:\?{1,2}[\w.%]*|[\w.%]+\?{1,2})[ \t]*$")
_EXPAND = re.compile(r"(?<!\$)\$([A-Za-z_]\w*)|\{([A-Za-z_]\w*)")
_TIMING = re.compile(r"%(time|timeit)[ \t]+(?:-[nrp][ \t]*\d+[ \t]+|-[tcoq][ \t]+)*(.*)", re.S)
_TOKENS = re.compile(
    r"""(?P<t>'''|\"\"\")|'(?:[^'\\]|\\.)*'?|"(?:[^"\\]|\\.)*"?"""
    r"|(?P<c>\#)|(?P<o>[(\[{])|(?P<x>[)\]}])|(?P<b>\\$)"
)
_CLOSE = {q: re.compile(r"(?:[^\\]|\\.)*?" + q) for q in ("'''", '"""')}
_TRANSPARENT = ("time", "timeit", "capture")  # cell magics whose body is plain Python


def may_have_magics(source: str) -> bool:
    return _CANDIDATE.search(source) is not None


class _Lines:
    """Tracks brackets, triple-quoted strings and backslashes line by line, to know
    which lines start a logical line (only those can be magics, as in IPython)."""

    def __init__(self) -> None:
        self.depth, self.triple, self.cont = 0, None, False

    def at_start(self) -> bool:
        return self.depth == 0 and self.triple is None and not self.cont

    def scan(self, line: str) -> None:
        pos, self.cont = 0, False
        if self.triple is not None:
            end = _CLOSE[self.triple].match(line)
            if end is None:
                return
            pos, self.triple = end.end(), None
        while (m := _TOKENS.search(line, pos)) is not None:
            pos, kind = m.end(), m.lastgroup
            if kind == "t":
                end = _CLOSE[m.group()].match(line, pos)
                if end is None:
                    self.triple = m.group()
                    return
                pos = end.end()
            elif kind == "c":
                return
            elif kind == "o":
                self.depth += 1
            elif kind == "x":
                self.depth = max(0, self.depth - 1)
            elif kind == "b":
                self.cont = True


def _call(text: str) -> str:
    """SENTINEL(...) reading the names a shell or magic line expands."""
    names = dict.fromkeys(a or b for a, b in _EXPAND.findall(text))
    return f"{SENTINEL}({', '.join(n for n in names if not keyword.iskeyword(n))})"


def _parses(line: str) -> bool:
    try:
        ast.parse(line)
        return True
    except (SyntaxError, ValueError):
        return False


def _line_magic(stripped: str) -> str | None:
    """The Python that stands for one logical magic line (no indent), or None."""
    if stripped[:1] in ("!", "%"):
        timing = _TIMING.match(stripped)
        if timing and timing.group(2).strip():
            stmt = timing.group(2).strip()
            # %timeit runs its statement inside a function: it binds nothing.
            code = stmt if timing.group(1) == "time" else f"def {SENTINEL}(): {stmt}"
            if "\n" not in stmt and _parses(code):
                return code
        return _call(stripped)
    assign = _ASSIGN.match(stripped)
    if assign and _parses(assign.group(1) + " = 0"):
        return f"{assign.group(1)} = {_call(assign.group(2))}"
    if _HELP.match(stripped):
        return "pass"
    return None


def _cell_magic(lines: list[str], first: int) -> tuple[int, bool]:
    """Rewrites a leading `%%name` in place; returns (next line to scan, opaque)."""
    header = lines[first]
    words = header[2:].split()
    name = words[0] if words else ""
    if name not in _TRANSPARENT:
        return len(lines), True
    lines[first] = ""
    if name == "capture":
        target = [w for w in words[1:] if not w.startswith("-")]
        if target and target[-1].isidentifier() and not keyword.iskeyword(target[-1]):
            lines[first] = f"{target[-1]} = {SENTINEL}()"
    elif name == "timeit":  # the body runs inside a function: reads, but no defines
        lines[first] = f"def {SENTINEL}():"
        for i in range(first + 1, len(lines)):
            lines[i] = " " + lines[i]
    return first + 1, False


def neutralise(source: str) -> tuple[str, bool]:
    """(parseable source with the same line numbers, whether anything was a magic)."""
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    start, changed = first, False
    if first < len(lines) and lines[first].startswith("%%"):
        start, opaque = _cell_magic(lines, first)
        if opaque:
            return "", True
        changed = True
    state, i = _Lines(), start
    while i < len(lines):
        line = lines[i]
        stripped = line.lstrip()
        code = _line_magic(stripped) if state.at_start() and stripped else None
        if code is None:
            state.scan(line)
            i += 1
            continue
        end = i  # a trailing backslash continues a magic line
        while lines[end].endswith("\\") and end + 1 < len(lines):
            end += 1
        if end > i:
            code = _line_magic(" ".join(x.lstrip().rstrip("\\") for x in lines[i : end + 1]))
        lines[i] = line[: len(line) - len(stripped)] + code
        lines[i + 1 : end + 1] = [""] * (end - i)
        changed, i = True, end + 1
    return "\n".join(lines), changed
