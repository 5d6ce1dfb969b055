"""Times sparselaw against the scipy/numpy procedures on the same machine, in one run (entry point:
bench/compare). Every measurement is a whole process, start-up included, timed from outside; the
Python children also report the time of the fit or grid alone. Runs of the two sides alternate, so
that a change in the machine's load hits both, and the table reports medians.

  (a) fits: the authors' BFGS procedure (25 random starts, one seed per repeat) on T5 and ViT,
      with scipy's finite-difference gradient and with an analytic one, vs `sparselaw fit`.
  (b) chinchilla: the grid of 4500 L-BFGS-B starts vs `sparselaw fit --form dense`.
  (c) grid: numpy's vectorized closed form vs `sparselaw contours --grid 1000x1000 --grid-csv`,
      the two CSVs compared value by value, and `--cost sparse` against `--cost dense`.
  (d) bootstrap: `sparselaw fit` of the T5 runs with `--bootstrap 1000`, against its 2 s budget.
  (e) queries: `sparselaw optimal` under both cost models, and `sparselaw runs` on a 100k-row log
      made by `sparselaw simulate`.
"""

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import (ANCHORS_DIR, BENCH_DIR, PYTHON, REPO_DIR, SPARSELAW, machine, median,  # noqa: E402
                      print_table, run_process, seconds, summary, write_results)

LIB = BENCH_DIR / "lib"
T5 = ANCHORS_DIR / "t5-data.csv"
VIT = ANCHORS_DIR / "vit-data.json"
CHINCHILLA = ANCHORS_DIR / "chinchilla-svg-extracted.csv"

CLI_FITS = {
    "t5": [str(T5), "--column", "params=169869312*scale*(1-sparsity)", "--column", "tokens=steps*65536",
           "--loss", "huber-log", "--delta", "0.001", "--json"],
    "vit": [str(VIT), "--column", "params=84934656*scale*(1-sparsity)", "--loss", "huber", "--delta", "0.01", "--json"],
    "chinchilla": [str(CHINCHILLA), "--form", "dense", "--column", "tokens=`Training FLOP`/(6*`Model Size`)",
                   "--drop-highest-loss", "5", "--json"],
}
GRID = {"law": "t5-c4", "law_file": "data/laws/t5-c4.json", "params": "1e7:1e11", "compute": "1e14:1e31",
        "grid": "1000x1000", "max_sparsity": 0.99}
SAME_MINIMUM = 1e-6  # relative difference of objectives that counts as the same minimum

TARGETS = {
    "t5_fit": "T5 fit, whole process: at most 1/20 of the scipy procedure's time (aim 1/100)",
    "chinchilla_fit": "Chinchilla dense fit: at least 100x faster than the scipy grid procedure, to the same minimum",
    "grid_dense": "1000x1000 grid, dense cost: faster than numpy",
    "grid_sparse": "1000x1000 grid, sparse cost: within 3x of the dense-cost time",
    "bootstrap": "1000-resample bootstrap of the T5 fit, whole process: under 2 s on 2 cores (ratio: time / 2 s)",
}


def cli_fit(name, seed):
    wall, out, rss, cpu = run_process([SPARSELAW, "fit", *CLI_FITS[name], "--seed", str(seed)])
    fit = json.loads(out)["fit"]
    return {"seed": seed, "wall": wall, "cpu": cpu, "peak_rss_kib": rss, "objective": fit["objective"],
            "starts_at_best": fit.get("startsAtBest")}


def reference_fit(name, seed=0, gradient=None):
    command = [PYTHON, str(LIB / "reference_fits.py"), name, "--seed", str(seed)]
    if gradient:
        command += ["--gradient", gradient]
    wall, out, rss, cpu = run_process(command)
    result = json.loads(out)
    result.update({"seed": seed, "wall": wall, "cpu": cpu, "peak_rss_kib": rss})
    return result


def log(message):
    print(message, file=sys.stderr, flush=True)


def bench_fits(repeats):
    """(a): T5 and ViT, seeds 0..repeats-1 on both sides, scipy with both gradients."""
    results = {}
    for name in ("t5", "vit"):
        runs = {"sparselaw": [], "scipy-finite-difference": [], "scipy-analytic": []}
        for seed in range(repeats):
            log(f"  {name} seed {seed}")
            runs["sparselaw"].append(cli_fit(name, seed))
            runs["scipy-finite-difference"].append(reference_fit(name, seed, "finite-difference"))
            runs["scipy-analytic"].append(reference_fit(name, seed, "analytic"))
        results[name] = runs
    return results


