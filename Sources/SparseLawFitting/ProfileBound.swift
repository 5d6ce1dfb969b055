import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The profile-likelihood upper bound of a constant term the fit holds at 0 (c of the sparse
/// law, E of the dense one): the one-sided 95% bound where the bootstrap cannot give one, because
/// nearly every resample also puts the term at 0 (math.md section 10).
///
/// With F(t) the fit's objective (the mean of rho over the runs) with the term held at t and the
/// rest refitted, F-hat the fit's own, and the robust scale kappa = mean(psi(r_i)^2) /
/// mean(psi'(r_i)) of the fit's residuals (psi = rho', the Huber function clipped at delta;
/// psi' = 1 inside delta, 0 beyond; for least squares kappa is the residual variance), the
/// statistic
///
///     Lambda(t) = 2 n (F(t) - F-hat) / kappa
///
/// is asymptotically chi^2_1 under Huber loss as under least squares (the robust likelihood-ratio
/// test of Schrader & Hettmansperger, 1980; for least squares it is math.md's 2 n (F(t) - F_min) /
/// sigma^2). The bound is the t where Lambda reaches 2.706, the 90% quantile of chi^2_1, which is the
/// one-sided 95% bound at a boundary. t is searched on a grid of shares of the mean loss (1% to
/// 95%), then bisected, each refit warm-started from the last.
///
/// Nil when the bound cannot be found: no residual inside delta (kappa undefined), a refit that
/// fails, or a statistic that stays below 2.706 up to 95% of the mean loss (then the data bound
/// nothing below the losses themselves).
enum ProfileBound {
    static let chiSquaredOneSided95 = 2.705543454095414

    static func upper<Model: FitModel>(column: Int, model: Model, fit: LawFit, runs: [TrainingRun], fixed: [Int: Double],
                                       kept: [Int: Double]) -> Double? {
        let loss = fit.options.loss
        let n = Double(runs.count)
        let index = model.linearThetaIndices[column]
        // The robust scale from the fit's residuals.
        var psiSquared = 0.0, inside = 0.0
        for run in runs {
            let r = loss.residual(predicted: fit.predictedLoss(of: run), measured: run.loss).value
            if loss.kind == .squares || abs(r) <= loss.delta {
                psiSquared += r * r
                inside += 1
            } else {
                psiSquared += loss.delta * loss.delta
            }
        }
        guard inside > 0, psiSquared > 0 else { return nil }
        let kappa = psiSquared / inside
        let user = Parametrization(model: model, fixed: fixed)
        let free = user.holding(kept.merging([index: -.infinity]) { _, new in new })
        // The fit's own objective in this model (the term at exactly 0), as the reference.
        guard let base = objective(model: model, loss: loss, parametrization: free, from: fit.theta) else { return nil }
        var warm = base.theta
        func statistic(_ value: Double) -> (value: Double, theta: [Double])? {
            var start = model.settingLinear(warm, column: column, value: value)
            guard start[index].isFinite else { return nil }
            var holds = kept
            holds[index] = start[index]
            let held = user.holding(holds)
            held.complete(&start)
            guard let result = objective(model: model, loss: loss, parametrization: held, from: start) else { return nil }
            return (2 * n * (result.objective - base.objective) / kappa, result.theta)
        }
        let meanLoss = runs.map(\.loss).reduce(0, +) / n
        // The constant term's value in the data's units is its linear value: c (or E) itself.
        var below = 0.0
        for share in [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.95] {
            let value = share * meanLoss
            guard let point = statistic(value) else { return nil }
            if point.value >= chiSquaredOneSided95 {
                var (low, high) = (below, value)
                for _ in 0..<40 where high - low > 1e-6 * high {
                    let middle = (low + high) / 2
                    guard let probe = statistic(middle) else { return nil }
                    if probe.value >= chiSquaredOneSided95 { high = middle } else { low = middle; warm = probe.theta }
                }
                return high
            }
            below = value
            warm = point.theta
        }
        return nil
    }

    /// The mean objective after refitting in `parametrization` from `theta`, and the solution.
    private static func objective<Model: FitModel>(model: Model, loss: FitLoss, parametrization: Parametrization,
                                                   from theta: [Double]) -> (objective: Double, theta: [Double])? {
        guard let solution = try? LawFitter.leastSquaresProblem(model: model, loss: loss, parametrization: parametrization)
            .solve(from: parametrization.phi(theta), maxIterations: 500, xtol: 1e-12, gtol: 1e-12),
            solution.parameters.allSatisfy(\.isFinite), solution.halfSumOfSquares.isFinite else { return nil }
        return (solution.halfSumOfSquares / Double(model.points.count), parametrization.theta(solution.parameters))
    }
}
