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

/// The fit's output is a law file: every kind of fit, written as `fit` writes it, reads back as
/// the same law with the same ranges and replicates.
@Suite("Laws: the fit's report reads back as a law file")
struct LawFileRoundTripTests {
    static let t5 = SparseScalingLaw(aS: 16.8, bS: 0.722, cS: 45.0, bN: 0.245, aD: 6.90e8, bD: 0.203, c: 0.651)

    static func sparseRuns(patterned: Bool = false) -> [TrainingRun] {
        var runs = SyntheticRuns(law: .sparse(t5), params: [2e6, 6e6, 2e7, 6e7], sparsities: [0, 0.5, 0.75],
                                 tokens: [1e9, 4e9, 1.6e10], noise: 0.002).generate(seed: 3)
        if patterned {
            let q = t5.sparsityFactor(0.4)
            for n in [2e6, 6e6, 2e7, 6e7] {
                for d in [1e9, 4e9, 1.6e10] {
                    runs.append(TrainingRun(nonZeroParams: n, sparsity: 0.5, tokens: d,
                                            loss: q * pow(n, -t5.bN) + pow(t5.aD / d, t5.bD) + t5.c, pattern: "2:4"))
                }
            }
        }
        return runs
    }

    static func denseRuns() -> [TrainingRun] {
        SyntheticRuns(law: .dense(DenseScalingLaw(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28)),
                      params: [1e7, 4e7, 1.6e8, 6.4e8], sparsities: [0], tokens: [1e9, 4e9, 1.6e10], noise: 0.002).generate(seed: 4)
    }

    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case sparse, dense, patterns, fixed, bootstrap
        var testDescription: String { rawValue }
    }

    @Test("write, read, compare", arguments: Kind.allCases)
    func roundTrip(kind: Kind) throws {
        let runs = kind == .dense ? Self.denseRuns() : Self.sparseRuns(patterned: kind == .patterns)
        var options = FitOptions(form: kind == .dense ? .dense : .sparse)
        if kind == .fixed { options.fixed = ["bS": 0.722] }
        let fit = try LawFitter.fit(runs, options: options)
        let bootstrap = kind == .bootstrap ? LawFitter.bootstrap(runs, fit: fit, replicates: 12, seed: 5, threads: 1) : nil
        let report = FitReport(fit: fit, data: "runs.csv", units: .init(params: "parameters", tokens: "tokens"),
                               bootstrap: bootstrap, bootstrapSeed: 5)
        let text = try JSONRendering.text(report)

        let file = try LawFile.decode(Data(text.utf8), file: "law.json")
        #expect(file.form == fit.law.form)
        #expect(try file.law(file: "law.json") == fit.law)
        let summary = try #require(RunSummary(runs: runs))
        #expect(file.ranges == LawFile.Ranges(summary))
        #expect(file.ranges?.params?.min == runs.map(\.nonZeroParams).min())
        #expect(file.ranges?.tokens?.max == runs.map(\.tokens).max())
        #expect(file.maxFittedSparsity == summary.sparsities.last)
        #expect(file.units == LawFile.Units(params: "parameters", tokens: "tokens"))
        if kind == .fixed { #expect(file.coefficients["bS"] == 0.722) }
        if let bootstrap {
            let replicates = try file.replicateLaws(file: "law.json")
            #expect(replicates.count == bootstrap.replicates.count)
            #expect(replicates.count > 0)
            #expect(replicates.map(\.coefficients) == bootstrap.replicates.map { Array($0.prefix(7)) })
            #expect(file.bootstrap?.seed == 5)
        } else {
            #expect(file.bootstrap == nil)
        }
        // Written again from what was read, the law's part is the same.
        #expect(try LawFile.decode(Data(JSONRendering.text(file).utf8), file: "again.json") == file)
    }
}

/// The example of docs/architecture.md, run as written: the library without the command line.
@Suite("Laws: the library on its own")
struct LibraryUsageTests {
    @Test("read, fit, warn by code, ask for the optimum")
    func documentedExample() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("data/example-runs.csv").path
        let log = try RunLogReader.read(path: path)
        let fit = try LawFitter.fit(log.runs, options: FitOptions(form: .sparse))
        #expect(fit.warnings.allSatisfy { !$0.code.isEmpty && !$0.message.isEmpty })
        let file = LawFile(law: fit.law, ranges: RunSummary(runs: log.runs).map(LawFile.Ranges.init), bootstrap: nil)
        let query = try SparsityQuery(file: file, path: path, cost: .denseFLOPs, maxSparsity: nil)
        let answer = try query.answer(params: 5e7, compute: 1e20)
        // The same question answered from the closed form directly.
        guard case .sparse(let sparse) = fit.law else { Issue.record("a sparse fit gave a dense law"); return }
        let direct = try #require(SparsityOptimizer(law: sparse, cost: .denseFLOPs, maxSparsity: 0.99))
        #expect(answer.optimum == direct.optimum(params: 5e7, compute: 1e20))
        #expect(answer.optimum.sparsity > 0 && answer.optimum.sparsity < 0.99)
    }
}
