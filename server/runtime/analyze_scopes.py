"""Python's scope rules, reduced to what a pipeline needs: the names a cell binds at module
level and the names it needs from earlier cells. Part of analyze.py; stdlib only."""

from __future__ import annotations

import ast
import builtins

from analyze_changes import call_changes, root_name, target_changes, target_names, value_roots

SENTINEL = "__cellpipe_magic__"  # stands in for a neutralised IPython magic

# Names that are never inputs: the builtins (also those `site` adds, since the analyzer runs
# with -S) and what IPython or the harness provide in every namespace.
BUILTINS = frozenset(dir(builtins)) | {
    "__name__",
    "__file__",
    "__builtins__",
    "get_ipython",
    "display",
    "exit",
    "quit",
    "help",
    "copyright",
    "credits",
    "license",
    SENTINEL,
}


# Fields that never hold a node worth visiting (names, flags, operators, contexts).
_SCALARS = frozenset(
    (
        "ctx",
        "op",
        "ops",
        "id",
        "attr",
        "arg",
        "name",
        "names",
        "module",
        "level",
        "conversion",
        "is_async",
        "type_comment",
        "kind",
        "simple",
        "kwd_attrs",
        "tag",
    )
)
_NO_CHILDREN = (ast.Constant, ast.MatchSingleton, ast.Pass, ast.Break, ast.Continue)
# Child fields by node class, computed once: faster than ast.iter_child_nodes.
_FIELDS: dict[type, tuple[str, ...]] = {}


def _fields(cls: type) -> tuple[str, ...]:
    fields = () if cls in _NO_CHILDREN else tuple(f for f in cls._fields if f not in _SCALARS)
    _FIELDS[cls] = fields
    return fields


class Scope:
    """One scope. Module, class and comprehension scopes resolve names in statement order
    (they run at once); a function scope resolves at its end, as the compiler does."""

    __slots__ = (
        "kind",
        "bound",
        "loads",
        "free",
        "later",
        "pending",
        "globals",
        "nonlocals",
        "walrus",
    )

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.bound: set[str] = set()  # function: all locals; others: bound so far
        self.loads: set[str] = set()  # function: every name it loads
        self.free: set[str] = set()  # needed from outside when the scope runs
        self.later: set[str] = set()  # needed from outside when a function body runs
        self.pending: set[str] = set()  # function: children's free names, resolved at end
        self.globals: set[str] = set()
        self.nonlocals: set[str] = set()
        self.walrus: set[str] = set()  # comprehension: `:=` targets of the enclosing scope


