import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The global search: the law is linear in its non-exponent coefficients once the exponents are
/// fixed, so a lattice over the exponents, each point completed by an exact non-negative linear
/// least-squares solve, maps the objective's landscape at the cost of a few thousand small solves.
/// The lattice's local minima are the basins worth polishing.
///
/// The linear solve minimizes weighted squares (weights 1 / L for `huber-log`, whose residuals
/// are relative), not the Huber objective; each lattice point is then scored by the true
/// objective, and the trust-region polish minimizes it exactly.
///
/// The lattice adapts its range: when one of its leading basins lies on an edge of an exponent's
/// axis (the objective still falling that way), that axis is extended by further steps of the
/// same ratio, as far as `plausibleExponents`. Every axis also holds the plausible upper bound
/// itself, where a term acts as a step at the smallest N or D.
struct ExponentSearch<Model: FitModel> {
    let model: Model
    let loss: FitLoss
    var parametrization: Parametrization

    /// The exponents the search and the polish consider. Above 20 a power of N or D is
    /// effectively a step at the smallest value (a factor 2 in N changes the term a million-fold),
    /// and below 1e-3 it is effectively a constant: beyond either bound the data cannot pin an
    /// exponent down, and a fit that runs there is degenerate.
    static var plausibleExponents: ClosedRange<Double> { 1e-3...20 }

    struct Candidate {
        var theta: [Double]
        var objective: Double
        /// The design columns (linear coefficients) the non-negative solve put at exactly 0.
        var zeroColumns: [Int]
        /// The lattice point's exponents (logarithms), in `exponentAxes` order.
        var exponents: [Double]
    }

    /// What the lattice found: its basins and its other points, each list best first.
    struct Landscape {
        /// The lattice's local minima (points no worse than their neighbours), one per basin:
        /// a plateau of equal objectives counts once.
        var basins: [Candidate]
        /// The remaining points, none adjacent to a basin or to another one listed.
        var others: [Candidate]
        /// How many times an axis was extended beyond its usual range.
        var extensions: Int
        /// The basins' flat lattice indices.
        var basinIndices: [Int] = []
    }

