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

@Suite("Fitting: structured patterns")
struct PatternTests {
    let truth = SparseScalingLaw(aS: 16.8, bS: 0.722, cS: 45.0, bN: 0.245, aD: 6.90e8, bD: 0.203, c: 0.651)

    /// Unstructured runs at four sparsities, plus 2:4 runs whose constant equals the unstructured
    /// factor at S = 0.4 and 4:8 runs at S = 0.6.
    func runs() -> [TrainingRun] {
        var runs = SyntheticRuns(law: .sparse(truth), params: [2e6, 6e6, 2e7, 6e7, 2e8], sparsities: [0, 0.5, 0.75, 0.875],
                                 tokens: [1e9, 4e9, 1.6e10, 6.4e10], noise: 0).generate(seed: 1)
        for (pattern, equivalent) in [("2:4", 0.4), ("4:8", 0.6)] {
            let q = truth.sparsityFactor(equivalent)
            for n in [2e6, 6e6, 2e7, 6e7, 2e8] {
                for d in [1e9, 4e9, 1.6e10, 6.4e10] {
                    let loss = q * pow(n, -truth.bN) + pow(truth.aD / d, truth.bD) + truth.c
                    runs.append(TrainingRun(nonZeroParams: n, sparsity: 0.5, tokens: d, loss: loss, pattern: pattern))
                }
            }
        }
        return runs
    }

    @Test("each pattern's constant and its equivalent unstructured sparsity are recovered from noise-free runs")
    func recovery() throws {
        let fit = try LawFitter.fit(runs())
        #expect(fit.patternNames == ["2:4", "4:8"])
        for (got, want) in zip(fit.law.coefficients, truth.coefficients) { #expect(abs(got / want - 1) < 1e-5) }
        let patterns = fit.patterns
        #expect(abs(patterns[0].q / truth.sparsityFactor(0.4) - 1) < 1e-6)
        #expect(abs(try #require(patterns[0].equivalentSparsity) - 0.4) < 1e-5)
        #expect(abs(try #require(patterns[1].equivalentSparsity) - 0.6) < 1e-5)
    }

    @Test("a fit's prediction for each run uses its pattern's constant: noise-free runs are reproduced, structured ones too")
    func predictions() throws {
        let runs = runs()
        let fit = try LawFitter.fit(runs)
        for run in runs { #expect(abs(fit.predictedLoss(of: run) / run.loss - 1) < 1e-6, "\(run)") }
        // The unstructured law alone misses the 2:4 runs (their constant is the factor at S = 0.4, not 0.5).
        let structured = try #require(runs.first { $0.pattern == "2:4" })
        #expect(abs(fit.law.loss(of: structured) / structured.loss - 1) > 1e-3)
    }

    @Test("held-out runs of a pattern and the fit figure's runs are predicted with the pattern's constant")
    func heldOutAndFigure() throws {
        // Noise-free runs: every held-out run, structured ones too, is predicted to the rounding of the fit.
        let outcome = try LawFitter.run(FitRequest(runs: runs(), holdout: .largestParams(1)))
        let holdout = try #require(outcome.holdout)
        let structured = outcome.heldOut.filter { $0.pattern != nil }
        #expect(structured.count == 8)
        for (point, run) in zip(holdout.points, outcome.heldOut) {
            #expect(abs(point.relativeError) < 1e-5, "\(run)")
            #expect(point.predicted == outcome.fit.predictedLoss(of: run))
        }
        let figure = FitFigure(law: outcome.fit.law, patternConstants: outcome.fit.patternConstants,
                               fitted: outcome.fitted, heldOut: outcome.heldOut, title: "patterns")
        for run in structured + outcome.fitted.filter({ $0.pattern != nil }) {
            #expect(abs(figure.predicted(run) / run.loss - 1) < 1e-5, "\(run)")
        }
        // Without the constants, a 2:4 run is predicted as unstructured at S = 0.5, which it is not.
        let plain = FitFigure(law: outcome.fit.law, fitted: outcome.fitted, heldOut: outcome.heldOut, title: "patterns")
        let twoFour = try #require(structured.first { $0.pattern == "2:4" })
        #expect(abs(plain.predicted(twoFour) / twoFour.loss - 1) > 1e-3)
    }

    @Test("the equivalent sparsity inverts the sparsity factor, and is undefined outside its range")
    func equivalentSparsity() throws {
        for s in [0.0, 0.3, 0.9, 0.99] {
            #expect(abs(try #require(truth.equivalentSparsity(factor: truth.sparsityFactor(s))) - s) < 1e-12)
        }
        #expect(truth.equivalentSparsity(factor: truth.aS + truth.cS + 1) == nil)  // worse than dense
        #expect(truth.equivalentSparsity(factor: truth.cS) == nil)                 // beyond any sparsity
    }

    @Test("unstructured, dense and unlabeled runs share the unstructured law; dense runs never get a pattern")
    func labels() {
        let runs = [TrainingRun(nonZeroParams: 1, sparsity: 0.5, tokens: 1, loss: 1, pattern: "Unstructured"),
                    TrainingRun(nonZeroParams: 1, sparsity: 0, tokens: 1, loss: 1, pattern: "2:4"),
                    TrainingRun(nonZeroParams: 1, sparsity: 0.5, tokens: 1, loss: 1, pattern: nil),
                    TrainingRun(nonZeroParams: 1, sparsity: 0.5, tokens: 1, loss: 1, pattern: "2:4")]
        #expect(LawFitter.structuredPatterns(in: runs) == ["2:4"])
        #expect(runs.map { LawFitter.patternIndex($0, among: ["2:4"]) } == [nil, nil, nil, 0])
    }
}
