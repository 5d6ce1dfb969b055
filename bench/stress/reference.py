"""A deep reference minimum of the fit objective, computed without the tool.

The objective is the tool's: the mean over runs of rho(r), r = log(pred) - log(L) for huber-log,
pred - L for huber and squares, rho Huber_delta (or r^2 / 2). It does not depend on the units of
N and D, so the reference uses its own parametrization, chosen so that nothing overflows at any
exponent: every term's basis is 1 at the smallest value of its variables,

    sparse: pred = bA exp(-bS xS - bN xN) + bC exp(-bN xN) + bB exp(-bD xD) + bE
            xS = -log(1 - S), xN = log(N / N_min), xD = log(D / D_min), all >= 0
    dense:  pred = bA exp(-alpha xN) + bB exp(-beta xD) + bE

with linear coefficients b >= 0 and exponents in [1e-5, 1e4]. Infinite exponents then mean a
basis that is 1 at the smallest value and 0 elsewhere, not an overflow.

The search of the full model:
  1. an exponent grid over [1e-3, 1e3] (28 log-spaced values per exponent), each point completed by
     an exact weighted non-negative linear least-squares solve and scored by the true objective;
  2. starts: the grid's 20 best local minima, its 8 best other points, 12 random points;
  3. each start polished by scipy's bounded trust-region-reflective least squares on the
     transformed residuals psi(r) (Huber = psi^2 / 2) with analytic Jacobians, coefficients
     bounded below by 0 (not in logarithms: a coefficient can reach exactly 0): first loosely
     (tolerance 1e-9, 100 evaluations), then the 5 distinct best ends to tolerance 1e-15;
  4. six random perturbations of the best exponents, polished again (basin hopping).
Then the boundary: each linear term removed in turn (the sparse law's aS and cS also together),
and the terms the full polish drove to (nearly) 0, polished with those coefficients held at
exactly 0, from the full minimum. A reduced model can do no better than the full one (whose
coefficients may reach 0 too): these polishes make its zeros exact and recognizable. The
reference is the lowest objective found.

With `plausible`, the exponents are bounded to [1e-3, 20] (the tool's domain), and a minimum with
an exponent at either bound is classified `upper-bound` or `lower-bound` (the objective still
falling beyond it).

Classification of the reference minimum:
  interior     every coefficient positive, every exponent inside [1e-4, 1e3]
  zero         attained with some linear coefficient at exactly 0 (a smaller subset reaches the
               minimum to a relative 1e-9)
  infinite     the objective keeps falling as an exponent grows without bound (it ran to 5e3)
  vanishing    the objective keeps falling as an exponent goes to 0 without being a smaller subset
"""

import itertools
import math

import numpy as np
from scipy.optimize import least_squares

E_LOW, E_HIGH = 1e-5, 1e4
# The exponents the tool searches (docs/fitting.md); `reference(..., plausible=True)` minimizes over them only.
PLAUSIBLE = (1e-3, 20.0)


