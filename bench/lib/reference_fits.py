"""The scipy fitting procedures that `sparselaw fit` is compared against, one per process run.

  reference_fits.py t5  --seed K [--gradient finite-difference|analytic]
  reference_fits.py vit --seed K [--gradient ...]
  reference_fits.py chinchilla [--gradient analytic|finite-difference]

t5, vit: Frantar et al.'s procedure for the sparse law
    L = (aS (1-S)^bS + cS) N^-bN + (aD/D)^bD + c,
the mean Huber objective (T5: residual log pred - log loss, delta 1e-3; ViT: pred - loss, delta
1e-2), scipy.optimize.minimize(method="BFGS") from 25 uniform random starts, in normalized units
(N / 1e6; D / 1e5 steps for T5, D / 1e9 images for ViT). BFGS works on the seven coefficients
themselves (three exponents bS, bN, bD and four constants aS, cS, aD, c), unconstrained; the
starts are drawn from START_RANGES.

chinchilla: Hoffmann et al.'s procedure as replicated by Besiroglu et al. (Epoch AI) for the dense
law L = E + A N^-alpha + B D^-beta on the Chinchilla points without the 5 highest losses: Huber
(delta 1e-3) on log pred - log loss, summed over points, log pred written as
LSE(a - alpha log N, b - beta log D, e) with A = exp(a), B = exp(b), E = exp(e),
scipy.optimize.minimize(method="L-BFGS-B") from every point of the grid
a, b in {0, 5, ..., 25}, e in {-1, -0.5, ..., 1}, alpha, beta in {0, 0.5, ..., 2} (4500 starts).

Prints one JSON object: fit_seconds (the starts alone, after imports and reading), the best
objective as the mean Huber loss (the number `sparselaw fit` reports), the best coefficients in
the data's units, and how many starts reached the best objective (to a relative 1e-6).
"""

import argparse
import csv
import itertools
import json
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import ANCHORS_DIR  # noqa: E402

# Uniform start ranges, in normalized units, for (aS, bS, cS, bN, aD, bD, c). They contain the
# published T5 and ViT solutions (normalized: aS 0.57 / 1.31, cS 1.52 / 2.08, aD 0.105 / 0.237)
# with room on each side; c starts below the lowest measured loss (the irreducible loss cannot
# exceed it), the upper end None standing for that.
START_RANGES = {
    "aS": (0.0, 5.0),
    "bS": (0.0, 2.0),
    "cS": (0.0, 5.0),
    "bN": (0.0, 1.0),
    "aD": (0.0, 1.0),
    "bD": (0.0, 1.0),
    "c": (0.0, None),
}
STARTS = 25
SAME_OBJECTIVE = 1e-6  # relative agreement counted as "the same minimum"

# Per data set: the residual, the Huber delta, and the units N and D are divided by.
SPARSE_DATA = {
    "t5": {"residual": "log", "delta": 1e-3, "params_unit": 1e6, "data_unit": 1e5, "data_to_law": 1e5 * 65536},
    "vit": {"residual": "raw", "delta": 1e-2, "params_unit": 1e6, "data_unit": 1e9, "data_to_law": 1e9},
}