    /// The lattice's landscape for the lattice shifted by `seed`. An axis is extended while one
    /// of the best `starts` basins lies on its edge (the objective falling beyond it), as far as
    /// the plausible range.
    func landscape(seed: UInt64, starts: Int) -> Landscape {
        var generator = SeededGenerator(seed: seed)
        // A fixed exponent collapses its axis to its one value.
        let fixedTheta = parametrization.theta(parametrization.phi([Double](repeating: 0, count: model.parameterCount)))
        let fixedIndices = Set(parametrization.fixed.map(\.index))
        let axes = model.exponentAxes.enumerated().map { a, axis in
            fixedIndices.contains(model.exponentIndices[a]) ? (lower: fixedTheta[model.exponentIndices[a]], upper: fixedTheta[model.exponentIndices[a]], count: 1) : axis
        }
        // One random shift per axis, within half a lattice step: a different seed probes
        // different exponents, and the result must not depend on it.
        let steps = axes.map { $0.count > 1 ? ($0.upper - $0.lower) / Double($0.count - 1) : 0 }
        let shifts = steps.map { ($0 * (generator.nextUniform() - 0.5)) }
        let bounds = (lower: log(Self.plausibleExponents.lowerBound), upper: log(Self.plausibleExponents.upperBound))

        // Extra steps below and above each axis's usual range.
        var below = [Int](repeating: 0, count: axes.count), above = below
        var extensions = 0
        // The points already scored, kept across extensions: only the new slabs are solved.
        var previous: (scored: [Candidate?], sizes: [Int], below: [Int])? = nil
        while true {
            let values: [[Double]] = axes.indices.map { a in
                guard axes[a].count > 1 else { return [axes[a].lower] }
                return (-below[a]..<(axes[a].count + above[a])).map {
                    min(max(axes[a].lower + Double($0) * steps[a] + shifts[a], bounds.lower), bounds.upper)
                }
            }
            let sizes = values.map(\.count)
            var known: (scored: [Candidate?], done: [Bool])? = nil
            if let previous {
                // A point's new position is its old one plus the steps added below.
                var carried = [Candidate?](repeating: nil, count: sizes.reduce(1, *))
                var done = [Bool](repeating: false, count: carried.count)
                for oldFlat in previous.scored.indices {
                    let old = positions(of: oldFlat, sizes: previous.sizes)
                    var flat = 0
                    for a in axes.indices { flat = flat * sizes[a] + old[a] + below[a] - previous.below[a] }
                    carried[flat] = previous.scored[oldFlat]
                    done[flat] = true
                }
                known = (carried, done)
            }
            let scored = score(values: values, fixedTheta: fixedTheta, fixedIndices: fixedIndices, known: known)
            let landscape = basins(scored, sizes: sizes, extensions: extensions)
            // Extend an axis where a leading basin sits on its edge and the exponent matters
            // there (some term using it has a non-zero coefficient), unless the edge is a bound.
            var grow = (below: [Bool](repeating: false, count: axes.count), above: [Bool](repeating: false, count: axes.count))
            for basin in landscape.basinIndices.prefix(max(1, starts)) where extensions < 12 {
                let position = positions(of: basin, sizes: sizes)
                let zeros = Set(scored[basin]!.zeroColumns)
                for a in axes.indices where sizes[a] > 1 {
                    let exponent = model.exponentIndices[a]
                    guard model.linearExponents.indices.contains(where: { !zeros.contains($0) && model.linearExponents[$0].contains(exponent) }) else { continue }
                    if position[a] == 0, values[a][0] > bounds.lower { grow.below[a] = true }
                    if position[a] == sizes[a] - 1, values[a][sizes[a] - 1] < bounds.upper { grow.above[a] = true }
                }
            }
            guard grow.below.contains(true) || grow.above.contains(true) else { return landscape }
            previous = (scored, sizes, below)
            for a in axes.indices {
                if grow.below[a] { below[a] += max(3, axes[a].count / 3) }
                if grow.above[a] { above[a] += max(3, axes[a].count / 3) }
            }
            extensions += 1
        }
    }

    /// One point: the exact non-negative solve at the given exponents (logarithms, in
    /// `exponentAxes` order), scored; nil where the law is not finite there. `weights` replace
    /// the solve's usual ones.
    func candidate(at exponents: [Double], weights: [Double]? = nil) -> Candidate? {
        let fixedTheta = parametrization.theta(parametrization.phi([Double](repeating: 0, count: model.parameterCount)))
        return score(values: exponents.map { [$0] }, fixedTheta: fixedTheta, fixedIndices: Set(parametrization.fixed.map(\.index)), weights: weights)[0]
    }

    /// One point with its linear coefficients solved for the Huber objective rather than for
    /// squares: iteratively reweighted non-negative solves, each point's squared weight scaled by
    /// min(1, delta / |r|) from the previous solve's residual r (Huber's weight function, so that
    /// a point beyond delta counts by its absolute, not its squared, residual). The best of the
    /// solves by the true objective; the plain solve for `squares`.
    ///
    /// A lattice point's plain solve can score a third above what its exponents attain when one
    /// run sits far from the rest (a step at the smallest N or D); a few reweightings bring the
    /// score within a small fraction of the polished objective.
    func robustCandidate(at exponents: [Double], reweightings: Int = 4) -> Candidate? {
        guard var best = candidate(at: exponents) else { return nil }
        guard loss.kind != .squares else { return best }
        let measured = model.points.loss
        var current = best
        for _ in 0..<reweightings {
            var weights = [Double](repeating: 0, count: measured.count)
            for i in measured.indices {
                let predicted = model.predict(current.theta, at: i)
                guard predicted > 0, predicted.isFinite else { return best }
                let r = abs(loss.residual(predicted: predicted, measured: measured[i]).value)
                let base = loss.kind == .huberLog ? 1 / measured[i] : 1
                weights[i] = r > loss.delta ? base * (loss.delta / r).squareRoot() : base
            }
            guard let next = candidate(at: exponents, weights: weights) else { break }
            current = next
            if next.objective < best.objective { best = next }
        }
        return best
    }