def bench_chinchilla(repeats, cli_repeats, gradient):
    runs = {"sparselaw": [], f"scipy-{gradient}": []}
    for i in range(max(repeats, cli_repeats)):
        log(f"  chinchilla repeat {i}")
        if i < cli_repeats:
            runs["sparselaw"].append(cli_fit("chinchilla", 0))
        if i < repeats:
            runs[f"scipy-{gradient}"].append(reference_fit("chinchilla", gradient=gradient))
    return runs


def load_csv(path):
    with open(path) as f:
        header = f.readline().strip()
    return header, np.loadtxt(path, delimiter=",", skiprows=1)


def compare_csvs(tool_path, numpy_path):
    """Value-by-value agreement of the tool's grid CSV and numpy's."""
    tool_header, tool = load_csv(tool_path)
    numpy_header, ref = load_csv(numpy_path)
    result = {"headers_equal": tool_header == numpy_header, "rows": [len(tool), len(ref)]}
    if tool.shape != ref.shape:
        result["shape_mismatch"] = True
        return result
    for j, column in enumerate(tool_header.split(",")):
        difference = np.abs(tool[:, j] - ref[:, j])
        scale = np.maximum(np.abs(ref[:, j]), 1e-300)
        result[column] = {"max_abs_diff": float(difference.max()), "max_rel_diff": float((difference / scale).max()),
                          "identical_fraction": float(np.mean(difference == 0))}
    sparsity = ref[:, 2]
    result["points_dense"] = int(np.sum(sparsity == 0))
    result["points_at_cap"] = int(np.sum(sparsity >= GRID["max_sparsity"]))
    result["agree"] = bool(result["headers_equal"] and result["sparsity"]["max_abs_diff"] <= 1e-9
                           and result["loss"]["max_rel_diff"] <= 1e-9)
    return result


def check_sparse_grid(path, samples=2000):
    """The tool's sparse-cost optima against a brute-force search: at `samples` random rows, the
    law's loss on 40,000 sparsities in [0, cap] (uniform and geometric toward the cap). Returns the
    largest relative amount by which the tool's loss exceeds the brute-force minimum (0 or a
    rounding error when the tool found the optimum)."""
    with open(REPO_DIR / GRID["law_file"]) as f:
        law = json.load(f)["coefficients"]
    aS, bS, cS, bN, aD, bD, c = (law[k] for k in ("aS", "bS", "cS", "bN", "aD", "bD", "c"))
    kappa = 0.5 * 3 / 4 + 0.25  # the default schedule: pruned from 25% to 75% of training, cubic
    cap = GRID["max_sparsity"]
    _, table = load_csv(path)
    rows = table[np.random.default_rng(0).choice(len(table), samples, replace=False)]
    candidates = np.unique(np.clip(np.concatenate([np.linspace(0, cap, 20001),
                                                   1 - np.geomspace(1, 1 - cap, 20001)]), 0, cap))

    def loss(n, flops, s):
        tokens = flops / (6 * n * (1 - kappa * s) / (1 - s))
        return (aS * (1 - s) ** bS + cS) * n ** -bN + (aD / tokens) ** bD + c

    excess = [float((loss(n, flops, s) - loss(n, flops, candidates).min()) / l) for n, flops, s, l in rows]
    loss_mismatch = max(abs(loss(n, flops, s) - l) / l for n, flops, s, l in rows)
    return {"samples": samples, "max_excess_over_brute_force": max(excess), "max_loss_column_rel_error": float(loss_mismatch),
            "points_at_cap": int(np.sum(table[:, 2] >= cap)), "points_dense": int(np.sum(table[:, 2] == 0))}