def load_t5():
    """N = 169869312 scale (1 - sparsity), D = steps, loss = val-loss."""
    with open(ANCHORS_DIR / "t5-data.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    column = lambda name: np.array([float(r[name]) for r in rows])
    sparsity = column("sparsity")
    return sparsity, 169869312 * column("scale") * (1 - sparsity), column("steps"), column("val-loss")


def load_vit():
    """pandas column-oriented JSON: {"column": {"row id": value}}; N = 84934656 scale (1 - sparsity),
    D = total_examples, loss = val-loss."""
    with open(ANCHORS_DIR / "vit-data.json") as f:
        table = json.load(f)
    ids = sorted(table["val-loss"], key=int)
    column = lambda name: np.array([float(table[name][i]) for i in ids])
    sparsity = column("sparsity")
    return sparsity, 84934656 * column("scale") * (1 - sparsity), column("total_examples"), column("val-loss")


def huber(r, delta):
    a = np.abs(r)
    return np.where(a <= delta, 0.5 * r * r, delta * (a - 0.5 * delta))


class SparseObjective:
    """The mean Huber loss of the sparse law and its gradient, in normalized units."""

    TINY = 1e-12  # below it log(pred) continues as a straight line, so BFGS never sees NaN

    def __init__(self, sparsity, params, data, loss, residual, delta):
        self.log_density = np.log1p(-sparsity)
        self.density = 1 - sparsity
        self.n, self.d, self.y = params, data, loss
        self.log_n, self.log_d = np.log(params), np.log(data)
        self.residual, self.delta = residual, delta
        self.target = np.log(loss) if residual == "log" else loss

    def terms(self, x):
        aS, bS, cS, bN, aD, bD, c = x
        q = np.exp(bS * self.log_density)  # (1-S)^bS
        nb = np.exp(-bN * self.log_n)  # N^-bN
        # The law depends on aD only through (aD/D)^bD; |aD| keeps it defined for every x.
        log_ratio = np.log(max(abs(aD), 1e-300)) - self.log_d
        t = np.exp(bD * log_ratio)
        pred = (aS * q + cS) * nb + t + c
        return q, nb, log_ratio, t, pred

    def residuals(self, pred):
        if self.residual == "raw":
            return pred - self.target, np.ones_like(pred)
        safe = np.maximum(pred, self.TINY)
        logp = np.where(pred > self.TINY, np.log(safe), np.log(self.TINY) + (pred - self.TINY) / self.TINY)
        return logp - self.target, 1 / safe

    def value(self, x):
        with np.errstate(all="ignore"):
            r, _ = self.residuals(self.terms(x)[4])
            return float(np.mean(huber(r, self.delta)))

    def value_and_gradient(self, x):
        aS, bS, cS, bN, aD, bD, c = x
        with np.errstate(all="ignore"):
            q, nb, log_ratio, t, pred = self.terms(x)
            r, slope = self.residuals(pred)
            weight = np.clip(r, -self.delta, self.delta) * slope / len(r)
            dpred = np.stack([
                q * nb,
                aS * q * self.log_density * nb,
                nb,
                -(aS * q + cS) * nb * self.log_n,
                bD * t / aD if aD != 0 else np.zeros_like(t),
                t * log_ratio,
                np.ones_like(t),
            ])
            return float(np.mean(huber(r, self.delta))), dpred @ weight


def fit_sparse(name, seed, gradient):
    spec = SPARSE_DATA[name]
    sparsity, params, data, loss = load_t5() if name == "t5" else load_vit()
    objective = SparseObjective(sparsity, params / spec["params_unit"], data / spec["data_unit"], loss,
                                spec["residual"], spec["delta"])
    low = np.array([lo for lo, _ in START_RANGES.values()])
    high = np.array([hi if hi is not None else loss.min() for _, hi in START_RANGES.values()])

    start = time.perf_counter()
    rng = np.random.default_rng(seed)
    results = []
    for _ in range(STARTS):
        x0 = rng.uniform(low, high)
        if gradient == "analytic":
            result = minimize(objective.value_and_gradient, x0, jac=True, method="BFGS")
        else:
            result = minimize(objective.value, x0, method="BFGS")
        results.append(result)
    fit_seconds = time.perf_counter() - start

    objectives = np.array([objective.value(r.x) for r in results])
    best = results[int(np.nanargmin(objectives))]
    aS, bS, cS, bN, aD, bD, c = best.x
    scale_n = spec["params_unit"] ** bN
    coefficients = {"aS": aS * scale_n, "bS": bS, "cS": cS * scale_n, "bN": bN,
                    "aD": abs(aD) * spec["data_to_law"], "bD": bD, "c": c}
    best_objective = float(np.nanmin(objectives))
    return {
        "procedure": f"{name}: BFGS ({gradient} gradient), {STARTS} uniform random starts, seed {seed}",
        "fit_seconds": fit_seconds,
        "objective": best_objective,
        "starts": STARTS,
        "starts_at_best": int(np.sum(np.abs(objectives - best_objective) <= SAME_OBJECTIVE * best_objective)),
        "function_evaluations": int(sum(r.nfev for r in results)),
        "coefficients": coefficients,
    }


def load_chinchilla(drop=5):
    """N = Model Size, D = Training FLOP / (6 N), without the `drop` highest losses."""
    with open(ANCHORS_DIR / "chinchilla-svg-extracted.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    n = np.array([float(r["Model Size"]) for r in rows])
    flops = np.array([float(r["Training FLOP"]) for r in rows])
    loss = np.array([float(r["loss"]) for r in rows])
    keep = np.sort(np.argsort(loss, kind="stable")[: len(loss) - drop])
    return n[keep], flops[keep] / (6 * n[keep]), loss[keep]


def fit_chinchilla(gradient):
    n, d, loss = load_chinchilla()
    log_n, log_d, log_loss = np.log(n), np.log(d), np.log(loss)
    delta = 1e-3

    def value_and_gradient(x):
        a, b, e, alpha, beta = x
        z = np.stack([a - alpha * log_n, b - beta * log_d, np.full_like(log_n, e)])
        top = z.max(axis=0)
        w = np.exp(z - top)
        total = w.sum(axis=0)
        w /= total
        r = top + np.log(total) - log_loss
        psi = np.clip(r, -delta, delta)
        g = np.array([psi @ w[0], psi @ w[1], psi @ w[2], -(psi * w[0]) @ log_n, -(psi * w[1]) @ log_d])
        return float(np.sum(huber(r, delta))), g

    value = lambda x: value_and_gradient(x)[0]
    grid = list(itertools.product(np.arange(0, 30, 5.0), np.arange(0, 30, 5.0), np.arange(-1, 1.5, 0.5),
                                  np.arange(0, 2.5, 0.5), np.arange(0, 2.5, 0.5)))
    start = time.perf_counter()
    results = []
    for x0 in grid:
        x0 = np.array(x0)
        if gradient == "analytic":
            results.append(minimize(value_and_gradient, x0, jac=True, method="L-BFGS-B"))
        else:
            results.append(minimize(value, x0, method="L-BFGS-B"))
    fit_seconds = time.perf_counter() - start

    sums = np.array([r.fun for r in results])
    best = results[int(np.nanargmin(sums))]
    a, b, e, alpha, beta = best.x
    best_sum = float(np.nanmin(sums))
    return {
        "procedure": f"chinchilla: L-BFGS-B ({gradient} gradient) from a grid of {len(grid)} starts",
        "fit_seconds": fit_seconds,
        "objective": best_sum / len(loss),
        "starts": len(grid),
        "starts_at_best": int(np.sum(np.abs(sums - best_sum) <= SAME_OBJECTIVE * best_sum)),
        "function_evaluations": int(sum(r.nfev for r in results)),
        "coefficients": {"E": float(np.exp(e)), "A": float(np.exp(a)), "B": float(np.exp(b)),
                         "alpha": float(alpha), "beta": float(beta)},
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", choices=["t5", "vit", "chinchilla"])
    parser.add_argument("--seed", type=int, default=0, help="seed of the random starts (t5, vit)")
    parser.add_argument("--gradient", choices=["finite-difference", "analytic"], default=None,
                        help="default: finite-difference (scipy's own) for t5/vit, analytic for chinchilla")
    args = parser.parse_args()
    if args.data == "chinchilla":
        result = fit_chinchilla(args.gradient or "analytic")
    else:
        result = fit_sparse(args.data, args.seed, args.gradient or "finite-difference")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
