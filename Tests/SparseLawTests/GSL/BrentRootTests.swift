import Foundation
import Testing
@testable import SparseLawGSL

@Suite("GSL: Brent's root finder")
struct BrentRootTests {
    /// The default tolerance, 1e-14 + 1e-12 |x|, with room for the last bracket's width.
    func tolerance(at x: Double) -> Double { 2 * (1e-14 + 1e-12 * abs(x)) }

    @Test("roots known in closed form: sqrt(2), pi/2, log(3), the cube root of 5")
    func closedFormRoots() throws {
        let cases: [(name: String, f: (Double) -> Double, lower: Double, upper: Double, root: Double)] = [
            ("x^2 - 2", { $0 * $0 - 2 }, 0, 2, 2.0.squareRoot()),
            ("cos x", { cos($0) }, 1, 2, Double.pi / 2),
            ("e^x - 3", { exp($0) - 3 }, -1, 4, log(3)),
            ("5 - x^3, decreasing", { 5 - $0 * $0 * $0 }, 0, 10, cbrt(5)),
            ("x + 7, a root below zero", { $0 + 7 }, -100, 100, -7),
            ("tanh(1000 (x - 0.3)), nearly a step", { tanh(1000 * ($0 - 0.3)) }, 0, 1, 0.3),
        ]
        for c in cases {
            let root = try brentRoot(of: c.f, lower: c.lower, upper: c.upper)
            #expect(abs(root - c.root) <= tolerance(at: c.root), "\(c.name): \(root), not \(c.root)")
        }
    }

    @Test("a tiny root is found to the absolute tolerance")
    func tinyRoot() throws {
        let root = try brentRoot(of: { $0 - 1e-13 }, lower: -1, upper: 1)
        #expect(abs(root - 1e-13) <= tolerance(at: 0))
    }

    @Test("ends in the wrong order are GSL's invalid-interval status, thrown, not an abort or a wrong root")
    func reversedEnds() throws {
        let error = #expect(throws: BrentRootError.self) { try brentRoot(of: { $0 * $0 - 2 }, lower: 2, upper: 0) }
        #expect(error == .solver(GSLStatus(code: 4)), "GSL_EINVAL is 4")
    }

    @Test("the same sign at both ends is not bracketed, even with roots inside")
    func notBracketed() {
        #expect(throws: BrentRootError.notBracketed(lower: -1, upper: 1)) {
            try brentRoot(of: { $0 * $0 + 1 }, lower: -1, upper: 1)
        }
        // x^2 - 1 has roots at -1 and 1, but f(-2) = f(2) = 3.
        #expect(throws: BrentRootError.notBracketed(lower: -2, upper: 2)) {
            try brentRoot(of: { $0 * $0 - 1 }, lower: -2, upper: 2)
        }
    }

    @Test("a root exactly at an end is that end, whatever the other end's sign")
    func rootAtEnd() throws {
        #expect(try brentRoot(of: { $0 - 1 }, lower: 1, upper: 3) == 1)
        #expect(try brentRoot(of: { $0 - 1 }, lower: -2, upper: 1) == 1)
        // x^2 touches zero at 0 without changing sign: still a root, at the lower end.
        #expect(try brentRoot(of: { $0 * $0 }, lower: 0, upper: 1) == 0)
        #expect(try brentRoot(of: { $0 * $0 }, lower: -1, upper: 0) == 0)
    }

    @Test("a function that is not finite at an end is not bracketed, though the signs differ")
    func nonFiniteFunctionAtEnd() {
        // 1/x - 1 is +infinity at 0 and -1/2 at 2, with its root at 1.
        #expect(throws: BrentRootError.notBracketed(lower: 0, upper: 2)) {
            try brentRoot(of: { 1 / $0 - 1 }, lower: 0, upper: 2)
        }
        #expect(throws: BrentRootError.notBracketed(lower: 0, upper: 1)) {
            try brentRoot(of: { $0 == 0 ? .nan : $0 - 0.5 }, lower: 0, upper: 1)
        }
        #expect(throws: BrentRootError.notBracketed(lower: -1, upper: 1)) {
            try brentRoot(of: { $0 == 1 ? -.infinity : $0 + 0.5 }, lower: -1, upper: 1)
        }
    }

    @Test("infinite or NaN ends are not bracketed")
    func nonFiniteEnds() throws {
        #expect(throws: BrentRootError.notBracketed(lower: -.infinity, upper: 1)) {
            try brentRoot(of: { $0 - 0.5 }, lower: -.infinity, upper: 1)
        }
        #expect(throws: BrentRootError.notBracketed(lower: 0, upper: .infinity)) {
            try brentRoot(of: { $0 - 0.5 }, lower: 0, upper: .infinity)
        }
        // A NaN end: the error carries it, so compare the case, not the values.
        let error = #expect(throws: BrentRootError.self) { try brentRoot(of: { $0 - 0.5 }, lower: .nan, upper: 1) }
        guard case .notBracketed(let lower, let upper) = try #require(error) else {
            Issue.record("\(String(describing: error)) is not .notBracketed")
            return
        }
        #expect(lower.isNaN)
        #expect(upper == 1)
    }

    @Test("a function that is not finite inside the bracket is GSL's bad-function status, thrown, not an abort")
    func nonFiniteInside() throws {
        let error = #expect(throws: BrentRootError.self) {
            try brentRoot(of: { x in x == 0 ? -1 : (x == 1 ? 1 : .nan) }, lower: 0, upper: 1)
        }
        guard case .solver(let status) = try #require(error) else {
            Issue.record("\(String(describing: error)) is not .solver")
            return
        }
        #expect(status.kind == .badFunction)
    }
}
