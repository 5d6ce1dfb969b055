import Foundation
import Testing
@testable import SparseLawCore
@testable import SparseLawGSL
@testable import SparseLawReader
@testable import SparseLawLaws
@testable import SparseLawFitting
@testable import SparseLawDecisions
@testable import SparseLawRendering
import SparseLaw

/// Every analytic derivative the fitter uses, against central differences at random points:
/// the law's gradient in theta, the least-squares Jacobian of the transformed residuals (for
/// each loss, with and without fixed coefficients), the chain rule of the parametrization, and
/// the Jacobian that carries the covariance to the reported coefficients.
///
/// Differences are central with h = 1e-6 in theta (log space): truncation error of order
/// h^2 ~ 1e-12 and rounding of order 1e-16 / h ~ 1e-10, relative to the entries. A wrong term
/// of any kind is off by far more than the tolerance of 1e-6.
@Suite("Fitting: analytic Jacobians against finite differences")
struct JacobianTests {
    static let t5 = SparseScalingLaw(aS: 16.8, bS: 0.722, cS: 45.0, bN: 0.245, aD: 6.90e8, bD: 0.203, c: 0.651)
    static let patterns = ["2:4", "4:8"]
    static let tolerance = 1e-6

    /// Unstructured runs at four sparsities and runs of two structured patterns, with noise.
    static let runs: [TrainingRun] = {
        var runs = SyntheticRuns(law: .sparse(t5), params: [3e6, 2e7, 1.5e8], sparsities: [0, 0.5, 0.75, 0.9],
                                 tokens: [1e9, 8e9, 5e10], noise: 0.01).generate(seed: 5)
        var generator = SeededGenerator(seed: 6)
        for pattern in patterns {
            for n in [3e6, 2e7, 1.5e8] {
                for d in [1e9, 5e10] {
                    runs.append(TrainingRun(nonZeroParams: n, sparsity: 0.5, tokens: d, loss: 3 + generator.nextUniform(), pattern: pattern))
                }
            }
        }
        return runs
    }()

    static var points: NormalizedPoints { NormalizedPoints(runs) }
    static var sparse: SparseFitModel { SparseFitModel(points: points) }
    static var sparseWithPatterns: SparseFitModel {
        SparseFitModel(points: points, patternOf: runs.map { LawFitter.patternIndex($0, among: patterns) }, patternCount: patterns.count)
    }
    static var dense: DenseFitModel { DenseFitModel(points: points) }

    /// A random theta: scales log-uniform in [0.2, 5], exponents in [0.08, 1.2] (normalized N
    /// and D are of order one, so every term of the law is too).
    static func randomTheta<Model: FitModel>(_ model: Model, _ generator: inout SeededGenerator) -> [Double] {
        (0..<model.parameterCount).map { index in
            let (low, high) = model.exponentIndices.contains(index) ? (0.08, 1.2) : (0.2, 5.0)
            return log(low) + (log(high) - log(low)) * generator.nextUniform()
        }
    }

    /// Central differences of f (m values) at x, m x q row-major.
    static func numericJacobian(at x: [Double], rows m: Int, _ f: ([Double]) -> [Double]) -> [Double] {
        let h = 1e-6, q = x.count
        var jacobian = [Double](repeating: 0, count: m * q)
        for j in 0..<q {
            var up = x, down = x
            up[j] += h
            down[j] -= h
            let (fUp, fDown) = (f(up), f(down))
            for i in 0..<m { jacobian[i * q + j] = (fUp[i] - fDown[i]) / (2 * h) }
        }
        return jacobian
    }

    /// The largest |analytic - numeric| / max(1, |numeric|), and where it is.
    static func worstDifference(_ analytic: [Double], _ numeric: [Double], columns: Int) -> (error: Double, row: Int, column: Int) {
        var worst = (error: 0.0, row: 0, column: 0)
        for index in analytic.indices {
            let error = abs(analytic[index] - numeric[index]) / max(1, abs(numeric[index]))
            if !(error <= worst.error) { worst = (error, index / columns, index % columns) }
        }
        return worst
    }

