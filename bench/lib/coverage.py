"""Coverage of the bootstrap's 95% intervals (entry point: bench/coverage).

For each configuration (a law, a noise level, a design), --sets data sets are simulated with
`sparselaw simulate --seed k`, fitted with `sparselaw fit --bootstrap R --json --output law.json`,
and asked, of the law file:

- `optimal --cost dense` at two budgets whose true optimal sparsity is 0.5: N at the geometric
  middle of the design's sizes (inside the fitted range), and N at 4x its largest size;
- `predict --queries` at three points: inside the range, at 2x the largest N, at 4x the most D.

The truth is computed here, independently of the tool: the law's loss, and the optimum under dense
FLOPs in closed form (C = 6 N D / (1 - S); with u = 1 - S and K = 6 aD N / C, the loss is
(aS u^bS + cS) N^-bN + (K / u)^bD + c, stationary at u^(bS + bD) = bD K^bD N^bN / (aS bS)).
An interval covers when low <= truth <= high. Coverage is reported with its Wilson 95% interval
(the trials of one data set are not independent of each other, so for the coefficients it is a
guide, not a test). Data sets whose fit holds a coefficient at 0 are counted apart ("at a bound").
"""

import argparse
import csv
import json
import math
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import REPO_DIR, SPARSELAW, machine, print_table, run_process, write_results  # noqa: E402

NAMES = ["aS", "bS", "cS", "bN", "aD", "bD", "c"]

T5 = {"aS": 16.8, "bS": 0.722, "cS": 45.0, "bN": 0.245, "aD": 6.90e8, "bD": 0.203, "c": 0.651}
VIT = {"aS": 294.0, "bS": 0.821, "cS": 468.0, "bN": 0.392, "aD": 2.37e8, "bD": 0.890, "c": 4.517}
# T5 with a small irreducible loss: at 1% noise its fits often put c at 0.
T5_SMALL_C = dict(T5, c=0.1)

LAWS = {"t5": T5, "vit": VIT, "t5-small-c": T5_SMALL_C}

# Designs: (sizes, sparsities, data budgets). Thin is the shape of the released T5 runs (4 sizes,
# 4 sparsities, 3 budgets: 48 runs); rich has 6 sizes, 5 sparsities and 5 budgets (150 runs).
DESIGNS = {
    "t5": {
        "thin": ([2e6, 8e6, 3.2e7, 1.28e8], [0, 0.5, 0.75, 0.875], [1.6e10, 3.2e10, 6.4e10]),
        "rich": ([2e6, 4.5e6, 1e7, 2.3e7, 5e7, 1.1e8], [0, 0.5, 0.75, 0.875, 0.9375], [4e9, 8e9, 1.6e10, 3.2e10, 6.4e10]),
    },
    "vit": {
        "thin": ([6.6e5, 2.7e6, 1.1e7, 4.2e7], [0, 0.5, 0.75, 0.875], [2.25e8, 6e8, 1.8e9]),
        "rich": ([6.6e5, 1.6e6, 3.8e6, 9e6, 2.1e7, 4.2e7], [0, 0.5, 0.75, 0.875, 0.9375], [2.25e8, 4e8, 7e8, 1.2e9, 1.8e9]),
    },
}
DESIGNS["t5-small-c"] = DESIGNS["t5"]

# (law, noise, design)
CONFIGS = [(law, noise, design) for law in ("t5", "vit") for noise in (0.005, 0.01) for design in ("thin", "rich")]
CONFIGS.append(("t5-small-c", 0.01, "thin"))


def loss(law, n, s, d):
    return (law["aS"] * (1 - s) ** law["bS"] + law["cS"]) * n ** -law["bN"] + (law["aD"] / d) ** law["bD"] + law["c"]


def compute_for_sparsity(law, n, sparsity):
    """The dense-FLOPs budget C at which the optimum at N is `sparsity` (inverting the closed form)."""
    u = 1 - sparsity
    k = (u ** (law["bS"] + law["bD"]) * law["aS"] * law["bS"] / (law["bD"] * n ** law["bN"])) ** (1 / law["bD"])
    return 6 * law["aD"] * n / k


