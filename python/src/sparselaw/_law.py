"""Fitting a law and asking it questions, through the command line's JSON outputs."""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import fields
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from ._cli import SparseLawError, number, option_arguments, run, text
from ._figures import Figure
from ._results import Contours, Diagnostic, Interval, Optimum, Plan, diagnostics, interval, snake

PathLike = Union[str, "os.PathLike[str]"]
Runs = Union[pd.DataFrame, PathLike, Sequence[PathLike]]

#: The label a DataFrame's rows get in refusals, in place of the temporary file they went through.
FRAME_NAME = "DataFrame"


#: What the CSV reader of the tool counts as a line break: CR LF, a lone CR or a lone LF.
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _breaks(text: str) -> int:
    return len(LINE_BREAK.findall(text))


def _plain(label: Any) -> Any:
    """An index label as a Python value (``4``, not ``np.int64(4)``), for messages and ``row``."""
    return label.item() if isinstance(label, np.generic) else label


class _Frame:
    """A DataFrame written as CSV for the tool, and the way back from the tool's line numbers
    to the DataFrame's index.

    Row i starts at line 2 + i (line 1 is the header) plus the line breaks inside the text
    cells before it: a cell ``"two\nlines"`` makes its row span two lines, and the tool names
    a record by the line it starts on.
    """

    def __init__(self, frame: pd.DataFrame, directory: str, name: str, label: str = FRAME_NAME) -> None:
        self.frame = frame
        self.label_text = label
        self.path = os.path.join(directory, name)
        csv = frame.to_csv(index=False, lineterminator="\n")
        with open(self.path, "w", encoding="utf-8", newline="") as file:
            file.write(csv)
        header = 1 + sum(_breaks(str(column)) for column in frame.columns)
        inside = np.zeros(len(frame), dtype=np.int64)
        for position in range(frame.shape[1]):
            column = frame.iloc[:, position]
            if not (pd.api.types.is_numeric_dtype(column.dtype) or pd.api.types.is_bool_dtype(column.dtype)):
                inside += column.map(lambda value: _breaks(str(value))).to_numpy(dtype=np.int64)
        #: The line each row starts on, and the lines it spans.
        self.starts = header + 1 + np.arange(len(frame)) + np.concatenate(([0], np.cumsum(inside)[:-1])) if len(frame) else inside
        self.spans = inside + 1
        # Cells written otherwise than str() (a float's repr has no break, nor has any number):
        # should the count still disagree with the file, lines are not mapped to rows at all.
        self.mapped = _breaks(csv) == header + len(frame) + int(inside.sum())

    def position(self, line: Any) -> Optional[int]:
        if not self.mapped or isinstance(line, bool) or not isinstance(line, (int, np.integer)) or not len(self.frame):
            return None
        position = int(np.searchsorted(self.starts, line, side="right")) - 1
        if position < 0 or line >= self.starts[position] + self.spans[position]:
            return None
        return position

    def label(self, line: Any) -> Any:
        position = self.position(line)
        return None if position is None else _plain(self.frame.index[position])

    def labels(self, lines: pd.Series) -> Optional[pd.Index]:
        if lines.isna().any():
            return None
        positions = [self.position(int(line)) for line in lines]
        if any(position is None for position in positions):
            return None
        return self.frame.index[positions]

    def rewrite(self, error: SparseLawError) -> None:
        """Names the DataFrame, and the row, in a refusal of the file it was written to."""
        if error.file != self.path:
            return
        _rename(error, {self.path: self.label_text})
        error.row = self.label(error.line)
        if error.row is not None:
            error.message += f" ({self.label_text} row {error.row!r})"
            error.args = (error.message,)


def _rename(error: SparseLawError, names: Mapping[str, str]) -> None:
    """Replaces the temporary files the package handed the tool by what they stand for, in
    the message and ``file`` of a refusal: they mean nothing to the caller, and are gone."""
    for path, name in names.items():
        if error.file == path:
            error.file = name
        error.message = error.message.replace(path, name)
    error.args = (error.message,)


#: Columns first in the tables of runs, in this order; the others follow as the tool has them.
LEADING_COLUMNS = ("name", "params", "sparsity", "tokens", "pattern", "loss", "predicted", "residual", "relative_error", "held_out")


