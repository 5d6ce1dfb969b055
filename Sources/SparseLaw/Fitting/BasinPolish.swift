#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The polish of one basin, with the edges of the law's domain handled honestly.
///
/// The trust-region solver works in logarithms of the coefficients, which keeps them positive but
/// can never reach a coefficient of exactly 0: where the minimum lies on that boundary, a solve in
/// logarithms crawls toward it (stopping at values like 1e-244, or at a worse point, while its
/// convergence test holds). The polish is therefore an active-set method over the linear
/// coefficients:
///
/// - where the lattice's exact non-negative solve put a coefficient at 0, two models are polished:
///   the one with that coefficient held at exactly 0 (its term removed, together with any exponent
///   that shapes only removed terms), and the interior one, started from a small positive value
///   (a term worth 1e-3 of the mean loss) so that the solver can move it either way;
/// - a coefficient the interior polish drives below 1e-10 of every prediction is held at 0 and the
///   model polished again;
/// - the best of these wins; a model with more coefficients at 0 wins ties (relative 1e-9), since
///   it reaches the same objective with fewer terms.
///
/// Exponents are kept in the plausible range: an exponent the solver carries beyond it is held at
/// the bound and the model polished again there (the objective was still falling toward 0 or
/// infinity: the fit is degenerate, and says so).
///
/// Holding the linear coefficients at each step (variable projection) was the other candidate;
/// it needs an inner non-negative Huber solve at every step and a Jacobian through it, and buys
/// nothing here: the lattice already solves the linear part exactly, and the active set makes
/// the boundary exact.
struct BasinPolish<Model: FitModel> {
    let model: Model
    let loss: FitLoss
    /// The user's fixed coefficients; the polish adds its own holds on top.
    let parametrization: Parametrization
    let search: ExponentSearch<Model>

    /// One polished basin.
    struct Result {
        var solution: NonlinearLeastSquaresSolution
        /// The parametrization it was solved in: the user's fixes plus the polish's holds.
        var parametrization: Parametrization
        var theta: [Double]
        var objective: Double
        /// Design columns held at exactly 0.
        var zeroColumns: [Int]
        /// Exponents (theta indices) held at a bound of the plausible range, with whether it is the upper one.
        var boundExponents: [Int: Bool]
        /// Exponents (theta indices) with no effect because all their terms are held at 0.
        var idleExponents: [Int]
        /// The lattice point the polish started from (log exponents).
        var start: [Double]
    }

    /// The best end from a lattice candidate, or nil when no solve gave a finite objective
    /// (`failure` then holds the solver's last complaint).
    func polish(_ candidate: ExponentSearch<Model>.Candidate, failure: inout String) -> Result? {
        let zeros = candidate.zeroColumns
        var results: [Result] = []
        if zeros.isEmpty {
            if let result = solve(from: candidate.theta, zeros: [], start: candidate.exponents, failure: &failure) { results.append(result) }
        } else {
            var lifted = candidate.theta
            for column in zeros { lifted = model.settingLinear(lifted, column: column, value: smallValue(column: column, theta: lifted)) }
            if let interior = solve(from: lifted, zeros: [], start: candidate.exponents, failure: &failure) { results.append(interior) }
            if let boundary = solve(from: candidate.theta, zeros: zeros, start: candidate.exponents, failure: &failure) { results.append(boundary) }
        }
        // Coefficients an interior polish ran toward 0 in logarithms: hold them at 0 and compare.
        for result in results {
            let vanishing = negligibleColumns(result)
            if !vanishing.isEmpty, let held = solve(from: result.theta, zeros: Array(Set(result.zeroColumns + vanishing)).sorted(), start: candidate.exponents, failure: &failure) {
                results.append(held)
            }
        }
        return Self.best(results)
    }