def optimal_sparsity(law, n, c, cap):
    k = 6 * law["aD"] * n / c
    u = (law["bD"] * k ** law["bD"] * n ** law["bN"] / (law["aS"] * law["bS"])) ** (1 / (law["bS"] + law["bD"]))
    return min(max(0.0, 1 - u), cap)


def wilson(hits, trials, z=1.959964):
    """The Wilson score interval for a binomial proportion."""
    if trials == 0:
        return (float("nan"), float("nan"))
    p = hits / trials
    denominator = 1 + z * z / trials
    center = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return (max(0.0, center - half), min(1.0, center + half))


def covers(interval, truth):
    return interval is not None and interval[0] <= truth <= interval[1]


class Tally:
    def __init__(self):
        self.counts = {}

    def add(self, key, hit):
        hits, trials = self.counts.get(key, (0, 0))
        self.counts[key] = (hits + int(hit), trials + 1)

    def summary(self):
        out = {}
        for key, (hits, trials) in sorted(self.counts.items()):
            low, high = wilson(hits, trials)
            out[key] = {"covered": hits, "trials": trials, "rate": hits / trials if trials else None, "wilson95": [low, high]}
        return out


def run_set(workdir, law_name, noise, design_name, seed, replicates, threads):
    law = LAWS[law_name]
    sizes, sparsities, budgets = DESIGNS[law_name][design_name]
    law_file = workdir / f"{law_name}.json"
    if not law_file.exists():
        law_file.write_text(json.dumps({"form": "sparse", "coefficients": law}))
    data = workdir / "runs.csv"
    fitted = workdir / "law.json"
    run_process([SPARSELAW, "simulate", "--law", str(law_file), "--params", ",".join(map(repr, sizes)),
                 "--sparsities", ",".join(map(repr, sparsities)), "--tokens", ",".join(map(repr, budgets)),
                 "--noise", repr(noise), "--seed", str(seed), "--output", str(data)])
    command = [SPARSELAW, "fit", str(data), "--bootstrap", str(replicates), "--seed", str(seed), "--json", "--output", str(fitted)]
    if threads:
        command += ["--threads", str(threads)]
    wall, stdout, _, _ = run_process(command)
    report = json.loads(stdout)
    at_bound = bool(report.get("degenerate"))
    intervals = report["intervals"]
    result = {"seed": seed, "fitSeconds": wall, "atBound": at_bound,
              "degenerate": [d.get("coefficient") for d in report.get("degenerate") or []],
              "conditional": any(w["code"] == "law.intervals-conditional-on-bound" for w in report["warnings"]),
              "profileBounds": (report.get("bootstrap") or {}).get("profileBounds"),
              "coefficients": {name: covers(intervals.get(name), law[name]) for name in NAMES},
              "intervals": intervals}

    # optimal: true optimum 0.5 inside the range and at 4x the largest size.
    middle = math.sqrt(sizes[0] * sizes[-1])
    optimal = {}
    for label, n in (("inside", middle), ("4x-largest", 4 * sizes[-1])):
        c = compute_for_sparsity(law, n, 0.5)
        truth = optimal_sparsity(law, n, c, 0.99)
        _, out, _, _ = run_process([SPARSELAW, "optimal", "--law", str(fitted), "--params", repr(n), "--compute", repr(c),
                                    "--max-sparsity", "0.99", "--json"])
        answer = json.loads(out)
        optimal[label] = {"truth": truth, "interval": answer.get("sparsityInterval"), "covered": covers(answer.get("sparsityInterval"), truth),
                          "verdict": answer.get("verdict")}
    result["optimal"] = optimal

    # predict at three points.
    points = {"inside": (middle, 0.5, math.sqrt(budgets[0] * budgets[-1])),
              "2x-largest": (2 * sizes[-1], 0.75, budgets[-1]),
              "4x-data": (sizes[-1], 0.5, 4 * budgets[-1])}
    queries = workdir / "queries.csv"
    with open(queries, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["name", "params", "sparsity", "tokens"])
        for name, (n, s, d) in points.items():
            writer.writerow([name, repr(n), repr(s), repr(d)])
    _, out, _, _ = run_process([SPARSELAW, "predict", "--law", str(fitted), "--queries", str(queries), "--json"])
    rows = json.loads(out)["predictions"]
    result["predict"] = {row["name"]: covers(row.get("lossInterval"), loss(law, *points[row["name"]])) for row in rows}
    return result


