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

@Suite("GSL: trust-region least squares")
struct NonlinearLeastSquaresTests {
    /// y = a exp(-b t) on t = 0...4, exact for a = 5, b = 0.7.
    func problem() -> NonlinearLeastSquaresProblem {
        let t = (0..<40).map { Double($0) / 10 }
        let y = t.map { 5 * exp(-0.7 * $0) }
        return NonlinearLeastSquaresProblem(
            residualCount: 40, parameterCount: 2,
            residuals: { x, f in for i in 0..<40 { f[i] = x[0] * exp(-x[1] * t[i]) - y[i] } },
            jacobian: { x, J in
                for i in 0..<40 {
                    let e = exp(-x[1] * t[i])
                    J[i * 2] = e
                    J[i * 2 + 1] = -x[0] * t[i] * e
                }
            })
    }

    @Test("an exponential decay is recovered from a poor start")
    func recovers() throws {
        let solution = try problem().solve(from: [1, 0.1])
        #expect(solution.converged)
        #expect(abs(solution.parameters[0] - 5) < 1e-8)
        #expect(abs(solution.parameters[1] - 0.7) < 1e-8)
        #expect(solution.halfSumOfSquares < 1e-20)
        #expect(solution.inverseNormalMatrix?.count == 4)
    }

    @Test("a non-finite residual at the start is a thrown error, not an abort")
    func nonFiniteStart() {
        var broken = problem()
        broken.residuals = { _, f in for i in 0..<f.count { f[i] = .nan } }
        #expect(throws: NonlinearLeastSquaresError.self) { try broken.solve(from: [1, 1]) }
    }

    @Test("a solve cut short reports that it did not converge, with GSL's reason, and returns finite values")
    func notConverged() throws {
        let solution = try problem().solve(from: [1, 0.1], maxIterations: 1)
        #expect(!solution.converged)
        #expect(solution.stopStatus != nil)
        #expect(solution.parameters.allSatisfy { $0.isFinite })
    }

    /// The decay problem with residuals that are infinite wherever b > `wall`.
    func walled(at wall: Double) -> NonlinearLeastSquaresProblem {
        var walled = problem()
        let base = problem()
        walled.residuals = { x, f in
            base.residuals(x, &f)
            if x[1] > wall { for i in 0..<f.count { f[i] = .infinity } }
        }
        return walled
    }

    /// (1/2) sum f_i^2 at x.
    func halfSumOfSquares(_ problem: NonlinearLeastSquaresProblem, at x: [Double]) -> Double {
        var f = [Double](repeating: 0, count: problem.residualCount)
        problem.residuals(x, &f)
        return f.map { $0 * $0 }.reduce(0, +) / 2
    }

    // GSL's trust region does not shrink after a trial step whose residuals fail (GSL_EDOM): it
    // retries the same step until the iteration limit. The fitter never hands it non-finite
    // residuals (it substitutes a large finite one); these two pin down what the solver itself does.

    @Test("a first trial step into non-finite residuals leaves the start unchanged, not converged, after every iteration")
    func runawayAtOnce() throws {
        let start = [1.0, 0.1]
        let solution = try walled(at: 0.5).solve(from: start, maxIterations: 40)
        #expect(solution.parameters == start)
        #expect(!solution.converged)
        #expect(solution.iterations == 40)
        #expect(solution.stopStatus != nil)
        #expect(solution.halfSumOfSquares == halfSumOfSquares(problem(), at: start))
    }

    @Test("residuals that become non-finite after accepted steps end the solve at the last finite point, not converged")
    func runawayLater() throws {
        let start = [5.0, 0.01]
        // Without the wall the same budget reaches the minimum at b = 0.7, beyond it.
        #expect(try problem().solve(from: start, maxIterations: 40).converged)
        let walled = walled(at: 0.6)
        let solution = try walled.solve(from: start, maxIterations: 40)
        #expect(!solution.converged)
        #expect(solution.parameters != start)
        #expect(solution.parameters[1] <= 0.6)
        // The reported cost is that of the returned point, and the steps taken lowered it.
        let cost = halfSumOfSquares(walled, at: solution.parameters)
        #expect(abs(solution.halfSumOfSquares - cost) <= 1e-12 * cost)
        #expect(cost < halfSumOfSquares(walled, at: start) / 10)
    }

    @Test("a parameter the residuals ignore is reported rank deficient")
    func rankDeficient() throws {
        let base = problem()
        let padded = NonlinearLeastSquaresProblem(
            residualCount: 40, parameterCount: 3,
            residuals: { x, f in base.residuals([x[0], x[1]], &f) },
            jacobian: { x, J in
                var inner = [Double](repeating: 0, count: 80)
                base.jacobian([x[0], x[1]], &inner)
                for i in 0..<40 { J[i * 3] = inner[i * 2]; J[i * 3 + 1] = inner[i * 2 + 1]; J[i * 3 + 2] = 0 }
            })
        let solution = try padded.solve(from: [1, 0.1, 3])
        #expect(solution.rankDeficient)
    }
}
