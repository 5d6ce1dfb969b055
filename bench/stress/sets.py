"""The stress data sets: seeded random training-run tables, sparse and dense, ordinary and hard.

Every set is a pure function of its kind and index (numpy's PCG64 seeded with [kind id, index]),
so a set's name identifies its data exactly and references can be cached by name and content.

Kinds (the law in normalized form: n = N / N_mid, d = D / D_mid, u = 1 - S):
  ordinary      the usual ranges, 0.1-1% multiplicative noise
  tiny-term     one term 1e-4 to 1e-2 of the loss (terms of very different size)
  c-near-zero   the irreducible loss at or near 0 (bits-per-byte, reducible-loss fits)
  off-lattice   one exponent far outside the usual range (0.005-0.02, or 2.5-9)
  noisy         2-5% noise
  outliers      5-12% of runs moved by 5-35%
  off-law       losses from other laws (broken power law, Kaplan's interaction form, log-linear,
                exponential saturation)
  bound         a coefficient whose best value is 0: a shifted loss (c < 0), a loss that rises with
                data, sparsity that hurts at fixed non-zeros, a loss rising with size
  infinite      a step only the smallest model (or data budget) takes: the best exponent is infinite
  units         the same laws in extreme units (N near 1e50-1e62): coefficients that a double cannot
                hold in the data's units
"""

import math

import numpy as np

KINDS = ["ordinary", "tiny-term", "c-near-zero", "off-lattice", "noisy", "outliers", "off-law", "bound",
         "infinite", "units"]
# How many sets of each kind, per form.
COUNTS = {
    "sparse": {"ordinary": 10, "tiny-term": 6, "c-near-zero": 6, "off-lattice": 8, "noisy": 6, "outliers": 6,
               "off-law": 6, "bound": 8, "infinite": 6, "units": 4},
    "dense": {"ordinary": 8, "tiny-term": 5, "c-near-zero": 5, "off-lattice": 6, "noisy": 5, "outliers": 5,
              "off-law": 5, "bound": 6, "infinite": 4, "units": 3},
}


def log_uniform(rng, low, high):
    return math.exp(rng.uniform(math.log(low), math.log(high)))


class Design:
    """Where the runs sit: model sizes (non-zero parameters for sparse runs), sparsities, data."""

    def __init__(self, rng, form, size_range=None, scale=1.0):
        low = log_uniform(rng, 1e6, 1e8) if form == "sparse" else log_uniform(rng, 3e6, 1e8)
        ratio = size_range or log_uniform(rng, 10, 300)
        count = int(rng.integers(3, 7)) if form == "sparse" else int(rng.integers(4, 10))
        self.sizes = np.geomspace(low, low * ratio, count) * scale
        if form == "sparse":
            levels = [0.25, 0.5, 0.625, 0.75, 0.875, 0.9375]
            k = int(rng.integers(2, 5))
            chosen = sorted(rng.choice(levels, size=k, replace=False).tolist())
            self.sparsities = [0.0] + chosen
        else:
            self.sparsities = [0.0]
        self.tokens_per_param = np.geomspace(log_uniform(rng, 2, 10), log_uniform(rng, 50, 400), int(rng.integers(2, 5)))
        self.scale = scale

    def runs(self, rng):
        """(N non-zero, S, D) triples: every size x sparsity x budget, D relative to the dense size,
        with a few runs dropped at random so that the grid is not complete."""
        rows = []
        for size in self.sizes:
            for s in self.sparsities:
                for r in self.tokens_per_param:
                    jitter = math.exp(rng.normal(0, 0.05))
                    rows.append((size * (1 - s), s, size / self.scale * r * jitter * 20))
        rows = np.array(rows)
        keep = rng.uniform(size=len(rows)) > rng.uniform(0, 0.15)
        if keep.sum() < 0.8 * len(rows):
            keep[:] = True
        return rows[keep]


def sparse_truth(rng, N, D, c=None, exponents=None, amplitudes=None):
    """A sparse law in normalized form, amplitudes relative to c at the data's centre."""
    c = rng.uniform(0.5, 3.5) if c is None else c
    scale = c if c > 0.2 else 1.0
    truth = {
        "bS": log_uniform(rng, 0.4, 2.0), "bN": log_uniform(rng, 0.1, 0.7), "bD": log_uniform(rng, 0.15, 0.6),
        "size": scale * rng.uniform(0.2, 1.0), "share": rng.uniform(0.2, 0.6), "data": scale * rng.uniform(0.1, 0.6),
        "c": c, "N_mid": float(np.exp(np.mean(np.log(N)))), "D_mid": float(np.exp(np.mean(np.log(D)))),
    }
    truth.update(exponents or {})
    truth.update(amplitudes or {})
    return truth


