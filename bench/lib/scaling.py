"""How `sparselaw fit` scales with the number of runs (entry point: bench/scaling).

For each size, `sparselaw simulate` writes every combination of the t5-c4 law's N x S x D lists
with noise 0.003 and seed 1; then `sparselaw fit FILE --json` is timed as a whole process, with
its peak resident memory and CPU time from os.wait4, and so is `sparselaw runs FILE` (reading
alone) to show how much of the fit is reading. Medians of --repeats runs (fewer for 100k, which
takes tens of seconds a run). Linearity: the log-log slope of time against runs between sizes
(1 = linear), and the time per run.
"""

import argparse
import csv
import json
import math
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import REPO_DIR, SPARSELAW, machine, median, print_table, run_process, seconds, write_results  # noqa: E402

LAW = "data/laws/t5-c4.json"
# runs -> (model sizes, sparsity levels, data budgets); their product is the number of runs.
SHAPES = {100: (5, 4, 5), 1000: (10, 10, 10), 10000: (25, 16, 25), 100000: (50, 40, 50)}


def lists(shape):
    """N log-spaced over 1e7..1e10 and D over 1e9..1e12, 3 significant digits (so that every run
    gets its own name); S evenly over 0..0.96."""
    sizes, levels, budgets = shape
    params = ",".join(f"{v:.3g}" for v in np.geomspace(1e7, 1e10, sizes))
    sparsities = ",".join(f"{0.96 * i / (levels - 1):.4g}" for i in range(levels))
    tokens = ",".join(f"{v:.3g}" for v in np.geomspace(1e9, 1e12, budgets))
    return params, sparsities, tokens


def law_error(fitted):
    """The largest relative difference between fitted and true coefficients."""
    with open(REPO_DIR / LAW) as f:
        true = json.load(f)["coefficients"]
    return max(abs(fitted[k] - v) / abs(v) for k, v in true.items())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,10000,100000", help="numbers of runs, from " + ", ".join(map(str, SHAPES)))
    parser.add_argument("--repeats", type=int, default=5, help="fits per size (default 5)")
    parser.add_argument("--large-repeats", type=int, default=3, help="fits at 100k runs (default 3)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    unknown = [s for s in sizes if s not in SHAPES]
    if unknown:
        sys.exit(f"unknown sizes {unknown}: choose from {list(SHAPES)}")

    results = {"machine": machine(), "settings": vars(args), "sizes": {}}
    workdir = Path(tempfile.mkdtemp(prefix="sparselaw-scaling-"))
    try:
        for size in sizes:
            path = workdir / f"runs-{size}.csv"
            params, sparsities, tokens = lists(SHAPES[size])
            wall, _, rss, _ = run_process([SPARSELAW, "simulate", "--law", LAW, "--params", params, "--sparsities", sparsities,
                                           "--tokens", tokens, "--noise", "0.003", "--seed", "1", "--output", str(path)])
            with open(path, newline="") as f:
                names = [row["run"] for row in csv.DictReader(f)]
            entry = {"shape": SHAPES[size], "rows": len(names), "distinct_names": len(set(names)),
                     "simulate": {"wall": wall, "peak_rss_kib": rss}, "fit": [], "read": []}
            repeats = args.large_repeats if size >= 100000 else args.repeats
            for i in range(repeats):
                print(f"  {size} runs, fit {i + 1}/{repeats}", file=sys.stderr, flush=True)
                wall, out, rss, cpu = run_process([SPARSELAW, "fit", str(path), "--json"])
                report = json.loads(out)
                entry["fit"].append({"wall": wall, "cpu": cpu, "peak_rss_kib": rss, "objective": report["fit"]["objective"],
                                     "points": report["fit"]["points"], "iterations": report["fit"]["iterations"],
                                     "max_coefficient_error": law_error(report["coefficients"])})
                wall, _, rss, cpu = run_process([SPARSELAW, "runs", str(path)])
                entry["read"].append({"wall": wall, "cpu": cpu, "peak_rss_kib": rss})
            results["sizes"][str(size)] = entry
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    rows, previous = [], None
    for size in sizes:
        entry = results["sizes"][str(size)]
        fit_wall = median([r["wall"] for r in entry["fit"]])
        read_wall = median([r["wall"] for r in entry["read"]])
        rss = max(r["peak_rss_kib"] for r in entry["fit"])
        slope = "" if previous is None else f"{math.log(fit_wall / previous[1]) / math.log(size / previous[0]):.2f}"
        marginal = "" if previous is None else f"{1e6 * (fit_wall - previous[1]) / (size - previous[0]):.0f} us"
        entry["summary"] = {"fit_wall_median": fit_wall, "read_wall_median": read_wall, "fit_peak_rss_kib": rss,
                            "loglog_slope_from_previous": float(slope) if slope else None}
        points = {r["points"] for r in entry["fit"]}
        rows.append([f"{size:,}", entry["rows"] if entry["distinct_names"] == entry["rows"] else f"{entry['rows']} ({entry['distinct_names']} names)",
                     ",".join(map(str, sorted(points))), seconds(fit_wall), seconds(read_wall), f"{rss / 1024:.0f} MiB",
                     f"{1e6 * fit_wall / size:.0f} us", marginal, slope,
                     f"{max(r['max_coefficient_error'] for r in entry['fit']):.2g}"])
        previous = (size, fit_wall)
    path = write_results("scaling", results)

    m = results["machine"]
    print(f"\nMachine: {m['nproc']} CPUs ({m['cpu']}), {m['memory']}, load at start {' '.join(m['loadavg_at_start'] or [])}\n")
    print_table(["runs", "rows written", "points fitted", "fit (median)", "reading alone (runs)", "peak RSS (fit)",
                 "time per run", "marginal time per run", "log-log slope", "max coef. rel. error"], rows)
    print("\nlog-log slope: d log(time) / d log(runs) from the previous size; 1 is linear growth.")
    print(f"raw results: {path.relative_to(REPO_DIR)}")


if __name__ == "__main__":
    main()
