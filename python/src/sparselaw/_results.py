"""The answers of ``optimal`` and ``plan`` as dataclasses, read from their JSON outputs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import Any, Dict, List, Mapping, Optional, Tuple

import pandas as pd

from ._figures import Figure

Interval = Tuple[float, float]


def snake(key: str) -> str:
    """``denseLoss`` -> ``dense_loss``: the JSON's keys as Python names."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", key).lower()


def interval(value: Any) -> Optional[Interval]:
    return (float(value[0]), float(value[1])) if isinstance(value, list) and len(value) == 2 else None


@dataclass(frozen=True)
class Diagnostic:
    """A warning or note of the tool: a stable ``code`` to filter on, the ``message`` the
    terminal shows, and the quantities it is about (``values``, by their JSON names;
    docs/json.md, Warnings and notes)."""

    code: str
    message: str
    values: Dict[str, Any] = field(default_factory=dict)

    @classmethod
    def read(cls, record: Mapping[str, Any]) -> "Diagnostic":
        values = {key: value for key, value in record.items() if key not in ("code", "message")}
        return cls(str(record.get("code", "")), str(record.get("message", "")), values)

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


def diagnostics(records: Any) -> List[Diagnostic]:
    return [Diagnostic.read(record) for record in records or []]


@dataclass(frozen=True)
class Optimum:
    """The loss-minimizing sparsity at N non-zero parameters and C FLOPs (``sparselaw.optimal/1``).

    Attributes
    ----------
    params, compute : float
        The question: N and C.
    sparsity : float
        The optimal sparsity S*.
    boundary : str
        ``"interior"``, ``"dense"`` (S = 0 is best) or ``"cap"`` (the cap is best: a bound).
    max_sparsity : float
        The cap.
    tokens, loss : float
        D and the loss at the optimum.
    dense_tokens, dense_loss : float
        D and the loss of the dense model at the same N and C.
    gain : float
        ``dense_loss - loss``.
    equivalent_dense_params : float or None
        The dense model size with the optimum's loss at the same D.
    cost : str
        ``"dense"``, ``"sparse"`` or ``"hardware"``.
    sparsity_interval, tokens_interval, loss_interval : (float, float) or None
        95% percentile intervals over the law's bootstrap replicates, when it has them.
    verdict : str or None
        Whether sparsity pays, with the law's uncertainty: ``"sparse"``, ``"dense"`` or
        ``"unclear"`` (sparse when it wins in at least 95% of the replicates by ``min_gain``).
    verdict_basis : str or None
        ``"replicates"``, or ``"pointEstimate"`` for a law without replicates.
    gain_interval : (float, float) or None
        The 95% interval of the replicates' paired gains.
    sparse_win_share : float or None
        The share of replicates in which sparsity wins.
    min_gain : float or None
        The smallest gain that counts (``min_gain=``).
    warnings : list of Diagnostic
        The cap, extrapolation and the verdict's basis (codes ``optimum.*`` and ``law.*``).
    """

    law: str
    cost: str
    params: float
    compute: float
    sparsity: float
    boundary: str
    max_sparsity: float
    tokens: float
    loss: float
    dense_tokens: float
    dense_loss: float
    gain: float
    equivalent_dense_params: Optional[float] = None
    data_unit: str = "tokens"
    tokens_per_unit: Optional[float] = None
    hardware: Optional[str] = None
    kappa: Optional[float] = None
    sparsity_interval: Optional[Interval] = None
    tokens_interval: Optional[Interval] = None
    loss_interval: Optional[Interval] = None
    replicates_at_cap: Optional[int] = None
    verdict: Optional[str] = None
    verdict_basis: Optional[str] = None
    gain_interval: Optional[Interval] = None
    sparse_win_share: Optional[float] = None
    min_gain: Optional[float] = None
    warnings: List[Diagnostic] = field(default_factory=list)

    @classmethod
    def read(cls, record: Mapping[str, Any], law: str) -> "Optimum":
        known = {f.name for f in fields(cls)}
        values: Dict[str, Any] = {}
        for key, value in record.items():
            name = snake(key)
            if name not in known or name in ("law", "warnings"):
                continue
            values[name] = interval(value) if name.endswith("_interval") else value
        return cls(law=law, warnings=diagnostics(record.get("warnings")), **values)

    def row(self) -> Dict[str, Any]:
        """The answer as one row of a DataFrame: the warnings as their codes, ``;``-separated."""
        row = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "warnings"}
        row["warnings"] = ";".join(w.code for w in self.warnings)
        return row


@dataclass(frozen=True)
class PlanPoint:
    """One run of a plan: the best one or the best dense one (``sparselaw.plan/1``).

    The quantities are ``None`` when no run within the limits exists; ``impossible`` says why.
    Costs are dense FLOPs; ``memory`` is bytes of the weights.
    """

    params: Optional[float]
    sparsity: Optional[float]
    total_params: Optional[float]
    tokens: Optional[float]
    loss: Optional[float]
    memory: Optional[float]
    storage: Optional[str]
    training_cost: Optional[float]
    inference_cost: Optional[float]
    cost: Optional[float]
    memory_binds: Optional[bool] = None
    at_sparsity_cap: Optional[bool] = None
    pattern: Optional[str] = None
    seconds: Optional[float] = None
    money: Optional[float] = None
    impossible: Optional[Diagnostic] = None

    @classmethod
    def read(cls, record: Mapping[str, Any]) -> "PlanPoint":
        known = {f.name for f in fields(cls)}
        values = {snake(key): value for key, value in record.items() if snake(key) in known and key != "impossible"}
        for name in known:
            values.setdefault(name, None)
        impossible = record.get("impossible")
        values["impossible"] = Diagnostic.read(impossible) if isinstance(impossible, Mapping) else None
        return cls(**values)


