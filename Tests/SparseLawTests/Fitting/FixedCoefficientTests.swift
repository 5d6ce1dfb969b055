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

@Suite("Fitting: fixed coefficients")
struct FixedCoefficientTests {
    let truth = SparseScalingLaw(aS: 16.8, bS: 0.722, cS: 45.0, bN: 0.245, aD: 6.90e8, bD: 0.203, c: 0.651)

    func runs(noise: Double) -> [TrainingRun] {
        SyntheticRuns(law: .sparse(truth), params: [2e6, 6e6, 2e7, 6e7, 2e8], sparsities: [0, 0.5, 0.75, 0.875],
                      tokens: [1e9, 4e9, 1.6e10, 6.4e10], noise: noise).generate(seed: 3)
    }

    @Test("fixing any coefficient at its true value recovers the others from noise-free runs", arguments: SparseScalingLaw.coefficientNames)
    func recovers(name: String) throws {
        let index = SparseScalingLaw.coefficientNames.firstIndex(of: name)!
        let fit = try LawFitter.fit(runs(noise: 0), options: .init(fixed: [name: truth.coefficients[index]]))
        #expect(abs(fit.law.coefficients[index] / truth.coefficients[index] - 1) < 1e-12, "the fixed value moved")
        for (got, want) in zip(fit.law.coefficients, truth.coefficients) { #expect(abs(got / want - 1) < 1e-5) }
    }

    @Test("a fixed coefficient at a wrong value costs objective and never beats the free fit")
    func constrainedIsWorse() throws {
        let data = runs(noise: 0.004)
        let free = try LawFitter.fit(data)
        let fixed = try LawFitter.fit(data, options: .init(fixed: ["aS": 30, "bD": 0.3]))
        #expect(fixed.law.coefficients[0] == 30 || abs(fixed.law.coefficients[0] / 30 - 1) < 1e-12)
        #expect(abs(fixed.law.coefficients[5] / 0.3 - 1) < 1e-12)
        #expect(fixed.objective >= free.objective * (1 - 1e-9))
    }

    @Test("the least-squares Jacobian in the free parameters matches finite differences, with a coupled fixed coefficient")
    func jacobianChain() throws {
        let data = runs(noise: 0.01)
        let model = SparseFitModel(points: NormalizedPoints(data))
        let parametrization = Parametrization(model: model, fixed: [0: 20.0, 6: 0.7])  // aS (coupled to bN) and c
        let problem = LawFitter.leastSquaresProblem(model: model, loss: FitLoss(kind: .huberLog, delta: 1e-3), parametrization: parametrization)
        let phi = [log(0.8), log(40.0), log(0.3), log(1.1), log(0.25)]  // bS, cS', bN, aD', bD
        let n = data.count, q = phi.count
        var analytic = [Double](repeating: 0, count: n * q)
        problem.jacobian(phi, &analytic)
        for j in 0..<q {
            var up = phi, down = phi
            let h = 1e-6
            up[j] += h; down[j] -= h
            var fUp = [Double](repeating: 0, count: n), fDown = fUp
            problem.residuals(up, &fUp)
            problem.residuals(down, &fDown)
            for i in 0..<n {
                let numeric = (fUp[i] - fDown[i]) / (2 * h)
                #expect(abs(numeric - analytic[i * q + j]) < 1e-5 * max(1, abs(numeric)), "row \(i), column \(j)")
            }
        }
    }

    @Test("unknown names and non-positive values are refused")
    func refusals() {
        #expect(throws: FitError.self) { try LawFitter.fit(runs(noise: 0), options: .init(fixed: ["alpha": 0.3])) }
        #expect(throws: FitError.self) { try LawFitter.fit(runs(noise: 0), options: .init(fixed: ["bS": -1])) }
    }
}