def _records(rows: List[Mapping[str, Any]], frame: Optional[_Frame]) -> pd.DataFrame:
    """Rows of the tool's JSON as a DataFrame with snake-case columns; for a DataFrame given as
    input, indexed by its index (the temporary file's name and lines left out)."""
    table = pd.DataFrame(rows)
    table.columns = [snake(column) for column in table.columns]
    leading = [column for column in LEADING_COLUMNS if column in table]
    table = table[leading + [column for column in table.columns if column not in leading]]
    if frame is not None:
        # The temporary file means nothing to the caller; its lines are the DataFrame's rows
        # unless a text cell spans several lines (then `line` stays, and the index is new).
        index = frame.labels(table["line"]) if "line" in table else None
        if index is not None:
            table.index = index
        table = table.drop(columns=[c for c in ("file", "line" if index is not None else "") if c in table])
    return table


def _warning_codes(records: Any) -> str:
    return ";".join(str(record.get("code", "")) for record in records or [])


class Law:
    """A fitted or published sparse scaling law,

        L(S, N, D) = (aS (1-S)^bS + cS) N^-bN + (aD/D)^bD + c

    (or, for ``form == "dense"``, Chinchilla's E + A/N^alpha + B/D^beta), made by `fit`,
    `law` or `Law.load`, and the questions it answers: `predict`, `optimal`, `plan` and
    `contours`. Every number is the ``sparselaw`` executable's.

    Attributes
    ----------
    name : str
        The built-in law's name, the file it was loaded from, or ``"fitted"``.
    form : str
        ``"sparse"`` or ``"dense"``.
    coefficients : dict of str to float
        Coefficient name to value, in the data's units.
    standard_errors : dict of str to float
        Asymptotic standard errors of the free coefficients the data determine (empty for a
        published law).
    intervals : dict of str to (float, float)
        95% bootstrap percentile intervals (``fit(..., bootstrap=K)``), else empty.
    fixed : dict of str to float
        Coefficients held with ``fix=``.
    correlation : pandas.DataFrame or None
        Correlations between the free coefficients.
    warnings : list of Diagnostic
        What to doubt about the fit (codes ``fit.*`` and ``runs.*``).
    runs : pandas.DataFrame or None
        For a law made by `fit`: every run with the law's ``predicted`` loss, its ``residual``
        (loss - predicted), ``relative_error`` and ``held_out``; indexed like the DataFrame
        fitted, when one was.
    holdout : pandas.DataFrame or None
        With ``holdout=``: the held-out runs and how the law predicts them.
    replicates : int
        The bootstrap replicates the law carries (its intervals in `predict`, `optimal`, `plan`).
    figure : Figure or None
        For a law made by `fit`: measured against predicted loss, and the loss curves.
    document : dict
        The law as the tool wrote it (``sparselaw.fit/1``, docs/json.md), for anything else.
    """

    def __init__(self, document: Mapping[str, Any], *, name: str, text: Optional[str] = None,
                 runs: Optional[pd.DataFrame] = None, figure: Optional[Figure] = None) -> None:
        self.document: Dict[str, Any] = dict(document)
        self.name = name
        # The law file's exact text, handed back to the tool as it wrote it; None for a
        # built-in law, which the tool knows by name.
        self._text = text
        self.runs = runs
        self.figure = figure

    # Properties read from the document -------------------------------------------------------

    @property
    def form(self) -> str:
        return str(self.document.get("form", "sparse"))

    @property
    def coefficients(self) -> Dict[str, float]:
        return dict(self.document.get("coefficients", {}))

    @property
    def standard_errors(self) -> Dict[str, float]:
        return dict(self.document.get("standardErrors", {}))

    @property
    def intervals(self) -> Dict[str, Interval]:
        return {name: interval(value) for name, value in (self.document.get("intervals") or {}).items()}  # type: ignore[misc]

    @property
    def fixed(self) -> Dict[str, float]:
        return dict(self.document.get("fixed", {}))

    @property
    def correlation(self) -> Optional[pd.DataFrame]:
        correlation = self.document.get("correlation")
        if not correlation:
            return None
        return pd.DataFrame(correlation["matrix"], index=correlation["names"], columns=correlation["names"])

    @property
    def warnings(self) -> List[Diagnostic]:
        return diagnostics(self.document.get("warnings"))

    @property
    def holdout(self) -> Optional[pd.DataFrame]:
        holdout = self.document.get("holdout")
        if not holdout:
            return None
        table = _records(holdout["points"], None)
        # The held-out runs of `runs`, in its order: then indexed alike (a DataFrame's labels).
        if self.runs is not None and "held_out" in self.runs:
            held = self.runs[self.runs["held_out"].astype(bool)]
            same = ["params", "sparsity", "tokens", "loss"]
            if len(held) == len(table) and all(c in held and c in table for c in same) and \
                    (held[same].to_numpy() == table[same].to_numpy()).all():
                table.index = held.index
        return table

    @property
    def replicates(self) -> int:
        return len((self.document.get("bootstrap") or {}).get("replicates", []))

    @property
    def units(self) -> Dict[str, str]:
        return dict(self.document.get("units", {}))

    def summary(self) -> pd.DataFrame:
        """The coefficients, one row each: ``value``, ``standard_error``, ``low`` and ``high``
        (the bootstrap interval) and ``fixed``; NaN where the law has none."""
        intervals = self.intervals
        rows = {
            name: {
                "value": value,
                "standard_error": self.standard_errors.get(name, np.nan),
                "low": intervals[name][0] if name in intervals else np.nan,
                "high": intervals[name][1] if name in intervals else np.nan,
                "fixed": name in self.fixed,
            }
            for name, value in self.coefficients.items()
        }
        return pd.DataFrame.from_dict(rows, orient="index")

    def _repr_html_(self) -> str:
        """In Jupyter: the law's name and form, and `summary` as a table."""
        fitted = self.document.get("fit", {}).get("points")
        heading = f"<p><b>sparselaw.Law</b> {self.name}: {self.form}{f', fitted on {fitted} runs' if fitted else ''}</p>"
        return heading + self.summary().to_html()

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value:.4g}" for name, value in self.coefficients.items())
        fitted = self.document.get("fit", {}).get("points")
        return f"<sparselaw.Law {self.name} ({self.form}{f', fitted on {fitted} runs' if fitted else ''}): {shown}>"

    # Files -------------------------------------------------------------------------------------

    def save(self, path: PathLike) -> Path:
        """Writes the law file, as ``sparselaw fit --output`` does, for any ``--law`` option.

        A fitted or loaded law is written byte for byte as the tool wrote it. A built-in law
        is written as a law file of its form, coefficients and units (its name is not kept:
        the file answers as a law without recorded ranges).

        Parameters
        ----------
        path : str or path-like

        Returns
        -------
        pathlib.Path
        """
        target = Path(path)
        if self._text is not None:
            target.write_text(self._text, encoding="utf-8")
        else:
            document = {key: self.document[key] for key in ("schema", "form", "coefficients", "units") if key in self.document}
            target.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return target

    @classmethod
    def load(cls, path: PathLike) -> "Law":
        """Reads a law file written by `Law.save` or ``sparselaw fit --output``.

        The tool reads it once (a prediction at the fitted ranges' lower ends, or at N = 1e9,
        D = 1e10), so that a file it would refuse is refused here, with the tool's code.

        Raises
        ------
        SparseLawError
            The tool's refusal of the file (exit status 65), e.g. ``law.missing-coefficient``.
        """
        source = os.fspath(path)
        arguments = ["predict", "--law", source]
        try:
            with open(source, encoding="utf-8") as file:
                content = file.read()
            document = json.loads(content)
            ranges = document.get("ranges", {}) if isinstance(document, dict) else {}
            point = (ranges.get("params", {}).get("min", 1e9), ranges.get("tokens", {}).get("min", 1e10))
        except (OSError, ValueError, AttributeError):
            # The tool says what is wrong with the file, in its own words and code.
            content, document, point = None, None, (1e9, 1e10)
        run(arguments + ["--params", number(point[0]), "--tokens", number(point[1])])
        if not isinstance(document, dict) or content is None:  # pragma: no cover: the tool refused it above
            raise SparseLawError(f"{source}: not a law file", code="law.not-a-law-file", exit_status=65, file=source)
        return cls(document, name=source, text=content)

    def _law_argument(self, directory: str) -> str:
        """What ``--law`` is given: the built-in name, or the law file written to ``directory``."""
        if self._text is None:
            return self.name
        path = os.path.join(directory, "law.json")
        if not os.path.exists(path):
            with open(path, "w", encoding="utf-8") as file:
                file.write(self._text)
        return path

    def _ask(self, arguments: Sequence[str], directory: str, frame: Optional[_Frame] = None, parse: bool = True) -> Any:
        """Runs the tool on this law; a refusal names the law (and the DataFrame and its row),
        not the temporary files they were written to."""
        try:
            return run(arguments, parse=parse)
        except SparseLawError as error:
            if frame is not None:
                frame.rewrite(error)
            law_file = os.path.join(directory, "law.json")
            _rename(error, {law_file: "the fitted law" if self.name == "fitted" else self.name})
            raise

    # Questions ---------------------------------------------------------------------------------

    def predict(self, queries: Optional[pd.DataFrame] = None, *, params: Any = None, sparsity: Any = None,
                tokens: Any = None, pattern: Any = None, **options: Any) -> pd.DataFrame:
        """The law's loss at each row of ``queries`` (``sparselaw predict --queries``).

        Parameters
        ----------
        queries : pandas.DataFrame, optional
            Columns ``params`` (N), ``sparsity`` (S; not for a dense law) and ``tokens`` (D,
            in the law's unit), and optionally ``pattern`` and ``name``; any header the tool
            recognizes, or ``column=`` definitions. Other columns are ignored.
        params, sparsity, tokens, pattern : scalar or array-like, optional
            Instead of ``queries``: the points, broadcast against each other.
        **options
            Further options of ``sparselaw predict`` (``column=``, ``max_input_size=``).

        Returns
        -------
        pandas.DataFrame
            Indexed like ``queries``: ``params``, ``sparsity``, ``tokens`` (and ``name``,
            ``pattern`` when given), ``loss``, ``loss_low`` and ``loss_high`` (the 95%
            interval, when the law has bootstrap replicates), and ``warnings``: the codes of
            the ways a query extrapolates, ``;``-separated (``""`` when none).

        Raises
        ------
        SparseLawError
            The tool's refusal, naming the row (``row``) and field at fault.
        """
        if queries is None:
            queries = _points(params=params, sparsity=sparsity, tokens=tokens, pattern=pattern)
        if not isinstance(queries, pd.DataFrame):
            raise SparseLawError(
                f"queries must be a pandas DataFrame (or give params=, sparsity=, tokens=); got {type(queries).__name__}",
                code="python.wrong-type", field="queries",
            )
        with tempfile.TemporaryDirectory(prefix="sparselaw-") as directory:
            frame = _Frame(queries, directory, "queries.csv")
            answer = self._ask(["predict", "--law", self._law_argument(directory), "--queries", frame.path,
                                *option_arguments(options)], directory, frame)
        rows = []
        for prediction in answer["predictions"]:
            row = {key: prediction[key] for key in ("line", "name", "params", "sparsity", "tokens", "pattern", "loss") if key in prediction}
            if "lossInterval" in prediction:
                row["loss_low"], row["loss_high"] = prediction["lossInterval"]
            row["warnings"] = _warning_codes(prediction.get("warnings"))
            rows.append(row)
        table = _records(rows, frame)
        if "line" in table:
            table = table.drop(columns="line")
        return table

    def optimal(self, params: Any, compute: Any, cost: Optional[str] = "dense", hardware: Optional[PathLike] = None,
                **options: Any) -> Union[Optimum, pd.DataFrame]:
        """The loss-minimizing sparsity at N non-zero parameters and C FLOPs (``sparselaw optimal``).

        Parameters
        ----------
        params : float, str or array-like
            N, non-zero parameters (``5e7`` or ``"50M"``).
        compute : float, str or array-like
            C, training FLOPs.
        cost : {"dense", "sparse"}, optional
            What training costs: every weight computed (``C = 6ND/(1-S)``), or only the
            non-zeros with gradual pruning. Left to the profile when ``hardware`` is given.
        hardware : str or path-like, optional
            A hardware profile (a JSON file, or ``"dense"``, ``"ideal"``).
        **options
            Further options of ``sparselaw optimal``: ``max_sparsity=``, ``tokens_per_unit=``,
            ``data_unit_ok=True``, ``prune_start=``, ``prune_end=``, ``prune_power=``.

        Returns
        -------
        Optimum or pandas.DataFrame
            An `Optimum` for one N and C; for arrays (broadcast against each other), a
            DataFrame with one row per point and the `Optimum` fields as columns.
        """
        if np.ndim(params) == 0 and np.ndim(compute) == 0:
            return self._optimal(params, compute, cost, hardware, options)
        sizes, budgets = np.broadcast_arrays(np.asarray(params, dtype=object), np.asarray(compute, dtype=object))
        rows = [self._optimal(n, c, cost, hardware, options).row() for n, c in zip(sizes.ravel(), budgets.ravel())]
        # The columns of `Optimum.row`, also when no point was asked.
        return pd.DataFrame(rows, columns=[f.name for f in fields(Optimum) if f.name != "warnings"] + ["warnings"])

    def _optimal(self, params: Any, compute: Any, cost: Optional[str], hardware: Optional[PathLike],
                 options: Mapping[str, Any]) -> Optimum:
        with tempfile.TemporaryDirectory(prefix="sparselaw-") as directory:
            arguments = ["optimal", "--law", self._law_argument(directory), "--params", text(params), "--compute", text(compute)]
            if cost is not None and (hardware is None or cost != "dense"):
                arguments += ["--cost", cost]
            if hardware is not None:
                arguments += ["--hardware", os.fspath(hardware)]
            answer = self._ask(arguments + option_arguments(options), directory)
        return Optimum.read(answer, law=self.name)

    def plan(self, compute: Any = None, *, target_loss: Any = None, hardware: Optional[PathLike] = None,
             memory: Any = None, inference_tokens: Any = None, frontier: bool = False, **options: Any) -> Plan:
        """The run to train on your hardware (``sparselaw plan``): the lowest loss for a budget
        ``compute``, or the cheapest run to ``target_loss``, beside the best dense run.

        Parameters
        ----------
        compute : float or str, optional
            The budget in dense FLOPs.
        target_loss : float, optional
            Instead of a budget: the loss to reach.
        hardware : str or path-like, optional
            A hardware profile (docs/planning.md), or ``"dense"`` / ``"ideal"``.
        memory : str or float, optional
            The limit on the weights' memory: bytes, or ``"8GB"``.
        inference_tokens : float, optional
            With ``target_loss``: tokens the model will serve, whose cost counts.
        frontier : bool
            Also compute where sparsity pays across a range of budgets (or targets): the
            `Plan`'s ``frontier`` table and ``figure``.
        **options
            Further options of ``sparselaw plan``: ``cost=``, ``max_sparsity=``,
            ``frontier_range=``, ``frontier_points=``, ``threads=``, ...

        Returns
        -------
        Plan
        """
        with tempfile.TemporaryDirectory(prefix="sparselaw-") as directory:
            arguments = ["plan", "--law", self._law_argument(directory)]
            for flag, value in (("--compute", compute), ("--target-loss", target_loss), ("--memory", memory),
                                ("--inference-tokens", inference_tokens)):
                if value is not None:
                    arguments += [flag, text(value)]
            if hardware is not None:
                arguments += ["--hardware", os.fspath(hardware)]
            csv, svg = os.path.join(directory, "frontier.csv"), os.path.join(directory, "frontier.svg")
            if frontier:
                arguments += ["--frontier", csv, "--svg", svg]
            answer = self._ask(arguments + option_arguments(options), directory)
            table = figure = None
            if frontier:
                table = _read_csv(csv)
                table.columns = [snake(c) for c in table.columns]
                figure = Figure(Path(svg).read_text(encoding="utf-8"), "plan")
        return Plan.read(answer, law=self.name, frontier=table, figure=figure)

    def contours(self, *, levels: Optional[Sequence[float]] = None, params: Optional[Tuple[Any, Any]] = None,
                 compute: Optional[Tuple[Any, Any]] = None, grid: Optional[Tuple[int, int]] = None, **options: Any) -> Contours:
        """Where each sparsity becomes optimal over N x C (``sparselaw contours``).

        Parameters
        ----------
        levels : sequence of float, optional
            The sparsity levels (default: the tool's).
        params, compute : (low, high), optional
            The ranges of N and C.
        grid : (int, int), optional
            Also the optimal sparsity at an n x m grid of (N, C).
        **options
            Further options: ``cost=``, ``max_sparsity=``, ``points=``, ``tokens_per_unit=``, ...

        Returns
        -------
        Contours
            The lines as a DataFrame, the figure, and the grid when asked.
        """
        # The figure needs a closed-form cost: a measured profile gives the lines and the grid only.
        drawn = options.get("hardware") in (None, "dense", "ideal")
        with tempfile.TemporaryDirectory(prefix="sparselaw-") as directory:
            csv, svg, grid_csv = (os.path.join(directory, name) for name in ("contours.csv", "contours.svg", "grid.csv"))
            arguments = ["contours", "--law", self._law_argument(directory), "--csv", csv] + (["--svg", svg] if drawn else [])
            if levels is not None:
                arguments += ["--levels", ",".join(text(level) for level in levels)]
            for flag, span in (("--params", params), ("--compute", compute)):
                if span is not None:
                    arguments += [flag, f"{text(span[0])}:{text(span[1])}"]
            if grid is not None:
                arguments += ["--grid", f"{int(grid[0])}x{int(grid[1])}", "--grid-csv", grid_csv]
            self._ask(arguments + option_arguments(options), directory)
            lines = _read_csv(csv)
            lines.columns = [snake(c) for c in lines.columns]
            table = _read_csv(grid_csv) if grid is not None else None
            figure = Figure(Path(svg).read_text(encoding="utf-8"), "contours") if drawn else None
        return Contours(lines=lines, figure=figure, grid=table)


