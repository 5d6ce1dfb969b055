"""Refusals as SparseLawError, with the tool's code, exit status, file, line and field; and the
executable missing."""

from __future__ import annotations

import json
import os
import stat
import subprocess

import pandas as pd
import pytest

import sparselaw
from conftest import binary


def test_a_dataframe_without_a_loss_column_is_refused_with_65_and_a_code(example_runs, tmp_path):
    runs = example_runs.drop(columns="loss")
    with pytest.raises(sparselaw.SparseLawError) as caught:
        sparselaw.fit(runs)
    error = caught.value
    assert error.exit_status == 65
    assert error.code == "data.missing-field"
    assert error.field == "loss"
    assert error.file == "DataFrame"
    assert "no column for this field" in error.message and "DataFrame" in error.message
    # The same code as the command line's for the same table, run directly.
    runs.to_csv(tmp_path / "runs.csv", index=False)
    done = subprocess.run([binary(), "fit", str(tmp_path / "runs.csv"), "--json"], capture_output=True, text=True)
    assert done.returncode == 65
    assert json.loads(done.stdout)["code"] == error.code


def test_a_bad_cell_names_the_dataframe_row(example_runs):
    runs = example_runs.set_index("run")
    assert "n12M-s0.5-d20B" in runs.index
    runs.loc["n12M-s0.5-d20B", "loss"] = -1.0
    with pytest.raises(sparselaw.SparseLawError) as caught:
        sparselaw.fit(runs)
    error = caught.value
    assert (error.code, error.exit_status, error.row) == ("data.not-positive", 65, "n12M-s0.5-d20B")
    assert error.line == list(runs.index).index("n12M-s0.5-d20B") + 2
    assert "loss" in error.field


def test_an_option_the_tool_refuses_is_a_usage_error(example_runs):
    with pytest.raises(sparselaw.SparseLawError) as caught:
        sparselaw.fit(example_runs, loss="cubes")
    assert (caught.value.code, caught.value.exit_status) == ("usage.arguments", 64)


def test_a_question_a_dense_law_cannot_answer():
    # Refused while the command's arguments are checked: a usage error, with the tool's sentence.
    with pytest.raises(sparselaw.SparseLawError) as caught:
        sparselaw.law("chinchilla").optimal(1e9, 1e21)
    assert (caught.value.code, caught.value.exit_status) == ("usage.arguments", 64)
    assert "dense" in caught.value.message


def test_a_law_file_without_a_coefficient_is_refused_on_load(tmp_path):
    path = tmp_path / "law.json"
    path.write_text(json.dumps({"schema": "sparselaw.fit/1", "form": "dense", "coefficients": {"E": 2, "A": 300, "B": 500, "alpha": 0.3}}))
    with pytest.raises(sparselaw.SparseLawError) as caught:
        sparselaw.Law.load(path)
    error = caught.value
    assert (error.code, error.exit_status, error.file, error.field) == ("law.missing-coefficient", 65, str(path), "coefficients.beta")
    with pytest.raises(sparselaw.SparseLawError) as caught:
        sparselaw.Law.load(tmp_path / "absent.json")
    assert caught.value.code == "data.no-such-file"


def test_an_unknown_law_name():
    with pytest.raises(sparselaw.SparseLawError) as caught:
        sparselaw.law("t5-c5")
    assert caught.value.code == "law.unknown" and "t5-c4" in caught.value.message


def test_a_missing_executable_says_how_to_install(monkeypatch, example_runs, tmp_path):
    monkeypatch.setenv("SPARSELAW", str(tmp_path / "nowhere" / "sparselaw"))
    with pytest.raises(sparselaw.SparseLawError) as caught:
        sparselaw.fit(example_runs)
    assert caught.value.code == "python.executable-not-found"
    assert caught.value.exit_status is None
    assert "make install" in caught.value.message and "SPARSELAW" in caught.value.message
    monkeypatch.delenv("SPARSELAW")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(sparselaw.SparseLawError) as caught:
        sparselaw.law("t5-c4")
    assert caught.value.code == "python.executable-not-found" and "not on PATH" in caught.value.message


def test_the_executable_found_on_path(monkeypatch):
    folder = os.path.dirname(binary())
    monkeypatch.delenv("SPARSELAW")
    monkeypatch.setenv("PATH", folder + os.pathsep + os.environ.get("PATH", ""))
    assert sparselaw.executable() == os.path.join(folder, "sparselaw")
    assert sparselaw.law("t5-c4").coefficients["c"] == 0.651


def test_a_refusal_without_the_error_object_keeps_the_message_and_status(monkeypatch, tmp_path):
    # An executable that refuses as a tool older than the error object would: a line on stderr.
    fake = tmp_path / "sparselaw"
    fake.write_text("#!/bin/sh\necho 'error: something is wrong' >&2\nexit 65\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("SPARSELAW", str(fake))
    with pytest.raises(sparselaw.SparseLawError) as caught:
        sparselaw.laws()
    assert (caught.value.message, caught.value.exit_status, caught.value.code) == ("something is wrong", 65, None)
