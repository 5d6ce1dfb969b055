import Foundation
import Testing
@testable import SparseLaw

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
        #expect(solution.stopReason?.isEmpty == false)
        #expect(solution.parameters.allSatisfy { $0.isFinite })
    }

    @Test("residuals that become non-finite during a solve end it with a finite answer or an error, never an abort")
    func runaway() {
        var exploding = problem()
        let base = problem()
        exploding.residuals = { x, f in
            base.residuals(x, &f)
            if x[1] > 0.5 { for i in 0..<f.count { f[i] = .infinity } }
        }
        do {
            let solution = try exploding.solve(from: [1, 0.1])
            #expect(solution.parameters.allSatisfy { $0.isFinite })
        } catch {
            #expect(!error.description.isEmpty)
        }
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