def _read_csv(path: str) -> pd.DataFrame:
    """A CSV file the tool wrote, every number read back as the double it printed (pandas 3
    reads so by default; earlier versions need the round-trip parser)."""
    if int(pd.__version__.split(".")[0]) >= 3:
        return pd.read_csv(path)
    return pd.read_csv(path, float_precision="round_trip")


def _points(**columns: Any) -> pd.DataFrame:
    """Query points from scalars and arrays, broadcast against each other."""
    given = {name: value for name, value in columns.items() if value is not None}
    if "params" not in given or "tokens" not in given:
        raise TypeError("give queries (a DataFrame), or params= and tokens= (and sparsity=)")
    arrays = np.broadcast_arrays(*[np.asarray(value, dtype=object) for value in given.values()])
    return pd.DataFrame({name: array.ravel() for name, array in zip(given, arrays)})


def fit(runs: Runs, form: str = "sparse", bootstrap: int = 0, seed: int = 0, holdout: Union[str, int, None] = None,
        **options: Any) -> Law:
    """Fits the sparse law (or Chinchilla's dense law) to training runs (``sparselaw fit``).

    Parameters
    ----------
    runs : pandas.DataFrame, path or list of paths
        A DataFrame with ``params``, ``sparsity``, ``tokens`` and ``loss`` columns (or any
        headers the tool recognizes, docs/formats.md), or run logs: files or folders of runs
        in any format the tool reads.
    form : {"sparse", "dense"}
        The law: seven coefficients, or Chinchilla's five.
    bootstrap : int
        Refit on this many resamples for 95% intervals (0: none).
    seed : int
        Seed of the search (and of the bootstrap).
    holdout : {"largest", "tokens"} or int, optional
        Hold out the largest size, the most data, or the K largest sizes, and report how the
        law fitted on the rest predicts them (`Law.holdout`).
    **options
        Further options of ``sparselaw fit``, by their names: ``column=["tokens=steps*65536"]``
        (or a dict ``{"tokens": "steps*65536"}``), ``where='state == "finished"'``,
        ``fix={"bS": 0.722}``, ``loss="huber"``, ``delta=1e-3``, ``starts=``, ``reduce="min"``,
        ``loss_column=``, ``meta=`` (a table of runs joined by run name: a path, or a DataFrame),
        ``data_unit=``, ``drop_highest_loss=``, ``threads=``.

    Returns
    -------
    Law
        The fitted law, with its runs and their residuals and its figure.

    Raises
    ------
    SparseLawError
        The tool's refusal: exit status 65 for runs it cannot use (``data.missing-field`` for a
        DataFrame without a loss column, naming the field; ``row`` names a DataFrame's row at
        fault), 64 for options it refuses.

    Examples
    --------
    >>> runs = pd.read_csv("data/example-runs.csv")       # doctest: +SKIP
    >>> law = sparselaw.fit(runs)                          # doctest: +SKIP
    >>> law.coefficients["bN"]                             # doctest: +SKIP
    0.24919942630127467
    """
    if not isinstance(runs, (pd.DataFrame, str, os.PathLike)) and not (
        isinstance(runs, (list, tuple)) and runs and all(isinstance(path, (str, os.PathLike)) for path in runs)
    ):
        raise SparseLawError(
            f"runs must be a pandas DataFrame, a path, or a list of paths; got {type(runs).__name__}"
            + (" (make a DataFrame of the records: pandas.DataFrame(runs))" if isinstance(runs, (list, tuple)) and runs and isinstance(runs[0], Mapping) else ""),
            code="python.wrong-type", field="runs",
        )
    with tempfile.TemporaryDirectory(prefix="sparselaw-") as directory:
        frame: Optional[_Frame] = None
        meta: Optional[_Frame] = None
        if isinstance(runs, pd.DataFrame):
            frame = _Frame(runs, directory, "runs.csv")
            paths = [frame.path]
        elif isinstance(runs, (str, os.PathLike)):
            paths = [os.fspath(runs)]
        else:
            paths = [os.fspath(path) for path in runs]
        if isinstance(options.get("meta"), pd.DataFrame):
            # A table of runs made in the notebook goes through a file, like the runs.
            meta = _Frame(options["meta"], directory, "meta.csv", label="meta DataFrame")
            options = {**options, "meta": meta.path}
        law_path, svg = os.path.join(directory, "law.json"), os.path.join(directory, "fit.svg")
        arguments = ["fit", *paths, "--form", form, "--seed", number(seed), "--output", law_path, "--svg", svg]
        if bootstrap:
            arguments += ["--bootstrap", number(bootstrap)]
        if holdout is not None:
            arguments += ["--holdout", text(holdout)]
        try:
            answer = run(arguments + option_arguments(options))
        except SparseLawError as error:
            for table in (frame, meta):
                if table is not None:
                    table.rewrite(error)
            _rename(error, {law_path: "the law file", svg: "the figure"})
            raise
        law_text = Path(law_path).read_text(encoding="utf-8")
        figure = Figure(Path(svg).read_text(encoding="utf-8"), "fit") if os.path.exists(svg) else None
    fitted = _records(answer.pop("runs", []), frame)
    return Law(json.loads(law_text), name="fitted", text=law_text, runs=fitted, figure=figure)