class Problem:
    def __init__(self, data, bounds=(E_LOW, E_HIGH)):
        self.form = data["form"]
        self.e_low, self.e_high = bounds
        # The exponent grid: 28 log-spaced values over [1e-3, 1e3], or over the bounds if narrower.
        self.grid_values = np.geomspace(max(1e-3, self.e_low), min(1e3, self.e_high), 28)
        N, S, D, L = (np.asarray(data[k], dtype=float) for k in ("N", "S", "D", "L"))
        self.N, self.S, self.D, self.y = N, S, D, L
        self.n = len(L)
        self.kind, self.delta = data["loss"], data["delta"]
        self.xN = np.log(N / N.min())
        self.xD = np.log(D / D.min())
        self.xS = -np.log1p(-S)
        if self.form == "sparse":
            self.terms = ["aS", "cS", "B", "c"]
            self.exponents = ["bS", "bN", "bD"]
            # Each term's exponents, as (exponent index, data column).
            self.uses = {"aS": [(0, self.xS), (1, self.xN)], "cS": [(1, self.xN)], "B": [(2, self.xD)], "c": []}
        else:
            self.terms = ["A", "B", "E"]
            self.exponents = ["alpha", "beta"]
            self.uses = {"A": [(0, self.xN)], "B": [(1, self.xD)], "E": []}
        self.weights = 1 / L if self.kind == "huber-log" else np.ones_like(L)

    # --- objective -------------------------------------------------------------------------------
    def residual(self, pred):
        if self.kind == "huber-log":
            return np.log(np.maximum(pred, 1e-300)) - np.log(self.y)
        return pred - self.y

    def rho(self, r):
        if self.kind == "squares":
            return r * r / 2
        a = np.abs(r)
        return np.where(a <= self.delta, r * r / 2, self.delta * (a - self.delta / 2))

    def psi(self, r):
        if self.kind == "squares":
            return r, np.ones_like(r)
        a = np.abs(r)
        outside = a > self.delta
        root = np.sqrt(np.maximum(2 * self.delta * a - self.delta ** 2, 1e-300))
        value = np.where(outside, np.sign(r) * root, r)
        derivative = np.where(outside, self.delta / root, 1.0)
        return value, derivative

    def objective_of_pred(self, pred):
        return float(np.mean(self.rho(self.residual(pred))))

    def basis(self, term, e):
        log_value = np.zeros(self.n)
        for k, column in self.uses[term]:
            log_value -= e[k] * column
        return np.exp(log_value)

    def predict(self, b, e, subset):
        with np.errstate(over="ignore", invalid="ignore"):
            pred = sum(b[t] * self.basis(t, e) for t in subset)
        return np.nan_to_num(pred, nan=1e300, posinf=1e300)

    def objective(self, b, e, subset):
        return self.objective_of_pred(self.predict(b, e, subset))

    # --- exponent grid with exact non-negative linear solves --------------------------------------
    def grid(self, subset, active):
        """Scores every grid point of the active exponents; returns (exponent array G x a, b array G x k, objectives)."""
        points = np.array(list(itertools.product(self.grid_values, repeat=len(active)))) if active else np.zeros((1, 0))
        k = len(subset)
        w = self.weights
        yw = self.y * w
        best_b = np.zeros((len(points), k))
        objectives = np.full(len(points), np.inf)
        for start in range(0, len(points), 2048):
            chunk = points[start:start + 2048]
            g = len(chunk)
            e_full = np.zeros((g, len(self.exponents)))
            for position, index in enumerate(active):
                e_full[:, index] = chunk[:, position]
            X = np.empty((g, self.n, k))
            for j, term in enumerate(subset):
                log_value = np.zeros((g, self.n))
                for index, column in self.uses[term]:
                    log_value -= e_full[:, index:index + 1] * column[None, :]
                X[:, :, j] = np.exp(log_value)
            Xw = X * w[None, :, None]
            gram = np.einsum("gni,gnj->gij", Xw, Xw)
            moment = np.einsum("gni,n->gi", Xw, yw)
            yy = float(yw @ yw)
            best_rss = np.full(g, yy)
            chosen = np.zeros((g, k))
            for size in range(1, k + 1):
                for columns in itertools.combinations(range(k), size):
                    c = list(columns)
                    G = gram[:, c][:, :, c]
                    m = moment[:, c]
                    scale = 1 / np.sqrt(np.maximum(np.einsum("gii->gi", G), 1e-300))
                    Gs = G * scale[:, :, None] * scale[:, None, :] + 1e-13 * np.eye(size)[None]
                    try:
                        z = np.linalg.solve(Gs, (m * scale)[:, :, None])[:, :, 0] * scale
                    except np.linalg.LinAlgError:
                        continue
                    rss = yy - 2 * np.einsum("gi,gi->g", z, m) + np.einsum("gi,gij,gj->g", z, G, z)
                    ok = np.all(z >= 0, axis=1) & np.isfinite(rss) & (rss < best_rss)
                    best_rss = np.where(ok, rss, best_rss)
                    full = np.zeros((g, k))
                    full[:, c] = z
                    chosen = np.where(ok[:, None], full, chosen)
            pred = np.einsum("gnk,gk->gn", X, chosen)
            r = self.residual(pred)
            objectives[start:start + g] = np.mean(self.rho(r), axis=1)
            best_b[start:start + g] = chosen
        return points, best_b, objectives

    # --- polish ------------------------------------------------------------------------------------
    def polish(self, subset, active, b0, e0, tolerance=1e-15, max_nfev=3000):
        """Bounded trust-region-reflective least squares on psi(r) / sqrt(n); x = [b, log e]."""
        k, a = len(subset), len(active)
        x0 = np.concatenate([np.maximum(b0, 0), np.log(np.clip(e0, self.e_low, self.e_high))])
        lower = np.concatenate([np.zeros(k), np.full(a, math.log(self.e_low))])
        upper = np.concatenate([np.full(k, np.inf), np.full(a, math.log(self.e_high))])
        root_n = math.sqrt(self.n)

        def unpack(x):
            e = np.zeros(len(self.exponents))
            for position, index in enumerate(active):
                e[index] = math.exp(x[k + position])
            return dict(zip(subset, x[:k])), e

        def fun(x):
            b, e = unpack(x)
            return self.psi(self.residual(self.predict(b, e, subset)))[0] / root_n

        def jac(x):
            b, e = unpack(x)
            bases = {t: self.basis(t, e) for t in subset}
            pred = sum(b[t] * bases[t] for t in subset)
            r = self.residual(pred)
            _, dpsi = self.psi(r)
            dr = 1 / np.maximum(pred, 1e-300) if self.kind == "huber-log" else np.ones(self.n)
            scale = dpsi * dr / root_n
            J = np.zeros((self.n, k + a))
            np.seterr(over="ignore", invalid="ignore")
            for j, t in enumerate(subset):
                J[:, j] = scale * bases[t]
                for index, column in self.uses[t]:
                    position = active.index(index)
                    J[:, k + position] += scale * (b[t] * bases[t]) * (-e[index] * column)
            return np.nan_to_num(J, nan=0.0, posinf=1e300, neginf=-1e300)

        x0 = np.clip(x0, lower, upper)
        try:
            result = least_squares(fun, x0, jac=jac, bounds=(lower, upper), method="trf", x_scale="jac",
                                   ftol=tolerance, xtol=tolerance, gtol=tolerance, max_nfev=max_nfev)
            x = result.x
        except (ValueError, FloatingPointError):
            x = x0
        b, e = unpack(x)
        return self.objective(b, e, subset), b, e

    def search_subset(self, subset, rng):
        active = sorted({index for t in subset for index, _ in self.uses[t]})
        points, bs, objectives = self.grid(subset, active)
        finite = np.isfinite(objectives)
        starts = []
        if active:
            shape = (len(self.grid_values),) * len(active)
            grid_objectives = np.where(finite, objectives, np.inf).reshape(shape)
            is_min = np.ones(shape, dtype=bool)
            for axis in range(len(active)):
                for shift in (-1, 1):
                    rolled = np.roll(grid_objectives, shift, axis=axis)
                    edge = [slice(None)] * len(active)
                    edge[axis] = 0 if shift == 1 else -1
                    rolled[tuple(edge)] = np.inf
                    is_min &= grid_objectives <= rolled
            minima = np.flatnonzero(is_min.ravel() & finite)
            minima = minima[np.argsort(objectives[minima])][:20]
            others = np.argsort(np.where(finite, objectives, np.inf))
            others = [i for i in others[:80] if i not in set(minima)][:8]
            chosen = list(minima) + others
            for i in chosen:
                starts.append((bs[i], points[i]))
            for _ in range(12):
                i = int(rng.integers(len(points)))
                jitter = np.exp(rng.uniform(-0.5, 0.5, size=len(active)))
                starts.append((bs[i], points[i] * jitter))
        else:
            starts.append((bs[0], np.zeros(0)))

        # Every start polished loosely; the distinct best ends polished tightly.
        rough = []
        for b0, e_active in starts:
            value, b, e = self.polish(subset, active, np.asarray(b0), np.asarray(e_active), tolerance=1e-9, max_nfev=100)
            rough.append((value, b, e))
        rough.sort(key=lambda item: item[0])
        distinct = []
        for item in rough:
            if all(abs(item[0] - other[0]) > 1e-7 * abs(other[0]) + 1e-300 for other in distinct):
                distinct.append(item)
            if len(distinct) == 5:
                break
        best = (math.inf, None, None)
        for _, b0, e0 in distinct:
            value, b, e = self.polish(subset, active, np.array([b0[t] for t in subset]), e0[active] if active else np.zeros(0))
            if value < best[0]:
                best = (value, b, e)
        if active and best[1] is not None:
            for _ in range(6):
                e_try = best[2][active] * np.exp(rng.normal(0, 0.7, size=len(active)))
                b_try = np.array([best[1][t] for t in subset]) * np.exp(rng.normal(0, 0.3, size=len(subset)))
                value, b, e = self.polish(subset, active, b_try, e_try, tolerance=1e-9, max_nfev=300)
                if value < best[0] * (1 - 1e-12):
                    value, b, e = self.polish(subset, active, np.array([b[t] for t in subset]), e[active])
                    if value < best[0]:
                        best = (value, b, e)
        return best, active


