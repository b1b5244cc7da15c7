"""The analyzer contract of docs/step-programs.md, rule by rule, plus a fuzz run."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

import analyze

ANALYZE = Path(analyze.__file__)
PYTHON = sys.executable


def cell(source: str) -> dict:
    return analyze.analyze_cell("c", source)


# (rule, source, expected subset of the cell's result)
SCOPE_RULES = [
    (
        "import a.b binds a; as binds the alias",
        "import os.path\nimport numpy as np",
        {"defines": ["np", "os"], "imports": ["np", "os"], "reads": []},
    ),
    (
        "from-import binds names and aliases",
        "from a.b import c, d as e",
        {"defines": ["c", "e"], "imports": ["c", "e"]},
    ),
    (
        "star import is marked and analysis goes on",
        "from x import *\ny = z",
        {"star_import": True, "defines": ["y"], "reads": ["z"]},
    ),
    (
        "def: decorators, defaults, annotations and body free names are reads",
        "@dec(k)\ndef f(a, b=dflt, *, c=kw, d: Ann = 1) -> Ret:\n    return a + helper(b) + c",
        {
            "defines": ["f"],
            "functions": ["f"],
            "reads": ["Ann", "Ret", "dec", "dflt", "helper", "k", "kw"],
        },
    ),
    (
        "async def is a function",
        "async def go():\n    await fetch()",
        {"defines": ["go"], "functions": ["go"], "reads": ["fetch"]},
    ),
    (
        "class: bases, keywords, body reads; methods do not see the class scope",
        "class A(Base, metaclass=Meta):\n    x = 1\n    y = x + outer\n    def m(self):\n"
        "        return x",
        {"defines": ["A"], "classes": ["A"], "reads": ["Base", "Meta", "outer", "x"]},
    ),
    ("class body runs in statement order", "class C:\n    a = b\n    b = 1", {"reads": ["b"]}),
    (
        "for-loop target is defined",
        "for i, (j, k) in pairs:\n    total = i",
        {"defines": ["i", "j", "k", "total"], "reads": ["pairs"]},
    ),
    (
        "comprehension variable does not leak",
        "squares = [k * k for k in ks]\nprint(k)",
        {"defines": ["squares"], "reads": ["k", "ks"]},
    ),
    (
        "comprehension: first iterable outside, the rest inside",
        "pairs = {a: b for a in xs for b in a if b > lim}",
        {"defines": ["pairs"], "reads": ["lim", "xs"]},
    ),
    (
        "walrus defines, also inside a comprehension",
        "if (n := len(xs)) > 3:\n    pass\nys = [m for v in xs if (m := v)]",
        {"defines": ["m", "n", "ys"], "reads": ["xs"]},
    ),
    (
        "global in a function that assigns binds the name when it is called, not defined",
        "def setup():\n    global cfg\n    cfg = load()\n    return cfg",
        {"defines": ["setup"], "reads": ["load"], "function_changes": {"setup": ["cfg"]}},
    ),
    (
        "a call of such a function in the same cell defines the name",
        "def setup():\n    global cfg\n    cfg = load()\nsetup()\nprint(cfg)",
        {"defines": ["cfg", "setup"], "function_changes": {"setup": ["cfg"]}},
    ),
    (
        "a function that changes a global in place: what a call of it changes",
        "def note(x):\n    log.append(x)",
        {"defines": ["note"], "reads": ["log"], "function_changes": {"note": ["log"]}},
    ),
    (
        "nonlocal binds in the enclosing function, not the module",
        "def outer():\n    count = 0\n    def inc():\n        nonlocal count\n"
        "        count += 1\n    return inc",
        {"defines": ["outer"], "reads": []},
    ),
    (
        "names bound only inside functions are not defines",
        "def f(p):\n    local = p\n    import json\n    return local",
        {"defines": ["f"], "imports": []},
    ),
    (
        "function bodies see names bound anywhere in the cell (mutual recursion)",
        "def a():\n    return b()\ndef b():\n    return a()",
        {"reads": []},
    ),
    (
        "statement order: a use before the binding is a read",
        "y = x\nx = 1",
        {"defines": ["x", "y"], "reads": ["x"]},
    ),
    (
        "augmented assignment reads and defines",
        "total += step",
        {"defines": ["total"], "reads": ["step", "total"]},
    ),
    ("augmented assignment of a name bound earlier is no read", "x = 0\nx += 1", {"reads": []}),
    (
        "annotated assignment with a value defines; alone it does not",
        "a: int = 1\nb: float",
        {"defines": ["a"], "reads": []},
    ),
    (
        "del removes a define and needs the value",
        "tmp = 1\ndel tmp, old",
        {"defines": [], "deletes": ["old", "tmp"], "reads": ["old"]},
    ),
    (
        "re-binding after del drops it from deletes",
        "del x\nx = 2",
        {"defines": ["x"], "deletes": []},
    ),
    (
        "with-as targets are defined",
        "with open(p) as fh, lock:\n    data = fh.read()",
        {"defines": ["data", "fh"], "reads": ["lock", "p"]},
    ),
    (
        "except-as is bound in the handler only; try/finally bodies count",
        "try:\n    r = risky()\nexcept ValueError as err:\n    log(err)\nfinally:\n"
        "    done = True\nprint(err)",
        {"defines": ["done", "r"], "reads": ["err", "log", "risky"]},
    ),
    (
        "match-case captures are defined",
        "match cmd:\n    case [x, *rest]:\n        pass\n    case {'k': v, **others}:\n"
        "        pass\n    case Point(x=px) as pt:\n        pass\n    case _:\n        pass",
        {"defines": ["others", "pt", "px", "rest", "v", "x"], "reads": ["Point", "cmd"]},
    ),
    (
        "lambda: defaults and free body names are reads, parameters are not",
        "f = lambda a, b=dflt: a * factor",
        {"defines": ["f"], "reads": ["dflt", "factor"]},
    ),
    (
        "builtins and notebook names are excluded from reads",
        "n = len(range(3))\nprint(__name__, __file__, display, get_ipython, exit, quit)",
        {"reads": []},
    ),
]


@pytest.mark.parametrize("rule,source,expected", SCOPE_RULES, ids=[r[0] for r in SCOPE_RULES])
def test_scope_rule(rule: str, source: str, expected: dict) -> None:
    result = cell(source)
    assert result["error"] is None
    assert {k: result[k] for k in expected} == expected


MAGIC_RULES = [
    ("%time statement is analysed", "%time x = f()", {"defines": ["x"], "reads": ["f"]}),
    (
        "%timeit statement reads but binds nothing",
        "%timeit -n 10 q = f()",
        {"defines": [], "reads": ["f"]},
    ),
    ("!cmd is neutralised", "!ls\ny = 1", {"defines": ["y"], "reads": []}),
    (
        "x = !cmd defines x and reads expanded names",
        "files = !ls $folder {pattern}",
        {"defines": ["files"], "reads": ["folder", "pattern"]},
    ),
    ("x = %magic defines x", "env = %env", {"defines": ["env"]}),
    ("%%bash makes the cell opaque", "%%bash\necho $x\ny=1", {"defines": [], "reads": []}),
    ("%%time body is analysed", "%%time\nz = w + 1", {"defines": ["z"], "reads": ["w"]}),
    (
        "%%timeit body reads but binds nothing",
        "%%timeit\nr = s * 2",
        {"defines": [], "reads": ["s"]},
    ),
    (
        "%%capture target is defined, body analysed",
        "%%capture out --no-stderr\nprint(q)",
        {"defines": ["out"], "reads": ["q"]},
    ),
    (
        "indented magic with continuation lines",
        "for f in fs:\n    !echo $f \\\n  $g\n    y = f",
        {"defines": ["f", "y"], "reads": ["fs", "g"]},
    ),
    ("help syntax is neutralised", "df.head?\nx = 1", {"defines": ["x"]}),
    (
        "magic-like text in a string stays a string",
        's = """\n!rm -rf\n"""\n!ls',
        {
            "assignments": [
                {"name": "s", "literal": True, "value": "\n!rm -rf\n", "type": "str", "line": 1}
            ]
        },
    ),
]


@pytest.mark.parametrize("rule,source,expected", MAGIC_RULES, ids=[r[0] for r in MAGIC_RULES])
def test_magic_rule(rule: str, source: str, expected: dict) -> None:
    result = cell(source)
    assert result["error"] is None and result["magics"] is True
    assert {k: result[k] for k in expected} == expected


def test_plain_python_has_no_magics() -> None:
    assert cell("x = 1 % 2\ny = x != 3")["magics"] is False


def test_syntax_error_after_magics_keeps_its_line_number() -> None:
    result = cell("%matplotlib inline\n!pip list\nx = (")
    assert result["error"] == {"line": 3, "column": 5, "message": "'(' was never closed"}
    assert result["magics"] is True


LITERALS = [
    ("i = 3", {"literal": True, "value": 3, "type": "int"}),
    ("i = -1", {"literal": True, "value": -1, "type": "int"}),
    ("i = -0.5", {"literal": True, "value": -0.5, "type": "float"}),
    ("i = 'data.csv'", {"literal": True, "value": "data.csv", "type": "str"}),
    ("i = True", {"literal": True, "value": True, "type": "bool"}),
    ("i = None", {"literal": True, "value": None, "type": "none"}),
    ("i = (1, -2)", {"literal": True, "value": [1, -2], "type": "list"}),
    ("i = [1, [2, 'x']]", {"literal": True, "value": [1, [2, "x"]], "type": "list"}),
    ("i = {'a': (1, None)}", {"literal": True, "value": {"a": [1, None]}, "type": "dict"}),
    ("i: float = 0.1", {"literal": True, "value": 0.1, "type": "float"}),
    ("i = {1, 2}", {"literal": False, "reason": "a set is not a literal"}),
    ("i = f()", {"literal": False, "reason": "a call is not a literal"}),
    ("i = other", {"literal": False, "reason": "a name is not a literal"}),
    ("i = 1 + 2", {"literal": False, "reason": "an operation is not a literal"}),
    ("i = {1: 2}", {"literal": False, "reason": "a dict with non-string keys is not a literal"}),
    ("i = 1e999", {"literal": False, "reason": "an infinite or NaN float is not a JSON literal"}),
    ("i = 2**60 and 0", {"literal": False, "reason": "an operation is not a literal"}),
    (
        "i = 100000000000000000000",
        {"literal": False, "reason": "an integer beyond 2**53 does not survive JSON"},
    ),
    ("i = b'x'", {"literal": False, "reason": "a bytes constant is not a literal"}),
]


@pytest.mark.parametrize("source,expected", LITERALS, ids=[s for s, _ in LITERALS])
def test_assignment_literal_typing(source: str, expected: dict) -> None:
    (entry,) = cell(source)["assignments"]
    assert entry == {"name": "i", "line": 1, **expected}


def test_assignments_chained_and_in_order() -> None:
    names = [(a["name"], a["line"]) for a in cell("a = b = 5\nx.y = 1\nc = 2")["assignments"]]
    assert names == [("a", 1), ("b", 1), ("c", 3)]


def test_expressions_of_the_metrics_cell() -> None:
    source = "acc\nprint(acc, f1)\nprint('x')\nloss, other\ndisplay(auc)\nacc.mean()"
    assert cell(source)["expressions"] == ["acc", "f1", "loss", "other", "auc"]


def run_cli(payload: bytes) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "-S", str(ANALYZE)], input=payload, capture_output=True, timeout=30
    )


def test_cli_reports_syntax_errors_and_analyses_the_other_cells() -> None:
    cells = [
        {"id": "ok1", "source": "a = 1"},
        {"id": "bad", "source": "x = 1\nif x\n  y = 2"},
        {"id": "ok2", "source": ["b = ", "a\n"]},
    ]
    proc = run_cli(json.dumps({"cells": cells}).encode())
    assert proc.returncode == 0 and proc.stderr == b""
    out = json.loads(proc.stdout)["cells"]
    assert [c["id"] for c in out] == ["ok1", "bad", "ok2"]
    assert out[1]["error"] == {"line": 2, "column": 5, "message": "expected ':'"}
    assert out[1]["defines"] == []
    assert out[0]["defines"] == ["a"] and out[2]["reads"] == ["a"]


@pytest.mark.parametrize(
    "payload", [b"", b"not json", b'{"cells": 3}', b"[]", b'{"cells": [{"source": 1}]}']
)
def test_cli_exits_2_on_unreadable_input(payload: bytes) -> None:
    proc = run_cli(payload)
    assert proc.returncode == 2 and proc.stdout == b""
    assert b"unreadable input" in proc.stderr


def test_unlocatable_problems_are_cell_errors() -> None:
    assert cell("x = 1\ny = '\0'")["error"]["line"] == 2
    assert cell("x = '\ud800'")["error"] == {
        "line": 1,
        "column": 6,
        "message": "invalid character (lone surrogate)",
    }
    deep = cell("-" * 100000 + "1")["error"]
    assert deep == {"line": None, "column": None, "message": "too deeply nested to analyse"}


def _mutated(rng: random.Random, corpus: list[str]) -> str:
    tokens = [
        "%",
        "%%",
        "!",
        "?",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        '"""',
        "'''",
        '"',
        "\\",
        "\n",
        "    ",
        "\t",
        ":=",
        "lambda",
        "def",
        "class",
        ":",
        "=",
        "$x",
        "{y}",
        "\0",
        "\ud800",
        "é",
        "\r",
        "#",
        "global x",
        "nonlocal y",
        "del",
        "*",
        "async",
        "match",
    ]
    chars = list(rng.choice(corpus))
    for _ in range(rng.randint(1, 8)):
        pos = rng.randint(0, len(chars))
        if rng.random() < 0.6 or not chars:
            chars.insert(pos, rng.choice(tokens))
        else:
            del chars[min(pos, len(chars) - 1)]
    return "".join(chars)