    /// The lattice index of each axis for a flat index (last axis fastest).
    private func positions(of flat: Int, sizes: [Int]) -> [Int] {
        var result = [Int](repeating: 0, count: sizes.count)
        var rest = flat
        for a in stride(from: sizes.count - 1, through: 0, by: -1) { result[a] = rest % sizes[a]; rest /= sizes[a] }
        return result
    }

    /// Every lattice point completed by the exact non-negative solve and scored by the objective;
    /// nil where the law is not finite and positive. Points of an earlier, smaller lattice
    /// (`known`, with that lattice's shape) are taken from it, not solved again.
    /// `weights` replaces the solve's usual ones (1 / L for `huber-log`, else 1).
    private func score(values: [[Double]], fixedTheta: [Double], fixedIndices: Set<Int>,
                       known: (scored: [Candidate?], done: [Bool])? = nil, weights given: [Double]? = nil) -> [Candidate?] {
        let sizes = values.map(\.count)
        let total = sizes.reduce(1, *)
        let n = model.points.count, k = model.linearCount
        let measured = model.points.loss
        let weights = given ?? (loss.kind == .huberLog ? measured.map { 1 / $0 } : Array(repeating: 1.0, count: n))
        let floor = 1e-9 * (measured.reduce(0, +) / Double(n))
        let freeColumns = (0..<k).filter { !fixedIndices.contains(model.linearThetaIndices[$0]) }
        let fixedColumns = (0..<k).filter { fixedIndices.contains(model.linearThetaIndices[$0]) }

        // Each axis value's powers, once: the lattice reuses them at every point that shares it.
        let factors: [[[Double]]] = values.indices.map { a in values[a].map { model.axisFactors(axis: a, exponent: $0) } }
        var pointFactors = factors.map { $0[0] }
        var design = [Double](repeating: 0, count: n * freeColumns.count)
        var targets = measured
        var row = [Double](repeating: 0, count: k)
        var scored: [Candidate?] = known?.scored ?? Array(repeating: nil, count: total)
        var index = [Int](repeating: 0, count: values.count)
        for flat in 0..<total where !(known?.done[flat] ?? false) {
            var rest = flat
            for a in stride(from: values.count - 1, through: 0, by: -1) { index[a] = rest % sizes[a]; rest /= sizes[a] }
            let exponents = (0..<values.count).map { values[$0][index[$0]] }
            var skeleton = fixedTheta
            for (a, thetaIndex) in model.exponentIndices.enumerated() { skeleton[thetaIndex] = exponents[a] }
            parametrization.complete(&skeleton)
            let fixedValues = fixedColumns.map { model.linearValue(skeleton, column: $0) }
            for a in 0..<values.count { pointFactors[a] = factors[a][index[a]] }
            for i in 0..<n {
                model.linearBasis(factors: pointFactors, at: i, into: &row)
                for (position, column) in freeColumns.enumerated() { design[i * freeColumns.count + position] = row[column] }
                targets[i] = measured[i]
                for (position, column) in fixedColumns.enumerated() { targets[i] -= fixedValues[position] * row[column] }
            }
            guard design.allSatisfy(\.isFinite), targets.allSatisfy(\.isFinite),
                  let solution = NonNegativeLeastSquares(design: design, targets: targets, weights: weights, columnCount: freeColumns.count).solve()
            else { continue }
            var linear = [Double](repeating: 0, count: k)
            for (position, column) in freeColumns.enumerated() { linear[column] = solution.coefficients[position] }
            for (position, column) in fixedColumns.enumerated() { linear[column] = fixedValues[position] }
            // theta holds logarithms: a coefficient at 0 becomes one whose term is at most `floor`
            // at any point. A coefficient that is merely small stays as it is: beside a steep
            // power (d^-20 is 1e30 at a tenth of the unit) it can carry a term of ordinary size.
            for column in 0..<k where !(linear[column] > 0) {
                var largest = 0.0
                for i in 0..<n { model.linearBasis(factors: pointFactors, at: i, into: &row); largest = max(largest, row[column]) }
                linear[column] = largest > 0 && largest.isFinite ? floor / largest : floor
            }
            var theta = model.theta(exponents: exponents, linear: linear)
            parametrization.complete(&theta)
            // Scored from the design, without powers: prediction = fixed part + design x solution.
            var total = 0.0
            var finite = true
            for i in 0..<n {
                var predicted = measured[i] - targets[i]
                for position in 0..<freeColumns.count { predicted += design[i * freeColumns.count + position] * solution.coefficients[position] }
                guard predicted > 0, predicted.isFinite else { finite = false; break }
                total += loss.rho(loss.residual(predicted: predicted, measured: measured[i]).value)
            }
            if finite {
                let zeros = freeColumns.enumerated().filter { solution.coefficients[$0.offset] == 0 }.map(\.element)
                scored[flat] = Candidate(theta: theta, objective: total / Double(n), zeroColumns: zeros, exponents: exponents)
            }
        }
        return scored
    }

