"""Simulated studies of `sparselaw design` (entry point: bench/design).

A known law (the T5/C4 preset, data/laws/t5-c4.json) and the question the study is for: the
optimal sparsity at N = 1e9 non-zero parameters and C = 1e22 FLOPs (dense FLOPs), whose true value
the law gives in closed form. Each study:

  pilot    27 runs, N in {5M, 20M, 80M} x S in {0, 0.5, 0.75} x D in {2B, 8B, 32B} tokens, losses
           law(N, S, D) x exp(0.005 z), z standard normal from the study's seed;
  budget   the pilot's training compute, 6 N D / (1 - S) summed (1.85e20 FLOPs);
  arms     design   `sparselaw design pilot.csv --study-budget B --params 1e9 --compute 1e22`
                    with its defaults (1% overhead per run, 3 repeats, the default grid);
           random   runs drawn uniformly from the runs of the same default grid that still fit
                    (with the same overhead per run), until none does;
           ladder   the next sizes up: 160M, 320M, ... each at the pilot's sparsities and token
                    amounts, cheapest first, while the runs fit the budget;
  refit    pilot + the arm's runs (their losses drawn from the law with the same noise), then
           `fit --bootstrap K` and `optimal --law` for the estimate and its 95% interval.

Reported over the studies: the median interval width, the median absolute error of the estimate,
the coverage of the true value, runs and compute spent, the design's predicted (calibrated) width,
and the design's wall time (whole process, release build).
"""

import argparse
import csv
import json
import math
import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import SPARSELAW, machine, median, print_table, run_process, seconds, write_results  # noqa: E402

LAW = {"aS": 16.8, "bS": 0.722, "cS": 45.0, "bN": 0.245, "aD": 6.90e8, "bD": 0.203, "c": 0.651}
PILOT_PARAMS = [5e6, 2e7, 8e7]
PILOT_SPARSITIES = [0.0, 0.5, 0.75]
PILOT_TOKENS = [2e9, 8e9, 3.2e10]
NOISE = 0.005
TARGET = ["--params", "1e9", "--compute", "1e22"]
MUST = "design median width <= half the random arm's, coverage >= 0.8, within budget, <= 80 runs, < 5 s"


def loss(n, s, d):
    k = LAW
    return (k["aS"] * (1 - s) ** k["bS"] + k["cS"]) * n ** -k["bN"] + (k["aD"] / d) ** k["bD"] + k["c"]


def cost(n, s, d):
    return 6 * n * d / (1 - s)


def true_optimum(n=1e9, c=1e22):
    k = LAW
    kk = 6 * k["aD"] * n / c
    return 1 - (k["bD"] * kk ** k["bD"] * n ** k["bN"] / (k["aS"] * k["bS"])) ** (1 / (k["bS"] + k["bD"]))


def noisy(runs, rng):
    return [(n, s, d, loss(n, s, d) * math.exp(NOISE * rng.gauss(0, 1))) for n, s, d in runs]


