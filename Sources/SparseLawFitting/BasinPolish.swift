import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

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
    /// The lattice the starts came from: its model, loss and the user's fixed coefficients are
    /// the polish's too.
    let search: ExponentSearch<Model>

    var model: Model { search.model }
    var loss: FitLoss { search.loss }
    /// The user's fixed coefficients; the polish adds its own holds on top.
    var parametrization: Parametrization { search.parametrization }

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
        /// Exponents (theta indices) held where they were because the objective is the same at
        /// both bounds of the plausible range: they shape a present term but change nothing.
        var ineffectiveExponents: [Int] = []
        /// The lattice point the polish started from (log exponents).
        var start: [Double]
    }

    /// The best end from a lattice candidate, or nil when no solve gave a finite objective
    /// (`failure` then holds the solver's last complaint).
    func polish(_ candidate: ExponentSearch<Model>.Candidate, failure: inout NonlinearLeastSquaresError?) -> Result? {
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
    ///
    /// Finally, each free exponent is tried at both bounds of the plausible range with the others
    /// where the basin has them (`boundProbe`): a law whose infimum is a step at the smallest N or
    /// D, or a constant, can leave an interior local minimum that no start escapes.
    func refine(_ start: Result, failure: inout NonlinearLeastSquaresError?) -> Result {
        var current = start
        let fixed = Set(parametrization.fixed.map(\.index))
        for _ in 0..<4 where !current.solution.converged {
            guard let again = solve(from: current.theta, zeros: current.zeroColumns, bounds: current.boundExponents, start: current.start, failure: &failure),
                  again.objective <= current.objective else { break }
            current = again
        }
        current = edgeProbes(current, fixed: fixed, failure: &failure)
        // Releasing a term can make a bound pay, and a bound can make a term worth having again.
        for _ in 0..<3 {
            let next = boundProbe(releaseProbe(current, failure: &failure), failure: &failure)
            let same = next.objective == current.objective && next.zeroColumns == current.zeroColumns
                && next.boundExponents == current.boundExponents && next.ineffectiveExponents == current.ineffectiveExponents
            current = next
            if same { break }
        }
        return current
    }

    /// The terms held at 0, each released in turn from a finished basin: the exponents that shape
    /// that term (idle while it is absent, or shared with a present term and placed for it alone)
    /// are scanned over the lattice's axis and both plausible bounds, the others kept as in the
    /// basin, each point
    /// solved for the Huber objective (`ExponentSearch.robustCandidate`). The best point that
    /// gives the term a positive coefficient and scores within `boundProbeMargin` of the basin
    /// is polished with the term free. A release wins only by a lower objective (ties as in
    /// `best` keep the term at 0): the active set's check that no absent term would lower the
    /// objective if it came back.
    private func releaseProbe(_ basin: Result, failure: inout NonlinearLeastSquaresError?) -> Result {
        let range = ExponentSearch<Model>.plausibleExponents
        let userFixed = Set(parametrization.fixed.map(\.index))
        var probes = [basin]
        for column in basin.zeroColumns where !userFixed.contains(model.linearThetaIndices[column]) {
            let zeros = basin.zeroColumns.filter { $0 != column }
            let shaping = model.exponentIndices.enumerated().filter { _, exponent in
                model.linearExponents[column].contains(exponent) && !userFixed.contains(exponent)
            }
            // Two scans: the exponents that shape only this term (bS for aS), the others as in
            // the basin; and every exponent of the term (bS and bN), which moves the present terms
            // that share one too. Each scan's best point is polished.
            let idle = shaping.filter { basin.idleExponents.contains($0.element) }
            var starts: [ExponentSearch<Model>.Candidate] = []
            for scanned in [idle, shaping] where !scanned.isEmpty || starts.isEmpty {
                var grids: [[Double]] = [model.exponentIndices.map { basin.theta[$0] }]
                for (a, _) in scanned {
                    let axis = model.exponentAxes[a]
                    let step = axis.count > 1 ? (axis.upper - axis.lower) / Double(axis.count - 1) : 0
                    let values = (0..<axis.count).map { axis.lower + Double($0) * step } + [log(range.lowerBound), log(range.upperBound)]
                    grids = grids.flatMap { point in values.map { value in var moved = point; moved[a] = value; return moved } }
                }
                let candidates = grids.compactMap { search.robustCandidate(at: $0) }.filter { !$0.zeroColumns.contains(column) }
                if let point = candidates.min(by: { $0.objective < $1.objective }), point.objective <= basin.objective * (1 + Self.boundProbeMargin),
                   !starts.contains(where: { $0.exponents == point.exponents }) {
                    starts.append(point)
                }
            }
            for point in starts {
                var theta = point.theta
                for zero in point.zeroColumns where !zeros.contains(zero) {
                    theta = model.settingLinear(theta, column: zero, value: smallValue(column: zero, theta: theta))
                }
                // The scanned exponents are free again, unless the scan put one at a bound.
                var bounds = basin.boundExponents
                for (a, exponent) in shaping {
                    bounds[exponent] = nil
                    if point.exponents[a] == log(range.lowerBound) { bounds[exponent] = false }
                    if point.exponents[a] == log(range.upperBound) { bounds[exponent] = true }
                }
                if let probe = solve(from: theta, zeros: zeros, bounds: bounds, restart: false, start: basin.start, failure: &failure) {
                    probes.append(probe)
                }
            }
        }
        return Self.best(probes) ?? basin
    }

    /// The bounds of the plausible range, probed from a finished basin: for each exponent the
    /// user did not fix that shapes a present term, the non-negative linear solve with that
    /// exponent at a bound (either one, or the other one for an exponent the polish already holds
    /// at a bound) and the others as in the basin, solved for the Huber objective
    /// (`ExponentSearch.robustCandidate`). Where it scores within `boundProbeMargin` of the
    /// basin (a relative margin, since the other exponents are not yet adapted to it), the model
    /// is polished with the exponent held there, from that solve and from the basin itself.
    ///
    /// Then, with "as good" meaning an objective no higher than the basin's (to a relative 1e-9):
    /// - an exponent as good at both bounds as in the basin changes nothing on these runs: it is
    ///   held where it is and reported as without effect (not at a bound: nothing was falling);
    /// - an exponent as good at one bound, and either within `nearBound` of it or beyond the
    ///   lattice's usual range on that side, is at that bound: the objective is flat or still
    ///   falling toward it, and the solver's convergence test stopped it short;
    /// - otherwise the best of the basin and the probes wins, ties as in `best` (an equal
    ///   objective keeps the interior law).
    /// A probe better than the basin by more than that tie comes before either rule: the next
    /// round of `refine` looks again from it. On data the law describes, a bound scores orders of magnitude worse and nothing is polished.
    private func boundProbe(_ basin: Result, failure: inout NonlinearLeastSquaresError?) -> Result {
        let range = ExponentSearch<Model>.plausibleExponents
        let userFixed = Set(parametrization.fixed.map(\.index))
        let present = Set((0..<model.linearCount).filter { !basin.zeroColumns.contains($0) })
        let asGood = basin.objective + 1e-9 * basin.objective
        var probes: [Result] = []
        var flatToward: [Result] = []
        var ineffective: [Int] = []
        for (a, exponent) in model.exponentIndices.enumerated() where !userFixed.contains(exponent) && !basin.ineffectiveExponents.contains(exponent) {
            guard present.contains(where: { model.linearExponents[$0].contains(exponent) }) else { continue }
            var asGoodAt: Set<Bool> = basin.boundExponents[exponent].map { [$0] } ?? []
            for upper in [false, true] where basin.boundExponents[exponent] != upper {
                let bound = log(upper ? range.upperBound : range.lowerBound)
                var exponents = model.exponentIndices.map { basin.theta[$0] }
                exponents[a] = bound
                guard let point = search.robustCandidate(at: exponents), point.objective <= basin.objective * (1 + Self.boundProbeMargin) else { continue }
                var bounds = basin.boundExponents
                bounds[exponent] = upper
                // The polish works in logarithms: a term the solve put at 0 but the basin has
                // starts small instead, free to grow.
                var fromSolve = point.theta
                for column in point.zeroColumns where present.contains(column) {
                    fromSolve = model.settingLinear(fromSolve, column: column, value: smallValue(column: column, theta: fromSolve))
                }
                var fromBasin = basin.theta
                fromBasin[exponent] = bound
                let ends = [fromSolve, fromBasin].compactMap {
                    solve(from: $0, zeros: basin.zeroColumns, bounds: bounds, restart: false, ineffective: basin.ineffectiveExponents,
                          start: basin.start, failure: &failure)
                }
                guard let probe = Self.best(ends) else { continue }
                probes.append(probe)
                guard probe.objective <= asGood else { continue }
                asGoodAt.insert(upper)
                let axis = model.exponentAxes[a]
                let beyondLattice = upper ? basin.theta[exponent] > axis.upper : basin.theta[exponent] < axis.lower
                if abs(basin.theta[exponent] - bound) <= Self.nearBound || beyondLattice { flatToward.append(probe) }
            }
            if asGoodAt.count == 2 { ineffective.append(exponent) }
        }
        // A bound that does better than the basin comes first: the next round looks again from it.
        let best = Self.best([basin] + probes) ?? basin
        if best.objective < basin.objective - 1e-9 * basin.objective { return best }
        if !ineffective.isEmpty {
            var bounds = basin.boundExponents
            for exponent in ineffective { bounds[exponent] = nil }
            if let held = solve(from: basin.theta, zeros: basin.zeroColumns, bounds: bounds, restart: false,
                                ineffective: basin.ineffectiveExponents + ineffective, start: basin.start, failure: &failure),
               held.objective <= asGood {
                return held
            }
        }
        if let atBound = flatToward.min(by: { $0.objective < $1.objective }), atBound.objective <= best.objective + 1e-9 * best.objective {
            return atBound
        }
        return best
    }

    /// How close (in the logarithm of the exponent: 1%) an exponent left by the polish must be to
    /// a bound for an equal objective there to put it at the bound.
    static var nearBound: Double { 0.01 }

    /// How far above the basin a bound's linear solve may score and still be polished.
    static var boundProbeMargin: Double { 0.1 }

    /// The edges probed from a basin with an exponent beyond the lattice's usual range.
    private func edgeProbes(_ start: Result, fixed: Set<Int>, failure: inout NonlinearLeastSquaresError?) -> Result {
        var current = start
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
    private func smallValue(column: Int, theta: [Double]) -> Double { model.smallLinearValue(column: column, theta: theta) }

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
    /// With `restart` false, `theta` already has the held exponents at their bounds and is the start.
    /// `ineffective` exponents are held where `theta` has them.
    private func solve(from theta: [Double], zeros: [Int], bounds initialBounds: [Int: Bool] = [:], restart: Bool = true,
                       ineffective: [Int] = [], start: [Double], failure: inout NonlinearLeastSquaresError?) -> Result? {
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
        if restart, !initialBounds.isEmpty, let point = search.candidate(at: model.exponentIndices.map { theta[$0] }) {
            theta = point.theta
        }
        for column in zeros { holds[model.linearThetaIndices[column]] = -.infinity }
        let zeroSet = Set(zeros)
        let idle = model.exponentIndices.filter { exponent in
            let users = model.linearExponents.indices.filter { model.linearExponents[$0].contains(exponent) }
            return !users.isEmpty && users.allSatisfy { zeroSet.contains($0) }
        }
        for exponent in idle + ineffective where holds[exponent] == nil { holds[exponent] = theta[exponent] }
        guard var result = solve(from: theta, holds: holds, zeros: zeros, bounds: initialBounds, idle: idle, start: start, failure: &failure) else { return nil }
        result.ineffectiveExponents = ineffective
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
            result.ineffectiveExponents = ineffective
        }
    }

    private func solve(from theta: [Double], holds: [Int: Double], zeros: [Int], bounds: [Int: Bool], idle: [Int], start: [Double],
                       failure: inout NonlinearLeastSquaresError?) -> Result? {
        let held = parametrization.holding(holds)
        var phi = held.phi(theta)
        // Start inside the domain: a start with a non-finite entry (a coefficient lifted from 0
        // that cannot be) falls back to the lattice point's values.
        if !phi.allSatisfy(\.isFinite) { phi = phi.map { $0.isFinite ? $0 : 0 } }
        var solution: NonlinearLeastSquaresSolution
        if held.free.isEmpty {
            solution = NonlinearLeastSquaresSolution(parameters: [], halfSumOfSquares: 0, iterations: 0, converged: true,
                                                     stopStatus: nil, inverseNormalMatrix: nil, rankDeficient: false)
        } else {
            do {
                solution = try LawFitter.leastSquaresProblem(model: model, loss: loss, parametrization: held).solve(from: phi)
            } catch {
                failure = error
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

extension FitModel {
    /// A value for linear coefficient `column` that makes its term worth 1e-3 of the mean loss:
    /// a start just inside the domain for a coefficient released from 0, from which the solver
    /// can move it either way.
    func smallLinearValue(column: Int, theta: [Double]) -> Double {
        let one = settingLinear(theta, column: column, value: 1), none = settingLinear(theta, column: column, value: 0)
        var contribution = 0.0, mean = 0.0
        for i in 0..<points.count {
            contribution += predict(one, at: i) - predict(none, at: i)
            mean += points.loss[i]
        }
        guard contribution > 0, contribution.isFinite else { return 1e-3 }
        return 1e-3 * mean / contribution
    }
}
