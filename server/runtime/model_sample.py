"""What a saved model was fit on: its feature names and one real row of its training data.

Appended to the step harness (harness.py) in every step program (see
server/src/compileWiring.ts), so it has no imports of its own and no `from __future__`:
numpy and pandas are read from sys.modules, never imported. The deploy test form starts
from this row instead of zeros. Nothing here may fail a step: any surprise gives None.
"""

import sys

# Above this many features neither names nor a row travel (the output event is one log line).
_SAMPLE_MAX_FEATURES = 200
# Variables a training row is looked for in first, in this order; then the rest of the step's.
_SAMPLE_PREFERRED = ("X_train", "x_train", "X", "x", "features", "X_test", "x_test")


def model_sample(model: object, namespace: dict) -> dict | None:
    """{"featureNames", "row", "source"} for a model that says its inputs, else None.

    Feature names are scikit-learn's `feature_names_in_` (set when fit on a DataFrame).
    The row is the first one of a DataFrame in the step with those columns, or, for a
    model fit on an array, of a 2-D array or DataFrame as wide as `n_features_in_`.
    """
    try:
        names = _feature_names(model)
        count = len(names) if names is not None else _int_attr(model, "n_features_in_")
        if count is None or not 0 < count <= _SAMPLE_MAX_FEATURES:
            return None
        found = _training_row(namespace, names, count, model)
        source, row = found if found is not None else (None, None)
        if names is None and row is None:
            return None
        return {"featureNames": names, "row": row, "source": source}
    except Exception:
        return None


def _int_attr(model: object, name: str) -> int | None:
    value = getattr(model, name, None)
    return int(value) if isinstance(value, int) or type(value).__name__.startswith("int") else None


def _feature_names(model: object) -> list[str] | None:
    names = getattr(model, "feature_names_in_", None)
    if names is None:
        return None
    names = [str(n) for n in list(names)]
    return names if 0 < len(names) <= _SAMPLE_MAX_FEATURES else None


def _candidates(namespace: dict, model: object):
    preferred = [n for n in _SAMPLE_PREFERRED if n in namespace]
    rest = [n for n in namespace if n not in preferred and not n.startswith("_")]
    for name in preferred + rest:
        value = namespace[name]
        if value is not model:
            yield name, value


def _training_row(namespace: dict, names, count: int, model: object):
    """(variable name, first row as JSON numbers) of the data the model was most likely fit on."""
    pandas, numpy = sys.modules.get("pandas"), sys.modules.get("numpy")
    for name, value in _candidates(namespace, model):
        row = None
        if pandas is not None and isinstance(value, pandas.DataFrame) and len(value) > 0:
            columns = [str(c) for c in value.columns]
            if names is not None and set(names) <= set(columns):
                by_name = dict(zip(columns, value.iloc[0].tolist(), strict=True))
                row = [by_name[n] for n in names]
            elif names is None and len(columns) == count:
                row = value.iloc[0].tolist()
        elif names is None and numpy is not None and type(value) is numpy.ndarray:
            if value.ndim == 2 and value.shape[0] > 0 and value.shape[1] == count:
                row = value[0].tolist()
        row = _json_numbers(row)
        if row is not None:
            return name, row
    return None


def _json_numbers(row) -> list | None:
    """The row when every value is a number JSON can carry (NaN becomes null), else None."""
    if row is None:
        return None
    out = []
    for value in row:
        item = value.item() if hasattr(value, "item") else value
        if isinstance(item, bool) or not isinstance(item, (int, float)):
            return None
        out.append(None if item != item or item in (float("inf"), float("-inf")) else item)
    return out