def write_runs(path, runs):
    with open(path, "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["params", "sparsity", "tokens", "loss"])
        for row in runs:
            out.writerow([repr(float(v)) for v in row])


def default_grid(budget):
    """The design's default grid (DesignCandidates.grid), rebuilt here for the random arm."""
    ratios = [d / n for n in PILOT_PARAMS for d in PILOT_TOKENS]
    low, high = min(ratios), 4 * max(ratios)
    steps, r = [], low
    while r < high * (1 - 1e-9):
        steps.append(r)
        r *= 2
    steps.append(high)
    sizes, n = [], min(PILOT_PARAMS)
    while 6 * n * n * low <= budget:
        sizes.append(n)
        n *= 2
    sparsities = sorted(set(PILOT_SPARSITIES + [0.0, 0.5, 0.75, 0.875, 0.9375]))
    return [(n, s, n * r) for n in sizes for s in sparsities for r in steps if cost(n, s, n * r) <= budget]


def random_arm(budget, overhead, rng):
    """Runs drawn uniformly from the grid's runs that still fit, until none does."""
    grid = default_grid(budget)
    runs, left = [], budget
    while True:
        fitting = [run for run in grid if cost(*run) + overhead <= left]
        if not fitting:
            return runs
        run = rng.choice(fitting)
        runs.append(run)
        left -= cost(*run) + overhead


def ladder_arm(budget, overhead):
    """The next sizes up, 2x the pilot's largest and doubling, each trained as the pilot's sizes
    were (its sparsities and token amounts), cheapest first, while the runs fit; a rung left
    unfinished ends the ladder."""
    runs, left, n = [], budget, 2 * max(PILOT_PARAMS)
    while True:
        rung = sorted(((n, s, d) for s in PILOT_SPARSITIES for d in PILOT_TOKENS), key=lambda run: cost(*run))
        for run in rung:
            c = cost(*run) + overhead
            if c > left:
                return runs
            runs.append(run)
            left -= c
        n *= 2


def refit(workdir, name, runs, bootstrap, seed):
    data, law = workdir / f"{name}.csv", workdir / f"{name}.json"
    write_runs(data, runs)
    run_process([SPARSELAW, "fit", str(data), "--bootstrap", str(bootstrap), "--seed", str(seed), "--output", str(law)])
    _, out, _, _ = run_process([SPARSELAW, "optimal", "--law", str(law), *TARGET, "--json"])
    answer = json.loads(out)
    lower, upper = answer["sparsityInterval"]
    return answer["sparsity"], lower, upper


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--studies", type=int, default=12, help="simulated studies (default 12)")
    parser.add_argument("--bootstrap", type=int, default=200, help="bootstrap replicates of each refit (default 200)")
    args = parser.parse_args()

    truth = true_optimum()
    pilot_design = [(n, s, d) for n in PILOT_PARAMS for s in PILOT_SPARSITIES for d in PILOT_TOKENS]
    budget = sum(cost(*run) for run in pilot_design)
    overhead = 0.01 * budget
    arms = ["pilot", "design", "random", "ladder"]
    rows = {arm: [] for arm in arms}
    designs = []
    workdir = Path(tempfile.mkdtemp(prefix="sparselaw-design-"))
    try:
        for study in range(args.studies):
            rng = random.Random(1000 + study)
            pilot = noisy(pilot_design, rng)
            write_runs(workdir / "pilot.csv", pilot)
            wall, out, _, _ = run_process([SPARSELAW, "design", str(workdir / "pilot.csv"), "--study-budget", repr(budget), *TARGET,
                                           "--seed", str(study), "--json", "--output", str(workdir / "next.csv")])
            design = json.loads(out)
            chosen = [(r["params"], r["sparsity"], r["tokens"]) for r in design["runs"]]
            designs.append({"seconds": wall, "runs": len(chosen), "spent": design["spent"], "widthNow": design["widthNow"],
                            "predictedWidth": design["expectedWidth"], "calibrationFactor": design["calibrationFactor"],
                            "calibrationFactorAfter": design["calibrationFactorAfter"], "sigma": design["sigma"]})
            new = {"pilot": [], "design": chosen, "random": random_arm(budget, overhead, rng), "ladder": ladder_arm(budget, overhead)}
            for arm in arms:
                runs = pilot + noisy(new[arm], rng)
                estimate, lower, upper = refit(workdir, arm, runs, args.bootstrap, study)
                spent = sum(cost(*r) + overhead for r in new[arm])
                rows[arm].append({"estimate": estimate, "lower": lower, "upper": upper, "runs": len(new[arm]), "spent": spent})
            print(f"study {study + 1}/{args.studies}: design {len(chosen)} runs in {seconds(wall)}, width "
                  f"{rows['design'][-1]['upper'] - rows['design'][-1]['lower']:.3f} (random {rows['random'][-1]['upper'] - rows['random'][-1]['lower']:.3f})",
                  file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    summary = {}
    table = []
    for arm in arms:
        values = rows[arm]
        widths = [v["upper"] - v["lower"] for v in values]
        covered = sum(v["lower"] <= truth <= v["upper"] for v in values) / len(values)
        summary[arm] = {"medianWidth": median(widths), "medianAbsoluteError": median([abs(v["estimate"] - truth) for v in values]),
                        "coverage": covered, "medianRuns": median([v["runs"] for v in values]),
                        "maxSpentShare": max(v["spent"] for v in values) / budget}
        s = summary[arm]
        table.append([arm, f"{s['medianWidth']:.3f}", f"{s['medianAbsoluteError']:.3f}", f"{covered:.2f}", f"{s['medianRuns']:g}", f"{s['maxSpentShare']:.3f}"])
    timing = {"medianSeconds": median([d["seconds"] for d in designs]), "maxSeconds": max(d["seconds"] for d in designs),
              "maxRuns": max(d["runs"] for d in designs), "medianPredictedWidth": median([d["predictedWidth"] for d in designs]),
              "medianWidthNow": median([d["widthNow"] for d in designs]),
              "medianCalibrationFactor": median([d["calibrationFactor"] for d in designs]),
              "medianCalibrationFactorAfter": median([d["calibrationFactorAfter"] for d in designs]),
              "medianSigma": median([d["sigma"] for d in designs])}
    print(f"true optimal sparsity {truth:.4f}; budget {budget:.4g} FLOPs; {args.studies} studies; bootstrap {args.bootstrap}")
    print_table(["arm", "median 95% width", "median |error|", "coverage", "median runs", "max spent / budget"], table)
    print(f"design: median {seconds(timing['medianSeconds'])}, max {seconds(timing['maxSeconds'])}; at most {timing['maxRuns']} runs; "
          f"predicted width {timing['medianPredictedWidth']:.3f} (now {timing['medianWidthNow']:.3f}); calibration factor "
          f"{timing['medianCalibrationFactor']:.2f} now, {timing['medianCalibrationFactorAfter']:.2f} after; sigma {timing['medianSigma']:.4f} (noise {NOISE})")
    ok = (summary["design"]["medianWidth"] <= 0.5 * summary["random"]["medianWidth"] and summary["design"]["coverage"] >= 0.8
          and summary["design"]["maxSpentShare"] <= 1 + 1e-9 and timing["maxRuns"] <= 80 and timing["maxSeconds"] < 5)
    print(f"must show ({MUST}): {'yes' if ok else 'NO'}")
    path = write_results("design", {"machine": machine(), "settings": vars(args), "truth": truth, "budget": budget,
                                     "arms": summary, "design": timing, "designs": designs, "studies": rows, "mustShow": MUST, "met": ok})
    print(f"results: {path}")


if __name__ == "__main__":
    main()
