"""What each notebook cell defines and reads: the analyzer of docs/step-programs.md.

Run as `python3 -S analyze.py`: one JSON document on stdin, one on stdout. Stdlib only.
Scope rules live in `analyze_scopes.py`, magic neutralising in `analyze_magics.py`:
siblings of this file that ship with it.
"""

from __future__ import annotations

import ast
import json
import math
import os
import sys
import warnings

# The sibling modules are found even under `python -I`, which leaves this directory out.
_HERE = os.path.dirname(os.path.abspath(__file__))
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from analyze_changes import root_name  # noqa: E402
from analyze_magics import SENTINEL, may_have_magics, neutralise  # noqa: E402
from analyze_modules import module_imports  # noqa: E402
from analyze_scopes import BUILTINS, CellScan  # noqa: E402

_DESCRIBE = {
    ast.Call: "a call",
    ast.Name: "a name",
    ast.Attribute: "an attribute",
    ast.Subscript: "a subscript",
    ast.BinOp: "an operation",
    ast.BoolOp: "an operation",
    ast.Compare: "a comparison",
    ast.UnaryOp: "an operation",
    ast.Set: "a set",
    ast.JoinedStr: "an f-string",
    ast.Lambda: "a lambda",
    ast.IfExp: "a conditional",
    ast.ListComp: "a comprehension",
    ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension",
    ast.GeneratorExp: "a generator",
    ast.Starred: "an unpacking",
    ast.NamedExpr: "an assignment expression",
    ast.Await: "an await",
    ast.Yield: "a yield",
    ast.YieldFrom: "a yield",
}
# Beyond 2**53 a JSON number no longer round-trips through JavaScript.
_MAX_INT = 2**53


class NotLiteral(Exception):
    """The reason a value is not a JSON-representable literal."""


def literal(node: ast.expr) -> tuple[object, str]:
    """(value, type) of a literal expression, or NotLiteral with the reason."""
    kind = type(node)
    if kind is ast.Constant:
        return _constant(node.value)
    if kind is ast.UnaryOp and isinstance(node.op, (ast.USub, ast.UAdd)):
        value, typ = literal(node.operand)
        if typ in ("int", "float"):
            return (-value if isinstance(node.op, ast.USub) else value), typ
        raise NotLiteral("an operation is not a literal")
    if kind is ast.List or kind is ast.Tuple:
        return [literal(e)[0] for e in node.elts], "list"
    if kind is ast.Dict:
        return _dict(node), "dict"
    if kind is ast.Call and isinstance(node.func, ast.Name) and node.func.id == SENTINEL:
        raise NotLiteral("a shell command or magic is not a literal")
    raise NotLiteral(_DESCRIBE.get(kind, "an expression") + " is not a literal")


def _constant(value: object) -> tuple[object, str]:
    if value is None:
        return None, "none"
    if isinstance(value, bool):
        return value, "bool"
    if isinstance(value, int):
        if abs(value) > _MAX_INT:
            raise NotLiteral("an integer beyond 2**53 does not survive JSON")
        return value, "int"
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NotLiteral("an infinite or NaN float is not a JSON literal")
        return value, "float"
    if isinstance(value, str):
        return value, "str"
    raise NotLiteral(f"a {type(value).__name__} constant is not a literal")


def _dict(node: ast.Dict) -> dict:
    out = {}
    for key, value in zip(node.keys, node.values, strict=False):
        if key is None:
            raise NotLiteral("an unpacking is not a literal")
        k, typ = literal(key)
        if typ != "str":
            raise NotLiteral("a dict with non-string keys is not a literal")
        out[k] = literal(value)[0]
    return out


def assignments(stmt: ast.stmt) -> list[dict]:
    """Entries for a top-level `name = <expr>` (or `name: T = <expr>`) statement."""
    if isinstance(stmt, ast.Assign):
        targets, value = stmt.targets, stmt.value
    elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
        targets, value = [stmt.target], stmt.value
    else:
        return []
    names = [t.id for t in targets if isinstance(t, ast.Name)]
    if not names:
        return []
    try:
        val, typ = literal(value)
        fields = {"literal": True, "value": val, "type": typ, "line": stmt.lineno}
    except NotLiteral as e:
        fields = {"literal": False, "line": stmt.lineno, "reason": str(e)}
    return [{"name": name, **fields} for name in names]