def sparse_loss(t, N, S, D):
    n, d, u = N / t["N_mid"], D / t["D_mid"], 1 - S
    a_s, c_s = t["size"] * t["share"], t["size"] * (1 - t["share"])
    return (a_s * u ** t["bS"] + c_s) * n ** -t["bN"] + t["data"] * d ** -t["bD"] + t["c"]


def dense_truth(rng, N, D, c=None, exponents=None, amplitudes=None):
    c = rng.uniform(0.8, 3.0) if c is None else c
    scale = c if c > 0.2 else 1.0
    truth = {"alpha": log_uniform(rng, 0.15, 0.6), "beta": log_uniform(rng, 0.15, 0.6),
             "size": scale * rng.uniform(0.1, 0.8), "data": scale * rng.uniform(0.1, 0.8), "c": c,
             "N_mid": float(np.exp(np.mean(np.log(N)))), "D_mid": float(np.exp(np.mean(np.log(D))))}
    truth.update(exponents or {})
    truth.update(amplitudes or {})
    return truth


def dense_loss(t, N, D):
    return t["size"] * (N / t["N_mid"]) ** -t["alpha"] + t["data"] * (D / t["D_mid"]) ** -t["beta"] + t["c"]


def make_set(form, kind, index):
    """One data set: a dict with name, form, loss, delta, the runs (N, S, D, L) and what was drawn."""
    kind_id = KINDS.index(kind)
    rng = np.random.default_rng([7919, 0 if form == "sparse" else 1, kind_id, index])
    loss_kind, delta = "huber-log", 1e-3
    scale = 1.0
    if kind == "units":
        # N in units where the size coefficients overflow a double (or nearly).
        scale = [1e45, 1e54, 1e40, 1e52][index % 4]
    design = Design(rng, form, scale=scale)
    rows = design.runs(rng)
    N, S, D = rows[:, 0], rows[:, 1], rows[:, 2]
    truth_kw = {}
    noise = log_uniform(rng, 1e-3, 1e-2)
    note = ""
    big_names = ["bS", "bN", "bD"] if form == "sparse" else ["alpha", "beta"]

    if kind == "tiny-term":
        which = index % (4 if form == "sparse" else 3)
        factor = log_uniform(rng, 1e-4, 1e-2)
        names = ["data", "size", "share", "c"] if form == "sparse" else ["data", "size", "c"]
        tiny = (names[which], factor)
        note = f"{names[which]} x {factor:.2g}"
        noise = 3e-4
    elif kind == "c-near-zero":
        truth_kw = {"c": [0.005, 0.002, 0.01, 0.0, 0.001, 0.02][index % 6]}
        noise = 3e-3
        note = f"c = {truth_kw['c']}"
    elif kind == "off-lattice":
        choices = [("bN", 2.5), ("bD", 0.008), ("bS", 6.0), ("bN", 0.012), ("bD", 3.5), ("bS", 0.02), ("bN", 5.0), ("bD", 0.015)] \
            if form == "sparse" else [("alpha", 0.007), ("beta", 3.0), ("alpha", 4.5), ("beta", 0.01), ("alpha", 2.2), ("beta", 0.015)]
        name, value = choices[index % len(choices)]
        truth_kw = {"exponents": {name: value}}
        noise = 2e-3
        note = f"{name} = {value}"
    elif kind == "noisy":
        noise = rng.uniform(0.02, 0.05)
    elif kind == "outliers":
        noise = 3e-3
    elif kind == "bound":
        noise = log_uniform(rng, 5e-4, 3e-3)

    if kind == "c-near-zero" and form == "sparse":
        truth = sparse_truth(rng, N, D, amplitudes={"size": rng.uniform(0.3, 0.9), "data": rng.uniform(0.2, 0.5)}, **truth_kw)
    elif form == "sparse":
        truth = sparse_truth(rng, N, D, **truth_kw)
    elif kind == "c-near-zero":
        truth = dense_truth(rng, N, D, amplitudes={"size": rng.uniform(0.3, 0.9), "data": rng.uniform(0.2, 0.5)}, **truth_kw)
    else:
        truth = dense_truth(rng, N, D, **truth_kw)

    if kind == "tiny-term":
        truth[tiny[0]] *= tiny[1]
    if kind == "off-lattice":
        name, value = next(iter(truth_kw["exponents"].items()))
        if value > 1:
            # A steep term: its amplitude is set where it is largest (smallest N or D), else it would be astronomically large there.
            column = N if name in ("bN", "alpha") else (D if name in ("bD", "beta") else None)
            if column is not None:
                key = "size" if name in ("bN", "alpha") else "data"
                mid = truth["N_mid"] if key == "size" else truth["D_mid"]
                truth[key] *= (column.min() / mid) ** value
    if kind == "units" and index % 2 == 1:
        # A steep size exponent on top of the huge unit: aS (or A) = amplitude x N_mid^exponent overflows.
        truth[big_names[1] if form == "sparse" else "alpha"] = 7.0
        truth["size"] *= (N.min() / truth["N_mid"]) ** 7.0
        note = "steep size term"

    L = sparse_loss(truth, N, S, D) if form == "sparse" else dense_loss(truth, N, D)

    if kind == "off-law":
        variant = index % 4
        n, d = N / truth["N_mid"], D / truth["D_mid"]
        if variant == 0:
            # A broken power law in N: the size term steepens above the middle size.
            bend = np.where(n > 1, n ** -0.5, 1.0)
            L = L + truth["size"] * 0.5 * (bend - 1) * (1 - S) ** 0.5
            note = "broken power law in N"
        elif variant == 1:
            # Kaplan et al.'s interaction form: L = ((Nc/N)^(aN/aD) + Dc/D)^aD + c.
            a_n, a_d = 0.35, 0.5
            L = ((n * (1 - S) ** 0.3) ** (-a_n / a_d) * 0.6 + 0.4 / d) ** a_d * truth["c"] * 0.5 + truth["c"]
            note = "Kaplan interaction form"
        elif variant == 2:
            # Log-linear in N and D, with a sparsity penalty.
            L = truth["c"] + 0.6 - 0.05 * np.log(n) - 0.04 * np.log(d) + 0.1 * S ** 2
            note = "log-linear"
        else:
            # Exponential saturation in D.
            L = truth["c"] + truth["size"] * n ** -0.3 * (1 + 0.2 * S) + 0.3 * np.exp(-d)
            note = "exponential in D"
        noise = 2e-3
    elif kind == "bound":
        variant = index % (4 if form == "sparse" else 3)
        if variant == 0:
            # A shifted loss: the irreducible part is negative, so c's best value is 0.
            L = L - truth["c"] - 0.05 * (L - truth["c"]).min()
            note = "shifted: c < 0"
        elif variant == 1:
            # The loss rises slightly with data (overfitting): the data coefficient's best value is 0.
            d = D / truth["D_mid"]
            L = L - truth["data"] * d ** -truth[big_names[-1]]  + 0.004 * truth["c"] * np.log(d)
            note = "loss rising with data"
        elif variant == 2 and form == "sparse":
            # Sparsity hurts a little at fixed non-zero parameters (the law's aS term can only make
            # it help): aS's best value is 0.
            n = N / truth["N_mid"]
            L = truth["size"] * n ** -truth["bN"] * (1 + 0.05 * S) + truth["data"] * (D / truth["D_mid"]) ** -truth["bD"] + truth["c"]
            note = "sparsity hurts: aS < 0"
        else:
            # No size effect at all: the size term's best value is 0.
            d = D / truth["D_mid"]
            L = truth["data"] * d ** -truth[big_names[-1]] + truth["c"] - 0.003 * truth["c"] * np.log(N / truth["N_mid"])
            note = "loss rising slightly with N"
    elif kind == "infinite":
        variant = index % 2
        flat = truth["c"] + (truth["data"] * (D / truth["D_mid"]) ** -truth[big_names[-1]] if variant == 0 else
                             truth["size"] * (N / truth["N_mid"]) ** -truth[big_names[1] if form == "sparse" else "alpha"])
        if variant == 0:
            # Only the smallest model size is worse: a step in N.
            L = flat + 0.08 * truth["c"] * (N <= N.min() * 1.0001)
            note = "step at the smallest N"
        else:
            # Only the smallest data budget is worse: a step in D.
            L = flat + 0.08 * truth["c"] * (D <= D.min() * 1.0001)
            note = "step at the smallest D"
        noise = 5e-4

    L = L * np.exp(noise * rng.standard_normal(len(L)))
    if kind == "outliers":
        count = max(1, int(round(rng.uniform(0.05, 0.12) * len(L))))
        picks = rng.choice(len(L), size=count, replace=False)
        L[picks] *= np.exp(rng.choice([-1, 1], size=count) * rng.uniform(0.05, 0.3, size=count))
        note = f"{count} outliers"
    if kind in ("ordinary", "noisy") and index % 5 == 4:
        loss_kind, delta = ("huber", 1e-2) if index % 10 == 4 else ("squares", 0.0)
    if np.any(L <= 0) or not np.all(np.isfinite(L)):
        L = np.abs(L) + 1e-3
    name = f"{form}-{kind}-{index:02d}"
    return {"name": name, "form": form, "kind": kind, "loss": loss_kind, "delta": delta, "noise": float(noise),
            "note": note, "N": N, "S": S, "D": D, "L": L,
            "truth": {k: float(v) for k, v in truth.items()}}


def all_sets():
    return [make_set(form, kind, index) for form in ("sparse", "dense") for kind in KINDS
            for index in range(COUNTS[form][kind])]


def csv_text(data):
    lines = ["params,sparsity,tokens,loss"]
    for n, s, d, l in zip(data["N"], data["S"], data["D"], data["L"]):
        lines.append(f"{float(n)!r},{float(s)!r},{float(d)!r},{float(l)!r}")
    return "\n".join(lines) + "\n"
