"""The fitter against deep reference minima on hard data (entry point: bench/stress/run).

For every data set of sets.py: two reference minima computed by reference.py (cached in
bench/results/stress/ by the set's content): over the exponents the tool searches, [1e-3, 20],
which is what the tool promises to reach, and over [1e-5, 1e4], for information (where the data
would take the exponents without limits). Then `sparselaw fit --json` at each seed. A fit misses
when its objective is above the first reference by more than a relative 1e-4. A set whose
minimum has a coefficient at 0, or an exponent at a bound of the plausible range (the objective
still falling toward 0 or infinity there), must be reported as degenerate (`degenerate` in the
JSON). A set whose best coefficients cannot be held by a double in the data's units must end with
a data error (exit 65) that names the remedy, --column. Any other exit, a crash, a
non-finite number, or a standard error of exactly 0 is a failure.

Writes bench/results/stress.json and prints a summary; the exit status is 1 when anything failed.
"""

import argparse
import hashlib
import json
import math
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reference  # noqa: E402
import sets  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = BENCH_DIR.parent
RESULTS = BENCH_DIR / "results"
WORK = RESULTS / "stress"
SPARSELAW = os.environ.get("SPARSELAW", str(REPO_DIR / ".build" / "release" / "sparselaw"))

# Bump when reference.py changes what it computes: cached references are then recomputed.
REFERENCE_VERSION = 4
MISS = 1e-4
# Exponents the tool searches (docs/fitting.md); at either bound a fit is degenerate.
PLAUSIBLE = reference.PLAUSIBLE
# The largest and smallest magnitudes a double holds (log10).
LOG10_MAX, LOG10_MIN = 308.2, -307.5
TERM_NAMES = {"sparse": {"aS": "aS", "cS": "cS", "B": "aD", "c": "c"}, "dense": {"A": "A", "B": "B", "E": "E"}}


def content_key(data):
    text = sets.csv_text(data) + f"{data['form']} {data['loss']} {data['delta']} v{REFERENCE_VERSION}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def compute_reference(data, plausible):
    started = time.process_time()
    result = reference.reference(data, plausible=plausible)
    result["cpu_seconds"] = time.process_time() - started
    return data["name"], content_key(data), result


def load_references(all_data, jobs, refresh, plausible):
    """Reference minima over exponents in [1e-5, 1e4] (`plausible` False: what the data would
    prefer without limits) or over the tool's plausible exponents (True: what the tool promises)."""
    path = WORK / ("references-plausible.json" if plausible else "references.json")
    cache = json.loads(path.read_text()) if path.exists() and not refresh else {}
    missing = [d for d in all_data if cache.get(d["name"], {}).get("key") != content_key(d)]
    if missing:
        print(f"computing {len(missing)} reference minima ({jobs} processes); cached in {path}", file=sys.stderr)
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for done, (name, key, result) in enumerate(pool.map(compute_reference, missing, [plausible] * len(missing)), 1):
                cache[name] = {"key": key, **result}
                path.write_text(json.dumps(cache, indent=1, sort_keys=True))
                print(f"  [{done}/{len(missing)}] {name}: {result['objective']:.10g} ({result['status']}, "
                      f"{result['cpu_seconds']:.0f} s)", file=sys.stderr)
    return cache


def classify(data, ref):
    """What the tool must do on this set, from the reference over the plausible exponents:
    well-posed (every exponent inside the plausible range), needs a degenerate mark (a
    coefficient at 0 or an exponent at a bound), expects a data error (coefficients a double
    cannot hold in the data's units)."""
    exponents = ref["exponents"]
    steep = [k for k, v in exponents.items() if v >= PLAUSIBLE[1] * (1 - 1e-3)]
    flat = [k for k, v in exponents.items() if v <= PLAUSIBLE[0] * (1 + 1e-3)]
    zeros = [TERM_NAMES[data["form"]][t] for t in ref["zeros"]]
    magnitudes = {k: v for k, v in ref["log10_coefficients"].items()
                  if v is not None and k not in exponents and k not in ("bS", "bN", "bD", "alpha", "beta")}
    unrepresentable = [k for k, v in magnitudes.items() if v > LOG10_MAX or v < LOG10_MIN]
    well_posed = not steep and not flat
    return {
        "well_posed": well_posed,
        "bound": bool(zeros or steep or flat),
        "zeros": zeros, "steep": steep, "flat": flat,
        "unrepresentable": unrepresentable if well_posed else [],
    }


