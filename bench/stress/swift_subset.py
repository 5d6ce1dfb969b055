"""The small fast subset of the stress sets that the Swift tests fit (Tests/SparseLawTests/Fitting/
FitEdgeTests.swift): the data are made in Swift by `SyntheticRuns` (the project's SplitMix64
generator and Box-Muller normals) and then changed by one simple rule; this file makes the same
data in Python, bit for bit up to the last rounding of pow and exp, computes their reference
minima with reference.py over the plausible exponents, and prints the table the test holds.

Usage: python3 bench/stress/swift_subset.py   (about a minute)
"""

import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reference  # noqa: E402

MASK = (1 << 64) - 1


class SeededGenerator:
    """SplitMix64, as Sources/SparseLawCore/Numerics/SeededGenerator.swift."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def uniform(self):
        return (self.next() >> 11) * 2.0 ** -53

    def normal(self):
        u1 = 1 - self.uniform()
        u2 = self.uniform()
        return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)


def sparse_loss(k, n, s, d):
    aS, bS, cS, bN, aD, bD, c = k
    return (aS * math.pow(1 - s, bS) + cS) * math.pow(n, -bN) + math.pow(aD / d, bD) + c


def dense_loss(k, n, d):
    E, A, B, alpha, beta = k
    return E + A * math.pow(n, -alpha) + B * math.pow(d, -beta)


def synthetic(form, law, params, sparsities, tokens, noise, seed):
    """SyntheticRuns(law:params:sparsities:tokens:noise:).generate(seed:)."""
    generator = SeededGenerator(seed)
    rows = []
    for n in params:
        for s in sparsities:
            for d in tokens:
                exact = sparse_loss(law, n, s, d) if form == "sparse" else dense_loss(law, n, d)
                rows.append([n, s, d, exact * math.exp(noise * generator.normal())])
    return rows


# name, form, law coefficients, params, sparsities, tokens, noise, seed, change (as in the Swift test)
T5_SIZES = [2e6, 5e6, 1.2e7, 3e7, 8e7]
DENSE_SIZES = [1e7, 3e7, 1e8, 3e8, 1e9]
DENSE_TOKENS = [2e9, 1e10, 5e10, 2e11]
CASES = [
    ("irreducible loss near 0", "sparse", [16.8, 0.722, 45.0, 0.245, 6.9e8, 0.203, 0.005], T5_SIZES, [0, 0.5, 0.75],
     [5e8, 2e9, 8e9], 0.003, 3, None),
    ("a shifted loss: E at 0", "dense", [1.69, 406.4, 410.7, 0.34, 0.28], DENSE_SIZES, [0], DENSE_TOKENS, 0.002, 4,
     ("shift", 1.75)),
    ("a steep size exponent, bN = 3", "sparse", [2.4e18, 0.8, 4.0e18, 3.0, 6.9e8, 0.3, 1.2], T5_SIZES, [0, 0.5, 0.75],
     [5e8, 2e9, 8e9], 0.002, 5, None),
    ("a flat size exponent, alpha = 0.015", "dense", [0.5, 3.0, 410.7, 0.015, 0.28], DENSE_SIZES, [0], DENSE_TOKENS, 0.001, 6,
     None),
    ("a step at the smallest model", "dense", [2.0, 0.0, 410.7, 0.34, 0.28], DENSE_SIZES, [0], DENSE_TOKENS, 0.0005, 7,
     ("step", 0.15)),
    ("sparsity that hurts at fixed non-zeros: aS at 0", "sparse", [0.0, 1.0, 45.0, 0.245, 6.9e8, 0.203, 0.651], T5_SIZES,
     [0, 0.5, 0.75, 0.875], [5e8, 2e9, 8e9], 0.001, 8, ("sparsity", 0.03)),
]


def changed(rows, change):
    """The rule applied after generation, as the Swift test applies it."""
    if change is None:
        return rows
    kind, amount = change
    if kind == "shift":
        return [[n, s, d, l - amount] for n, s, d, l in rows]
    if kind == "step":
        smallest = min(r[0] for r in rows)
        return [[n, s, d, l + amount if n == smallest else l] for n, s, d, l in rows]
    if kind == "sparsity":
        return [[n, s, d, l * (1 + amount * s)] for n, s, d, l in rows]
    raise ValueError(kind)


def main():
    print("// Made by bench/stress/swift_subset.py: reference minima over exponents in [1e-3, 20]")
    for name, form, law, params, sparsities, tokens, noise, seed, change in CASES:
        rows = np.array(changed(synthetic(form, law, params, sparsities, tokens, noise, seed), change))
        data = {"name": name, "form": form, "loss": "huber-log", "delta": 1e-3,
                "N": rows[:, 0], "S": rows[:, 1], "D": rows[:, 2], "L": rows[:, 3]}
        result = reference.reference(data, plausible=True)
        zeros = [{"B": "aD" if form == "sparse" else "B"}.get(t, t) for t in result["zeros"]]
        print(f'    "{name}": Reference(objective: {result["objective"]!r}, status: "{result["status"]}", '
              f'zeros: {sorted(zeros)!r}, exponents: {{{", ".join(f"{k!r}: {v:.6g}" for k, v in sorted(result["exponents"].items()))}}}),'
              .replace("'", '"'))


if __name__ == "__main__":
    main()