def data_unit_coefficients(problem, b, e, subset):
    """The reference minimum in the tool's coefficients and data units, as log10 magnitudes (None
    for a coefficient held at 0, or whose exponent is undetermined)."""
    N0, D0 = problem.N.min(), problem.D.min()
    get = lambda t: b.get(t, 0.0) if t in subset else 0.0
    log10 = lambda v: math.log10(v) if v > 0 else None
    if problem.form == "sparse":
        bS, bN, bD = e
        out = {"aS": None, "bS": bS, "cS": None, "bN": bN, "aD": None, "bD": bD, "c": get("c")}
        # aS n_min^... : bA exp(-bN log(N / N_min)) = aS N^-bN  =>  aS = bA N_min^bN.
        for name, term in (("aS", "aS"), ("cS", "cS")):
            v = get(term)
            out[name] = None if v <= 0 else math.log10(v) + bN * math.log10(N0)
        v = get("B")
        # bB (D / D_min)^-bD = (aD / D)^bD  =>  aD = bB^(1 / bD) D_min.
        out["aD"] = None if v <= 0 else math.log10(v) / bD + math.log10(D0)
        out["c"] = log10(get("c"))
        return out
    alpha, beta = e
    out = {"E": log10(get("E")), "A": None, "B": None, "alpha": alpha, "beta": beta}
    if get("A") > 0:
        out["A"] = math.log10(get("A")) + alpha * math.log10(N0)
    if get("B") > 0:
        out["B"] = math.log10(get("B")) + beta * math.log10(D0)
    return out


