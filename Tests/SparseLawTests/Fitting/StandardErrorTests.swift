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

/// The reported standard errors against the Gauss–Newton covariance computed here from scratch:
/// the law and the transformed residuals psi written out by hand, their Jacobian by finite
/// differences in the reported coefficients, sigma^2 (J^T J)^-1 inverted by the test's own
/// Gauss–Jordan elimination. Nothing of the fitter's parametrization, chain rule or GSL's
/// covariance is used.
///
/// The differences are taken in log k rather than k: with D = diag(k), J_k = J_log D^-1, so
/// (J_k^T J_k)^-1 = D (J_log^T J_log)^-1 D and SE(k_j) = k_j sqrt(Cov(log k)_jj) exactly. The
/// log steps are relative, and the matrix to invert is far better scaled (aD is 1e8, bN 0.2).
@Suite("Fitting: standard errors against an independent covariance")
struct StandardErrorTests {
    static let t5 = SparseScalingLaw(aS: 16.8, bS: 0.722, cS: 45.0, bN: 0.245, aD: 6.90e8, bD: 0.203, c: 0.651)
    static let chinchilla = DenseScalingLaw(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28)

    static func sparseRuns(seed: UInt64) -> [TrainingRun] {
        SyntheticRuns(law: .sparse(t5), params: [2e6, 5e6, 1.2e7, 3e7, 8e7, 2e8], sparsities: [0, 0.5, 0.75, 0.875],
                      tokens: [5e8, 2e9, 8e9, 3e10], noise: 0.004).generate(seed: seed)
    }

    /// Unstructured runs plus 2:4 and 4:8 runs whose constants are the unstructured factor at
    /// S = 0.4 and 0.6, all with 0.4% log-normal noise.
    static func patternRuns() -> [TrainingRun] {
        var generator = SeededGenerator(seed: 21)
        var runs = sparseRuns(seed: 20)
        for (pattern, equivalent) in [("2:4", 0.4), ("4:8", 0.6)] {
            let q = t5.sparsityFactor(equivalent)
            for n in [2e6, 1.2e7, 8e7, 2e8] {
                for d in [5e8, 8e9, 3e10] {
                    let exact = q * pow(n, -t5.bN) + pow(t5.aD / d, t5.bD) + t5.c
                    runs.append(TrainingRun(nonZeroParams: n, sparsity: 0.5, tokens: d, loss: exact * exp(0.004 * generator.nextNormal()), pattern: pattern))
                }
            }
        }
        return runs
    }

    static func denseRuns() -> [TrainingRun] {
        SyntheticRuns(law: .dense(chinchilla), params: [1e7, 3e7, 1e8, 3e8, 1e9, 3e9], sparsities: [0],
                      tokens: [1e9, 4e9, 1.6e10, 6.4e10, 2.5e11], noise: 0.005).generate(seed: 4)
    }

    /// The law at coefficients k (the law's own, then one constant per structured pattern), by hand.
    static func predicted(_ k: [Double], form: LawForm, patterns: [String], run: TrainingRun) -> Double {
        switch form {
        case .dense:
            return k[0] + k[1] * pow(run.nonZeroParams, -k[3]) + k[2] * pow(run.tokens, -k[4])
        case .sparse:
            let factor: Double
            if run.sparsity > 0, let pattern = run.pattern, let index = patterns.firstIndex(of: pattern) {
                factor = k[7 + index]
            } else {
                factor = k[0] * pow(1 - run.sparsity, k[1]) + k[2]
            }
            return factor * pow(run.nonZeroParams, -k[3]) + pow(k[4] / run.tokens, k[5]) + k[6]
        }
    }

    /// psi(r): r inside delta (or for plain squares), sign(r) sqrt(2 delta |r| - delta^2) beyond.
    static func psi(predicted: Double, measured: Double, loss: FitLoss) -> Double {
        let r = loss.kind == .huberLog ? log(predicted / measured) : predicted - measured
        if loss.kind == .squares || abs(r) <= loss.delta { return r }
        return (r < 0 ? -1 : 1) * (2 * loss.delta * abs(r) - loss.delta * loss.delta).squareRoot()
    }

    /// The inverse of a symmetric positive definite q x q matrix, by Gauss–Jordan elimination
    /// with partial pivoting after scaling it to a unit diagonal.
    static func inverse(_ a: [[Double]]) -> [[Double]] {
        let q = a.count
        let scale = (0..<q).map { 1 / a[$0][$0].squareRoot() }
        var m = (0..<q).map { i in (0..<q).map { j in a[i][j] * scale[i] * scale[j] } + (0..<q).map { $0 == i ? 1.0 : 0 } }
        for column in 0..<q {
            let pivot = (column..<q).max { abs(m[$0][column]) < abs(m[$1][column]) }!
            m.swapAt(column, pivot)
            let p = m[column][column]
            for j in 0..<(2 * q) { m[column][j] /= p }
            for i in 0..<q where i != column {
                let factor = m[i][column]
                if factor != 0 { for j in 0..<(2 * q) { m[i][j] -= factor * m[column][j] } }
            }
        }
        return (0..<q).map { i in (0..<q).map { j in m[i][q + j] * scale[i] * scale[j] } }
    }

