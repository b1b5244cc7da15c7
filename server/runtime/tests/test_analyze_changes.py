"""Objects a cell may change in place (analyze_changes.py): each idiom, and what is not one."""

from __future__ import annotations

import pytest

import analyze

# (idiom, source, the names it may change)
CHANGES = [
    ("a method call may change its object", "model.fit(X, y)", ["model"]),
    ("append changes a list", "history.append('fit')", ["history"]),
    ("item assignment", "df['c'] = df['a'] * 2", ["df"]),
    ("item assignment through an accessor", "df.loc[df.a > 1, 'b'] = 0", ["df"]),
    ("attribute assignment", "obj.a.b = 3", ["obj"]),
    ("augmented item assignment", "counts['x'] += 1", ["counts"]),
    ("del of an item", "del d['k']", ["d"]),
    ("inplace=True on a read-only method", "df.drop(columns=['a'], inplace=True)", ["df"]),
    ("an object passed to a function of the notebook", "normalise(df)", ["df"]),
    ("an object passed to a keyword argument", "scale(frame=df)", ["df"]),
    ("a library function that shuffles", "random.shuffle(items)", ["items", "random"]),
    ("an alias changes its original", "a = b\na.append(1)", ["b"]),
    ("an element reached through a subscript alias", "row = rows[0]\nrow['x'] = 1", ["rows"]),
    ("loop variables change their container", "for r in rows:\n    r.append(1)", ["rows"]),
    ("items() hands out the values", "for k, v in d.items():\n    v.append(1)", ["d"]),
    ("enumerate hands out the elements", "for i, r in enumerate(rows):\n    r['i'] = i", ["rows"]),
    ("comprehensions too", "[r.append(1) for r in rows]", ["rows"]),
    ("a function body that changes a global", "def log(x):\n    hist.append(x)", ["hist"]),
]

# (idiom, source): reading, or making a new object, changes nothing (`fit` changes only the model)
NO_CHANGES = [
    ("len and print read", "print(x)\nn = len(y)"),
    ("a read-only method", "pred = model.predict(X)\ns = model.score(X, y)"),
    ("fit changes the estimator, not the data", "model.fit(X, y)"),
    ("a metric function reads", "acc = accuracy_score(y, pred)"),
    ("a split reads", "a, b = train_test_split(X)"),
    ("plotting reads", "plt.plot(x)\nsns.histplot(df)"),
    ("a new object bound to the name", "df = df.dropna()"),
    ("an object made in the cell is a define, not a change", "x = []\nx.append(1)"),
    ("rebinding ends an alias", "a = b\na = []\na.append(1)"),
    ("augmented assignment of a name rebinds it", "total += 1"),
    ("a copy is a new object", "x = y.copy()\nx.append(1)"),
    ("range hands out no object", "data = [f(i) for i in range(n)]"),
    ("a local of a function", "def f():\n    xs = []\n    xs.append(1)"),
    ("a parameter of a function", "def f(xs):\n    xs.append(1)"),
]


@pytest.mark.parametrize("idiom,source,names", CHANGES, ids=[c[0] for c in CHANGES])
def test_idiom_changes(idiom: str, source: str, names: list[str]) -> None:
    assert analyze.analyze_cell("c", source)["changes"] == names


@pytest.mark.parametrize("idiom,source", NO_CHANGES, ids=[c[0] for c in NO_CHANGES])
def test_idiom_changes_nothing(idiom: str, source: str) -> None:
    result = analyze.analyze_cell("c", source)
    assert set(result["changes"]) <= {"model"}, result["changes"]


def test_changes_are_always_reads() -> None:
    result = analyze.analyze_cell("c", "model.fit(X, y)\ndf['a'] = 1\nhist.append(2)")
    assert set(result["changes"]) <= set(result["reads"])


@pytest.mark.parametrize(
    "source,what",
    [
        ("f = open('x')", "an open file"),
        ("conn = sqlite3.connect(':memory:')", "a connection"),
        ("g = (x for x in xs)", "a generator"),
        ("lock = threading.Lock()", "a lock"),
        ("s = socket.socket()", "a socket"),
    ],
)
def test_values_no_process_boundary_carries_are_named(source: str, what: str) -> None:
    (handle,) = analyze.analyze_cell("c", source)["handles"]
    assert handle["what"] == what


def test_ordinary_values_are_no_handles() -> None:
    assert analyze.analyze_cell("c", "x = [1]\ny = f(x)\nz = {'a': 1}")["handles"] == []