def reference(data, seed=0, plausible=False):
    """The deep minimum of one data set, its coefficients and its classification; with
    `plausible`, over exponents in PLAUSIBLE only (the domain the tool searches)."""
    problem = Problem(data, PLAUSIBLE if plausible else (E_LOW, E_HIGH))
    rng = np.random.default_rng(seed)
    terms = problem.terms
    results = {}
    (value, b, e), active = problem.search_subset(list(terms), rng)
    results[tuple(terms)] = {"objective": value, "b": {t: float(b[t]) for t in terms}, "e": [float(x) for x in e], "active": active}
    # Boundary minima: each term removed in turn (for the sparse law also aS and cS together,
    # which leaves bN without effect), and every term the full polish drove to (nearly) 0,
    # polished from the full model's minimum with those coefficients held at exactly 0.
    full_b, full_e = results[tuple(terms)]["b"], np.array(results[tuple(terms)]["e"])
    scale = float(np.mean(problem.y))
    negligible = tuple(t for t in terms if full_b[t] * float(np.max(problem.basis(t, full_e))) < 1e-7 * scale)
    removals = {(t,) for t in terms} | ({("aS", "cS")} if problem.form == "sparse" else set())
    if negligible:
        removals.add(negligible)
    for removed in sorted(removals):
        subset = [t for t in terms if t not in removed]
        if not subset:
            continue
        sub_active = sorted({index for t in subset for index, _ in problem.uses[t]})
        value, b, e = problem.polish(subset, sub_active, np.array([max(full_b[t], 0.0) for t in subset]), full_e[sub_active])
        results[tuple(subset)] = {"objective": value, "b": {t: float(b[t]) for t in subset}, "e": [float(x) for x in e], "active": sub_active}
    best_subset = min(results, key=lambda s: results[s]["objective"])
    best = results[best_subset]["objective"]
    tolerance = 1e-9 * best + 1e-300
    # The smallest support that reaches the minimum.
    reaching = [s for s in results if results[s]["objective"] <= best + tolerance]
    support = min(reaching, key=lambda s: (len(s), results[s]["objective"]))
    solution = results[support]
    zeros = [t for t in terms if t not in support or solution["b"].get(t, 0.0) == 0.0]
    active = solution["active"]
    e = solution["e"]
    exponents = {problem.exponents[i]: e[i] for i in active}
    status = "interior"
    if plausible and any(v >= problem.e_high * (1 - 1e-3) for v in exponents.values()):
        status = "upper-bound"
    elif plausible and any(v <= problem.e_low * (1 + 1e-3) for v in exponents.values()):
        status = "lower-bound"
    elif not plausible and any(v >= 0.5 * E_HIGH for v in exponents.values()):
        status = "infinite"
    elif not plausible and any(v <= 2 * E_LOW for v in exponents.values()):
        status = "vanishing"
    elif zeros:
        status = "zero"
    return {
        "objective": best,
        "status": status,
        "zeros": zeros,
        "exponents": exponents,
        "linear": solution["b"],
        "support": list(support),
        "full_model_objective": results[tuple(terms)]["objective"],
        "log10_coefficients": data_unit_coefficients(problem, solution["b"], e, support),
        "subsets": {"+".join(s): results[s]["objective"] for s in results},
    }