    /// The local minima, one per plateau, best first; then the other points, best first, each
    /// at least two lattice steps from every point listed before it and not on its plateau.
    private func basins(_ scored: [Candidate?], sizes: [Int], extensions: Int) -> Landscape {
        let total = scored.count
        var localMinima: [Int] = []
        for flat in 0..<total {
            guard let here = scored[flat]?.objective else { continue }
            var isMinimum = true
            var axisStride = 1
            for a in stride(from: sizes.count - 1, through: 0, by: -1) {
                let position = (flat / axisStride) % sizes[a]
                for neighbor in [position - 1, position + 1] where neighbor >= 0 && neighbor < sizes[a] {
                    if let other = scored[flat + (neighbor - position) * axisStride]?.objective, other < here { isMinimum = false }
                }
                axisStride *= sizes[a]
            }
            if isMinimum { localMinima.append(flat) }
        }
        let byObjective: (Int, Int) -> Bool = { scored[$0]!.objective < scored[$1]!.objective }
        // An exponent that has no effect (its term's coefficient is 0) makes a plateau of equal
        // minima along its axis: one basin, not many.
        var basinIndices: [Int] = []
        for flat in localMinima.sorted(by: byObjective) {
            let value = scored[flat]!.objective
            let plateau = basinIndices.contains { abs(scored[$0]!.objective - value) <= 1e-12 * value }
            if !plateau { basinIndices.append(flat) }
        }
        var taken = basinIndices.map { positions(of: $0, sizes: sizes) }
        var others: [Int] = []
        let basinSet = Set(localMinima)
        var takenObjectives = basinIndices.map { scored[$0]!.objective }
        for flat in (0..<total).filter({ scored[$0] != nil && !basinSet.contains($0) }).sorted(by: byObjective) {
            let here = positions(of: flat, sizes: sizes)
            let near = taken.contains { other in zip(here, other).allSatisfy { abs($0 - $1) <= 1 } }
            // Equal objectives along an exponent without effect are one point, not several.
            let value = scored[flat]!.objective
            let plateau = takenObjectives.contains { abs($0 - value) <= 1e-12 * value }
            if !near && !plateau {
                takenObjectives.append(value)
                others.append(flat)
                taken.append(here)
                if others.count >= 64 { break }
            }
        }
        return Landscape(basins: basinIndices.map { scored[$0]! }, others: others.map { scored[$0]! }, extensions: extensions, basinIndices: basinIndices)
    }

    /// The mean of rho over the points; infinite where the law is not a positive finite number.
    func objective(_ theta: [Double]) -> Double {
        var total = 0.0
        for i in 0..<model.points.count {
            let predicted = model.predict(theta, at: i)
            guard predicted > 0, predicted.isFinite else { return .infinity }
            total += loss.rho(loss.residual(predicted: predicted, measured: model.points.loss[i]).value)
        }
        return total / Double(model.points.count)
    }
}