# What a value made by these calls is: it cannot cross a process boundary (a step's output).
_HANDLE_CALLS = {
    "open": "an open file",
    "socket": "a socket",
    "connect": "a connection",
    "Lock": "a lock",
    "RLock": "a lock",
    "Thread": "a thread",
    "Popen": "a running process",
    "urlopen": "an open connection",
}


def handles(stmt: ast.stmt) -> list[dict]:
    """`f = open(...)`, `conn = sqlite3.connect(...)`, `g = (x for x in xs)`: values no
    pickle carries, so no later step can receive them."""
    if not isinstance(stmt, ast.Assign):
        return []
    value, what = stmt.value, None
    if isinstance(value, ast.GeneratorExp):
        what = "a generator"
    elif isinstance(value, ast.Call):
        func = value.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        what = _HANDLE_CALLS.get(name)
    if what is None:
        return []
    names = [t.id for t in stmt.targets if isinstance(t, ast.Name)]
    return [{"name": n, "what": what, "line": stmt.lineno} for n in names]


_SEEDING = {"seed", "set_state", "setstate"}
# Generators whose state the harness does not carry between steps (docs/fidelity.md).
_OTHER_SEEDING = {"manual_seed": "torch", "set_seed": "tensorflow"}


def _dotted(node: ast.expr) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def seeding(tree: ast.AST) -> tuple[bool, list[str]]:
    """Whether the cell seeds (or sets) the global generators of `random` or numpy
    (`np.random.seed(0)`, `random.seed(1)`, `seed(2)` imported from either), and which
    other libraries' global generators it seeds (`torch.manual_seed`)."""
    seeds, others = False, []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _dotted(node.func)
        last = name.rsplit(".", 1)[-1]
        receiver = name.rsplit(".", 1)[0] if "." in name else ""
        if last in _SEEDING and (receiver == "" or receiver.endswith("random")):
            seeds = True
        elif last in _OTHER_SEEDING and name != last:
            others.append(name)
    return seeds, sorted(set(others))


def aliases(stmt: ast.stmt) -> list[dict]:
    """`b = a`, `items = data['items']`, `w = model.coef_`: after this the two names share
    an object, which no process boundary keeps shared (docs/fidelity.md)."""
    if not isinstance(stmt, ast.Assign) or root_name(stmt.value) is None:
        return []
    of = root_name(stmt.value)
    names = [t.id for t in stmt.targets if isinstance(t, ast.Name) and t.id != of]
    return [{"name": n, "of": of, "line": stmt.lineno} for n in names]


def expressions(stmt: ast.stmt) -> list[str]:
    """Names a top-level expression statement shows: `acc`, `acc, f1`, `print(acc)`."""
    if not isinstance(stmt, ast.Expr):
        return []
    value = stmt.value
    if isinstance(value, ast.Name):
        return [value.id]
    if isinstance(value, ast.Tuple):
        items = value.elts
    elif (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id in ("print", "display")
    ):
        items = value.args
    else:
        return []
    return [e.id for e in items if isinstance(e, ast.Name)]


def empty_result(cell_id: object) -> dict:
    return {
        "id": cell_id,
        "defines": [],
        "reads": [],
        "deletes": [],
        "imports": [],
        "functions": [],
        "classes": [],
        "assignments": [],
        "expressions": [],
        "star_import": False,
        "changes": [],
        "handles": [],
        "function_changes": {},
        "aliases": [],
        "seeds": False,
        "other_seeds": [],
        "modules": [],
        "magics": False,
        "error": None,
    }


