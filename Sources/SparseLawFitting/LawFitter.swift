import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Fits a scaling law to runs: exponent lattice search with exact non-negative linear solves,
/// then GSL trust-region polish of the best basins, keeping the lowest objective.
public enum LawFitter {
    public static func fit(_ runs: [TrainingRun], options: FitOptions = .init()) throws(FitError) -> LawFit {
        if runs.count > 1, let first = runs.first?.loss, runs.allSatisfy({ abs($0.loss - first) <= 1e-9 * first }) {
            throw .constantLoss(first)
        }
        let points = NormalizedPoints(runs)
        switch options.form {
        case .sparse:
            let patterns = structuredPatterns(in: runs)
            guard patterns.count <= 4 else {
                throw .tooManyPatterns(patterns)
            }
            let model = SparseFitModel(points: points, patternOf: runs.map { patternIndex($0, among: patterns) }, patternCount: patterns.count)
            var result = try fit(model: model, runs: runs, options: options)
            result.patternNames = patterns
            return result
        case .dense: return try fit(model: DenseFitModel(points: points), runs: runs, options: options)
        }
    }

    /// The structured (n:m) patterns among sparse runs, sorted; runs marked unstructured (or
    /// dense, none, empty) and dense runs use the unstructured law.
    static func structuredPatterns(in runs: [TrainingRun]) -> [String] {
        Array(Set(runs.compactMap { patternIndexKey($0) })).sorted()
    }

    static func patternIndex(_ run: TrainingRun, among patterns: [String]) -> Int? {
        patternIndexKey(run).flatMap { patterns.firstIndex(of: $0) }
    }

    private static func patternIndexKey(_ run: TrainingRun) -> String? {
        guard run.sparsity > 0, let pattern = run.pattern?.lowercased(),
              !["", "unstructured", "dense", "none"].contains(pattern) else { return nil }
        return pattern
    }