class CellScan:
    """Walks one cell's module body statement by statement."""

    def __init__(self) -> None:
        self.module = self.scope = Scope("module")
        self.defines: set[str] = set()
        self.ever: set[str] = set()  # bound at module level at any point of the cell
        self.reads: set[str] = set()
        self.deferred: set[str] = set()  # function bodies' free names, checked at the end
        self.deletes: set[str] = set()
        self.imports: set[str] = set()
        self.functions: set[str] = set()
        self.classes: set[str] = set()
        self.star = False
        self.changes: set[str] = set()  # names the cell may change in place
        # name -> names whose objects it may refer to (`a = b`, `for row in rows`)
        self.aliases: dict[str, set[str]] = {}
        # module-level function -> the globals a call of it may change or rebind
        self.function_effects: dict[str, set[str]] = {}
        self.global_stores: set[str] = set()  # `global x; x = ...` in any function
        self.function_stores: dict[str, set[str]] = {}  # function -> those it rebinds
        self._handlers = {
            ast.Call: self._call,
            ast.Delete: self._del,
            ast.Name: self._name,
            ast.FunctionDef: self._function,
            ast.AsyncFunctionDef: self._function,
            ast.Lambda: self._lambda,
            ast.ClassDef: self._class,
            ast.ListComp: self._comp,
            ast.SetComp: self._comp,
            ast.GeneratorExp: self._comp,
            ast.DictComp: self._comp,
            ast.Global: self._global,
            ast.Nonlocal: self._global,
            ast.Import: self._import,
            ast.ImportFrom: self._import,
            ast.NamedExpr: self._walrus,
            ast.Assign: self._assign,
            ast.AugAssign: self._augassign,
            ast.AnnAssign: self._annassign,
            ast.For: self._for,
            ast.AsyncFor: self._for,
            ast.ExceptHandler: self._handler,
            ast.MatchAs: self._capture,
            ast.MatchStar: self._capture,
            ast.MatchMapping: self._mapping,
        }

    # -- names ------------------------------------------------------------------------

    def load(self, name: str) -> None:
        s = self.scope
        if name in s.globals:
            self.deferred.add(name)
        elif s.kind == "function":
            s.loads.add(name)
        elif name not in s.bound:
            if s.kind == "module":
                self._read(name)
            else:
                s.free.add(name)

    def store(self, name: str) -> None:
        s = self.scope
        if s.kind == "module":
            self._define(name)
        elif name in s.globals:  # bound when the function is called, not when defined
            self.global_stores.add(name)
        elif name not in s.nonlocals:
            s.bound.add(name)

    def delete(self, name: str) -> None:
        s = self.scope
        if s.kind == "module":
            if name not in s.bound:  # `del x` needs x from an earlier cell
                self._read(name)
            s.bound.discard(name)
            self.defines.discard(name)
            self.deletes.add(name)
        elif s.kind == "function":
            s.bound.add(name)  # `del x` makes x local, like an assignment
        else:
            self.load(name)
            s.bound.discard(name)

    def changed(self, names: list[str]) -> None:
        """Names changed in place where they resolve to the module (or may: a function's
        later local is taken for a global, which only over-approximates)."""
        s = self.scope
        for name in names:
            self.changed(sorted(self.aliases.pop(name, ())))  # pop: cycles end
            if s.kind == "module" or name in s.globals or name not in s.bound:
                self.changes.add(name)

    def alias(self, target: ast.expr, value: ast.expr) -> None:
        roots = set(value_roots(value))
        for name in target_names(target):
            if roots - {name}:
                self.aliases[name] = roots - {name}

    def _read(self, name: str) -> None:
        if name not in BUILTINS:
            self.reads.add(name)

    def _define(self, name: str) -> None:
        self.module.bound.add(name)
        self.defines.add(name)
        self.ever.add(name)
        self.deletes.discard(name)

    # -- walking ----------------------------------------------------------------------

    def visit(self, node: ast.AST) -> None:
        cls = type(node)
        handler = self._handlers.get(cls)
        if handler is not None:
            handler(node)
            return
        fields = _FIELDS.get(cls)
        for field in _fields(cls) if fields is None else fields:
            value = getattr(node, field)
            if type(value) is list:
                for item in value:
                    if item is not None:  # dict keys of `**d` are None
                        self.visit(item)
            elif value is not None:
                self.visit(value)

    def visit_all(self, nodes: list) -> None:
        for node in nodes:
            self.visit(node)

    def child(self, kind: str, body, *args) -> None:
        """Runs body(*args) in a new scope, then hands its needs to the enclosing scope."""
        parent, inner = self.scope, Scope(kind)
        self.scope = inner
        body(*args)
        self.scope = parent
        for name in inner.walrus:  # `:=` in a comprehension binds in the enclosing scope
            self._walrus_store(name)
        if kind == "function":
            self._hand_up(set(), (inner.loads | inner.pending) - inner.bound)
        else:
            self._hand_up(inner.free, inner.later)

    def _hand_up(self, now: set[str], later: set[str]) -> None:
        s = self.scope
        if s.kind == "module":
            for name in now:
                self.load(name)
            self.deferred |= later
        elif s.kind == "function":
            s.pending |= now | later
        elif s.kind == "class":  # class bodies are invisible to nested scopes
            s.free |= now
            s.later |= later
        else:
            s.free |= now - s.bound
            s.later |= later - s.bound

    def _walrus_store(self, name: str) -> None:
        if self.scope.kind == "comp":
            self.scope.walrus.add(name)
        else:
            self.store(name)

    # -- handlers ---------------------------------------------------------------------

    def _name(self, node: ast.Name) -> None:
        ctx = type(node.ctx)
        if ctx is ast.Load:
            self.load(node.id)
        elif ctx is ast.Store:
            self.store(node.id)
        else:
            self.delete(node.id)

    def _outer_arguments(self, args: ast.arguments, annotations: bool) -> None:
        """Defaults and annotations run when the def runs, in the enclosing scope."""
        self.visit_all(args.defaults)
        self.visit_all([d for d in args.kw_defaults if d is not None])
        if annotations:
            every = args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]
            self.visit_all([a.annotation for a in every if a is not None and a.annotation])

    def _params(self, args: ast.arguments) -> None:
        every = args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]
        self.scope.bound.update(a.arg for a in every if a is not None)

    def _function(self, node: ast.FunctionDef) -> None:
        self.visit_all(node.decorator_list)
        self._outer_arguments(node.args, annotations=True)
        if node.returns is not None:
            self.visit(node.returns)
        changes, stores = set(self.changes), set(self.global_stores)
        self.child("function", self._function_body, node.args, node.body)
        if self.scope.kind == "module":
            self.functions.add(node.name)
            # What calling it does, for steps that call it (compiler/inferDependencies.ts).
            rebinds = self.global_stores - stores
            effects = (self.changes - changes) | rebinds
            if effects:
                self.function_effects[node.name] = effects
            self.function_stores[node.name] = rebinds
        self.store(node.name)

    def _function_body(self, args: ast.arguments, body: list) -> None:
        self._params(args)
        self.visit_all(body)

    def _lambda(self, node: ast.Lambda) -> None:
        self._outer_arguments(node.args, annotations=False)
        self.child("function", self._function_body, node.args, [node.body])

    def _class(self, node: ast.ClassDef) -> None:
        self.visit_all(node.decorator_list)
        self.visit_all(node.bases)
        self.visit_all(node.keywords)
        self.child("class", self.visit_all, node.body)
        if self.scope.kind == "module":
            self.classes.add(node.name)
        self.store(node.name)

    def _comp(self, node: ast.expr) -> None:
        generators = node.generators
        self.visit(generators[0].iter)  # the first iterable is evaluated outside
        self.child("comp", self._comp_body, node, generators)

    def _comp_body(self, node: ast.expr, generators: list) -> None:
        for i, gen in enumerate(generators):
            if i:
                self.visit(gen.iter)
            self.alias(gen.target, gen.iter)
            self.visit(gen.target)
            self.visit_all(gen.ifs)
        if isinstance(node, ast.DictComp):
            self.visit(node.key)
            self.visit(node.value)
        else:
            self.visit(node.elt)

    def _global(self, node: ast.Global | ast.Nonlocal) -> None:
        s = self.scope
        if s.kind != "module":  # `global x` at module level changes nothing
            (s.globals if isinstance(node, ast.Global) else s.nonlocals).update(node.names)

    def _import(self, node: ast.Import | ast.ImportFrom) -> None:
        at_module = self.scope.kind == "module"
        for alias in node.names:
            if alias.name == "*":
                self.star = self.star or at_module
                continue
            name = alias.asname or alias.name.split(".")[0]  # `import a.b` binds `a`
            if at_module:
                self.imports.add(name)
            self.store(name)

    def _walrus(self, node: ast.NamedExpr) -> None:
        self.visit(node.value)
        self._walrus_store(node.target.id)

    def _call(self, node: ast.Call) -> None:
        self.changed(call_changes(node))
        func = node.func
        if self.scope.kind == "module" and isinstance(func, ast.Name):
            for name in sorted(self.function_stores.get(func.id, ())):
                self.load(name)  # `counter += 1` inside needs it from before
                self._define(name)
        self.visit(node.func)
        self.visit_all(node.args)
        self.visit_all(node.keywords)

    def _del(self, node: ast.Delete) -> None:
        for target in node.targets:
            self.changed(target_changes(target))
        self.visit_all(node.targets)

    def _assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        for target in node.targets:
            self.changed(target_changes(target))
            if root_name(node.value) is not None:
                self.alias(target, node.value)
            else:  # a new object: what the name referred to before is safe from it
                for name in target_names(target):
                    self.aliases.pop(name, None)
        self.visit_all(node.targets)

    def _augassign(self, node: ast.AugAssign) -> None:
        target = node.target
        if isinstance(target, ast.Name):
            self.load(target.id)
            self.visit(node.value)
            self.store(target.id)
        else:
            self.changed(target_changes(target))
            self.visit(target)
            self.visit(node.value)

    def _annassign(self, node: ast.AnnAssign) -> None:
        in_function = self.scope.kind == "function"
        if node.value is not None:
            self.visit(node.value)
        if not in_function:  # annotations of local variables are never evaluated
            self.visit(node.annotation)
        if not isinstance(node.target, ast.Name):
            self.changed(target_changes(node.target))
            self.visit(node.target)
        elif node.value is not None or in_function:  # `x: int` alone binds nothing
            self.store(node.target.id)

    def _for(self, node: ast.For) -> None:
        self.visit(node.iter)
        self.alias(node.target, node.iter)
        self.visit(node.target)
        self.visit_all(node.body)
        self.visit_all(node.orelse)

    def _handler(self, node: ast.ExceptHandler) -> None:
        if node.type is not None:
            self.visit(node.type)
        s, name = self.scope, node.name
        if name is None or s.kind != "module":
            if name is not None:
                self.store(name)
            self.visit_all(node.body)
            return
        # Python deletes `except ... as e` after the handler, so it is no module define.
        had = name in s.bound
        s.bound.add(name)
        self.visit_all(node.body)
        if not had:
            s.bound.discard(name)

    def _capture(self, node: ast.MatchAs | ast.MatchStar) -> None:
        pattern = getattr(node, "pattern", None)
        if pattern is not None:
            self.visit(pattern)
        if node.name is not None:
            self.store(node.name)

    def _mapping(self, node: ast.MatchMapping) -> None:
        self.visit_all(node.keys)
        self.visit_all(node.patterns)
        if node.rest is not None:
            self.store(node.rest)
