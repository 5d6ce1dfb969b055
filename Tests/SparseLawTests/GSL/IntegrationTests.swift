import Foundation
import Testing
@testable import SparseLawGSL

@Suite("GSL: adaptive quadrature (QAGP)")
struct IntegrationTests {
    /// Within the default relative tolerance, 1e-12, of `exact`, with room for rounding.
    func close(_ value: Double, _ exact: Double) -> Bool { abs(value - exact) <= 4e-12 * abs(exact) }

    @Test("integrals known in closed form: x^2, sin, e^x, 1/x, 1/(1 + x^2)")
    func closedForms() throws {
        let cases: [(name: String, f: (Double) -> Double, lower: Double, upper: Double, exact: Double)] = [
            ("x^2 on [0, 1]", { $0 * $0 }, 0, 1, 1.0 / 3),
            ("sin on [0, pi]", { sin($0) }, 0, .pi, 2),
            ("e^x on [0, 1]", { exp($0) }, 0, 1, M_E - 1),
            ("1/x on [1, e]", { 1 / $0 }, 1, M_E, 1),
            ("1/(1 + x^2) on [-1, 1]", { 1 / (1 + $0 * $0) }, -1, 1, .pi / 2),
            ("x^3 on [-2, 1], partly negative", { $0 * $0 * $0 }, -2, 1, (1 - 16) / 4.0),
            ("sqrt(x) on [0, 4], a singular derivative at the end", { $0.squareRoot() }, 0, 4, 16.0 / 3),
        ]
        for c in cases {
            let value = try integrate(c.f, lower: c.lower, upper: c.upper)
            #expect(close(value, c.exact), "\(c.name): \(value), not \(c.exact)")
        }
    }

    @Test("|x - 0.4| on [0, 1], split at its kink, is 0.4^2/2 + 0.6^2/2 = 0.26")
    func kinkAtBreakpoint() throws {
        let value = try integrate({ abs($0 - 0.4) }, lower: 0, upper: 1, breakpoints: [0.4])
        #expect(close(value, 0.26))
    }

    @Test("a step, split where it jumps, is the sum of two rectangles")
    func jumpAtBreakpoint() throws {
        // 1 on [0, 0.3), 5 on [0.3, 2]: 0.3 + 5 * 1.7 = 8.8.
        let value = try integrate({ $0 < 0.3 ? 1 : 5 }, lower: 0, upper: 2, breakpoints: [0.3])
        #expect(close(value, 8.8))
    }

    @Test("several kinks: max(0, |x| - 1) on [-3, 2], split at -1, 0 and 1, is 2 + 1/2")
    func severalBreakpoints() throws {
        let value = try integrate({ max(0, abs($0) - 1) }, lower: -3, upper: 2, breakpoints: [-1, 0, 1])
        #expect(close(value, 2.5))
    }

    @Test("breakpoints at or beyond the ends are ignored")
    func breakpointsOutsideIgnored() throws {
        let value = try integrate({ abs($0 - 0.4) }, lower: 0, upper: 1, breakpoints: [-1, 0, 0.4, 1, 3])
        #expect(close(value, 0.26))
    }

    @Test("a zero-width interval integrates to 0, without evaluating the integrand")
    func zeroWidth() throws {
        #expect(try integrate({ $0 * $0 }, lower: 0.7, upper: 0.7) == 0)
        // An integrand that is NaN everywhere is not even called.
        #expect(try integrate({ _ in .nan }, lower: 2, upper: 2) == 0)
    }

    @Test("an integrand that is not finite somewhere is a thrown error, not a wrong number")
    func nonFiniteIntegrand() {
        #expect(throws: IntegrationError.self) { try integrate({ _ in .nan }, lower: 0, upper: 1) }
        #expect(throws: IntegrationError.self) { try integrate({ _ in .infinity }, lower: 0, upper: 1) }
        #expect(throws: IntegrationError.self) { try integrate({ $0 > 0.5 ? .nan : 1 }, lower: 0, upper: 1, breakpoints: [0.5]) }
        #expect(throws: IntegrationError.self) { try integrate({ $0 > 0.5 ? -.infinity : 1 }, lower: 0, upper: 1) }
    }

    @Test("breakpoints out of order are GSL's error, thrown, not an abort")
    func unorderedBreakpoints() {
        #expect(throws: IntegrationError.self) {
            try integrate({ abs($0 - 0.4) }, lower: 0, upper: 1, breakpoints: [0.7, 0.4])
        }
    }
}
