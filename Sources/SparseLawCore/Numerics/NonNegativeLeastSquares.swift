/// Weighted least squares with non-negative coefficients for a handful of unknowns:
///
///     minimize sum_i w_i^2 (sum_j X_ij beta_j - y_i)^2 subject to beta_j >= 0.
///
/// With k <= 5 unknowns the exact solution is found by trying every active set (2^k subsets):
/// the optimum is the unconstrained solution on some subset of free coefficients, the others at
/// zero, that is feasible and has the smallest residual. Each subset is solved through its
/// normal equations by Cholesky with columns scaled to unit norm; a subset whose columns are
/// numerically dependent (pivot below 1e-12) is skipped.
package struct NonNegativeLeastSquares {
    let columnCount: Int
    /// X^T W^2 X and X^T W^2 y, accumulated once.
    private var gram: [Double]
    private var moment: [Double]
    private var yy: Double = 0

    /// `design` is row-major (rows x columnCount).
    package init(design: [Double], targets: [Double], weights: [Double], columnCount k: Int) {
        columnCount = k
        gram = Array(repeating: 0, count: k * k)
        moment = Array(repeating: 0, count: k)
        let rows = targets.count
        for i in 0..<rows {
            let w2 = weights[i] * weights[i]
            let y = targets[i]
            yy += w2 * y * y
            for a in 0..<k {
                let xa = design[i * k + a] * w2
                moment[a] += xa * y
                for b in a..<k { gram[a * k + b] += xa * design[i * k + b] }
            }
        }
        for a in 0..<k { for b in 0..<a { gram[a * k + b] = gram[b * k + a] } }
    }

    /// The coefficients and the weighted residual sum of squares, or nil when no subset is solvable.
    package func solve() -> (coefficients: [Double], residualSumOfSquares: Double)? {
        // All coefficients at zero is always feasible.
        var best: ([Double], Double)? = (Array(repeating: 0, count: columnCount), yy)
        let k = columnCount
        for mask in 1..<(1 << k) {
            let free = (0..<k).filter { mask & (1 << $0) != 0 }
            guard let solution = solveSubset(free), solution.allSatisfy({ $0 >= 0 }) else { continue }
            var beta = Array(repeating: 0.0, count: k)
            for (position, column) in free.enumerated() { beta[column] = solution[position] }
            // RSS = y'y - 2 beta'X'y + beta'X'X beta
            var rss = yy
            for a in 0..<k where beta[a] != 0 {
                rss -= 2 * beta[a] * moment[a]
                for b in 0..<k where beta[b] != 0 { rss += beta[a] * gram[a * k + b] * beta[b] }
            }
            if best == nil || rss < best!.1 { best = (beta, rss) }
        }
        return best.map { ($0.0, max($0.1, 0)) }
    }

    private func solveSubset(_ free: [Int]) -> [Double]? {
        let m = free.count, k = columnCount
        var scale = [Double](repeating: 1, count: m)
        for (a, column) in free.enumerated() {
            let norm = gram[column * k + column].squareRoot()
            guard norm > 0 else { return nil }
            scale[a] = 1 / norm
        }
        var matrix = [Double](repeating: 0, count: m * m)
        var rhs = [Double](repeating: 0, count: m)
        for a in 0..<m {
            rhs[a] = moment[free[a]] * scale[a]
            for b in 0..<m { matrix[a * m + b] = gram[free[a] * k + free[b]] * scale[a] * scale[b] }
        }
        // Cholesky: matrix = L L^T, in place in the lower triangle.
        for j in 0..<m {
            var diagonal = matrix[j * m + j]
            for p in 0..<j { diagonal -= matrix[j * m + p] * matrix[j * m + p] }
            guard diagonal > 1e-12 else { return nil }
            let pivot = diagonal.squareRoot()
            matrix[j * m + j] = pivot
            for i in (j + 1)..<m {
                var value = matrix[i * m + j]
                for p in 0..<j { value -= matrix[i * m + p] * matrix[j * m + p] }
                matrix[i * m + j] = value / pivot
            }
        }
        var z = rhs
        for i in 0..<m {
            for p in 0..<i { z[i] -= matrix[i * m + p] * z[p] }
            z[i] /= matrix[i * m + i]
        }
        for i in stride(from: m - 1, through: 0, by: -1) {
            for p in (i + 1)..<m { z[i] -= matrix[p * m + i] * z[p] }
            z[i] /= matrix[i * m + i]
        }
        return (0..<m).map { z[$0] * scale[$0] }
    }
}
