"""Sparse scaling laws in notebooks.

``sparselaw`` fits the sparse scaling law of Frantar et al. (2023),

    L(S, N, D) = (aS (1-S)^bS + cS) N^-bN + (aD/D)^bD + c,

to training runs given as pandas DataFrames, and answers the questions it exists for: the
loss at a point (`Law.predict`), the loss-minimizing sparsity for a model size and a budget
(`Law.optimal`), the run to train on your hardware (`Law.plan`), and where each sparsity is
optimal (`Law.contours`). Every number comes from the ``sparselaw`` command line's JSON output,
the one source of truth: the package runs the executable found in ``$SPARSELAW`` or on ``PATH``.

The command line's ``design`` question is not available here: the command does not exist yet.

Examples
--------
>>> import pandas as pd, sparselaw                           # doctest: +SKIP
>>> law = sparselaw.fit(pd.read_csv("data/example-runs.csv"))  # doctest: +SKIP
>>> law.optimal(params=5e7, compute=1e20).sparsity           # doctest: +SKIP
0.6366429324849379
"""

from ._cli import SparseLawError, executable
from ._figures import Figure
from ._law import Law, fit, law, laws
from ._results import Contours, Diagnostic, Optimum, Plan, PlanPoint

__all__ = [
    "Contours",
    "Diagnostic",
    "Figure",
    "Law",
    "Optimum",
    "Plan",
    "PlanPoint",
    "SparseLawError",
    "executable",
    "fit",
    "law",
    "laws",
]

__version__ = "0.1.0"
