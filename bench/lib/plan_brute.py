"""The numpy brute force beside `sparselaw plan` (run by bench/lib/plan.py).

  plan_brute.py --law law.json --profile data/hardware/example-a100.json

For the law and each of its bootstrap replicates, the budget question (the lowest loss for 1e20
dense FLOPs, weights within 100 MB), the lifetime question (the same, the 1e20 FLOPs paying for
training and serving 1e11 tokens) and the target question (the cheapest run to loss 3 serving
1e12 tokens, weights within 100 MB), over every (N, S) of a grid: 150 sparsities evenly spaced in
[0, cap], 150 evenly spaced in log(1 - S), and the profile's measured points; sizes 100 per
decade over 1e4..1e10, plus at each sparsity the largest size the memory holds. The schedule's
mean of 1 / speedup (pruned cubically from 25% to 75% of training) is Simpson's rule over training
time, 4000 panels, split where the sparsity crosses a measured point. Prints one JSON object: the
law's plans, the 95% intervals over the replicates, the share where sparse beats dense, and the
seconds the computation took.
"""

import argparse
import json
import time

import numpy as np

BUDGET, MEMORY, TARGET, TOKENS, LIFETIME_TOKENS = 1e20, 1e8, 3.0, 1e12, 1e11
START, END, POWER = 0.25, 0.75, 3.0


def interpolate(points, s):
    points = np.asarray(points, dtype=float)
    return np.interp(s, points[:, 0], points[:, 1])


def mean_inverse_speedup(points, s):
    """E_t[1/u(s(t))] for a run ending at sparsity s."""
    points = np.asarray(points, dtype=float)
    if s == 0:
        return 1.0
    edges = [0.0] + [1 - (1 - p / s) ** (1 / POWER) for p in points[:, 0] if 0 < p < s] + [1.0]
    integral = 0.0
    for a, b in zip(edges, edges[1:]):
        panels = max(2, int(4000 * (b - a) / 2) * 2)
        x = np.linspace(a, b, panels + 1)
        values = 1 / interpolate(points, s * (1 - (1 - x) ** POWER))
        weights = np.ones(panels + 1)
        weights[1:-1:2], weights[2:-1:2] = 4, 2
        integral += (b - a) / panels / 3 * np.dot(weights, values)
    return START + (END - START) * integral + (1 - END) / interpolate(points, s)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--law", required=True)
    parser.add_argument("--profile", required=True)
    args = parser.parse_args()
    law = json.load(open(args.law))
    profile = json.load(open(args.profile))
    names = ["aS", "bS", "cS", "bN", "aD", "bD", "c"]
    laws = [[law["coefficients"][k] for k in names]] + law["bootstrap"]["replicates"]

    started = time.perf_counter()
    training, inference = profile["training"], profile.get("inference", profile["training"])
    cap = min(0.99, law.get("maxFittedSparsity") or 0.99, training[-1][0], inference[-1][0])
    measured = [p[0] for p in training + inference if p[0] <= cap]
    s = np.unique(np.concatenate([np.linspace(0, cap, 150), 1 - np.geomspace(1, 1 - cap, 150), measured]))
    mean = np.array([mean_inverse_speedup(training, v) for v in s])
    v = interpolate(inference, s)
    dense_bytes = profile["bytesPerValue"] / (1 - s)
    sparse_bytes = profile["bytesPerNonzero"] + profile["bytesPerParameter"] / (1 - s)
    per_nonzero = np.where(s > 0, np.minimum(dense_bytes, sparse_bytes), dense_bytes)
    sizes = np.geomspace(1e4, 1e10, 601)
    # Each column: the grid's sizes the memory holds, then the largest it holds.
    n = np.concatenate([np.broadcast_to(sizes[:, None], (len(sizes), len(s))), (MEMORY / per_nonzero)[None, :]])
    fits = n * per_nonzero[None, :] <= MEMORY * (1 + 1e-12)

    budget, lifetime, target = [], [], []
    for aS, bS, cS, bN, aD, bD, c in laws:
        factor = aS * (1 - s) ** bS + cS
        # The budget: D = C (1 - S) / (6 N E_t[1/u]).
        tokens = BUDGET * (1 - s)[None, :] / (6 * n * mean[None, :])
        loss = np.where(fits, factor[None, :] * n ** -bN + (aD / tokens) ** bD + c, np.inf)
        i, j = np.unravel_index(np.argmin(loss), loss.shape)
        k = np.argmin(loss[:, 0])
        budget.append({"params": n[i, j], "sparsity": s[j], "tokens": tokens[i, j], "loss": loss[i, j], "dense": loss[k, 0]})
        # The lifetime: D = (C - 2 N_total T / v(S)) / (6 N_total E_t[1/u]), where serving leaves some.
        total = n / (1 - s)[None, :]
        tokens = (BUDGET - 2 * total * LIFETIME_TOKENS / v[None, :]) / (6 * total * mean[None, :])
        with np.errstate(divide="ignore", invalid="ignore"):
            loss = np.where(fits & (tokens > 0), factor[None, :] * n ** -bN + (aD / np.abs(tokens)) ** bD + c, np.inf)
        i, j = np.unravel_index(np.argmin(loss), loss.shape)
        k = np.argmin(loss[:, 0])
        lifetime.append({"params": n[i, j], "sparsity": s[j], "tokens": tokens[i, j], "loss": loss[i, j], "dense": loss[k, 0]})
        # The target: D from the law, cost training plus inference.
        q = TARGET - c - factor[None, :] * n ** -bN
        with np.errstate(divide="ignore", invalid="ignore"):
            tokens = np.where(q > 0, aD / np.abs(q) ** (1 / bD), np.inf)
            total = n / (1 - s)[None, :]
            cost = np.where(fits & (q > 0), 6 * total * tokens * mean[None, :] + 2 * total * TOKENS / v[None, :], np.inf)
        i, j = np.unravel_index(np.argmin(cost), cost.shape)
        k = np.argmin(cost[:, 0])
        target.append({"params": n[i, j], "sparsity": s[j], "tokens": tokens[i, j], "cost": cost[i, j], "dense": cost[k, 0]})
    elapsed = time.perf_counter() - started

    def summary(plans, key):
        replicates = plans[1:]
        intervals = {k: [float(np.percentile([p[k] for p in replicates], 2.5)), float(np.percentile([p[k] for p in replicates], 97.5))]
                     for k in ("params", "sparsity", "tokens", key)}
        beats = float(np.mean([p["sparsity"] > 0 and p[key] < p["dense"] for p in replicates]))
        return {"law": {k: float(plans[0][k]) for k in ("params", "sparsity", "tokens", key)}, "intervals": intervals, "sparseBeatsDense": beats}

    print(json.dumps({"budget": summary(budget, "loss"), "lifetime": summary(lifetime, "loss"), "target": summary(target, "cost"), "compute_seconds": elapsed,
                      "grid": {"sparsities": len(s), "sizes": n.shape[0]}}))


if __name__ == "__main__":
    main()