    static func expectClose(_ analytic: [Double], _ numeric: [Double], columns: Int, _ label: String) {
        #expect(analytic.count == numeric.count)
        #expect(analytic.allSatisfy { $0.isFinite }, "\(label): non-finite analytic entries")
        #expect(numeric.contains { $0 != 0 }, "\(label): the numeric Jacobian is zero")
        let worst = worstDifference(analytic, numeric, columns: columns)
        #expect(worst.error < tolerance, "\(label): row \(worst.row), column \(worst.column): analytic \(analytic[worst.row * columns + worst.column]), numeric \(numeric[worst.row * columns + worst.column])")
    }

    /// The law's gradient in theta at every point.
    static func checkGradient<Model: FitModel>(_ model: Model, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let n = model.points.count, p = model.parameterCount
        for trial in 0..<5 {
            let theta = randomTheta(model, &generator)
            var analytic = [Double](repeating: 0, count: n * p), gradient = [Double](repeating: .nan, count: p)
            for i in 0..<n {
                let value = model.predict(theta, at: i, gradient: &gradient)
                #expect(value == model.predict(theta, at: i), "the two predictions differ at point \(i)")
                for j in 0..<p { analytic[i * p + j] = gradient[j] }
            }
            let numeric = numericJacobian(at: theta, rows: n) { t in (0..<n).map { model.predict(t, at: $0) } }
            expectClose(analytic, numeric, columns: p, "\(model.form) law with \(p) parameters, trial \(trial)")
        }
    }

    @Test("the law's gradient in theta: sparse, sparse with patterns, dense")
    func gradients() {
        Self.checkGradient(Self.sparse, seed: 1)
        Self.checkGradient(Self.sparseWithPatterns, seed: 2)
        Self.checkGradient(Self.dense, seed: 3)
    }

    /// A loss whose threshold is the median |r| at theta, so that both of psi's branches occur.
    static func lossSplittingResiduals<Model: FitModel>(_ kind: FitLoss.Kind, model: Model, theta: [Double]) -> FitLoss {
        let probe = FitLoss(kind: kind, delta: 1)
        let sizes = (0..<model.points.count).map {
            abs(probe.residual(predicted: model.predict(theta, at: $0), measured: model.points.loss[$0]).value)
        }.sorted()
        let middle = sizes.count / 2
        return FitLoss(kind: kind, delta: (sizes[middle - 1] + sizes[middle]) / 2)
    }

    /// The Jacobian of the transformed residuals in the solver's parameters.
    static func checkLeastSquares<Model: FitModel>(_ model: Model, fixed: [Int: Double], kind: FitLoss.Kind, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let parametrization = Parametrization(model: model, fixed: fixed)
        let n = model.points.count, q = parametrization.free.count
        for trial in 0..<5 {
            let phi = parametrization.phi(randomTheta(model, &generator))
            let loss = lossSplittingResiduals(kind, model: model, theta: parametrization.theta(phi))
            if kind != .squares {
                let residuals = (0..<n).map { abs(loss.residual(predicted: model.predict(parametrization.theta(phi), at: $0), measured: model.points.loss[$0]).value) }
                #expect(residuals.contains { $0 < loss.delta } && residuals.contains { $0 > loss.delta }, "both branches of psi")
            }
            let problem = LawFitter.leastSquaresProblem(model: model, loss: loss, parametrization: parametrization)
            var analytic = [Double](repeating: .nan, count: n * q)
            problem.jacobian(phi, &analytic)
            let numeric = numericJacobian(at: phi, rows: n) { x in
                var f = [Double](repeating: .nan, count: n)
                problem.residuals(x, &f)
                return f
            }
            expectClose(analytic, numeric, columns: q, "\(model.form), \(kind), fixed \(fixed.keys.sorted()), trial \(trial)")
        }
    }