def fill(result: dict, tree: ast.Module) -> None:
    scan = CellScan()
    shown: dict[str, None] = {}  # an ordered set
    for stmt in tree.body:
        scan.visit(stmt)
        result["assignments"].extend(assignments(stmt))
        result["handles"].extend(handles(stmt))
        result["aliases"].extend(aliases(stmt))
        shown.update(dict.fromkeys(expressions(stmt)))
    result["seeds"], result["other_seeds"] = seeding(tree)
    defines = scan.defines - {SENTINEL}
    # A global a function of the cell rebinds is read when it is called: by the caller.
    later = {
        n
        for n in scan.deferred
        if n not in scan.ever and n not in BUILTINS and n not in scan.global_stores
    }
    result.update(
        defines=sorted(defines),
        reads=sorted(scan.reads | later),
        deletes=sorted(scan.deletes),
        imports=sorted(scan.imports & defines),
        functions=sorted(scan.functions & defines),
        classes=sorted(scan.classes & defines),
        expressions=list(shown),
        star_import=scan.star,
        modules=module_imports(tree),
        # Only objects that came from earlier cells: a name the cell binds is a define.
        changes=sorted(scan.changes & (scan.reads | later)),
        # Only module-level names: a nested function's free locals are not globals.
        function_changes={
            f: sorted(kept)
            for f, names in sorted(scan.function_effects.items())
            if f in defines
            and (kept := (names - {f}) & (scan.reads | later | scan.global_stores | defines))
        },
    )


def _position(source: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of a character index."""
    before = source[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _error(source: str, exc: BaseException) -> dict:
    if isinstance(exc, SyntaxError) and exc.lineno is not None:
        return {"line": exc.lineno, "column": exc.offset, "message": exc.msg}
    # Null bytes carry no position; Python up to 3.11.3 raises ValueError for them.
    if isinstance(exc, (SyntaxError, ValueError)) and "\0" in source:
        line, column = _position(source, source.index("\0"))
        return {
            "line": line,
            "column": column,
            "message": "source code string cannot contain null bytes",
        }
    if isinstance(exc, UnicodeEncodeError):  # lone surrogates from JSON escapes
        line, column = _position(source, exc.start)
        return {"line": line, "column": column, "message": "invalid character (lone surrogate)"}
    if isinstance(exc, (RecursionError, MemoryError)):
        return {"line": None, "column": None, "message": "too deeply nested to analyse"}
    return {"line": None, "column": None, "message": f"{type(exc).__name__}: {exc}"}


def analyze_cell(cell_id: object, source: str) -> dict:
    """Never raises for any source: problems are reported in the cell's `error`."""
    result = empty_result(cell_id)
    magics = False
    try:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            # Valid Python never has a magic, so only a failed parse looks for them.
            if not may_have_magics(source):
                raise
            source, magics = neutralise(source)
            if not magics:
                raise
            tree = ast.parse(source)
        fill(result, tree)
    except Exception as exc:  # RecursionError and MemoryError included: cells are data
        result = empty_result(cell_id)
        result["error"] = _error(source, exc)
    result["magics"] = magics
    return result


def read_cells(raw: bytes) -> list[tuple[object, str]]:
    doc = json.loads(raw)
    cells = doc["cells"]
    if not isinstance(cells, list):
        raise TypeError('"cells" is not a list')
    out = []
    for cell in cells:
        source = cell.get("source", "")
        if isinstance(source, list):  # nbformat allows a list of lines
            source = "".join(source)
        if not isinstance(source, str):
            raise TypeError(f"cell {cell.get('id')!r}: source is not a string")
        out.append((cell.get("id"), source))
    return out


def main() -> int:
    try:
        cells = read_cells(sys.stdin.buffer.read())
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        print(f"analyze.py: unreadable input: {exc}", file=sys.stderr)
        return 2
    warnings.simplefilter("ignore")  # SyntaxWarnings of user code are not our output
    sys.setrecursionlimit(10000)  # long `a + b + ...` chains nest deeply
    out = {"cells": [analyze_cell(cid, src) for cid, src in cells]}
    sys.stdout.write(json.dumps(out, ensure_ascii=True, separators=(",", ":")))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
