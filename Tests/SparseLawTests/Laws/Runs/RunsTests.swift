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

@Suite("Runs")
struct RunsTests {
    @Test("the summary counts levels and ranges")
    func summary() throws {
        let runs = [(1e6, 0.0), (2e6, 0.5), (2e6, 0.5), (4e6, 0.75)].map {
            TrainingRun(nonZeroParams: $0.0, sparsity: $0.1, tokens: 1e9, loss: 3)
        }
        let summary = try #require(RunSummary(runs: runs))
        #expect(summary.sparsities == [0, 0.5, 0.75])
        #expect(summary.levels.map(\.runs) == [1, 2, 1])
        #expect(summary.params == .init(min: 1e6, max: 4e6, distinct: 3))
        #expect(summary.tokens.distinct == 1)
        #expect(summary.coverageWarnings(form: .sparse).contains(.fewBudgets(distinct: 1, form: .sparse)))
        #expect(summary.coverageWarnings(form: .sparse).contains(.fewRuns(count: 4, coefficients: 7, form: .sparse)))
    }

    @Test("one sparsity level is reported, with the level")
    func oneLevel() {
        let runs = (1...9).map { TrainingRun(nonZeroParams: Double($0) * 1e6, sparsity: 0, tokens: Double($0 % 3 + 1) * 1e9, loss: 3) }
        #expect(RunSummary(runs: runs)?.coverageWarnings(form: .sparse).first == .oneSparsityLevel(0))
        #expect(RunSummary(runs: runs)?.coverageWarnings(form: .sparse).first?.code == "runs.one-sparsity-level")
    }

    @Test("synthetic runs: noise-free losses equal the law, noise is reproducible and about the requested size")
    func synthetic() {
        let law = ScalingLaw.sparse(SparseScalingLaw(aS: 16.8, bS: 0.722, cS: 45, bN: 0.245, aD: 6.9e8, bD: 0.203, c: 0.651))
        let exact = SyntheticRuns(law: law, params: [1e6, 1e7], sparsities: [0, 0.5], tokens: [1e9], noise: 0).generate(seed: 1)
        #expect(exact.count == 4)
        #expect(exact.allSatisfy { $0.loss == law.loss(of: $0) })
        let noisy = SyntheticRuns(law: law, params: (1...40).map { Double($0) * 1e6 }, sparsities: [0, 0.5, 0.75], tokens: [1e9, 1e10, 1e11], noise: 0.01)
        let a = noisy.generate(seed: 3), b = noisy.generate(seed: 3)
        #expect(a == b)
        let logErrors = a.map { log($0.loss / law.loss(of: $0)) }
        let sd = (logErrors.map { $0 * $0 }.reduce(0, +) / Double(logErrors.count)).squareRoot()
        #expect(sd > 0.009 && sd < 0.011)  // 360 draws: the sample SD is within 10% with overwhelming probability
    }

    @Test("the generator's normal draws have mean 0 and variance 1")
    func normal() {
        var generator = SeededGenerator(seed: 42)
        let draws = (0..<100_000).map { _ in generator.nextNormal() }
        let mean = draws.reduce(0, +) / 1e5
        let variance = draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 1e5
        #expect(abs(mean) < 0.02)  // 5 standard errors
        #expect(abs(variance - 1) < 0.03)
    }
}