    @Test("the least-squares Jacobian, every coefficient free, for each loss", arguments: FitLoss.Kind.allCases)
    func leastSquares(kind: FitLoss.Kind) {
        Self.checkLeastSquares(Self.sparse, fixed: [:], kind: kind, seed: 10)
        Self.checkLeastSquares(Self.sparseWithPatterns, fixed: [:], kind: kind, seed: 11)
        Self.checkLeastSquares(Self.dense, fixed: [:], kind: kind, seed: 12)
    }

    /// Coefficients held fixed, by index: scales coupled to a free exponent (aS, cS; A, B), a scale
    /// whose exponent is fixed too, and plain ones (aD, c, E, exponents).
    static let sparseFixings: [[Int: Double]] = [[0: 20], [2: 40], [0: 20, 2: 40, 6: 0.7], [3: 0.25, 0: 20], [4: 7e8], [1: 0.7, 5: 0.2]]
    static let denseFixings: [[Int: Double]] = [[1: 400], [2: 400], [1: 400, 2: 400], [3: 0.34, 1: 400], [0: 1.7], [4: 0.28]]

    @Test("the least-squares Jacobian with fixed coefficients (the chain rule through coupled scales)", arguments: FitLoss.Kind.allCases)
    func chainRule(kind: FitLoss.Kind) {
        for (offset, fixed) in Self.sparseFixings.enumerated() {
            Self.checkLeastSquares(Self.sparse, fixed: fixed, kind: kind, seed: 20 + UInt64(offset))
            Self.checkLeastSquares(Self.sparseWithPatterns, fixed: fixed, kind: kind, seed: 30 + UInt64(offset))
        }
        for (offset, fixed) in Self.denseFixings.enumerated() {
            Self.checkLeastSquares(Self.dense, fixed: fixed, kind: kind, seed: 40 + UInt64(offset))
        }
    }

    @Test("theta from the solver's parameters: d theta / d phi, with coupled and plain fixed coefficients")
    func parametrizationDerivative() {
        func check<Model: FitModel>(_ model: Model, fixings: [[Int: Double]], seed: UInt64) {
            var generator = SeededGenerator(seed: seed)
            for fixed in fixings {
                let parametrization = Parametrization(model: model, fixed: fixed)
                let p = model.parameterCount, q = parametrization.free.count
                let phi = parametrization.phi(Self.randomTheta(model, &generator))
                let analytic = parametrization.derivative(parametrization.theta(phi))
                let numeric = Self.numericJacobian(at: phi, rows: p) { parametrization.theta($0) }
                Self.expectClose(analytic, numeric, columns: q, "\(model.form), fixed \(fixed.keys.sorted())")
            }
        }
        check(Self.sparseWithPatterns, fixings: Self.sparseFixings, seed: 50)
        check(Self.dense, fixings: Self.denseFixings, seed: 51)
    }

    @Test("the reported coefficients from theta: d coefficient / d theta, which carries the covariance")
    func coefficientJacobian() {
        func check<Model: FitModel>(_ model: Model, seed: UInt64) {
            var generator = SeededGenerator(seed: seed)
            let p = model.parameterCount
            for trial in 0..<5 {
                let theta = Self.randomTheta(model, &generator)
                // Relative to each coefficient: aD is 1e9 in data units, bN 0.2.
                let k = model.coefficients(theta)
                let analytic = model.coefficientJacobian(theta).enumerated().map { $0.element / k[$0.offset / p] }
                let numeric = Self.numericJacobian(at: theta, rows: p) { model.coefficients($0) }.enumerated().map { $0.element / k[$0.offset / p] }
                Self.expectClose(analytic, numeric, columns: p, "\(model.form) with \(p) coefficients, trial \(trial)")
            }
        }
        check(Self.sparse, seed: 60)
        check(Self.sparseWithPatterns, seed: 61)
        check(Self.dense, seed: 62)
    }
}