@dataclass(frozen=True)
class Plan:
    """The run to train on a hardware profile, beside the best dense run (``sparselaw.plan/1``).

    Attributes
    ----------
    question : str
        ``"budget"`` (the lowest loss for ``compute``) or ``"target"`` (the cheapest run to
        ``target_loss``).
    best, dense : PlanPoint
        The plan, and the best dense run under the same limits.
    gain : float or None
        For a budget: the dense loss minus the plan's.
    saving : float or None
        For a target: the dense cost minus the plan's.
    sparsity_pays : bool
        The plan is sparse and beats dense: the point estimate's comparison.
    verdict, verdict_basis : str or None
        Whether sparsity pays over the law's replicates (``"sparse"``, ``"dense"``,
        ``"unclear"``), and ``"replicates"`` or ``"pointEstimate"``.
    gain_interval : (float, float) or None
        The 95% interval of the replicates' gains over their own dense plans: loss for a budget,
        the share of the dense cost saved for a target.
    sparse_win_share, min_gain : float or None
        The share of replicates sparsity wins, and the smallest gain that counts.
    intervals : dict
        95% intervals over the law's replicates (``params``, ``sparsity``, ``tokens``, ...),
        empty without replicates.
    frontier : pandas.DataFrame or None
        With ``frontier=True``: the plan across a range of budgets or target losses.
    figure : Figure or None
        With ``frontier=True``: where sparsity starts to pay, drawn.
    """

    law: str
    hardware: str
    question: str
    best: PlanPoint
    dense: PlanPoint
    sparsity_pays: bool
    data_unit: str = "tokens"
    compute: Optional[float] = None
    target_loss: Optional[float] = None
    inference_tokens: Optional[float] = None
    memory_limit: Optional[float] = None
    tokens_per_unit: Optional[float] = None
    gain: Optional[float] = None
    saving: Optional[float] = None
    verdict: Optional[str] = None
    verdict_basis: Optional[str] = None
    gain_interval: Optional[Interval] = None
    sparse_win_share: Optional[float] = None
    min_gain: Optional[float] = None
    intervals: Dict[str, Any] = field(default_factory=dict)
    critical_sizes: Dict[str, Any] = field(default_factory=dict)
    switches: List[float] = field(default_factory=list)
    warnings: List[Diagnostic] = field(default_factory=list)
    frontier: Optional[pd.DataFrame] = None
    figure: Optional[Figure] = None

    @classmethod
    def read(cls, record: Mapping[str, Any], law: str, frontier: Optional[pd.DataFrame] = None, figure: Optional[Figure] = None) -> "Plan":
        intervals = {snake(key): (interval(value) or value) for key, value in (record.get("intervals") or {}).items()}
        critical = {snake(key): value for key, value in (record.get("criticalSizes") or {}).items()}
        return cls(
            law=law,
            hardware=record["hardware"],
            question=record["question"],
            best=PlanPoint.read(record),
            dense=PlanPoint.read(record["dense"]),
            sparsity_pays=bool(record.get("sparsityPays")),
            data_unit=record.get("dataUnit", "tokens"),
            compute=record.get("compute"),
            target_loss=record.get("targetLoss"),
            inference_tokens=record.get("inferenceTokens"),
            memory_limit=record.get("memoryLimit"),
            tokens_per_unit=record.get("tokensPerUnit"),
            gain=record.get("gain"),
            saving=record.get("saving"),
            verdict=record.get("verdict"),
            verdict_basis=record.get("verdictBasis"),
            gain_interval=interval(record.get("gainInterval")),
            sparse_win_share=record.get("sparseWinShare"),
            min_gain=record.get("minGain"),
            intervals=intervals,
            critical_sizes=critical,
            switches=list((record.get("frontier") or {}).get("switches", [])),
            warnings=diagnostics(record.get("warnings")),
            frontier=frontier,
            figure=figure,
        )

    def to_frame(self) -> pd.DataFrame:
        """The plan and the best dense run side by side, one row per quantity."""
        names = [f.name for f in fields(PlanPoint) if f.name != "impossible"]
        return pd.DataFrame(
            {"best": [getattr(self.best, n) for n in names], "dense": [getattr(self.dense, n) for n in names]}, index=names
        )


@dataclass(frozen=True)
class Contours:
    """Where each sparsity becomes optimal over N x C (``sparselaw contours``).

    Attributes
    ----------
    lines : pandas.DataFrame
        The contour lines and the dense compute-optimal line: columns ``line`` (``contour`` or
        ``dense-optimal``), ``level`` (NaN for the dense line), ``params``, ``compute``, and
        ``compute_low``, ``compute_high`` for a law with replicates.
    figure : Figure or None
        The figure; None on a measured hardware profile, where the tool draws none.
    grid : pandas.DataFrame or None
        With ``grid=(n, m)``: the optimal sparsity and its loss at each grid point (``params``,
        ``compute``, ``sparsity``, ``loss``).
    """

    lines: pd.DataFrame
    figure: Optional[Figure]
    grid: Optional[pd.DataFrame] = None

    def _repr_svg_(self) -> Optional[str]:
        return self.figure.svg if self.figure is not None else None
