"""The numpy reference for `sparselaw contours --grid NxM --grid-csv FILE` under dense FLOPs.

  numpy_grid.py --law data/laws/t5-c4.json --params 1e7:1e11 --compute 1e14:1e31 \
      --grid 1000x1000 --output grid.csv

Vectorized closed form (docs/optimal-sparsity.md): with K = 6 aD N / C,
    S* = 1 - (bD K^bD N^bN / (aS bS))^(1 / (bS + bD)), clipped to [0, max sparsity],
computed in logarithms; D = C (1 - S*) / (6 N) and the law's loss at (S*, N, D). The points are
log-spaced like the tool's (ends exact), rows run over C for each N in turn, and the CSV has the
same columns, params,compute,sparsity,loss, written by np.savetxt with 17 significant digits
(exact round trip; the fastest of the numpy/Python writers we tried).

Prints one JSON object with compute_seconds and write_seconds.
"""

import argparse
import json
import time

import numpy as np


def log_spaced(low, high, count):
    """Like the tool's logSpaced: exp(a + (b - a) i / (count - 1)), ends exactly low and high."""
    a, b = np.log(low), np.log(high)
    values = np.exp(a + (b - a) * np.arange(count) / (count - 1))
    values[0], values[-1] = low, high
    return values


def optimal_grid(law, params, compute, max_sparsity):
    aS, bS, cS, bN, aD, bD, c = (law[k] for k in ("aS", "bS", "cS", "bN", "aD", "bD", "c"))
    n = np.repeat(params, len(compute))
    flops = np.tile(compute, len(params))
    log_k = np.log(6 * aD * n / flops)
    log_ratio = np.log(bD) + bD * log_k + bN * np.log(n) - np.log(aS * bS)
    sparsity = np.clip(-np.expm1(log_ratio / (bS + bD)), 0, max_sparsity)
    tokens = flops * (1 - sparsity) / (6 * n)
    loss = (aS * (1 - sparsity) ** bS + cS) * n ** -bN + (aD / tokens) ** bD + c
    return np.column_stack([n, flops, sparsity, loss])


def parse_range(text):
    low, high = (float(v) for v in text.split(":"))
    return low, high


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--law", required=True, help="a sparse law file (data/laws/*.json)")
    parser.add_argument("--params", type=parse_range, default=(1e7, 1e11))
    parser.add_argument("--compute", type=parse_range, required=True)
    parser.add_argument("--grid", default="1000x1000")
    parser.add_argument("--max-sparsity", type=float, default=0.99)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()

    with open(args.law) as f:
        law = json.load(f)["coefficients"]
    rows, cols = (int(v) for v in args.grid.lower().split("x"))

    start = time.perf_counter()
    table = optimal_grid(law, log_spaced(*args.params, rows), log_spaced(*args.compute, cols), args.max_sparsity)
    computed = time.perf_counter()
    np.savetxt(args.output, table, fmt="%.17g", delimiter=",", header="params,compute,sparsity,loss", comments="")
    written = time.perf_counter()
    print(json.dumps({"compute_seconds": computed - start, "write_seconds": written - computed, "rows": len(table)}))


if __name__ == "__main__":
    main()