def laws() -> pd.DataFrame:
    """The published laws built into the tool, and those in ``$SPARSELAW_LAWS``
    (``sparselaw laws``): one row each, indexed by name, with ``form``, ``source``, ``origin``
    and one column per coefficient."""
    answer = run(["laws"])
    rows = []
    for entry in answer["laws"]:
        row = {"name": entry["name"], "form": entry["form"], "source": entry.get("source"), "origin": entry["origin"]}
        row.update(entry["coefficients"])
        rows.append(row)
    return pd.DataFrame(rows).set_index("name")


def law(name: str) -> Law:
    """A published law by name: ``"t5-c4"``, ``"vit-jft"``, ``"chinchilla"``,
    ``"chinchilla-epoch"``, or one in ``$SPARSELAW_LAWS`` (see `laws`); like ``--law``, a
    law file's path is read too (`Law.load`).

    Raises
    ------
    SparseLawError
        The tool's refusal, code ``law.unknown`` and exit status 65, when no law has this name
        and no file this path.
    """
    answer = run(["laws"])
    for entry in answer["laws"]:
        if entry["name"] == name:
            document = {"schema": "sparselaw.fit/1", "form": entry["form"], "coefficients": entry["coefficients"]}
            if "units" in entry:
                document["units"] = entry["units"]
            if "source" in entry:
                document["source"] = entry["source"]
            if entry["origin"] != "built-in":
                # A law file of $SPARSELAW_LAWS: read as a file, so that every key it has counts.
                return Law.load(entry["origin"])
            return Law(document, name=name)
    # Not a name of `sparselaw laws`: what --law would make of it, a law file or the tool's
    # refusal (law.unknown, exit status 65, the names it knows).
    return Law.load(name)
