"""predict, optimal, plan, contours and the built-in laws against the command line run directly,
and against the law evaluated here."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sparselaw
from conftest import cli, law_formula, read_csv


@pytest.fixture(scope="module")
def queries() -> pd.DataFrame:
    return pd.DataFrame(
        {"params": [5e7, 5e7, 5e7, 2e6, 1e10], "sparsity": [0, 0.5, 0.75, 0.875, 0.5], "tokens": [2e10, 2e10, 2e10, 8e9, 1e13]},
        index=list("abcde"),
    )


def test_predict_is_the_cli_and_the_formula(fitted, cli_law, queries, tmp_path):
    predicted = fitted.predict(queries)
    assert list(predicted.index) == list("abcde")
    path = tmp_path / "q.csv"
    queries.to_csv(path, index=False)
    direct = cli("predict", "--law", cli_law, "--queries", path)["predictions"]
    assert predicted["loss"].tolist() == [row["loss"] for row in direct]
    np.testing.assert_allclose(predicted["loss"], law_formula(fitted.coefficients, queries["params"], queries["sparsity"], queries["tokens"]), rtol=1e-13)
    # Extrapolation, judged here from the fitted ranges: only e lies beyond them.
    assert predicted.loc["e", "warnings"].split(";") == ["law.params-above-fitted", "law.tokens-above-fitted"]
    assert (predicted.loc[list("abcd"), "warnings"] == "").all()
    assert "loss_low" not in predicted


def test_predict_of_the_fitted_runs_gives_their_predictions(fitted, example_runs):
    predicted = fitted.predict(example_runs)
    assert predicted["loss"].tolist() == fitted.runs["predicted"].tolist()


def test_predict_from_arrays_broadcasts(fitted):
    predicted = fitted.predict(params=5e7, sparsity=np.array([0, 0.5]), tokens=2e10)
    assert len(predicted) == 2
    np.testing.assert_allclose(predicted["loss"], law_formula(fitted.coefficients, 5e7, [0, 0.5], 2e10), rtol=1e-13)


def test_predict_with_replicates_has_the_clis_intervals(example_runs, tmp_path, queries):
    law = sparselaw.fit(example_runs, bootstrap=5, seed=2)
    path = law.save(tmp_path / "law.json")
    queries.to_csv(tmp_path / "q.csv", index=False)
    direct = cli("predict", "--law", path, "--queries", tmp_path / "q.csv")["predictions"]
    predicted = law.predict(queries)
    assert predicted["loss_low"].tolist() == [row["lossInterval"][0] for row in direct]
    assert predicted["loss_high"].tolist() == [row["lossInterval"][1] for row in direct]


def test_optimal_is_the_cli_and_the_minimum_found_here(fitted, cli_law):
    optimum = fitted.optimal(params=5e7, compute=1e20)
    direct = cli("optimal", "--law", cli_law, "--params", "5e7", "--compute", "1e20")
    for field, key in [("sparsity", "sparsity"), ("tokens", "tokens"), ("loss", "loss"), ("dense_loss", "denseLoss"),
                       ("dense_tokens", "denseTokens"), ("gain", "gain"), ("boundary", "boundary"), ("max_sparsity", "maxSparsity"),
                       ("equivalent_dense_params", "equivalentDenseParams")]:
        assert getattr(optimum, field) == direct[key], field
    assert optimum.law == "fitted" and optimum.cost == "dense"
    # A law without replicates: the point estimate's verdict, and a note saying so.
    assert [w.code for w in optimum.warnings] == [w["code"] for w in direct["warnings"]]
    assert "optimum.verdict-without-replicates" in [w.code for w in optimum.warnings]
    assert optimum.verdict == direct["verdict"] and optimum.verdict_basis == "pointEstimate" and optimum.gain_interval is None
    # Independently: C = 6 N D / (1 - S) at the optimum, and no sparsity on a fine grid does better.
    n, c = 5e7, 1e20
    assert 6 * n * optimum.tokens / (1 - optimum.sparsity) == pytest.approx(c, rel=1e-12)
    grid = np.linspace(0, optimum.max_sparsity, 20001)
    losses = law_formula(fitted.coefficients, n, grid, c * (1 - grid) / (6 * n))
    assert losses.min() >= optimum.loss - 1e-12
    assert grid[losses.argmin()] == pytest.approx(optimum.sparsity, abs=1e-4)
    assert optimum.loss == pytest.approx(float(law_formula(fitted.coefficients, n, optimum.sparsity, optimum.tokens)), rel=1e-13)


def test_optimal_over_arrays_is_a_dataframe_of_the_scalar_answers(fitted):
    table = fitted.optimal(params=[1e7, 3e7, 1e8], compute=1e20)
    assert list(table["params"]) == [1e7, 3e7, 1e8]
    for row in table.itertuples():
        assert row.sparsity == fitted.optimal(row.params, 1e20).sparsity


def test_optimal_with_sparse_cost_and_a_hardware_profile(fitted, cli_law):
    from conftest import ROOT

    sparse = fitted.optimal(1e8, 1e21, cost="sparse")
    assert sparse.sparsity == cli("optimal", "--law", cli_law, "--params", "1e8", "--compute", "1e21", "--cost", "sparse")["sparsity"]
    profile = ROOT / "data" / "hardware" / "example-a100.json"
    on_hardware = fitted.optimal(1e8, 1e21, hardware=profile)
    assert on_hardware.sparsity == cli("optimal", "--law", cli_law, "--params", "1e8", "--compute", "1e21", "--hardware", profile)["sparsity"]
    assert on_hardware.cost == "hardware"


def test_plan_is_the_clis(fitted, cli_law, tmp_path):
    plan = fitted.plan(1e20, memory="100MB", frontier=True)
    direct = cli("plan", "--law", cli_law, "--compute", "1e20", "--memory", "100MB", "--frontier", tmp_path / "f.csv")
    assert plan.question == "budget"
    for field, key in [("params", "params"), ("sparsity", "sparsity"), ("tokens", "tokens"), ("loss", "loss"), ("memory", "memory")]:
        assert getattr(plan.best, field) == direct[key], field
        assert getattr(plan.dense, field) == direct["dense"][key], field
    assert plan.gain == direct["gain"] and plan.sparsity_pays == direct["sparsityPays"]
    assert plan.verdict == direct["verdict"] and plan.verdict_basis == "pointEstimate"
    assert plan.best.memory <= 100e6
    frontier = read_csv(tmp_path / "f.csv")
    np.testing.assert_array_equal(plan.frontier["loss"].to_numpy(), frontier["loss"].to_numpy())
    assert "<svg" in plan.figure._repr_svg_()
    table = plan.to_frame()
    assert table.loc["loss", "best"] == plan.best.loss


def test_plan_to_an_unreachable_target_says_why(fitted):
    plan = fitted.plan(target_loss=0.1)
    assert plan.best.params is None
    assert plan.best.impossible.code == "plan.below-irreducible-loss"


def test_contours_are_the_clis_and_agree_with_optimal(fitted, cli_law, tmp_path):
    import subprocess
    from conftest import binary

    contours = fitted.contours(levels=[0.25, 0.5], params=(1e6, 1e9), grid=(3, 3))
    subprocess.run([binary(), "contours", "--law", str(cli_law), "--levels", "0.25,0.5", "--params", "1e6:1e9",
                    "--csv", str(tmp_path / "c.csv")], check=True, capture_output=True)
    direct = read_csv(tmp_path / "c.csv")
    np.testing.assert_array_equal(contours.lines["compute"].to_numpy(), direct["compute"].to_numpy())
    assert set(contours.lines["level"].dropna()) == {0.25, 0.5}
    # On a contour of level s, s is the optimal sparsity.
    row = contours.lines[(contours.lines["level"] == 0.5)].iloc[10]
    assert fitted.optimal(row["params"], row["compute"]).sparsity == pytest.approx(0.5, abs=1e-6)
    assert len(contours.grid) == 9
    point = contours.grid.iloc[4]
    assert fitted.optimal(point["params"], point["compute"]).sparsity == pytest.approx(point["sparsity"], abs=1e-9)
    assert "<svg" in contours.figure._repr_svg_() and contours._repr_svg_() == contours.figure.svg


def test_built_in_laws_are_the_clis(tmp_path):
    listed = cli("laws")["laws"]
    table = sparselaw.laws()
    assert list(table.index) == [entry["name"] for entry in listed]
    t5 = sparselaw.law("t5-c4")
    assert t5.coefficients == next(entry for entry in listed if entry["name"] == "t5-c4")["coefficients"]
    assert t5.coefficients["bS"] == 0.722  # Frantar et al. 2023, Table 1
    optimum = t5.optimal(1e9, 1e22)
    assert optimum.sparsity == cli("optimal", "--law", "t5-c4", "--params", "1e9", "--compute", "1e22")["sparsity"]
    assert optimum.law == "t5-c4"
    queries = pd.DataFrame({"params": [1e9], "sparsity": [0.5], "tokens": [1e11]})
    np.testing.assert_allclose(t5.predict(queries)["loss"], law_formula(t5.coefficients, 1e9, 0.5, 1e11), rtol=1e-13)
    # Saved, a built-in law answers as it does by name.
    saved = sparselaw.Law.load(t5.save(tmp_path / "t5.json"))
    assert saved.predict(queries)["loss"].tolist() == t5.predict(queries)["loss"].tolist()
    chinchilla = sparselaw.law("chinchilla")
    assert chinchilla.form == "dense"


def test_a_contours_refusal_has_its_code_and_a_measured_profile_gives_lines_without_a_figure(fitted):
    with pytest.raises(sparselaw.SparseLawError) as raised:
        fitted.contours(levels=[0.995])
    assert raised.value.code is not None and raised.value.exit_status in (64, 65)
    profile = str(Path(__file__).resolve().parents[2] / "data" / "hardware" / "example-a100.json")
    measured = fitted.contours(levels=[0.5], hardware=profile)
    assert measured.figure is None and measured._repr_svg_() is None
    assert set(measured.lines["level"].dropna()) == {0.5}


def test_plan_verdict_over_replicates_is_the_clis(example_runs, tmp_path):
    law = sparselaw.fit(example_runs, bootstrap=20, seed=3)
    path = law.save(tmp_path / "law.json")
    plan = law.plan(1e21, hardware="ideal", min_gain=0.001)
    direct = cli("plan", "--law", path, "--compute", "1e21", "--hardware", "ideal", "--min-gain", "0.001")
    assert plan.verdict == direct["verdict"] and plan.verdict_basis == "replicates"
    assert plan.gain_interval == tuple(direct["gainInterval"]) and plan.sparse_win_share == direct["sparseWinShare"]
    assert plan.min_gain == 0.001