def run_tool(data, csv_path, seed):
    command = [SPARSELAW, "fit", str(csv_path), "--form", data["form"], "--loss", data["loss"], "--json", "--seed", str(seed)]
    if data["loss"] != "squares":
        command += ["--delta", repr(data["delta"])]
    started = time.perf_counter()
    process = subprocess.run(command, capture_output=True, text=True, timeout=600)
    wall = time.perf_counter() - started
    outcome = {"seed": seed, "status": process.returncode, "seconds": wall}
    if process.returncode == 0:
        try:
            report = json.loads(process.stdout)
        except json.JSONDecodeError as error:
            outcome["problem"] = f"unreadable JSON: {error}"
            return outcome
        outcome["objective"] = report["fit"]["objective"]
        outcome["coefficients"] = report["coefficients"]
        outcome["startsAtBest"] = report["fit"].get("startsAtBest")
        outcome["starts"] = report["fit"].get("starts")
        outcome["basins"] = report["fit"].get("basins")
        outcome["degenerate"] = report.get("degenerate") or []
        outcome["warnings"] = [w if isinstance(w, str) else w.get("code", "") + ": " + w.get("message", "")
                               for w in report.get("warnings", [])]
        bad = [k for k, v in report["coefficients"].items() if not isinstance(v, (int, float)) or not math.isfinite(v)]
        # A coefficient reported as a tiny positive number is a floor, not a value: a fake zero.
        fake = [k for k, v in report["coefficients"].items() if isinstance(v, (int, float)) and 0 < abs(v) < 1e-200]
        # A standard error of exactly 0 stands for "not determined", never for "known exactly".
        zero_errors = [k for k, v in (report.get("standardErrors") or {}).items() if v == 0]
        if bad:
            outcome["problem"] = f"non-finite coefficients {bad}"
        elif fake:
            outcome["problem"] = f"floor values reported as coefficients {fake}"
        elif zero_errors and report["fit"]["objective"] > 0:
            outcome["problem"] = f"standard errors of exactly 0 {zero_errors}"
        elif re.search(r"\b(inf|nan)\b", process.stdout, re.IGNORECASE):
            outcome["problem"] = "inf or nan in the output"
    else:
        outcome["stderr"] = process.stderr.strip()[-600:]
    return outcome


def judge(data, ref, expected, outcome):
    """Adds the verdict to one seed's outcome."""
    verdict = []
    status = outcome["status"]
    if status not in (0, 65):
        verdict.append(f"exit {status}")
    if "problem" in outcome:
        verdict.append(outcome["problem"])
    if status == 65:
        if not expected["unrepresentable"] and expected["well_posed"]:
            verdict.append("unexpected data error")
        elif "--column" not in outcome.get("stderr", "") and (expected["well_posed"] or "--fix" not in outcome.get("stderr", "")):
            # The remedy: rescale the column, or (a term nearly constant, degenerate) hold its exponent.
            verdict.append("data error without a remedy (--column, or --fix on a degenerate set)")
    if status == 0:
        objective = outcome["objective"]
        excess = (objective - ref["objective"]) / ref["objective"] if ref["objective"] > 0 else objective
        outcome["excess"] = excess
        outcome["miss"] = excess > MISS
        outcome["beats_reference"] = excess < -1e-7
        if expected["well_posed"] and outcome["miss"]:
            verdict.append(f"miss {excess:+.2e}")
        if expected["unrepresentable"]:
            verdict.append("fitted a set whose coefficients overflow in data units")
        marked = bool(outcome["degenerate"])
        outcome["marked_degenerate"] = marked
        if expected["bound"] and not marked:
            verdict.append("no degenerate mark")
    outcome["verdict"] = verdict
    return outcome