    static func fit<Model: FitModel>(model: Model, runs: [TrainingRun], options: FitOptions) throws(FitError) -> LawFit {
        let parametrization = Parametrization(model: model, fixed: try options.fixedIndices())
        let p = model.parameterCount, n = runs.count
        guard n >= parametrization.free.count else { throw .tooFewPoints(needed: parametrization.free.count, got: n, form: model.form) }
        let loss = options.loss
        let search = ExponentSearch(model: model, loss: loss, parametrization: parametrization)
        let landscape = search.landscape(seed: options.seed, starts: max(1, options.starts))
        // Basins first (one start per basin of the lattice), then other points, none adjacent to another start.
        let queue = landscape.basins + landscape.others
        guard !queue.isEmpty else { throw .noFiniteStart }

        let polisher = BasinPolish(search: search)
        var polished: [(result: BasinPolish<Model>.Result, isBasin: Bool)] = []
        var attempted = 0, basinsTried = 0
        var lastFailure: NonlinearLeastSquaresError? = nil
        func polishNext(_ count: Int) {
            let end = min(queue.count, attempted + count)
            while attempted < end {
                let isBasin = attempted < landscape.basins.count
                if isBasin { basinsTried += 1 }
                if let result = polisher.polish(queue[attempted], failure: &lastFailure) { polished.append((result, isBasin)) }
                attempted += 1
            }
        }
        let requested = max(1, options.starts)
        polishNext(requested)
        // Relative agreement, with a floor for fits that are exact to rounding (residuals near 1e-7).
        func reaching() -> (best: BasinPolish<Model>.Result, starts: Int, basins: Int)? {
            guard let best = BasinPolish<Model>.best(polished.map(\.result)) else { return nil }
            let tolerance = 1e-6 * best.objective + 1e-14
            let at = polished.filter { $0.result.objective - best.objective <= tolerance }
            return (best, at.count, at.filter(\.isBasin).count)
        }
        // A best reached from one start only may be a narrow basin the other starts missed, or
        // a fluke; a best at an edge of the domain (a coefficient at 0, an exponent at a bound) is
        // where neighbouring degenerate laws compete: more starts, within the same budget again,
        // before answering.
        if let first = reaching(), attempted > 1,
           first.starts == 1 || !first.best.zeroColumns.isEmpty || !first.best.boundExponents.isEmpty {
            polishNext(requested)
        }
        guard let (reached, atBest, basinsAtBest) = reaching() else { throw .allStartsFailed(lastFailure) }
        let best = polisher.refine(reached, failure: &lastFailure)
        let finalParametrization = best.parametrization
        let q = finalParametrization.free.count

        let theta = best.theta
        let names = model.form.coefficientNames + (model.form.coefficientNames.count..<p).map { "q\($0 - model.form.coefficientNames.count)" }
        // Coefficients a double cannot hold in the data's units (a power of a large N or D) are a
        // property of the data's units, not of the fit: the data must be rescaled.
        let logCoefficients = model.logCoefficients(theta)
        let representable = log(Double.leastNormalMagnitude)...log(Double.greatestFiniteMagnitude)
        for (index, value) in logCoefficients.enumerated() where value.isFinite || value == .infinity {
            guard let field = model.coefficientUnits[index], !representable.contains(value) else { continue }
            // With coefficients held by the user, the held values are the likelier cause.
            if !options.fixed.isEmpty { throw .notFinite(fixed: options.fixed) }
            // Beyond a double already in normalized units (aD = (aD^bD)^(1 / bD) with bD near 0):
            // no unit of D helps; the term is nearly constant.
            if !representable.contains(theta[index]), let column = model.linearThetaIndices.firstIndex(of: index),
               let exponent = model.linearExponents[column].last {
                throw .flatTermUnrepresentable(coefficient: names[index], log10Magnitude: value / log(10),
                                               exponent: names[exponent], exponentValue: exp(theta[exponent]))
            }
            throw .unrepresentable(coefficient: names[index], log10Magnitude: value / log(10), field: field,
                                   scale: field == .tokens ? model.points.tokensScale : model.points.paramsScale)
        }
        let coefficients = model.coefficients(theta)
        // The model's first coefficients are the law's, in its form's order.
        let law = ScalingLaw(form: model.form, coefficients: Array(coefficients.prefix(model.form.coefficientNames.count)))!
        var squaredError = 0.0, maxRelative = 0.0
        for (i, run) in runs.enumerated() {
            // From the normalized model: the same number, without powers of the data's units.
            let predicted = model.predict(theta, at: i)
            squaredError += (predicted - run.loss) * (predicted - run.loss)
            maxRelative = max(maxRelative, abs(predicted / run.loss - 1))
        }
        let degeneracies = Self.degeneracies(of: best, model: model, names: names)

        var warnings: [FitWarning] = []
        // n >= q runs here, so the summary exists.
        guard let summary = RunSummary(runs: runs) else { throw .tooFewPoints(needed: q, got: n, form: model.form) }
        warnings += summary.coverageWarnings(form: model.form).map(FitWarning.coverage)
        let freeNames = finalParametrization.free.map { names[$0] }
        var standardErrors: [Double]? = nil
        var correlation: [[Double]]? = nil
        if let inverse = best.solution.inverseNormalMatrix, n > q {
            // sigma^2 = sum psi^2 / (n - q): the Gauss-Newton covariance of the transformed residuals.
            let sigma2 = 2 * best.solution.halfSumOfSquares / Double(n - q)
            let phiCovariance = inverse.map { $0 * sigma2 }
            let normalizedCorrelation = correlationMatrix(phiCovariance, size: q)
            // Reported coefficients from phi: (d coefficient / d theta)(d theta / d phi), p x q.
            let toCoefficients = multiply(model.coefficientJacobian(theta), finalParametrization.derivative(theta), rows: p, inner: p, columns: q)
            let covariance = propagate(phiCovariance, through: toCoefficients, rows: p, columns: q)
            standardErrors = (0..<p).map { covariance[$0 * p + $0].squareRoot() }
            // A rank-deficient solve's covariance has exact zeros for the directions the data do
            // not determine: not known, rather than known exactly.
            // So is an exact 0 from a coefficient too small for its error to be a double. A held
            // coefficient's 0 (fixed by the user, or at an edge of the domain) stays: it was given.
            if sigma2 > 0 {
                let free = Set(finalParametrization.free)
                standardErrors = standardErrors?.enumerated().map { free.contains($0.offset) && $0.element == 0 ? .nan : $0.element }
            }
            correlation = correlationMatrix(covariance, size: p).map { row in row.map { $0.isFinite ? $0 : 0 } }
            if best.solution.rankDeficient {
                warnings.append(.rankDeficient)
            }
            for a in 0..<q {
                for b in (a + 1)..<q where abs(normalizedCorrelation[a][b]) > 0.995 {
                    warnings.append(.nearlyInterchangeable(first: freeNames[a], second: freeNames[b], correlation: normalizedCorrelation[a][b]))
                }
            }
        } else if n == q {
            warnings.append(.interpolates)
        }
        if case .sparse(let sparse) = law {
            let total = sparse.aS + sparse.cS
            // Exactly 0 is a degeneracy, reported as such; tiny but positive is this.
            if sparse.aS > 0, sparse.aS < 1e-6 * total, options.fixed["aS"] == nil { warnings.append(.sparsityTermVanishes) }
            if sparse.cS > 0, sparse.cS < 1e-6 * total, options.fixed["cS"] == nil { warnings.append(.denseLimitVanishes) }
        }
        if !best.solution.converged {
            warnings.append(.notConverged(status: best.solution.stopStatus))
        }
        if atBest == 1 && polished.count > 1 {
            warnings.append(.singleStartAtBest(starts: polished.count))
        }

        // The objective is measured in the fitter's normalized units; what is reported must be
        // finite in the data's own (a held coefficient of 1e308 overflows there).
        guard law.coefficients.allSatisfy(\.isFinite), squaredError.isFinite, maxRelative.isFinite else {
            throw .notFinite(fixed: options.fixed)
        }
        return LawFit(law: law, options: options, objective: best.objective, points: n,
                      starts: attempted, startsAtBest: atBest, startObjectives: polished.map(\.result.objective),
                      converged: best.solution.converged, iterations: best.solution.iterations, stopStatus: best.solution.stopStatus,
                      rmse: (squaredError / Double(n)).squareRoot(), maxRelativeError: maxRelative,
                      standardErrors: standardErrors, correlation: correlation, summary: summary, warnings: warnings,
                      theta: theta, paramsScale: model.points.paramsScale, tokensScale: model.points.tokensScale,
                      allCoefficients: coefficients, basins: basinsTried, basinsAtBest: basinsAtBest,
                      latticeExtensions: landscape.extensions, degeneracies: degeneracies, holds: Self.holds(best.parametrization, beyond: parametrization))
    }

