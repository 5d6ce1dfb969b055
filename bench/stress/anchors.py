"""Two builds of sparselaw on the anchor fits (T5, ViT, Chinchilla), side by side: objectives,
the largest relative difference of any coefficient, and whole-process times (wall clock and the
child's own CPU time, medians over interleaved runs so that the machine's load falls on both).

Usage: python3 bench/stress/anchors.py BEFORE AFTER [--runs K] [--seeds 0,1,2]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lib"))
from compare import CLI_FITS  # noqa: E402


def run(binary, name, seed):
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen([binary, "fit", *CLI_FITS[name], "--seed", str(seed)], stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"{binary} fit {name} failed")
        out.seek(0)
        report = json.loads(out.read())
    return wall, usage.ru_utime + usage.ru_stime, report


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--seeds", default="0,1,2")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    print(f"{'fit':10} {'seed':>4} {'objective before':>22} {'objective after':>22} {'max coef. diff':>14}")
    for name in CLI_FITS:
        for seed in seeds:
            _, _, a = run(args.before, name, seed)
            _, _, b = run(args.after, name, seed)
            diff = max(abs(b["coefficients"][k] / a["coefficients"][k] - 1) for k in a["coefficients"])
            print(f"{name:10} {seed:4} {a['fit']['objective']:22.15e} {b['fit']['objective']:22.15e} {diff:14.2e}")
    print(f"\n{'fit':10} {'wall before':>12} {'wall after':>12} {'ratio':>6} {'cpu before':>12} {'cpu after':>12} {'ratio':>6}   (medians of {args.runs})")
    for name in CLI_FITS:
        walls = {"before": [], "after": []}
        cpus = {"before": [], "after": []}
        for _ in range(args.runs):
            for label, binary in (("before", args.before), ("after", args.after)):
                wall, cpu, _ = run(binary, name, 0)
                walls[label].append(wall)
                cpus[label].append(cpu)
        wb, wa = statistics.median(walls["before"]), statistics.median(walls["after"])
        cb, ca = statistics.median(cpus["before"]), statistics.median(cpus["after"])
        print(f"{name:10} {wb * 1e3:10.1f}ms {wa * 1e3:10.1f}ms {wa / wb:6.2f} {cb * 1e3:10.1f}ms {ca * 1e3:10.1f}ms {ca / cb:6.2f}")


if __name__ == "__main__":
    main()
