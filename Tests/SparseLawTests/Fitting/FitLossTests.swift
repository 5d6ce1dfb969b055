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

@Suite("Fitting: objective")
struct FitLossTests {
    let loss = FitLoss(kind: .huber, delta: 0.01)

    @Test("rho is r^2/2 inside delta and delta(|r| - delta/2) outside (hand values)")
    func rho() {
        #expect(loss.rho(0) == 0)
        #expect(loss.rho(0.005) == 0.0000125)
        #expect(loss.rho(-0.01) == 0.00005)
        #expect(abs(loss.rho(0.03) - 0.01 * 0.025) < 1e-18)
        #expect(abs(loss.rho(-1) - 0.01 * 0.995) < 1e-15)
        #expect(FitLoss(kind: .squares, delta: 0.01).rho(3) == 4.5)
    }

    @Test("psi^2 / 2 equals rho everywhere, and psi is continuous with its slope at delta", arguments: [0.0, 1e-4, 0.0099, 0.01, 0.0101, 0.5, -0.02, -7.0])
    func psi(r: Double) {
        let (value, _) = loss.transformed(r)
        #expect(abs(value * value / 2 - loss.rho(r)) <= 1e-15 * max(1, loss.rho(r)))
        let h = 1e-7
        let slope = (loss.transformed(r + h).value - loss.transformed(r - h).value) / (2 * h)
        #expect(abs(slope - loss.transformed(r).derivative) < 1e-5)
    }

    @Test("huber-log residuals are differences of logarithms")
    func logResidual() {
        let r = FitLoss(kind: .huberLog).residual(predicted: 2.2, measured: 2.0)
        #expect(abs(r.value - log(1.1)) < 1e-15)
        #expect(abs(r.derivative - 1 / 2.2) < 1e-15)
    }

    @Test("the objective is the mean of rho")
    func objective() {
        let value = loss.objective(predicted: [1.0, 2.0, 3.03], measured: [1.0, 2.005, 3.0])
        #expect(abs(value - (0 + 0.005 * 0.005 / 2 + 0.01 * (0.03 - 0.005)) / 3) < 1e-15)
    }
}