def bench_grid(repeats, workdir):
    """(c): numpy vs the tool under dense cost, and the tool under sparse cost."""
    tool_csv, sparse_csv, numpy_csv = (str(workdir / f) for f in ("tool-dense.csv", "tool-sparse.csv", "numpy.csv"))
    common = ["contours", "--law", GRID["law"], "--params", GRID["params"], "--compute", GRID["compute"], "--grid", GRID["grid"]]
    runs = {"sparselaw-dense": [], "sparselaw-sparse": [], "numpy": [], "sparselaw-startup": []}
    for i in range(repeats):
        log(f"  grid repeat {i}")
        # Every run writes a new file rather than replacing the previous run's, so that all do the same work.
        for path in (tool_csv, sparse_csv, numpy_csv):
            Path(path).unlink(missing_ok=True)
        wall, _, rss, cpu = run_process([SPARSELAW, *common, "--grid-csv", tool_csv])
        runs["sparselaw-dense"].append({"wall": wall, "cpu": cpu, "peak_rss_kib": rss})
        wall, out, rss, cpu = run_process([PYTHON, str(LIB / "numpy_grid.py"), "--law", GRID["law_file"],
                                           "--params", GRID["params"], "--compute", GRID["compute"],
                                           "--grid", GRID["grid"], "--max-sparsity", str(GRID["max_sparsity"]),
                                           "--output", numpy_csv])
        runs["numpy"].append({"wall": wall, "cpu": cpu, "peak_rss_kib": rss, **json.loads(out)})
        wall, _, rss, cpu = run_process([SPARSELAW, *common, "--cost", "sparse", "--grid-csv", sparse_csv])
        runs["sparselaw-sparse"].append({"wall": wall, "cpu": cpu, "peak_rss_kib": rss})
        # The same command without the grid: start-up, law loading and the contour table.
        wall, _, rss, cpu = run_process([SPARSELAW, *common[:7]])
        runs["sparselaw-startup"].append({"wall": wall, "cpu": cpu, "peak_rss_kib": rss})
    log("  comparing the CSVs")
    agreement = compare_csvs(tool_csv, numpy_csv)
    log("  checking the sparse-cost grid against a brute-force search")
    agreement["sparse_cost_check"] = check_sparse_grid(sparse_csv)
    return runs, agreement


def med(runs, key="wall"):
    return median([r[key] for r in runs])


