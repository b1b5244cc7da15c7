"""The benchmark's workloads as plain data, one model every tool's format is written from.

A workload is an imports cell (run first in every step, as Kale's and Cellpipe's imports cell)
and steps; a step is cells of code, the variables it reads from earlier steps and the
variables later steps read from it. Dependencies are the steps it reads from, plus `after`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Step:
    name: str
    cells: list[str]
    reads: dict[str, str] = field(default_factory=dict)  # variable -> step that writes it
    writes: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)  # order without data (Kale's `prev:`)

    @property
    def upstream(self) -> list[str]:
        seen = list(dict.fromkeys([*self.reads.values(), *self.after]))
        return seen


@dataclass(frozen=True)
class Workload:
    name: str
    title: str
    imports: str
    steps: list[Step]


def chain(n: int = 20) -> Workload:
    """n trivial steps, each reading the value of the one before."""
    steps = [Step("s01", ["v01 = 1"], writes=["v01"])]
    for k in range(2, n + 1):
        prev, var = f"s{k - 1:02d}", f"v{k:02d}"
        steps.append(
            Step(f"s{k:02d}", [f"{var} = v{k - 1:02d} + 1"], {f"v{k - 1:02d}": prev}, [var])
        )
    steps[-1].cells.append(f"print('last value', v{n:02d})")
    return Workload(f"chain{n}", f"{n} trivial steps in a chain", "", steps)


def parallel(n: int = 4, seconds: float = 1.0) -> Workload:
    """n independent steps that each sleep; nothing passes between them."""
    steps = [
        Step(f"p{i}", [f"time.sleep({seconds})\nw{i} = {i}"], writes=[f"w{i}"])
        for i in range(1, n + 1)
    ]
    return Workload(f"parallel{n}", f"{n} independent {seconds:g} s steps", "import time", steps)


ML_IMPORTS = """\
import numpy as np
import pandas as pd
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler"""


def ml() -> Workload:
    """Load iris, make features, train, evaluate: a small notebook with heavy imports."""
    load = Step("load", ["iris = load_iris(as_frame=True)\ndf = iris.frame"], writes=["df"])
    features = Step(
        "features",
        [
            "X = df.drop(columns=['target'])\ny = df['target']",
            "X_train, X_test, y_train, y_test = train_test_split(\n"
            "    X, y, test_size=0.3, random_state=0, stratify=y\n)",
            "scaler = StandardScaler().fit(X_train)\n"
            "X_train_s = scaler.transform(X_train)\nX_test_s = scaler.transform(X_test)",
        ],
        {"df": "load"},
        ["X_train_s", "X_test_s", "y_train", "y_test"],
    )
    train = Step(
        "train",
        ["model = LogisticRegression(max_iter=500).fit(X_train_s, y_train)"],
        {"X_train_s": "features", "y_train": "features"},
        ["model"],
    )
    evaluate = Step(
        "evaluate",
        [
            "accuracy = accuracy_score(y_test, model.predict(X_test_s))\n"
            "print(f'accuracy={accuracy:.3f}')"
        ],
        {"model": "train", "X_test_s": "features", "y_test": "features"},
        ["accuracy"],
    )
    title = "small ML notebook: pandas + scikit-learn imports, 4 steps (iris)"
    return Workload("ml", title, ML_IMPORTS, [load, features, train, evaluate])


def big_notebook(steps: int = 30, cells_per_step: int = 10) -> Workload:
    """A notebook to compile, not to run: each step's cells build on the step before."""
    out = []
    for k in range(1, steps + 1):
        cells, reads = [], {}
        for j in range(cells_per_step):
            base = f"t{k - 1:02d}_{cells_per_step - 1}" if j == 0 else f"t{k:02d}_{j - 1}"
            if j == 0 and k == 1:
                base = "0"
            elif j == 0:
                reads[base] = f"s{k - 1:02d}"
            cells.append(
                f"c{k:02d}_{j} = [i * {j + 1} for i in range(10)]\n"
                f"t{k:02d}_{j} = sum(c{k:02d}_{j}) + {base}\n"
                f"if t{k:02d}_{j} < 0:\n    print('negative', t{k:02d}_{j})"
            )
        after = [f"s{k - 1:02d}"] if k > 1 else []
        last = f"t{k:02d}_{cells_per_step - 1}"
        out.append(Step(f"s{k:02d}", cells, reads, [last], after))
    n = steps * cells_per_step
    return Workload(f"compile{n}", f"compile of a {n}-cell, {steps}-step notebook", "", out)
