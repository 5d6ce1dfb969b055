import Foundation

/// Fits a scaling law to runs: exponent lattice search with exact non-negative linear solves,
/// then GSL trust-region polish of the best basins, keeping the lowest objective.
public enum LawFitter {
    public static func fit(_ runs: [TrainingRun], options: FitOptions = .init()) throws(FitError) -> LawFit {
        let points = NormalizedPoints(runs)
        switch options.form {
        case .sparse: return try fit(model: SparseFitModel(points: points), runs: runs, options: options)
        case .dense: return try fit(model: DenseFitModel(points: points), runs: runs, options: options)
        }
    }

    static func fit<Model: FitModel>(model: Model, runs: [TrainingRun], options: FitOptions) throws(FitError) -> LawFit {
        let p = model.parameterCount, n = runs.count
        guard n >= p else { throw .tooFewPoints(needed: p, got: n, form: model.form) }
        let loss = options.loss
        let search = ExponentSearch(model: model, loss: loss)
        let candidates = search.candidates(count: max(1, options.starts), seed: options.seed)
        guard !candidates.isEmpty else { throw .noFiniteStart }

        let problem = leastSquaresProblem(model: model, loss: loss)
        var solutions: [(solution: NonlinearLeastSquaresSolution, objective: Double)] = []
        var lastFailure = ""
        for candidate in candidates {
            do {
                let solution = try problem.solve(from: candidate.theta)
                let objective = search.objective(solution.parameters)
                if objective.isFinite { solutions.append((solution, objective)) }
            } catch {
                lastFailure = error.description
            }
        }
        guard let best = solutions.min(by: { $0.objective < $1.objective }) else { throw .allStartsFailed(lastFailure) }
        // Relative agreement, with a floor for fits that are exact to rounding (residuals near 1e-7).
        let tolerance = 1e-6 * best.objective + 1e-14
        let atBest = solutions.filter { $0.objective - best.objective <= tolerance }.count

        let theta = best.solution.parameters
        let coefficients = model.coefficients(theta)
        let law = ScalingLaw(form: model.form, coefficients: coefficients)
        var squaredError = 0.0, maxRelative = 0.0
        for run in runs {
            let predicted = law.loss(of: run)
            squaredError += (predicted - run.loss) * (predicted - run.loss)
            maxRelative = max(maxRelative, abs(predicted / run.loss - 1))
        }

        var warnings: [String] = []
        let summary = RunSummary(runs: runs)
        warnings += summary.warnings.filter { model.form == .sparse || !$0.contains("sparsity") }
        let names = model.form.coefficientNames
        var standardErrors: [Double]? = nil
        var correlation: [[Double]]? = nil
        if let inverse = best.solution.inverseNormalMatrix, n > p {
            // sigma^2 = sum psi^2 / (n - p): the Gauss-Newton covariance of the transformed residuals.
            let sigma2 = 2 * best.solution.halfSumOfSquares / Double(n - p)
            let thetaCovariance = inverse.map { $0 * sigma2 }
            let normalizedCorrelation = correlationMatrix(thetaCovariance, size: p)
            let covariance = propagate(thetaCovariance, through: model.coefficientJacobian(theta), size: p)
            standardErrors = (0..<p).map { covariance[$0 * p + $0].squareRoot() }
            correlation = correlationMatrix(covariance, size: p).map { row in row.map { $0.isFinite ? $0 : 0 } }
            if best.solution.rankDeficient {
                warnings.append("the data do not determine every coefficient (the Jacobian is rank deficient at the solution): some standard errors are not meaningful")
            }
            for a in 0..<p {
                for b in (a + 1)..<p where abs(normalizedCorrelation[a][b]) > 0.995 {
                    warnings.append("\(names[a]) and \(names[b]) are nearly interchangeable on these data (correlation \(numberText(normalizedCorrelation[a][b], significant: 4))): the data pin down a combination of them, not each")
                }
            }
        } else if n == p {
            warnings.append("as many runs as coefficients: the law interpolates the runs, and no uncertainty can be estimated")
        }
        for index in model.exponentIndices {
            let value = exp(theta[index])
            if value < 1e-3 || value > 20 {
                warnings.append("the exponent \(names[index]) = \(numberText(value)) ran to the edge of what is plausible: the data cannot pin it down")
            }
        }
        if case .sparse(let sparse) = law {
            let total = sparse.aS + sparse.cS
            if sparse.aS < 1e-6 * total { warnings.append("aS is effectively zero: on these data sparsity does not change the loss") }
            if sparse.cS < 1e-6 * total { warnings.append("cS is effectively zero: the law then says infinitely sparse models lose nothing, which the data cannot support") }
        }
        if !best.solution.converged {
            warnings.append("the trust-region solver stopped before its convergence test held (\(best.solution.stopReason ?? "unknown reason")): the coefficients may not be at the minimum")
        }
        if atBest == 1 && solutions.count > 1 {
            warnings.append("only one of \(solutions.count) starts reached the best objective: try more --starts to confirm it is the global minimum")
        }

        return LawFit(law: law, options: options, objective: best.objective, points: n,
                      starts: candidates.count, startsAtBest: atBest, startObjectives: solutions.map(\.objective),
                      converged: best.solution.converged, iterations: best.solution.iterations, stopReason: best.solution.stopReason,
                      rmse: (squaredError / Double(n)).squareRoot(), maxRelativeError: maxRelative,
                      standardErrors: standardErrors, correlation: correlation, summary: summary, warnings: warnings,
                      theta: theta, paramsScale: model.points.paramsScale, tokensScale: model.points.tokensScale)
    }

    /// The transformed residuals psi(r_i) and their Jacobian in theta.
    static func leastSquaresProblem<Model: FitModel>(model: Model, loss: FitLoss) -> NonlinearLeastSquaresProblem {
        let n = model.points.count, p = model.parameterCount
        let measured = model.points.loss
        // Where a trial step makes the law non-finite or non-positive, a large constant residual
        // makes the trust region reject the step instead of ending the solve.
        let outOfDomain = 1e3
        return NonlinearLeastSquaresProblem(
            residualCount: n,
            parameterCount: p,
            residuals: { theta, f in
                for i in 0..<n {
                    let predicted = model.predict(theta, at: i)
                    guard predicted > 0, predicted.isFinite else { f[i] = outOfDomain; continue }
                    let r = loss.residual(predicted: predicted, measured: measured[i])
                    f[i] = loss.transformed(r.value).value
                }
            },
            jacobian: { theta, J in
                var gradient = [Double](repeating: 0, count: p)
                for i in 0..<n {
                    let predicted = model.predict(theta, at: i, gradient: &gradient)
                    guard predicted > 0, predicted.isFinite else {
                        for j in 0..<p { J[i * p + j] = 0 }
                        continue
                    }
                    let r = loss.residual(predicted: predicted, measured: measured[i])
                    let scale = loss.transformed(r.value).derivative * r.derivative
                    for j in 0..<p { J[i * p + j] = scale * gradient[j] }
                }
            })
    }

    /// T C T^T for p x p row-major matrices.
    static func propagate(_ covariance: [Double], through t: [Double], size p: Int) -> [Double] {
        var tc = [Double](repeating: 0, count: p * p)
        for i in 0..<p { for j in 0..<p { var s = 0.0; for k in 0..<p { s += t[i * p + k] * covariance[k * p + j] }; tc[i * p + j] = s } }
        var result = [Double](repeating: 0, count: p * p)
        for i in 0..<p { for j in 0..<p { var s = 0.0; for k in 0..<p { s += tc[i * p + k] * t[j * p + k] }; result[i * p + j] = s } }
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
