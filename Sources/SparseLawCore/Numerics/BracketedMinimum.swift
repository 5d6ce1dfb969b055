/// The minimum of f in a bracket by Brent's method (Brent 1973, "Algorithms for Minimization
/// without Derivatives", ch. 5): successive parabolic interpolation through the three best points
/// so far, with a golden-section step whenever the parabola's step is not trusted.
///
/// Starts from `start` in [lower, upper] (the best point of a scan) and never evaluates the ends.
/// Converges to a local minimum of f in the bracket to within `relativeTolerance` |x| + 1e-14;
/// where f is not smooth (a kink) or not finite, the golden-section steps still shrink the bracket
/// around the lowest value seen. Returns the best point evaluated, or `start` when nothing was
/// lower than `startValue`.
func bracketedMinimum(_ f: (Double) -> Double, lower: Double, upper: Double, start: Double, startValue: Double,
                             relativeTolerance: Double = 3e-9, maxIterations: Int = 100) -> (x: Double, value: Double) {
    let golden = 0.381_966_011_250_105_2  // (3 - sqrt(5)) / 2
    var a = min(lower, upper), b = max(lower, upper)
    var x = min(max(start, a), b), fx = startValue.isNaN ? .infinity : startValue
    var w = x, fw = fx, v = x, fv = fx
    var d = 0.0, e = 0.0
    for _ in 0..<maxIterations {
        let middle = 0.5 * (a + b)
        let tolerance = relativeTolerance * abs(x) + 1e-14, twice = 2 * tolerance
        if abs(x - middle) <= twice - 0.5 * (b - a) { break }
        var parabolic = false
        if abs(e) > tolerance {
            let r = (x - w) * (fx - fv)
            var q = (x - v) * (fx - fw)
            var p = (x - v) * q - (x - w) * r
            q = 2 * (q - r)
            if q > 0 { p = -p } else { q = -q }
            let previousStep = e
            e = d
            // Accept the parabola's step only inside the bracket and shorter than half the step
            // before last (the condition that guarantees convergence); NaNs fail every test.
            if abs(p) < abs(0.5 * q * previousStep), p > q * (a - x), p < q * (b - x) {
                d = p / q
                let u = x + d
                if u - a < twice || b - u < twice { d = middle >= x ? tolerance : -tolerance }
                parabolic = true
            }
        }
        if !parabolic {
            e = x >= middle ? a - x : b - x
            d = golden * e
        }
        let u = abs(d) >= tolerance ? x + d : x + (d >= 0 ? tolerance : -tolerance)
        var fu = f(u)
        if fu.isNaN { fu = .infinity }
        if fu < fx {
            if u >= x { a = x } else { b = x }
            (v, fv, w, fw, x, fx) = (w, fw, x, fx, u, fu)
        } else {
            if u < x { a = u } else { b = u }
            if fu <= fw || w == x {
                (v, fv, w, fw) = (w, fw, u, fu)
            } else if fu <= fv || v == x || v == w {
                (v, fv) = (u, fu)
            }
        }
    }
    return (x, fx)
}

/// The global minimum of f over [grid.first, grid.last] from a scan: `values[i]` = f(grid[i]) on an
/// increasing grid that holds every point where f may have a kink. Each local minimum of the scan
/// (a point no higher than its neighbours) is polished by `bracketedMinimum` between its
/// neighbours, and the lowest of everything evaluated is returned, the scan's own points
/// included, so an answer at an end of the range (or at a kink) is exact. Non-finite values count
/// as +infinity; ties go to the earlier grid point. nil when no value is finite.
///
/// The answer is the global minimum as long as f has at most one local minimum between two
/// adjacent grid points, which a grid that is fine compared with f's features ensures.
package func scannedMinimum(grid: [Double], values: [Double], _ f: (Double) -> Double, maxPolished: Int = 8) -> (x: Double, value: Double)? {
    guard grid.count == values.count else { return nil }
    let finite = values.map { $0.isFinite ? $0 : Double.infinity }
    var candidates: [Int] = []
    for i in finite.indices where finite[i].isFinite {
        let left = i == 0 ? Double.infinity : finite[i - 1]
        let right = i == finite.count - 1 ? Double.infinity : finite[i + 1]
        if finite[i] <= left, finite[i] <= right { candidates.append(i) }
    }
    guard !candidates.isEmpty else { return nil }
    // The lowest scan minima first; a plateau of equal values is polished once, at its start.
    candidates.sort { finite[$0] < finite[$1] || (finite[$0] == finite[$1] && $0 < $1) }
    var best = (x: grid[candidates[0]], value: finite[candidates[0]])
    var polished = 0
    for i in candidates where polished < maxPolished {
        if i > 0, finite[i - 1] == finite[i] { continue }
        polished += 1
        guard grid.count > 1 else { break }
        let lower = grid[max(i - 1, 0)], upper = grid[min(i + 1, grid.count - 1)]
        let result = bracketedMinimum({ let y = f($0); return y.isFinite ? y : .infinity },
                                      lower: lower, upper: upper, start: grid[i], startValue: finite[i])
        if result.value < best.value { best = result }
    }
    return best
}
