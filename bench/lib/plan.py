"""Times `sparselaw plan` on a law with 1000 bootstrap replicates (entry point: bench/plan).

The law is fitted by `sparselaw fit data/example-runs.csv --bootstrap 1000 --seed 1`; the profile is
data/hardware/example-a100.json (a measured-style curve with kinks). Three questions, each a whole
process timed from outside (medians of --repeats runs, with CPU time and peak memory):

  budget    plan --compute 1e20 --memory 100MB            (the lowest loss for a budget)
  lifetime  plan --compute 1e20 --inference-tokens 1e11 --memory 100MB   (the lowest loss when
            training plus serving 1e11 tokens costs 1e20)
  target    plan --target-loss 3 --inference-tokens 1e12 --memory 100MB   (the cheapest run)
  ideal     plan --compute 1e20 --memory 100MB --hardware ideal           (the closed-form cost)

each also with --threads 1. Beside them, plan_brute.py answers the budget, lifetime and target questions
for the law and all 1000 replicates by numpy over a grid of 300 sparsities x 600 sizes (the
largest size the memory holds added at each sparsity), and the two are compared: the tool's
plan for the law must be at least as good as every grid point, and its 95% intervals must match
the brute force's to within the grid's resolution.
"""

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import PYTHON, REPO_DIR, SPARSELAW, machine, median, print_table, run_process, seconds, write_results  # noqa: E402

LIB = Path(__file__).resolve().parent
PROFILE = "data/hardware/example-a100.json"
QUESTIONS = {
    "budget": ["--hardware", PROFILE, "--compute", "1e20", "--memory", "100MB"],
    "lifetime": ["--hardware", PROFILE, "--compute", "1e20", "--inference-tokens", "1e11", "--memory", "100MB"],
    "target": ["--hardware", PROFILE, "--target-loss", "3", "--inference-tokens", "1e12", "--memory", "100MB"],
    "ideal": ["--hardware", "ideal", "--compute", "1e20", "--memory", "100MB"],
}
TARGET = "1000 bootstrap replicates planned in under 1 s, whole process"


def log(message):
    print(message, file=sys.stderr, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=11, help="runs of each plan command (default 11)")
    parser.add_argument("--brute-repeats", type=int, default=1, help="runs of the numpy brute force, about a minute each (default 1)")
    args = parser.parse_args()

    results = {"machine": machine(), "settings": vars(args), "target": TARGET}
    workdir = Path(tempfile.mkdtemp(prefix="sparselaw-plan-"))
    try:
        law = workdir / "law.json"
        log("fitting the example runs with 1000 bootstrap replicates")
        wall, _, _, _ = run_process([SPARSELAW, "fit", "data/example-runs.csv", "--bootstrap", "1000", "--seed", "1", "--output", str(law)])
        results["fit_seconds"] = wall
        replicates = len(json.loads(law.read_text())["bootstrap"]["replicates"])

        runs, answers = {}, {}
        for i in range(args.repeats):
            log(f"  repeat {i}")
            for name, question in QUESTIONS.items():
                for threads in (None, 1):
                    key = name if threads is None else f"{name}, 1 thread"
                    command = [SPARSELAW, "plan", "--law", str(law), *question, "--json"] + ([] if threads is None else ["--threads", "1"])
                    wall, out, rss, cpu = run_process(command)
                    runs.setdefault(key, []).append({"wall": wall, "cpu": cpu, "peak_rss_kib": rss})
                    answers[key] = json.loads(out)
        brute_runs, brute = [], None
        for i in range(args.brute_repeats):
            log(f"  numpy brute force, run {i}")
            wall, out, rss, cpu = run_process([PYTHON, str(LIB / "plan_brute.py"), "--law", str(law), "--profile", PROFILE])
            brute = json.loads(out)
            brute_runs.append({"wall": wall, "cpu": cpu, "peak_rss_kib": rss, "compute_seconds": brute["compute_seconds"]})
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    agreement = {}
    for name in ("budget", "lifetime", "target"):
        tool, grid = answers[name], brute[name]
        key = "cost" if name == "target" else "loss"
        # The tool's own plan against the grid, both through the same law: the grid can only lose.
        excess = (tool[key] - grid["law"][key]) / grid["law"][key]
        interval = {k: [abs(t - g) / abs(g) for t, g in zip(tool["intervals"][k], grid["intervals"][k])] for k in ("params", "sparsity", "tokens", key)}
        agreement[name] = {"excess_over_grid": excess, "interval_relative_differences": interval,
                           "sparse_beats_dense": [tool["intervals"]["sparseBeatsDense"], grid["sparseBeatsDense"]],
                           "tool": {k: tool[k] for k in ("params", "sparsity", "tokens", key)}, "grid": grid["law"]}
    results.update({"replicates": replicates, "runs": runs, "brute_force": {"runs": brute_runs}, "agreement": agreement})
    best = min(median([r["wall"] for r in runs[k]]) for k in runs if not k.startswith("ideal"))
    worst = max(median([r["wall"] for r in runs[k]]) for k in runs if not k.startswith("ideal"))
    results["verdict"] = {"met": worst < 1.0, "slowest_median_seconds": worst, "fastest_median_seconds": best}
    path = write_results("plan", results)

    m = results["machine"]
    print(f"\nMachine: {m['nproc']} CPUs ({m['cpu']}), {m['memory']}, load at start {' '.join(m['loadavg_at_start'] or [])}; "
          f"Python {m['python']}, numpy {m['numpy']}; {m['swift']}, GSL {m['gsl']}\n")
    print(f"sparselaw plan with a law of {replicates} bootstrap replicates (medians of {args.repeats} whole processes):\n")
    rows = [[key, seconds(median([r["wall"] for r in v])), seconds(median([r["cpu"] for r in v])),
             f"{median([r['peak_rss_kib'] for r in v]) / 1024:.0f} MiB"] for key, v in runs.items()]
    brute_wall = median([r["wall"] for r in brute_runs])
    rows.append([f"numpy brute force, budget, lifetime and target, law + {replicates} replicates", seconds(brute_wall),
                 seconds(median([r["cpu"] for r in brute_runs])), f"{median([r['peak_rss_kib'] for r in brute_runs]) / 1024:.0f} MiB"])
    print_table(["question", "wall", "CPU", "peak memory"], rows)
    print("\nAgreement with the brute force (relative differences):\n")
    table = []
    for name, a in agreement.items():
        worst_interval = max(max(v) for v in a["interval_relative_differences"].values())
        table.append([name, f"{a['excess_over_grid']:.2g}", f"{worst_interval:.2g}",
                      f"{a['sparse_beats_dense'][0]:.3f} / {a['sparse_beats_dense'][1]:.3f}"])
    print_table(["question", "tool's plan minus the grid's best (< 0: the tool's is better)", "largest interval end difference",
                 "sparse beats dense, tool / grid"], table)
    print(f"\nTarget: {TARGET}: {'MET' if results['verdict']['met'] else 'NOT MET'}, slowest median {seconds(worst)}")
    print(f"\nraw results: {path.relative_to(REPO_DIR)}")


if __name__ == "__main__":
    main()