    /// The degeneracies of a polished basin: coefficients held at 0 (with the exponents they
    /// leave idle) and exponents held at a bound of the plausible range.
    static func degeneracies<Model: FitModel>(of result: BasinPolish<Model>.Result, model: Model, names: [String]) -> [Degeneracy] {
        var list: [Degeneracy] = []
        var assigned = Set<Int>()
        for column in result.zeroColumns.sorted() {
            // Each idle exponent is named once, with the first removed term it shapes.
            let idle = result.idleExponents.filter { model.linearExponents[column].contains($0) && !assigned.contains($0) }
            assigned.formUnion(idle)
            list.append(.atZero(coefficient: names[model.linearThetaIndices[column]], idleExponents: idle.map { names[$0] }))
        }
        for (exponent, upper) in result.boundExponents.sorted(by: { $0.key < $1.key }) {
            let range = ExponentSearch<Model>.plausibleExponents
            list.append(.atExponentBound(exponent: names[exponent], bound: upper ? range.upperBound : range.lowerBound, upper: upper))
        }
        for exponent in result.ineffectiveExponents.sorted() {
            let range = ExponentSearch<Model>.plausibleExponents
            list.append(.withoutEffect(exponent: names[exponent], lower: range.lowerBound, upper: range.upperBound))
        }
        return list
    }