def objective_text(values):
    low, high = min(values), max(values)
    return f"{low:.6g}" if low == high or abs(high - low) <= SAME_MINIMUM * low else f"{low:.6g} to {high:.6g}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=7, help="T5/ViT runs (seeds) per procedure (default 7)")
    parser.add_argument("--chinchilla-repeats", type=int, default=5,
                        help="runs of the 4500-start scipy grid, about 40 s each (default 5); the tool runs 11 times")
    parser.add_argument("--chinchilla-gradient", choices=["analytic", "finite-difference"], default="analytic")
    parser.add_argument("--grid-repeats", type=int, default=5, help="runs of each 1000x1000 grid (default 5)")
    parser.add_argument("--parts", default="fits,chinchilla,grid,bootstrap,queries", help="which parts to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="3 seeds, 1 Chinchilla grid run, 3 grid runs")
    args = parser.parse_args()
    if args.quick:
        args.repeats, args.chinchilla_repeats, args.grid_repeats = 3, 1, 3
    parts = set(args.parts.split(","))
    if not ANCHORS_DIR.is_dir():
        sys.exit(f"the anchor data are not at {ANCHORS_DIR}")

    results = {"machine": machine(), "settings": vars(args), "targets": TARGETS}
    log(f"machine: {results['machine']['nproc']} x {results['machine']['cpu']}, load {results['machine']['loadavg_at_start']}")
    rows, seed_rows, verdicts = [], [], {}

    if "fits" in parts:
        log("(a) T5 and ViT fits")
        fits = bench_fits(args.repeats)
        results["fits"] = fits
        for name, label in (("t5", "T5 fit (48 runs)"), ("vit", "ViT fit (112 runs)")):
            tool = fits[name]["sparselaw"]
            tool_wall = med(tool)
            for variant in ("scipy-finite-difference", "scipy-analytic"):
                ref = fits[name][variant]
                gradient = variant.removeprefix("scipy-")
                rows.append([f"{label}, BFGS x25 ({gradient} gradient)", seconds(med(ref)), seconds(med(ref, "fit_seconds")),
                             seconds(tool_wall), f"{med(ref) / tool_wall:.0f}x", f"{med(ref, 'fit_seconds') / tool_wall:.0f}x",
                             objective_text([r["objective"] for r in ref]), objective_text([r["objective"] for r in tool])])
            ratio = med(fits[name]["scipy-finite-difference"]) / tool_wall
            results.setdefault("ratios", {})[f"{name}_whole_process"] = ratio
            results["ratios"][f"{name}_whole_process_vs_analytic"] = med(fits[name]["scipy-analytic"]) / tool_wall
            if name == "t5":
                verdicts["t5_fit"] = {"ratio": ratio, "met": ratio >= 20, "aim_met": ratio >= 100,
                                      "ratio_vs_analytic_gradient": results["ratios"]["t5_whole_process_vs_analytic"]}
            for seed in range(args.repeats):
                seed_rows.append([name, seed] + [f"{fits[name][v][seed]['objective']:.6g}"
                                                  for v in ("scipy-finite-difference", "scipy-analytic", "sparselaw")])

    if "chinchilla" in parts:
        log(f"(b) Chinchilla: {args.chinchilla_repeats} run(s) of the scipy grid, tens of seconds each")
        runs = bench_chinchilla(args.chinchilla_repeats, 11, args.chinchilla_gradient)
        results["chinchilla"] = runs
        ref, tool = runs[f"scipy-{args.chinchilla_gradient}"], runs["sparselaw"]
        ratio = med(ref) / med(tool)
        same = abs(ref[0]["objective"] - tool[0]["objective"]) <= SAME_MINIMUM * tool[0]["objective"]
        rows.append([f"Chinchilla dense fit (240 points), L-BFGS-B x4500 ({args.chinchilla_gradient} gradient)",
                     seconds(med(ref)), seconds(med(ref, "fit_seconds")), seconds(med(tool)), f"{ratio:.0f}x",
                     f"{med(ref, 'fit_seconds') / med(tool):.0f}x", objective_text([r["objective"] for r in ref]),
                     objective_text([r["objective"] for r in tool])])
        results.setdefault("ratios", {})["chinchilla_whole_process"] = ratio
        verdicts["chinchilla_fit"] = {"ratio": ratio, "same_minimum": same, "met": ratio >= 100 and same,
                                      "scipy_objective": ref[0]["objective"], "sparselaw_objective": tool[0]["objective"]}

    grid_rows = []
    if "grid" in parts:
        log(f"(c) 1000x1000 optimal-sparsity grid, {args.grid_repeats} runs of each")
        workdir = Path(tempfile.mkdtemp(prefix="sparselaw-bench-"))
        try:
            runs, agreement = bench_grid(args.grid_repeats, workdir)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        results["grid"] = {"settings": GRID, "runs": runs, "agreement": agreement}
        dense, sparse, ref, startup = (med(runs[k]) for k in ("sparselaw-dense", "sparselaw-sparse", "numpy", "sparselaw-startup"))
        numpy_compute, numpy_write = med(runs["numpy"], "compute_seconds"), med(runs["numpy"], "write_seconds")
        grid_rows = [
            ["numpy closed form + np.savetxt", seconds(ref), f"compute {seconds(numpy_compute)}, CSV {seconds(numpy_write)}", "1"],
            ["sparselaw contours, --cost dense", seconds(dense), f"start-up and table alone {seconds(startup)}", f"{ref / dense:.2f}x faster than numpy"],
            ["sparselaw contours, --cost sparse", seconds(sparse), "", f"{sparse / dense:.2f}x the dense-cost time"],
        ]
        results.setdefault("ratios", {}).update({"grid_numpy_over_dense": ref / dense, "grid_sparse_over_dense": sparse / dense,
                                                 "grid_numpy_compute_only_over_dense": numpy_compute / dense})
        verdicts["grid_dense"] = {"ratio": ref / dense, "met": dense < ref, "csv_agree": agreement.get("agree")}
        verdicts["grid_sparse"] = {"ratio": sparse / dense, "met": sparse / dense <= 3}

    bootstrap_rows = []
    if "bootstrap" in parts:
        log("(d) T5 fit with a 1000-resample bootstrap, 5 runs")
        runs = []
        for _ in range(5):
            wall, out, rss, cpu = run_process([SPARSELAW, "fit", *CLI_FITS["t5"], "--bootstrap", "1000"])
            report = json.loads(out)
            runs.append({"wall": wall, "cpu": cpu, "peak_rss_kib": rss, "replicates": len(report["bootstrap"]["replicates"]),
                         "failed": report["bootstrap"]["failed"]})
        results["bootstrap"] = {"runs": runs}
        wall = med(runs)
        bootstrap_rows = [["sparselaw fit T5 --bootstrap 1000", seconds(wall), seconds(med(runs, "cpu")),
                           f"{runs[0]['replicates']} refitted, {runs[0]['failed']} failed"]]
        verdicts["bootstrap"] = {"ratio": wall / 2.0, "met": wall < 2.0, "seconds": wall}
    results["verdicts"] = verdicts
    # A quick run, or one of some parts only, does not overwrite the full results.
    name = "compare-quick" if args.quick else ("compare" if parts >= {"fits", "chinchilla", "grid", "bootstrap", "queries"} else "compare-partial")
    path = write_results(name, results)

    m = results["machine"]
    print(f"\nMachine: {m['nproc']} CPUs ({m['cpu']}), {m['memory']}, load at start {' '.join(m['loadavg_at_start'] or [])}; "
          f"Python {m['python']}, numpy {m['numpy']}, scipy {m['scipy']}; {m['swift']}, GSL {m['gsl']}\n")
    if rows:
        print("Fits (medians of whole processes, start-up included; 'fit alone' excludes Python start-up, imports and reading):\n")
        print_table(["procedure", "scipy", "scipy fit alone", "sparselaw", "ratio", "ratio, fit alone",
                     "scipy objective(s)", "sparselaw objective(s)"], rows)
    if seed_rows:
        print("\nBest objective per seed (scipy: 25 random starts from that seed; sparselaw: --seed):\n")
        print_table(["data", "seed", "scipy, finite-difference", "scipy, analytic", "sparselaw"], seed_rows)
    if grid_rows:
        a = results["grid"]["agreement"]
        print(f"\n1000x1000 optimal-sparsity grid, t5-c4, N {GRID['params']}, C {GRID['compute']} (medians of {args.grid_repeats}):\n")
        print_table(["procedure", "whole process", "of which", "ratio"], grid_rows)
        if "sparsity" in a:
            print(f"\nCSV agreement (tool vs numpy): sparsity max |diff| {a['sparsity']['max_abs_diff']:.3g} "
                  f"({100 * a['sparsity']['identical_fraction']:.1f}% identical), loss max rel diff {a['loss']['max_rel_diff']:.3g}, "
                  f"params/compute max rel diff {max(a['params']['max_rel_diff'], a['compute']['max_rel_diff']):.3g}: "
                  f"{'agree' if a['agree'] else 'DISAGREE'}")
        else:
            print(f"\nCSV agreement: shapes differ ({a['rows']}): DISAGREE")
        sc = a["sparse_cost_check"]
        print(f"Sparse cost vs brute force ({sc['samples']} random points, 40,000 sparsities each): the tool's loss exceeds "
              f"the brute-force minimum by at most {sc['max_excess_over_brute_force']:.2g} (relative)")
    if bootstrap_rows:
        print("\nBootstrap (medians of 5 whole processes):\n")
        print_table(["procedure", "wall", "CPU", "replicates"], bootstrap_rows)
    if "queries" in parts:
        log("(e) optimal under both cost models, and reading a 100k-row log; 11 runs each")
        workdir = Path(tempfile.mkdtemp(prefix="sparselaw-bench-"))
        try:
            log_path = workdir / "runs100k.csv"
            sizes = ",".join(f"{10 ** (7 + 3 * i / 49):.6g}" for i in range(50))
            sparsities = ",".join(f"{0.96 * i / 39:.6g}" for i in range(40))
            budgets = ",".join(f"{10 ** (9 + 3 * i / 49):.6g}" for i in range(50))
            run_process([SPARSELAW, "simulate", "--law", "data/laws/t5-c4.json", "--params", sizes, "--sparsities", sparsities,
                         "--tokens", budgets, "--noise", "0.003", "--seed", "1", "--output", str(log_path)])
            commands = {
                "optimal, dense cost": [SPARSELAW, "optimal", "--law", "t5-c4", "--params", "1e8", "--compute", "1e20", "--json"],
                "optimal, sparse cost": [SPARSELAW, "optimal", "--law", "t5-c4", "--params", "1e8", "--compute", "1e20", "--cost", "sparse", "--json"],
                "runs, 100k-row CSV": [SPARSELAW, "runs", str(log_path), "--json"],
            }
            query_runs = {name: [] for name in commands}
            for _ in range(11):
                for name, command in commands.items():
                    wall, _, rss, cpu = run_process(command)
                    query_runs[name].append({"wall": wall, "cpu": cpu, "peak_rss_kib": rss})
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        results["queries"] = query_runs
        print("\nQueries (medians of 11 whole processes, start-up included):\n")
        print_table(["command", "wall", "peak memory"],
                    [[name, seconds(med(r)), f"{median([x['peak_rss_kib'] for x in r]) / 1024:.0f} MiB"] for name, r in query_runs.items()])
    print("\nTargets:")
    for key, text in TARGETS.items():
        v = verdicts.get(key)
        if v is None:
            print(f"  - {text}: not run")
        elif v["met"] is None:
            print(f"  - {text}")
        else:
            extra = f" (aim 1/100: {'met' if v['aim_met'] else 'not met'})" if "aim_met" in v else ""
            print(f"  - {text}: {'MET' if v['met'] else 'NOT MET'}, measured {v['ratio']:.3g}x{extra}")
    print(f"\nraw results: {path.relative_to(REPO_DIR)}")


if __name__ == "__main__":
    main()
