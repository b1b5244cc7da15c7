"""A saved model's output event carries its feature names and a real row of its training data."""

from __future__ import annotations

from pathlib import Path

from test_harness import cells, run_step

IRIS_FRAME = (
    "import pandas as pd\nfrom sklearn.linear_model import LogisticRegression\n"
    "X = pd.DataFrame({'sepal_length': [5.1, 6.2, 5.9, 4.8], 'petal_width': [0.2, 1.8, 1.5, 0.1],"
    " 'label_text': ['a', 'b', 'b', 'a']})\n"
    "y = [0, 1, 1, 0]\n"
    "X_train = X[['petal_width', 'sepal_length']].iloc[1:]\n"
    "model = LogisticRegression().fit(X_train, y[1:])\n"
)


def model_output(run) -> dict:
    assert run.code == 0, run.stderr
    (output,) = [e for e in run.of("output") if e["name"] == "model"]
    return output


def test_a_model_fit_on_a_dataframe_carries_its_feature_names_and_first_row(
    tmp_path: Path,
) -> None:
    run = run_step(tmp_path, "train", {"cells": cells(IRIS_FRAME), "outputs": ["model"]})
    assert model_output(run)["sample"] == {
        "featureNames": ["petal_width", "sepal_length"],
        "row": [1.8, 6.2],
        "source": "X_train",
    }


def test_a_model_fit_on_an_array_carries_a_row_of_an_array_as_wide_without_names(
    tmp_path: Path,
) -> None:
    source = (
        "import numpy as np\nfrom sklearn.linear_model import LinearRegression\n"
        "data = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, float('nan')]])\n"
        "other = np.zeros((2, 5))\n"
        "model = LinearRegression().fit(np.nan_to_num(data), [1.0, 2.0])\n"
    )
    run = run_step(tmp_path, "train", {"cells": cells(source), "outputs": ["model"]})
    assert model_output(run)["sample"] == {
        "featureNames": None,
        "row": [1.0, 2.0, 3.0],
        "source": "data",
    }


def test_names_without_a_matching_frame_still_travel_and_other_outputs_get_no_sample(
    tmp_path: Path,
) -> None:
    source = IRIS_FRAME + "del X, X_train\nweights = [1, 2]\n"
    run = run_step(tmp_path, "train", {"cells": cells(source), "outputs": ["model", "weights"]})
    assert model_output(run)["sample"] == {
        "featureNames": ["petal_width", "sepal_length"],
        "row": None,
        "source": None,
    }
    (weights,) = [e for e in run.of("output") if e["name"] == "weights"]
    assert "sample" not in weights