    /// The entries of theta the polish held (beyond the user's fixed ones), for refits that must
    /// hold them too.
    static func holds(_ final: Parametrization, beyond user: Parametrization) -> [Int: Double] {
        let userFixed = Set(user.fixed.map(\.index))
        var result: [Int: Double] = [:]
        for entry in final.fixed where !userFixed.contains(entry.index) { result[entry.index] = entry.logValue }
        return result
    }

    /// The transformed residuals psi(r_i) and their Jacobian in the free parameters phi.
    static func leastSquaresProblem<Model: FitModel>(model: Model, loss: FitLoss, parametrization: Parametrization) -> NonlinearLeastSquaresProblem {
        let n = model.points.count, p = model.parameterCount, q = parametrization.free.count
        let measured = model.points.loss
        // Where a trial step makes the law non-finite or non-positive, a large constant residual
        // makes the trust region reject the step instead of ending the solve.
        let outOfDomain = 1e3
        return NonlinearLeastSquaresProblem(
            residualCount: n,
            parameterCount: q,
            residuals: { phi, f in
                let theta = parametrization.theta(phi)
                for i in 0..<n {
                    let predicted = model.predict(theta, at: i)
                    guard predicted > 0, predicted.isFinite else { f[i] = outOfDomain; continue }
                    let r = loss.residual(predicted: predicted, measured: measured[i])
                    f[i] = loss.transformed(r.value).value
                }
            },
            jacobian: { phi, J in
                let theta = parametrization.theta(phi)
                var gradient = [Double](repeating: 0, count: p)
                var full = parametrization.isIdentity ? [] : [Double](repeating: 0, count: n * p)
                for i in 0..<n {
                    let predicted = model.predict(theta, at: i, gradient: &gradient)
                    var scale = 0.0
                    if predicted > 0, predicted.isFinite {
                        let r = loss.residual(predicted: predicted, measured: measured[i])
                        scale = loss.transformed(r.value).derivative * r.derivative
                    }
                    if parametrization.isIdentity {
                        for j in 0..<p { J[i * p + j] = scale * gradient[j] }
                    } else {
                        for j in 0..<p { full[i * p + j] = scale * gradient[j] }
                    }
                }
                if !parametrization.isIdentity { parametrization.chain(full, theta: theta, rows: n, into: &J) }
            })
    }

    /// A (rows x inner) times B (inner x columns), row-major.
    static func multiply(_ a: [Double], _ b: [Double], rows: Int, inner: Int, columns: Int) -> [Double] {
        var result = [Double](repeating: 0, count: rows * columns)
        for i in 0..<rows { for k in 0..<inner where a[i * inner + k] != 0 { for j in 0..<columns { result[i * columns + j] += a[i * inner + k] * b[k * columns + j] } } }
        return result
    }

    /// T C T^T with T rows x columns and C columns x columns; the result is rows x rows.
    static func propagate(_ covariance: [Double], through t: [Double], rows: Int, columns: Int) -> [Double] {
        let tc = multiply(t, covariance, rows: rows, inner: columns, columns: columns)
        var result = [Double](repeating: 0, count: rows * rows)
        for i in 0..<rows { for j in 0..<rows { var s = 0.0; for k in 0..<columns { s += tc[i * columns + k] * t[j * columns + k] }; result[i * rows + j] = s } }
        return result
    }

    static func correlationMatrix(_ covariance: [Double], size p: Int) -> [[Double]] {
        (0..<p).map { i in
            (0..<p).map { j in
                let denominator = (covariance[i * p + i] * covariance[j * p + j]).squareRoot()
                return denominator > 0 ? covariance[i * p + j] / denominator : (i == j ? 1 : 0)
            }
        }
    }
}
