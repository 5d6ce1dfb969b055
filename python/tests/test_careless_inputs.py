"""What a notebook gets wrong: numbers that are not finite, arguments of the wrong type, a law
fitted in memory, a meta table as a DataFrame, an executable that is not the tool. Each is a
SparseLawError with the tool's code where the tool speaks, never a traceback from inside."""

from __future__ import annotations

import json
import os
import stat
import subprocess

import numpy as np
import pandas as pd
import pytest

import sparselaw
from conftest import EXAMPLE_RUNS, binary, cli


def refusal(call):
    with pytest.raises(sparselaw.SparseLawError) as caught:
        call()
    return caught.value


@pytest.mark.parametrize(
    "call, option",
    [
        (lambda law: law.optimal(params=float("nan"), compute=1e20), "--params"),
        (lambda law: law.optimal(params=5e7, compute=np.inf), "--compute"),
        (lambda law: law.plan(compute=np.float64("nan")), "--compute"),
        (lambda law: law.contours(params=(1e6, np.inf)), "--params"),
    ],
)
def test_a_number_that_is_not_finite_is_the_tools_usage_refusal(fitted, call, option):
    error = refusal(lambda: call(fitted))
    assert error.exit_status == 64 and option in error.message and "not a finite number" in error.message


def test_a_fixed_coefficient_that_is_not_finite_is_the_tools_refusal(example_runs):
    error = refusal(lambda: sparselaw.fit(example_runs, fix={"bS": float("nan")}))
    assert (error.code, error.exit_status) == ("usage.arguments", 64)
    assert "--fix" in error.message and "nan" in error.message


def test_a_refusal_about_a_law_names_the_law_not_a_temporary_file(example_runs, tmp_path):
    dense = sparselaw.fit(example_runs, form="dense")
    error = refusal(lambda: dense.optimal(params=1e8, compute=1e20))
    assert (error.code, error.exit_status) == ("usage.arguments", 64)
    assert error.message.startswith("the fitted law is a dense law") and "sparselaw-" not in error.message
    path = dense.save(tmp_path / "dense law.json")
    error = refusal(lambda: sparselaw.Law.load(path).optimal(params=1e8, compute=1e20))
    assert error.message.startswith(f"{path} is a dense law")
    # The command line, asked directly, says the same of the file.
    done = subprocess.run([binary(), "optimal", "--law", str(path), "--params", "1e8", "--compute", "1e20", "--json"],
                          capture_output=True, text=True)
    assert json.loads(done.stdout)["message"] == error.message


def test_an_unknown_law_is_the_tools_refusal_with_its_exit_status():
    error = refusal(lambda: sparselaw.law("t5-c5"))
    done = subprocess.run([binary(), "predict", "--law", "t5-c5", "--params", "1e9", "--tokens", "1e10", "--json"],
                          capture_output=True, text=True)
    expected = json.loads(done.stdout)
    assert (error.code, error.exit_status, error.file, error.message) == ("law.unknown", 65, "t5-c5", expected["message"])


def test_a_law_file_path_is_read_like_law_reads_it(fitted, tmp_path):
    path = fitted.save(tmp_path / "law.json")
    assert sparselaw.law(str(path)).coefficients == fitted.coefficients


@pytest.mark.parametrize("runs", [42, [{"params": 1e7, "sparsity": 0, "tokens": 1e10, "loss": 3.0}], [], None])
def test_runs_of_a_type_the_tool_cannot_read(runs):
    error = refusal(lambda: sparselaw.fit(runs))
    assert (error.code, error.field, error.exit_status) == ("python.wrong-type", "runs", None)
    assert "DataFrame" in error.message


def test_queries_of_a_type_the_tool_cannot_read(fitted):
    error = refusal(lambda: fitted.predict(pd.Series([5e7, 1e8], name="params")))
    assert (error.code, error.field) == ("python.wrong-type", "queries")


def test_the_row_of_a_refusal_is_a_python_value(example_runs):
    # An int64 index (as pandas.read_json makes), whose labels are numpy integers.
    runs = example_runs.set_axis(pd.Index(np.arange(len(example_runs)) + 100, dtype="int64"))
    runs.loc[104, "loss"] = np.nan
    error = refusal(lambda: sparselaw.fit(runs))
    assert (error.code, error.row, type(error.row)) == ("data.missing-value", 104, int)
    assert error.message.endswith("(DataFrame row 104)")


def test_the_row_id_of_a_pandas_json_file(example_runs, tmp_path):
    runs = example_runs.set_axis([f"run{i}" for i in range(len(example_runs))])
    runs.loc["run6", "tokens"] = -3
    path = tmp_path / "runs in pandas.json"
    runs.to_json(path)
    error = refusal(lambda: sparselaw.fit(path))
    assert (error.code, error.row_id, error.line, error.file) == ("data.not-positive", "run6", None, str(path))


def _olmo_like(example_runs, folder):
    """Example runs as logs without size or budget, one file each, and the table that has them."""
    folder.mkdir()
    for i, row in example_runs.iterrows():
        pd.DataFrame({"step": [row["tokens"] // 1000], "loss": [row["loss"]]}).to_csv(folder / f"run{i}.csv", index=False)
    return pd.DataFrame({"run": [f"run{i}" for i in example_runs.index], "params": example_runs["params"],
                         "sparsity": example_runs["sparsity"], "tokens_per_step": 1000})


def test_meta_as_a_dataframe_is_the_meta_file(example_runs, tmp_path):
    meta = _olmo_like(example_runs, tmp_path / "logs")
    meta.to_csv(tmp_path / "meta.csv", index=False)
    options = {"column": {"tokens": "step*tokens_per_step"}}
    from_file = sparselaw.fit(tmp_path / "logs", meta=tmp_path / "meta.csv", **options)
    from_frame = sparselaw.fit(tmp_path / "logs", meta=meta, **options)
    assert from_frame.coefficients == from_file.coefficients
    assert from_frame.coefficients == cli("fit", tmp_path / "logs", "--meta", tmp_path / "meta.csv",
                                          "--column", "tokens=step*tokens_per_step")["coefficients"]
    twice = pd.concat([meta, meta.iloc[[2]]])
    error = refusal(lambda: sparselaw.fit(tmp_path / "logs", meta=twice, **options))
    assert (error.code, error.file, error.row) == ("data.duplicate-run-name", "meta DataFrame", 2)


def test_an_executable_that_prints_no_json(monkeypatch, tmp_path):
    other = tmp_path / "sparselaw"
    other.write_text("#!/bin/sh\necho 'hello'\n")
    other.chmod(other.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("SPARSELAW", str(other))
    error = refusal(sparselaw.laws)
    assert error.code == "python.unreadable-output" and str(other) in error.message and "SPARSELAW" in error.message


def test_sparselaw_with_a_tilde_set_from_python(monkeypatch, tmp_path):
    (tmp_path / "bin dir").mkdir()
    os.symlink(binary(), tmp_path / "bin dir" / "sparselaw")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("SPARSELAW", "~/bin dir/sparselaw")
    assert sparselaw.executable() == str(tmp_path / "bin dir" / "sparselaw")
    assert sparselaw.law("t5-c4").coefficients["bS"] == 0.722


def test_optimal_of_no_points_has_the_columns_of_the_answers(fitted):
    empty = fitted.optimal(params=[], compute=1e20)
    assert len(empty) == 0
    assert empty.columns.tolist() == list(fitted.optimal(params=[1e7], compute=1e20).columns)