    /// The best basin, finished: a solve that ran out of iterations is restarted (a fresh trust
    /// region), up to four times while it improves. Then, when one of its exponents lies outside
    /// the lattice's usual range, where terms become nearly constant or nearly steps and the
    /// objective nearly flat along a valley that the solver leaves unfinished, the edges of the
    /// domain are probed from it: each linear coefficient held at 0 in turn, and each such
    /// exponent held at the plausible bound on its side. The best of these and the basin wins
    /// (ties as in `best`); repeated while it changes, three times at most.
    func refine(_ start: Result, failure: inout String) -> Result {
        var current = start
        let fixed = Set(parametrization.fixed.map(\.index))
        for _ in 0..<4 where !current.solution.converged {
            guard let again = solve(from: current.theta, zeros: current.zeroColumns, bounds: current.boundExponents, start: current.start, failure: &failure),
                  again.objective <= current.objective else { break }
            current = again
        }
        for _ in 0..<3 {
            let free = Set(current.parametrization.free)
            let outside = model.exponentIndices.enumerated().filter { a, exponent in
                free.contains(exponent) && (current.theta[exponent] < model.exponentAxes[a].lower || current.theta[exponent] > model.exponentAxes[a].upper)
            }
            guard !outside.isEmpty else { return current }
            var probes = [current]
            for column in 0..<model.linearCount where !current.zeroColumns.contains(column) && !fixed.contains(model.linearThetaIndices[column]) {
                if let probe = solve(from: current.theta, zeros: (current.zeroColumns + [column]).sorted(), bounds: current.boundExponents, start: current.start, failure: &failure) {
                    probes.append(probe)
                }
            }
            for (a, exponent) in outside {
                var bounds = current.boundExponents
                bounds[exponent] = current.theta[exponent] > model.exponentAxes[a].upper
                if let probe = solve(from: current.theta, zeros: current.zeroColumns, bounds: bounds, start: current.start, failure: &failure) {
                    probes.append(probe)
                }
            }
            guard let next = Self.best(probes), next.objective != current.objective || next.zeroColumns != current.zeroColumns else { return current }
            current = next
        }
        return current
    }

    /// The lowest objective; within a relative 1e-9 of it, the one with most coefficients at 0,
    /// then fewest exponents at a bound.
    static func best(_ results: [Result]) -> Result? {
        guard let lowest = results.map(\.objective).min() else { return nil }
        let tie = 1e-9 * lowest + 1e-300
        return results.filter { $0.objective <= lowest + tie }.min { a, b in
            if a.zeroColumns.count != b.zeroColumns.count { return a.zeroColumns.count > b.zeroColumns.count }
            if a.boundExponents.count != b.boundExponents.count { return a.boundExponents.count < b.boundExponents.count }
            return a.objective < b.objective
        }
    }

    /// A value for linear coefficient `column` that makes its term worth 1e-3 of the mean loss.
    private func smallValue(column: Int, theta: [Double]) -> Double {
        let one = model.settingLinear(theta, column: column, value: 1), none = model.settingLinear(theta, column: column, value: 0)
        var contribution = 0.0, mean = 0.0
        for i in 0..<model.points.count {
            contribution += model.predict(one, at: i) - model.predict(none, at: i)
            mean += model.points.loss[i]
        }
        guard contribution > 0, contribution.isFinite else { return 1e-3 }
        return 1e-3 * mean / contribution
    }

    /// Free linear columns whose term is below 1e-10 of the prediction at every point.
    private func negligibleColumns(_ result: Result) -> [Int] {
        let fixed = Set(parametrization.fixed.map(\.index))
        return (0..<model.linearCount).filter { column in
            guard !result.zeroColumns.contains(column), !fixed.contains(model.linearThetaIndices[column]) else { return false }
            let without = model.settingLinear(result.theta, column: column, value: 0)
            return (0..<model.points.count).allSatisfy { i in
                let full = model.predict(result.theta, at: i)
                return abs(full - model.predict(without, at: i)) <= 1e-10 * full
            }
        }
    }

