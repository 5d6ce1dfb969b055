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

@Suite("Fitting: non-negative least squares")
struct NonNegativeLeastSquaresTests {
    /// Three columns on 30 rows: 1, x, x^2 at x = 0...2.9.
    func design() -> [Double] {
        (0..<30).flatMap { i -> [Double] in let x = Double(i) / 10; return [1, x, x * x] }
    }

    @Test("an exact non-negative model is recovered")
    func exact() throws {
        let x = design()
        let y: [Double] = (0..<30).map { (i: Int) -> Double in
            let constant = 2 * x[i * 3], linear = 0.5 * x[i * 3 + 1], square = 3 * x[i * 3 + 2]
            return constant + linear + square
        }
        let solution = try #require(NonNegativeLeastSquares(design: x, targets: y, weights: Array(repeating: 1, count: 30), columnCount: 3).solve())
        for (got, want) in zip(solution.coefficients, [2.0, 0.5, 3.0] as [Double]) { #expect(abs(got - want) < 1e-9) }
        // The residual sum comes from the normal equations, exact to rounding of y'y (about 300 here).
        #expect(solution.residualSumOfSquares < 1e-10)
    }

    @Test("with a negative true coefficient, the constrained optimum beats every feasible point on a brute-force grid")
    func constrained() throws {
        let x = design()
        let y: [Double] = (0..<30).map { (i: Int) -> Double in
            let linear = -2 * x[i * 3 + 1], square = 0.3 * x[i * 3 + 2]
            return 1 + linear + square + 0.01 * sin(Double(i))
        }
        let weights: [Double] = (0..<30).map { 1 + Double($0 % 3) }
        let solution = try #require(NonNegativeLeastSquares(design: x, targets: y, weights: weights, columnCount: 3).solve())
        #expect(solution.coefficients.allSatisfy { $0 >= 0 })
        func rss(_ b: [Double]) -> Double {
            var total = 0.0
            for i in 0..<30 {
                let predicted: Double = b[0] * x[i * 3] + b[1] * x[i * 3 + 1] + b[2] * x[i * 3 + 2]
                let r = predicted - y[i]
                total += weights[i] * weights[i] * r * r
            }
            return total
        }
        #expect(abs(rss(solution.coefficients) - solution.residualSumOfSquares) < 1e-9)
        var bestGrid = Double.infinity
        for a in stride(from: 0.0, through: 2, by: 0.02) {
            for b in stride(from: 0.0, through: 1, by: 0.02) {
                for c in stride(from: 0.0, through: 1, by: 0.01) { bestGrid = min(bestGrid, rss([a, b, c])) }
            }
        }
        #expect(solution.residualSumOfSquares <= bestGrid + 1e-12)
        #expect(solution.coefficients[1] == 0)  // the slope wants to be negative: it sits on its bound
    }
}