def summarize(results):
    rows = {}
    for entry in results:
        key = (entry["form"], entry["kind"])
        row = rows.setdefault(key, {"sets": 0, "well_posed": 0, "bound": 0, "fits": 0, "misses": 0, "sets_missed": 0,
                                    "marked": 0, "mark_needed": 0, "data_errors": 0, "failures": 0, "beats": 0, "misses_degenerate": 0})
        row["sets"] += 1
        row["well_posed"] += entry["expected"]["well_posed"]
        row["bound"] += entry["expected"]["bound"]
        missed = False
        for outcome in entry["seeds"]:
            row["fits"] += 1
            if outcome["status"] == 65:
                row["data_errors"] += 1
            if entry["expected"]["well_posed"] and outcome.get("miss"):
                row["misses"] += 1
                missed = True
            elif outcome.get("miss"):
                row["misses_degenerate"] += 1
            if entry["expected"]["bound"] and outcome["status"] == 0:
                row["mark_needed"] += 1
                row["marked"] += bool(outcome.get("marked_degenerate"))
            if outcome["verdict"]:
                row["failures"] += 1
            row["beats"] += bool(outcome.get("beats_reference"))
        row["sets_missed"] += missed
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", default="0-9", help="seeds of the tool, e.g. 0-9 or 0,3,7")
    parser.add_argument("--only", help="regular expression on set names")
    parser.add_argument("--jobs", type=int, default=2, help="processes for the reference minima")
    parser.add_argument("--refresh", action="store_true", help="recompute every reference minimum")
    parser.add_argument("--references-only", action="store_true")
    parser.add_argument("--output", default=str(RESULTS / "stress.json"))
    args = parser.parse_args()
    if "-" in args.seeds:
        low, high = map(int, args.seeds.split("-"))
        seeds = list(range(low, high + 1))
    else:
        seeds = [int(s) for s in args.seeds.split(",")]

    all_data = sets.all_sets()
    if args.only:
        all_data = [d for d in all_data if re.search(args.only, d["name"])]
    (WORK / "data").mkdir(parents=True, exist_ok=True)
    unlimited = load_references(all_data, args.jobs, args.refresh, plausible=False)
    references = load_references(all_data, args.jobs, args.refresh, plausible=True)
    if args.references_only:
        return 0

    results = []
    started = time.time()
    for data in all_data:
        csv_path = WORK / "data" / f"{data['name']}.csv"
        csv_path.write_text(sets.csv_text(data))
        ref = references[data["name"]]
        expected = classify(data, ref)
        outcomes = [judge(data, ref, expected, run_tool(data, csv_path, seed)) for seed in seeds]
        free = unlimited[data["name"]]
        results.append({"name": data["name"], "form": data["form"], "kind": data["kind"], "note": data["note"],
                        "loss": data["loss"], "runs": len(data["L"]), "reference": {k: v for k, v in ref.items() if k != "subsets"},
                        "unlimited_reference": {k: v for k, v in free.items() if k != "subsets"},
                        "expected": expected, "seeds": outcomes})
        bad = [o for o in outcomes if o["verdict"]]
        flag = "FAIL" if bad else "ok"
        worst = max((o.get("excess", 0) for o in outcomes), default=0)
        beyond = "" if free["objective"] >= ref["objective"] * (1 - 1e-6) else f" (unlimited exponents: {free['objective']:.3e})"
        print(f"{flag:4} {data['name']:26} {ref['status']:11} ref {ref['objective']:.6e}{beyond} worst excess {worst:+.1e}"
              + (f"  [{'; '.join(sorted({v for o in bad for v in o['verdict']}))}]" if bad else ""), flush=True)

    rows = summarize(results)
    print()
    header = ["form", "kind", "sets", "well-posed", "bound", "fits", "misses", "sets missed", "marked/needed", "exit 65", "failures", "beat ref",
              "misses (exp. at bound)"]
    print("  ".join(header))
    total = {k: 0 for k in ["sets", "well_posed", "bound", "fits", "misses", "sets_missed", "marked", "mark_needed", "data_errors", "failures", "beats",
                            "misses_degenerate"]}
    for (form, kind), row in rows.items():
        for k in total:
            total[k] += row[k]
        print(f"{form:6} {kind:12} {row['sets']:4} {row['well_posed']:10} {row['bound']:5} {row['fits']:5} {row['misses']:6} "
              f"{row['sets_missed']:11} {row['marked']:6}/{row['mark_needed']:<6} {row['data_errors']:7} {row['failures']:8} {row['beats']:8} {row['misses_degenerate']:8}")
    row = total
    print(f"{'all':6} {'':12} {row['sets']:4} {row['well_posed']:10} {row['bound']:5} {row['fits']:5} {row['misses']:6} "
          f"{row['sets_missed']:11} {row['marked']:6}/{row['mark_needed']:<6} {row['data_errors']:7} {row['failures']:8} {row['beats']:8} {row['misses_degenerate']:8}")
    print(f"\n{len(results)} sets x {len(seeds)} seeds in {time.time() - started:.0f} s; details in {args.output}")
    Path(args.output).write_text(json.dumps({"seeds": seeds, "miss_tolerance": MISS, "plausible_exponents": PLAUSIBLE,
                                             "tool": SPARSELAW, "summary": total, "sets": results}, indent=1))
    return 1 if total["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
