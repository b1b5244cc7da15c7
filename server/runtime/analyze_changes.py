"""Which names a cell may change in place: the objects a step must pass on changed.

Part of analyze.py; stdlib only. In one kernel `model.fit(X, y)` changes the object every
later cell sees; across processes the next step gets it from whoever passed it last, so a
step that may change an object it received passes it on. This is a deliberate
over-approximation (a "maybe"): the harness checks at the end of the step whether the
value really changed and stores it only then (docs/pipelines.md, "Objects changed in
place").
"""

from __future__ import annotations

import ast

# Methods that read their object and change nothing (when called without inplace=True).
# A method not listed here may change its object: `append`, `fit`, `update`, `sort`, ...
PURE_METHODS = frozenset(
    """
    copy get keys values items count index find rfind startswith endswith format split
    rsplit join lower upper strip lstrip rstrip title encode decode isdigit isalpha
    predict predict_proba predict_log_proba decision_function score transform
    inverse_transform get_params get_feature_names_out kneighbors
    head tail describe info mean median mode sum prod std var min max abs round cumsum
    cumprod idxmin idxmax argmin argmax argsort nunique unique value_counts isna isnull
    notna notnull any all corr cov quantile groupby agg aggregate apply map applymap
    pivot pivot_table melt merge astype reshape ravel flatten to_numpy to_list tolist
    to_dict to_csv to_json to_parquet to_string to_frame dot nonzero where clip query
    filter select_dtypes sample nlargest nsmallest rolling expanding resample shift diff
    pct_change rank duplicated memory_usage equals isin between dropna fillna drop
    drop_duplicates rename reset_index set_index sort_values sort_index replace assign
    concat item squeeze transpose sorted
    """.split()
)

# Functions that read their arguments and change none of them.
PURE_FUNCTIONS = frozenset(
    """
    print len repr str int float bool bytes list tuple set frozenset dict sorted reversed
    sum min max abs round any all enumerate zip range map filter iter isinstance
    issubclass type id hash format vars dir getattr hasattr callable divmod pow ord chr
    hex oct bin ascii display
    """.split()
)

# Estimator methods that change their object, never the data they are given.
FIT_METHODS = frozenset(("fit", "partial_fit", "fit_transform", "fit_predict"))

# Library functions by name that only read their arguments (metrics, splits, plots).
_PURE_SUFFIXES = ("_score", "_error", "_matrix", "_report", "_curve", "train_test_split")
_PLOT_MODULES = frozenset(("plt", "sns", "px"))
# Calls whose result hands out the very objects of their arguments, for loops.
_PASS_THROUGH = frozenset(("enumerate", "zip", "reversed", "sorted", "iter", "list", "tuple"))


def root_name(node: ast.expr) -> str | None:
    """`a` of `a`, `a.b`, `a[i]`, `a.b[i].c`; None when the chain starts elsewhere."""
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _inplace(call: ast.Call) -> bool:
    return any(
        k.arg == "inplace" and not (isinstance(k.value, ast.Constant) and k.value.value is False)
        for k in call.keywords
    )


def _callee(func: ast.expr) -> tuple[str | None, str | None]:
    """(receiver root name or None, the called name) of `f(...)` or `x.a.m(...)`."""
    if isinstance(func, ast.Name):
        return None, func.id
    if isinstance(func, ast.Attribute):
        return root_name(func.value), func.attr
    return None, None


def _reads_arguments_only(receiver: str | None, name: str | None) -> bool:
    if name is None:
        return False
    if receiver is None and name in PURE_FUNCTIONS:
        return True
    if name in PURE_METHODS or name in FIT_METHODS:
        return True
    if receiver in _PLOT_MODULES:
        return True
    return name.endswith(_PURE_SUFFIXES)


def call_changes(call: ast.Call) -> list[str]:
    """Root names a call may change: its receiver, and the names passed to it."""
    receiver, name = _callee(call.func)
    changed: list[str] = []
    if isinstance(call.func, ast.Attribute) and receiver not in (None, *_PLOT_MODULES):
        if name not in PURE_METHODS or _inplace(call):
            changed.append(receiver)
    if not _reads_arguments_only(receiver, name) or _inplace(call):
        for arg in [*call.args, *(k.value for k in call.keywords)]:
            value = arg.value if isinstance(arg, ast.Starred) else arg
            root = root_name(value)
            if root is not None:
                changed.append(root)
    return changed


def target_changes(target: ast.expr) -> list[str]:
    """`a[i] = ...`, `a.b = ...`, `del a[i]` change `a`; a bare name is a new binding."""
    if isinstance(target, (ast.Tuple, ast.List)):
        return [n for t in target.elts for n in target_changes(t)]
    if isinstance(target, ast.Starred):
        return target_changes(target.value)
    if isinstance(target, (ast.Attribute, ast.Subscript)):
        root = root_name(target)
        return [root] if root is not None else []
    return []


def value_roots(node: ast.expr) -> list[str]:
    """Names whose objects `node` may hand out by reference: `b` of `b`, `b.x`, `b[i]`;
    for a loop's iterable also the containers behind `b.items()`, `enumerate(b)`, `zip(a, b)`."""
    root = root_name(node)
    if root is not None:
        return [root]
    if isinstance(node, ast.Call):
        receiver, name = _callee(node.func)
        if receiver is not None:  # `b.items()`, `b.iterrows()`
            return [receiver]
        if name in _PASS_THROUGH:
            return [r for r in (root_name(a) for a in node.args) if r is not None]
    return []


def target_names(target: ast.expr) -> list[str]:
    """The plain names a (possibly unpacking) target binds."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [n for t in target.elts for n in target_names(t)]
    if isinstance(target, ast.Starred):
        return target_names(target.value)
    return []
