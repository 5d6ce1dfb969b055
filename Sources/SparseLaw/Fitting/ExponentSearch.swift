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
struct ExponentSearch<Model: FitModel> {
    let model: Model
    let loss: FitLoss
    var parametrization: Parametrization

    struct Candidate {
        var theta: [Double]
        var objective: Double
    }

    /// Up to `count` starting points: the lattice's local minima, best first, then its best other points.
    func candidates(count: Int, seed: UInt64) -> [Candidate] {
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
        let sizes = axes.map(\.count)
        let total = sizes.reduce(1, *)
        let n = model.points.count, k = model.linearCount
        let measured = model.points.loss
        let weights = loss.kind == .huberLog ? measured.map { 1 / $0 } : Array(repeating: 1.0, count: n)
        let floor = 1e-9 * (measured.reduce(0, +) / Double(n))
        let freeColumns = (0..<k).filter { !fixedIndices.contains(model.linearThetaIndices[$0]) }
        let fixedColumns = (0..<k).filter { fixedIndices.contains(model.linearThetaIndices[$0]) }

        // Each axis value's powers, once: the lattice reuses them at every point that shares it.
        let factors: [[[Double]]] = (0..<axes.count).map { a in
            (0..<sizes[a]).map { model.axisFactors(axis: a, exponent: axes[a].lower + Double($0) * steps[a] + shifts[a]) }
        }
        var pointFactors = factors.map { $0[0] }
        var design = [Double](repeating: 0, count: n * freeColumns.count)
        var targets = measured
        var row = [Double](repeating: 0, count: k)
        var scored: [Candidate?] = Array(repeating: nil, count: total)
        var index = [Int](repeating: 0, count: axes.count)
        for flat in 0..<total {
            var rest = flat
            for a in stride(from: axes.count - 1, through: 0, by: -1) { index[a] = rest % sizes[a]; rest /= sizes[a] }
            let exponents = (0..<axes.count).map { axes[$0].lower + Double(index[$0]) * steps[$0] + shifts[$0] }
            var skeleton = fixedTheta
            for (a, thetaIndex) in model.exponentIndices.enumerated() { skeleton[thetaIndex] = exponents[a] }
            parametrization.complete(&skeleton)
            let fixedValues = fixedColumns.map { model.linearValue(skeleton, column: $0) }
            for a in 0..<axes.count { pointFactors[a] = factors[a][index[a]] }
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
            var theta = model.theta(exponents: exponents, linear: linear, floor: floor)
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
            if finite { scored[flat] = Candidate(theta: theta, objective: total / Double(n)) }
        }

        var localMinima: [Int] = []
        for flat in 0..<total {
            guard let here = scored[flat]?.objective else { continue }
            var isMinimum = true
            var axisStride = 1
            for a in stride(from: axes.count - 1, through: 0, by: -1) {
                let position = (flat / axisStride) % sizes[a]
                for neighbor in [position - 1, position + 1] where neighbor >= 0 && neighbor < sizes[a] {
                    if let other = scored[flat + (neighbor - position) * axisStride]?.objective, other < here { isMinimum = false }
                }
                axisStride *= sizes[a]
            }
            if isMinimum { localMinima.append(flat) }
        }
        let byObjective: (Int, Int) -> Bool = { scored[$0]!.objective < scored[$1]!.objective }
        var chosen = Array(localMinima.sorted(by: byObjective).prefix(count))
        if chosen.count < count {
            let taken = Set(chosen)
            let others = (0..<total).filter { scored[$0] != nil && !taken.contains($0) }.sorted(by: byObjective)
            chosen += others.prefix(count - chosen.count)
        }
        return chosen.map { scored[$0]! }
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
