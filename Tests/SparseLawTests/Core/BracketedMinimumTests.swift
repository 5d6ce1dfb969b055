import Foundation
import Testing
@testable import SparseLawCore

/// Evaluations of a function, recorded so a test can see where it was evaluated.
private final class Evaluations {
    var points: [Double] = []
}

@Suite("Core: the bracketed (Brent) minimum")
struct BracketedMinimumTests {
    @Test("the minimum of (x - 0.3)^2 in [0, 1] is found at 0.3 from a start at 0.5")
    func parabola() {
        let f = { (x: Double) in (x - 0.3) * (x - 0.3) }
        let result = bracketedMinimum(f, lower: 0, upper: 1, start: 0.5, startValue: f(0.5))
        #expect(abs(result.x - 0.3) < 1e-8)
        #expect(result.value == f(result.x))
        #expect(result.value < 1e-16)
    }

    @Test("the minimum of cosh(x - 1.25), which is not a parabola, is found at 1.25 with the value 1")
    func hyperbolicCosine() {
        let f = { (x: Double) in cosh(x - 1.25) }
        let result = bracketedMinimum(f, lower: -3, upper: 4, start: 3, startValue: f(3))
        // Near a smooth minimum f is flat to second order: x is known to about sqrt(ulp(1)).
        #expect(abs(result.x - 1.25) < 1e-7)
        #expect(abs(result.value - 1) <= 2 * Double.ulpOfOne)
    }

    @Test("the kink of |x - 0.4| is found by the golden-section steps")
    func kink() {
        let f = { (x: Double) in abs(x - 0.4) }
        let result = bracketedMinimum(f, lower: 0, upper: 1, start: 0.9, startValue: f(0.9))
        #expect(abs(result.x - 0.4) < 1e-8)
        #expect(result.value < 1e-8)
    }

    @Test("the bracket may be given with its ends in either order")
    func reversedBracket() {
        let f = { (x: Double) in (x + 2) * (x + 2) }
        let result = bracketedMinimum(f, lower: 0, upper: -5, start: -1, startValue: f(-1))
        #expect(abs(result.x + 2) < 1e-8)
    }

    @Test("the ends of the bracket are never evaluated, and every evaluation lies inside it")
    func endsNotEvaluated() {
        let seen = Evaluations()
        let f = { (x: Double) -> Double in seen.points.append(x); return x }
        // f decreases toward the lower end, so the search presses against it.
        let result = bracketedMinimum(f, lower: 0, upper: 1, start: 0.5, startValue: 0.5)
        #expect(!seen.points.isEmpty)
        #expect(seen.points.allSatisfy { $0 > 0 && $0 < 1 }, "evaluated at \(seen.points.filter { $0 <= 0 || $0 >= 1 })")
        #expect(result.x > 0)
    }

    @Test("a minimum at an end of the bracket is approached to within twice the tolerance")
    func minimumAtBracketEnd() {
        // f(x) = x on [0, 1]: the infimum is at the lower end, which is never evaluated; the
        // tolerance near 0 is 1e-14 (the absolute part), so the answer is within a few of those.
        let lower = bracketedMinimum({ $0 }, lower: 0, upper: 1, start: 0.5, startValue: 0.5)
        // Brent's stopping test leaves x within twice the tolerance of both ends of the last bracket.
        #expect(lower.x > 0 && lower.x <= 2 * 1e-14 * (1 + 1e-8))
        #expect(lower.value == lower.x)
        // f(x) = -x on [2, 3]: at the upper end, where the tolerance is 3e-9 * 3 + 1e-14.
        let upper = bracketedMinimum({ -$0 }, lower: 2, upper: 3, start: 2.5, startValue: -2.5)
        #expect(upper.x < 3 && 3 - upper.x <= 2 * (3e-9 * 3 + 1e-14))
        #expect(upper.value == -upper.x)
    }

    @Test("a flat function returns the start and its value: nothing evaluated is lower")
    func flatReturnsStart() {
        let result = bracketedMinimum({ _ in 7 }, lower: 0, upper: 1, start: 0.25, startValue: 7)
        #expect(result.x == 0.25)
        #expect(result.value == 7)
    }

    @Test("a start value lower than anything f reaches returns the start, untouched")
    func startValueAlreadyLowest() {
        let result = bracketedMinimum({ $0 * $0 }, lower: -1, upper: 1, start: 0.5, startValue: -1)
        #expect(result.x == 0.5)
        #expect(result.value == -1)
    }