def tallies(sets):
    tally = Tally()
    for s in sets:
        for name, hit in s["coefficients"].items():
            tally.add("coefficients", hit)
            tally.add(f"coefficient {name}", hit)
        for label, answer in s["optimal"].items():
            tally.add(f"optimal sparsity {label}", answer["covered"])
        for label, hit in s["predict"].items():
            tally.add(f"prediction {label}", hit)
    return tally.summary()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", type=int, default=50, help="data sets per configuration (default 50)")
    parser.add_argument("--replicates", type=int, default=200, help="bootstrap replicates per fit (default 200)")
    parser.add_argument("--only", default=None, help="only configurations whose name (law/noise/design) matches this regex")
    parser.add_argument("--threads", type=int, default=None, help="bootstrap threads (default: the tool's, one per core)")
    args = parser.parse_args()

    configs = [c for c in CONFIGS if args.only is None or re.search(args.only, f"{c[0]}/{c[1]}/{c[2]}")]
    results = {"machine": machine(), "settings": vars(args), "configurations": {}}
    workdir = Path(tempfile.mkdtemp(prefix="sparselaw-coverage-"))
    start = time.perf_counter()
    rows, bound_sets = [], []
    try:
        for law_name, noise, design in configs:
            key = f"{law_name}/{noise}/{design}"
            sets = []
            for seed in range(args.sets):
                sets.append(run_set(workdir, law_name, noise, design, seed, args.replicates, args.threads))
            interior = [s for s in sets if not s["atBound"]]
            bound = [s for s in sets if s["atBound"]]
            bound_sets += bound
            results["configurations"][key] = {"sets": sets, "all": tallies(sets), "interior": tallies(interior),
                                              "atBound": tallies(bound) if bound else None, "boundSets": len(bound)}
            summary = results["configurations"][key]["all"]
            def cell(name):
                entry = summary.get(name)
                if not entry:
                    return "-"
                low, high = entry["wilson95"]
                return f"{100 * entry['rate']:.1f}% [{100 * low:.0f}, {100 * high:.0f}]"
            rows.append([key, len(sets), len(bound), cell("coefficients"), cell("optimal sparsity inside"),
                         cell("optimal sparsity 4x-largest"), cell("prediction inside"), cell("prediction 2x-largest"),
                         cell("prediction 4x-data")])
            print(f"{key}: done ({time.perf_counter() - start:.0f} s)", file=sys.stderr)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    results["seconds"] = time.perf_counter() - start
    if bound_sets:
        results["atBound"] = tallies(bound_sets)
    print_table(["configuration", "sets", "at a bound", "coefficients", "S* inside", "S* at 4x N", "L inside", "L at 2x N", "L at 4x D"], rows)
    if bound_sets:
        print()
        print(f"data sets fitted at a bound ({len(bound_sets)}, all configurations):")
        bound_rows = []
        for name, entry in results["atBound"].items():
            low, high = entry["wilson95"]
            bound_rows.append([name, f"{entry['covered']}/{entry['trials']}", f"{100 * entry['rate']:.1f}%", f"[{100 * low:.0f}, {100 * high:.0f}]"])
        print_table(["quantity", "covered", "rate", "Wilson 95%"], bound_rows)
        conditional = sum(s["conditional"] for s in bound_sets)
        profiled = sum(bool(s["profileBounds"]) for s in bound_sets)
        print(f"{conditional} of them conditional (some replicates still hold the coefficient at 0); "
              f"{profiled} with a profile-likelihood upper end (95% of the replicates hold it)")
    path = write_results("coverage", results)
    print(f"\n{results['seconds']:.0f} s; results in {path.relative_to(REPO_DIR)}")


if __name__ == "__main__":
    main()