    /// Standard errors of every coefficient (zero for fixed ones) from sigma^2 (J^T J)^-1.
    static func independentStandardErrors(fit: LawFit, runs: [TrainingRun]) -> [Double] {
        let form = fit.law.form, loss = fit.options.loss
        let k = fit.allCoefficients
        let names = form.coefficientNames + fit.patternNames
        let free = names.indices.filter { fit.options.fixed[names[$0]] == nil }
        let n = runs.count, q = free.count
        func residuals(_ coefficients: [Double]) -> [Double] {
            runs.map { psi(predicted: predicted(coefficients, form: form, patterns: fit.patternNames, run: $0), measured: $0.loss, loss: loss) }
        }
        // Central differences with a step small enough that almost no residual crosses the Huber
        // threshold, where psi has a kink in its second derivative (with h = 1e-4 the crossings
        // alone cost a percent); rounding costs about 1e-16 / h.
        let h = 1e-6
        var jacobian = [[Double]](repeating: [Double](repeating: 0, count: q), count: n)
        for (column, index) in free.enumerated() {
            var up = k, down = k
            up[index] = k[index] * exp(h)
            down[index] = k[index] * exp(-h)
            let (fUp, fDown) = (residuals(up), residuals(down))
            for i in 0..<n { jacobian[i][column] = (fUp[i] - fDown[i]) / (2 * h) }
        }
        let sigma2 = residuals(k).map { $0 * $0 }.reduce(0, +) / Double(n - q)
        let normal = (0..<q).map { a in (0..<q).map { b in (0..<n).map { jacobian[$0][a] * jacobian[$0][b] }.reduce(0, +) } }
        let covariance = inverse(normal)
        var errors = [Double](repeating: 0, count: names.count)
        for (column, index) in free.enumerated() { errors[index] = k[index] * (sigma2 * covariance[column][column]).squareRoot() }
        return errors
    }

    /// Reported and independent errors agree to `tolerance` (relative) for the free coefficients;
    /// fixed coefficients report (near) zero.
    static func compare(_ fit: LawFit, runs: [TrainingRun], tolerance: Double) throws {
        let reported = try #require(fit.standardErrors)
        let independent = independentStandardErrors(fit: fit, runs: runs)
        let names = fit.law.form.coefficientNames + fit.patternNames
        #expect(reported.count == names.count)
        for (index, name) in names.enumerated() {
            if fit.options.fixed[name] != nil {
                #expect(reported[index] <= 1e-12 * fit.allCoefficients[index], "\(name) is fixed: \(reported[index])")
                continue
            }
            let relative = abs(reported[index] / independent[index] - 1)
            #expect(relative < tolerance, "\(name): reported \(reported[index]), independent \(independent[index])")
            // Errors that mean something: neither zero nor larger than the coefficient itself.
            #expect(independent[index] > 0 && independent[index] < fit.allCoefficients[index])
        }
    }

    @Test("sparse law, huber-log: the reported errors are sigma^2 (J^T J)^-1 to 1e-4")
    func sparse() throws {
        let runs = Self.sparseRuns(seed: 11)
        let fit = try LawFitter.fit(runs, options: .init(loss: .init(kind: .huberLog, delta: 1e-3), starts: 2))
        #expect(fit.converged)
        try Self.compare(fit, runs: runs, tolerance: 1e-4)
    }

    @Test("dense law, huber on absolute residuals: the reported errors are sigma^2 (J^T J)^-1 to 1e-4")
    func dense() throws {
        let runs = Self.denseRuns()
        let fit = try LawFitter.fit(runs, options: .init(form: .dense, loss: .init(kind: .huber, delta: 0.01), starts: 2))
        #expect(fit.converged)
        try Self.compare(fit, runs: runs, tolerance: 1e-4)
    }

    @Test("structured patterns, plain squares: the pattern constants' errors too")
    func patterns() throws {
        let runs = Self.patternRuns()
        let fit = try LawFitter.fit(runs, options: .init(loss: .init(kind: .squares), starts: 2))
        #expect(fit.patternNames == ["2:4", "4:8"])
        #expect(fit.converged)
        try Self.compare(fit, runs: runs, tolerance: 1e-4)
    }

    @Test("a fixed coefficient: the others' errors from the reduced Jacobian, the fixed one's zero",
          arguments: [(LawForm.sparse, "aS", 18.0), (.sparse, "bN", 0.25), (.sparse, "aD", 7e8), (.dense, "B", 400.0), (.dense, "E", 1.7)])
    func fixed(form: LawForm, name: String, value: Double) throws {
        let runs = form == .sparse ? Self.sparseRuns(seed: 12) : Self.denseRuns()
        let fit = try LawFitter.fit(runs, options: .init(form: form, starts: 2, fixed: [name: value]))
        #expect(fit.converged)
        try Self.compare(fit, runs: runs, tolerance: 1e-4)
    }
}