    @Test("a start outside the bracket is moved to its nearest end")
    func startClampedIntoBracket() {
        // Flat, so nothing moves the answer from where the start was put.
        let result = bracketedMinimum({ _ in 1 }, lower: 0, upper: 1, start: 5, startValue: 1)
        #expect(result.x == 1)
    }

    @Test("NaN from f counts as +infinity: the minimum in the part where f is defined is found")
    func nanValues() {
        // NaN below 0.5, (x - 0.7)^2 above: a search started in the NaN part still finds 0.7.
        let f = { (x: Double) in x < 0.5 ? Double.nan : (x - 0.7) * (x - 0.7) }
        let fromDefined = bracketedMinimum(f, lower: 0, upper: 1, start: 0.8, startValue: f(0.8))
        #expect(abs(fromDefined.x - 0.7) < 1e-8)
        #expect(!fromDefined.value.isNaN)
        let fromNaN = bracketedMinimum(f, lower: 0, upper: 1, start: 0.2, startValue: .nan)
        #expect(!fromNaN.value.isNaN)
        #expect(fromNaN.value == f(fromNaN.x))
        #expect(abs(fromNaN.x - 0.7) < 1e-8)
    }

    @Test("+infinity from f is never taken as a minimum")
    func infiniteValues() {
        let f = { (x: Double) in x > 0.6 ? Double.infinity : (x - 0.55) * (x - 0.55) }
        let result = bracketedMinimum(f, lower: 0, upper: 1, start: 0.3, startValue: f(0.3))
        #expect(abs(result.x - 0.55) < 1e-8)
        #expect(result.value.isFinite)
    }

    @Test("an everywhere-NaN function returns the start, with a value that is not finite")
    func everywhereNaN() {
        let result = bracketedMinimum({ _ in .nan }, lower: 0, upper: 1, start: 0.5, startValue: .nan)
        #expect(result.x == 0.5)
        #expect(!result.value.isFinite)
    }
}

@Suite("Core: the scanned global minimum")
struct ScannedMinimumTests {
    /// f(x) = (x - 0.2)^2 (x - 0.8)^2 + 0.01 (x - 0.8)^2 is never negative and 0 only at 0.8: the
    /// global minimum is (0.8, 0). Near 0.2 it has a second, higher local minimum (about 0.0036).
    static func twoMinima(_ x: Double) -> Double {
        let a = (x - 0.2) * (x - 0.8)
        return a * a + 0.01 * (x - 0.8) * (x - 0.8)
    }

    /// A grid whose lowest point (0.2, f = 0.0036) lies in the basin of the higher local minimum;
    /// the point nearest 0.8 (0.65, f = 0.00478) is higher than it.
    static let misleadingGrid: [Double] = [0, 0.2, 0.45, 0.65, 0.95, 1.2]

    @Test("the scan's lowest point is in the wrong basin, and the global minimum is still found")
    func globalMinimumOfTwo() throws {
        let grid = Self.misleadingGrid
        let values = grid.map(Self.twoMinima)
        // The premise: the grid's best point is the wrong basin.
        #expect(values.firstIndex(of: values.min()!) == 1)
        let result = try #require(scannedMinimum(grid: grid, values: values, Self.twoMinima))
        #expect(abs(result.x - 0.8) < 1e-7)
        #expect(result.value < 1e-14)
    }

    @Test("polishing only the lowest scan minimum stays in its basin (maxPolished bounds the work)")
    func polishLimit() throws {
        let grid = Self.misleadingGrid
        let result = try #require(scannedMinimum(grid: grid, values: grid.map(Self.twoMinima), Self.twoMinima, maxPolished: 1))
        #expect(result.x > 0 && result.x < 0.45)
        #expect(result.value > 0.003)
    }

    @Test("a minimum between grid points is polished to (x - 0.3)^2's exact minimizer")
    func polishedBetweenGridPoints() throws {
        let f = { (x: Double) in (x - 0.3) * (x - 0.3) }
        let grid = (0...8).map { Double($0) / 8 }
        let result = try #require(scannedMinimum(grid: grid, values: grid.map(f), f))
        #expect(abs(result.x - 0.3) < 1e-8)
        #expect(result.value < 1e-16)
    }