    /// Polishes from `theta` with `zeros` held at 0 and the exponents in `bounds` held at the
    /// plausible bound (true: the upper one), then, if an exponent left the plausible range,
    /// again with it held at the bound.
    private func solve(from theta: [Double], zeros: [Int], bounds initialBounds: [Int: Bool] = [:], start: [Double], failure: inout String) -> Result? {
        let range = ExponentSearch<Model>.plausibleExponents
        let logBounds = (lower: log(range.lowerBound), upper: log(range.upperBound))
        var holds: [Int: Double] = [:]
        var theta = theta
        for (exponent, upper) in initialBounds {
            holds[exponent] = upper ? logBounds.upper : logBounds.lower
            theta[exponent] = holds[exponent]!
        }
        parametrization.complete(&theta)
        // An exponent moved to a bound changes its term by orders of magnitude: start from the
        // exact linear solve at the new exponents, not from the old linear coefficients.
        if !initialBounds.isEmpty, let point = search.candidate(at: model.exponentIndices.map { theta[$0] }) {
            theta = point.theta
        }
        for column in zeros { holds[model.linearThetaIndices[column]] = -.infinity }
        let zeroSet = Set(zeros)
        let idle = model.exponentIndices.filter { exponent in
            let users = model.linearExponents.indices.filter { model.linearExponents[$0].contains(exponent) }
            return !users.isEmpty && users.allSatisfy { zeroSet.contains($0) }
        }
        for exponent in idle where holds[exponent] == nil { holds[exponent] = theta[exponent] }
        guard var result = solve(from: theta, holds: holds, zeros: zeros, bounds: initialBounds, idle: idle, start: start, failure: &failure) else { return nil }
        // Exponents beyond the plausible range: hold them at the bound and polish again. Each
        // round holds at least one more exponent, so this ends.
        while true {
            let free = Set(result.parametrization.free)
            let outside = model.exponentIndices.filter { free.contains($0) && (result.theta[$0] < logBounds.lower || result.theta[$0] > logBounds.upper) }
            guard !outside.isEmpty else { return result }
            var bounds = result.boundExponents
            var clamped = result.theta
            for exponent in outside {
                let upper = result.theta[exponent] > logBounds.upper
                bounds[exponent] = upper
                holds[exponent] = upper ? logBounds.upper : logBounds.lower
                clamped[exponent] = holds[exponent]!
            }
            // A held coefficient in the data's units may be coupled to the clamped exponent.
            parametrization.complete(&clamped)
            guard let next = solve(from: clamped, holds: holds, zeros: zeros, bounds: bounds, idle: idle, start: start, failure: &failure) else { return nil }
            result = next
        }
    }

    private func solve(from theta: [Double], holds: [Int: Double], zeros: [Int], bounds: [Int: Bool], idle: [Int], start: [Double],
                       failure: inout String) -> Result? {
        let held = parametrization.holding(holds)
        var phi = held.phi(theta)
        // Start inside the domain: a start with a non-finite entry (a coefficient lifted from 0
        // that cannot be) falls back to the lattice point's values.
        if !phi.allSatisfy(\.isFinite) { phi = phi.map { $0.isFinite ? $0 : 0 } }
        var solution: NonlinearLeastSquaresSolution
        if held.free.isEmpty {
            solution = NonlinearLeastSquaresSolution(parameters: [], halfSumOfSquares: 0, iterations: 0, converged: true,
                                                     stopReason: nil, inverseNormalMatrix: nil, rankDeficient: false)
        } else {
            do {
                solution = try LawFitter.leastSquaresProblem(model: model, loss: loss, parametrization: held).solve(from: phi)
            } catch {
                failure = error.description
                return nil
            }
        }
        let end = held.theta(solution.parameters)
        let objective = search.objective(end)
        guard objective.isFinite else { return nil }
        // Half the sum of psi^2 is the objective times the number of points.
        if held.free.isEmpty { solution.halfSumOfSquares = objective * Double(model.points.count) }
        return Result(solution: solution, parametrization: held, theta: end, objective: objective,
                      zeroColumns: zeros, boundExponents: bounds, idleExponents: idle, start: start)
    }
}
