"""The executable under test, and the command line run directly, to compare the package with."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_RUNS = ROOT / "data" / "example-runs.csv"


def binary() -> str:
    named = os.environ.get("SPARSELAW") or shutil.which("sparselaw")
    if not named or not shutil.which(named):
        pytest.exit("these tests need the sparselaw executable: set SPARSELAW (make python-test does) or put it on PATH", returncode=2)
    return shutil.which(named)  # type: ignore[return-value]


def cli(*arguments: Any) -> Any:
    """The command line's own JSON answer, run directly."""
    done = subprocess.run([binary(), *map(str, arguments), "--json"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def law_formula(c: dict, params: Any, sparsity: Any, tokens: Any) -> np.ndarray:
    """The sparse law, evaluated here in numpy."""
    n, s, d = (np.asarray(v, dtype=float) for v in (params, sparsity, tokens))
    return (c["aS"] * (1 - s) ** c["bS"] + c["cS"]) * n ** -c["bN"] + (c["aD"] / d) ** c["bD"] + c["c"]


def read_csv(path: Any) -> pd.DataFrame:
    """A CSV file of the tool's, each number read back as the double it printed."""
    if int(pd.__version__.split(".")[0]) >= 3:
        return pd.read_csv(path)
    return pd.read_csv(path, float_precision="round_trip")


@pytest.fixture(scope="session")
def example_runs() -> pd.DataFrame:
    return pd.read_csv(EXAMPLE_RUNS)


@pytest.fixture(scope="session")
def fitted(example_runs: pd.DataFrame):
    import sparselaw

    return sparselaw.fit(example_runs)


@pytest.fixture(scope="session")
def cli_fit() -> dict:
    return cli("fit", EXAMPLE_RUNS)


@pytest.fixture(scope="session")
def cli_law(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The law file the command line writes for the example runs."""
    path = tmp_path_factory.mktemp("cli") / "law.json"
    cli("fit", EXAMPLE_RUNS, "--output", path)
    return path


@pytest.fixture(autouse=True)
def _executable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPARSELAW", binary())
