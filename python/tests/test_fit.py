"""sparselaw.fit against `sparselaw fit --json` run directly, and the law's formula in numpy."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import sparselaw
from conftest import EXAMPLE_RUNS, cli, law_formula


def test_fit_of_a_dataframe_gives_the_cli_coefficients_exactly(fitted, cli_fit):
    assert fitted.coefficients == cli_fit["coefficients"]
    assert fitted.standard_errors == cli_fit["standardErrors"]
    assert fitted.form == "sparse"
    assert [w.code for w in fitted.warnings] == [w["code"] for w in cli_fit["warnings"]]
    assert fitted.document["fit"] == cli_fit["fit"]
    assert list(fitted.correlation.index) == cli_fit["correlation"]["names"]
    np.testing.assert_array_equal(fitted.correlation.to_numpy(), np.array(cli_fit["correlation"]["matrix"]))


def test_fit_of_a_path_gives_the_cli_coefficients_exactly(cli_fit):
    law = sparselaw.fit(EXAMPLE_RUNS)
    assert law.coefficients == cli_fit["coefficients"]
    assert list(law.runs["line"]) == list(range(2, 62))
    assert set(law.runs["file"]) == {str(EXAMPLE_RUNS)}


def test_runs_carry_the_law_prediction_computed_here_and_the_index_of_the_dataframe(example_runs):
    runs = example_runs.set_index("run")
    law = sparselaw.fit(runs)
    table = law.runs
    assert list(table.index) == list(runs.index)
    assert "file" not in table and "line" not in table
    predicted = law_formula(law.coefficients, runs["params"], runs["sparsity"], runs["tokens"])
    np.testing.assert_allclose(table["predicted"].to_numpy(), predicted, rtol=1e-12)
    np.testing.assert_allclose(table["residual"], runs["loss"] - table["predicted"], rtol=0, atol=1e-14)
    np.testing.assert_allclose(table["relative_error"], table["predicted"] / runs["loss"] - 1, rtol=0, atol=1e-14)
    assert not table["held_out"].any()
    # The runs' own numbers come back as given.
    np.testing.assert_array_equal(table["loss"].to_numpy(), runs["loss"].to_numpy())


def test_options_mirror_the_cli(example_runs):
    law = sparselaw.fit(example_runs, fix={"bS": 0.722}, where="sparsity < 0.8", loss="huber", delta=1e-3)
    direct = cli("fit", EXAMPLE_RUNS, "--fix", "bS=0.722", "--where", "sparsity < 0.8", "--loss", "huber", "--delta", "0.001")
    assert law.coefficients == direct["coefficients"]
    assert law.fixed == {"bS": 0.722}
    assert law.coefficients["bS"] == 0.722
    assert len(law.runs) == int((example_runs["sparsity"] < 0.8).sum())
    assert law.document["fit"]["loss"] == "huber"


def test_column_definitions_as_a_mapping(example_runs):
    renamed = example_runs.rename(columns={"tokens": "steps"}).assign(steps=lambda f: f["steps"] / 1000)
    law = sparselaw.fit(renamed, column={"tokens": "steps*1000"})
    assert law.runs["tokens"].tolist() == pytest.approx(example_runs["tokens"].tolist(), rel=1e-15)


def test_bootstrap_intervals_and_holdout_are_the_clis(example_runs):
    law = sparselaw.fit(example_runs, bootstrap=4, seed=3, holdout="largest", threads=1)
    direct = cli("fit", EXAMPLE_RUNS, "--bootstrap", 4, "--seed", 3, "--holdout", "largest")
    assert law.coefficients == direct["coefficients"]
    assert law.intervals == {name: tuple(pair) for name, pair in direct["intervals"].items()}
    assert law.replicates == 4
    assert all(low <= high for low, high in law.intervals.values())
    largest = example_runs["params"].max()
    assert law.runs["held_out"].tolist() == (example_runs["params"] == largest).tolist()
    assert len(law.holdout) == int((example_runs["params"] == largest).sum())
    np.testing.assert_array_equal(law.holdout["predicted"], [p["predicted"] for p in direct["holdout"]["points"]])
    summary = law.summary()
    assert summary.loc["bN", "low"] == law.intervals["bN"][0]
    assert summary.loc["bN", "standard_error"] == direct["standardErrors"]["bN"]
    assert "<table" in law._repr_html_() and f"fitted on {int((example_runs['params'] != largest).sum())} runs" in law._repr_html_()


def test_dense_form(example_runs):
    dense = example_runs[example_runs["sparsity"] == 0]
    law = sparselaw.fit(dense, form="dense")
    assert set(law.coefficients) == {"E", "A", "B", "alpha", "beta"}


def test_fit_figure_is_svg_for_jupyter_and_saves(fitted, tmp_path):
    figure = fitted.figure
    assert figure is not None
    svg = figure._repr_svg_()
    assert "<svg" in svg and svg.rstrip().endswith("</svg>")
    saved = figure.save(tmp_path / "fit.svg")
    assert saved.read_text(encoding="utf-8") == svg
    with pytest.raises(ValueError):
        figure.save(tmp_path / "fit.png")


def test_save_and_load_round_trip(fitted, cli_law, tmp_path):
    path = fitted.save(tmp_path / "law.json")
    saved = json.loads(path.read_text(encoding="utf-8"))
    written = json.loads(cli_law.read_text(encoding="utf-8"))
    # The same law file as `fit --output` writes, but for the name of the data fitted.
    saved.pop("data"), written.pop("data")
    assert saved == written
    loaded = sparselaw.Law.load(path)
    assert loaded.coefficients == fitted.coefficients
    assert loaded.name == str(path)
    queries = pd.DataFrame({"params": [1e7, 4e7], "sparsity": [0.5, 0.75], "tokens": [1e10, 3e10]})
    pd.testing.assert_frame_equal(loaded.predict(queries), fitted.predict(queries))


def test_a_text_cell_with_line_breaks_keeps_the_index_and_the_row_of_a_refusal(example_runs):
    runs = example_runs.set_axis([f"r{i}" for i in range(len(example_runs))])
    # LF, CR LF and a lone CR: each a line break to the tool's CSV reader.
    runs.loc["r3", "run"] = "two\nlines"
    runs.loc["r5", "run"] = "three\r\nlines\rhere"
    law = sparselaw.fit(runs)
    assert "line" not in law.runs and "file" not in law.runs
    assert law.runs.index.tolist() == runs.index.tolist()
    assert law.runs.loc["r3", "name"] == "two\nlines" and law.runs.loc["r5", "name"] == "three\r\nlines\rhere"
    np.testing.assert_array_equal(law.runs["loss"], runs["loss"])
    # Row r7 starts on line 2 + 7 + 3 (the breaks before it): the refusal names r7, not a line.
    runs.loc["r7", "loss"] = -1.0
    with pytest.raises(sparselaw.SparseLawError) as caught:
        sparselaw.fit(runs)
    assert (caught.value.line, caught.value.row) == (12, "r7")
    assert "DataFrame row 'r7'" in caught.value.message


def test_the_held_out_runs_are_indexed_like_the_dataframe(example_runs):
    runs = example_runs.set_index("run")
    law = sparselaw.fit(runs, holdout="largest")
    largest = runs.index[runs["params"] == runs["params"].max()]
    assert law.holdout.index.tolist() == largest.tolist()
    np.testing.assert_array_equal(law.holdout["loss"], runs.loc[largest, "loss"])
    np.testing.assert_array_equal(law.holdout["predicted"], law.runs.loc[largest, "predicted"])