def _fuzz_source(rng: random.Random, corpus: list[str]) -> str:
    kind = rng.random()
    if kind < 0.2:
        return bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 200))).decode("latin-1")
    if kind < 0.3:
        return "".join(chr(rng.randint(0, 0x10FFFF)) for _ in range(rng.randint(0, 60)))
    if kind < 0.4:
        depth, op = (
            rng.randint(50, 3000),
            rng.choice(["(", "[", "-", "not ", "lambda: ", "a+", "f(", "x if y else ", "a."]),
        )
        return op * depth + "z" + {"(": ")", "[": "]", "f(": ")"}.get(op, "") * depth
    return _mutated(rng, corpus)


def test_fuzz_2000_sources_never_raise() -> None:
    rng = random.Random(20240601)
    corpus = [source for _, source, _ in SCOPE_RULES + MAGIC_RULES]
    for _ in range(2000):
        result = cell(_fuzz_source(rng, corpus))
        json.dumps(result, allow_nan=False)  # always valid JSON for the TypeScript side
        assert result["error"] is None or set(result["error"]) == {"line", "column", "message"}


def test_300_cells_analyse_fast() -> None:
    sources = [source for _, source, _ in SCOPE_RULES] * 12
    sources = sources[:300]
    best = min(_timed(sources) for _ in range(3))
    assert best < 0.25, f"{best:.3f} s for 300 cells"


def _timed(sources: list[str]) -> float:
    start = time.perf_counter()
    for source in sources:
        cell(source)
    return time.perf_counter() - start