    @Test("a minimum at an end of the range is the grid point itself, exactly")
    func minimumAtRangeEnd() throws {
        let grid = [0, 0.25, 0.5, 0.75, 1]
        let increasing = try #require(scannedMinimum(grid: grid, values: grid.map { $0 + 1 }) { $0 + 1 })
        #expect(increasing.x == 0)
        #expect(increasing.value == 1)
        let decreasing = try #require(scannedMinimum(grid: grid, values: grid.map { 2 - $0 }) { 2 - $0 })
        #expect(decreasing.x == 1)
        #expect(decreasing.value == 1)
    }

    @Test("a minimum at a kink on the grid is exact")
    func minimumAtKink() throws {
        let f = { (x: Double) in 3 * abs(x - 0.375) + 0.5 }
        let grid = [0, 0.125, 0.25, 0.375, 0.5, 1]
        let result = try #require(scannedMinimum(grid: grid, values: grid.map(f), f))
        #expect(result.x == 0.375)
        #expect(result.value == 0.5)
    }

    @Test("a flat function's minimum is its first grid point, with its value")
    func flat() throws {
        let grid = [0.1, 0.4, 0.7]
        let result = try #require(scannedMinimum(grid: grid, values: [2, 2, 2]) { _ in 2 })
        #expect(result.x == 0.1)
        #expect(result.value == 2)
    }

    @Test("equal minima tie to the earlier grid point")
    func tiesToEarlier() throws {
        // (x - 0.25)^2 (x - 0.75)^2 is 0 at both 0.25 and 0.75, both on the grid.
        let f = { (x: Double) in (x - 0.25) * (x - 0.25) * (x - 0.75) * (x - 0.75) }
        let grid = [0, 0.25, 0.5, 0.75, 1]
        let result = try #require(scannedMinimum(grid: grid, values: grid.map(f), f))
        #expect(result.x == 0.25)
        #expect(result.value == 0)
    }

    @Test("NaN values count as +infinity: the minimum among the finite ones is found")
    func nanValues() throws {
        let f = { (x: Double) in x < 0.65 ? Double.nan : (x - 0.7) * (x - 0.7) }
        let grid = (0...8).map { Double($0) / 8 }
        let result = try #require(scannedMinimum(grid: grid, values: grid.map(f), f))
        #expect(abs(result.x - 0.7) < 1e-8)
        #expect(result.value < 1e-16)
    }

    @Test("infinite values count as +infinity, -infinity included: never the minimum, never hiding one")
    func infiniteValues() throws {
        let grid = [0, 0.25, 0.5, 0.75, 1]
        // A finite minimum next to -infinity on the grid, and f -infinity inside the bracket it is
        // polished in.
        let f = { (x: Double) in x < 0.39 ? -Double.infinity : (x - 0.4) * (x - 0.4) }
        let result = try #require(scannedMinimum(grid: grid, values: grid.map(f), f))
        #expect(abs(result.x - 0.4) < 1e-8)
        #expect(result.value.isFinite && result.value < 1e-16)
        // +infinity beside the minimum.
        let g = { (x: Double) in x > 0.625 ? Double.infinity : (x - 0.5) * (x - 0.5) }
        let other = try #require(scannedMinimum(grid: grid, values: grid.map(g), g))
        #expect(other.x == 0.5)
        #expect(other.value == 0)
        // The one finite value, between two -infinities.
        let single = try #require(scannedMinimum(grid: [0, 1, 2], values: [-.infinity, 4, -.infinity]) { $0 == 1 ? 4 : -.infinity })
        #expect(single.x == 1)
        #expect(single.value == 4)
    }

    @Test("no finite value, or no value at all, is nil")
    func nothingFinite() {
        #expect(scannedMinimum(grid: [0, 1, 2], values: [.nan, .infinity, .nan]) { _ in .nan } == nil)
        #expect(scannedMinimum(grid: [0, 1], values: [-.infinity, .infinity]) { _ in .infinity } == nil)
        #expect(scannedMinimum(grid: [], values: []) { $0 } == nil)
    }

    @Test("a one-point grid is its own minimum")
    func onePoint() throws {
        let result = try #require(scannedMinimum(grid: [0.3], values: [5]) { _ in 5 })
        #expect(result.x == 0.3)
        #expect(result.value == 5)
    }

    @Test("a grid and values of different lengths are nil")
    func mismatchedLengths() {
        #expect(scannedMinimum(grid: [0, 1], values: [1]) { $0 } == nil)
    }
}
