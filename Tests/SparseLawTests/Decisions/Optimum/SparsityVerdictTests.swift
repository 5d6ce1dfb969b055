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

@Suite("Optimum: whether sparsity pays, with the law's uncertainty")
struct SparsityVerdictTests {
    /// k gains of 0.01 (sparsity wins) and n - k of exactly 0 (the replicate's optimum is dense).
    static func gains(winning k: Int, of n: Int) -> [Double] {
        Array(repeating: 0.01, count: k) + Array(repeating: 0, count: n - k)
    }

    @Test("sparse from 95% of replicates won, dense at 5% or fewer, unclear between; a gain of 0 never wins")
    func threeCases() {
        for (k, expected) in [(100, SparsityVerdict.Outcome.sparse), (95, .sparse), (94, .unclear), (50, .unclear),
                              (6, .unclear), (5, .dense), (0, .dense)] {
            let verdict = SparsityVerdict(gain: 0.01, replicateGains: Self.gains(winning: k, of: 100))
            #expect(verdict.outcome == expected, "\(k) of 100")
            #expect(verdict.basis == .replicates && verdict.replicates == 100)
            #expect(verdict.winShare == Double(k) / 100)
        }
        // 19 of 20 is 95%.
        #expect(SparsityVerdict(gain: 1, replicateGains: Self.gains(winning: 19, of: 20)).outcome == .sparse)
    }

    @Test("--min-gain: a win must gain at least that much")
    func minimumGain() {
        // Gains 0.001, 0.002, ..., 0.1: by hand, k / 100 of them are >= m for m = (101 - k) / 1000.
        let gains = (1...100).map { Double($0) / 1000 }
        #expect(SparsityVerdict(gain: 0.05, replicateGains: gains).outcome == .sparse)
        let some = SparsityVerdict(gain: 0.05, replicateGains: gains, minGain: 0.0055)
        #expect(some.winShare == 0.95 && some.outcome == .sparse)  // 0.006 ... 0.1: 95 gains
        let fewer = SparsityVerdict(gain: 0.05, replicateGains: gains, minGain: 0.0065)
        #expect(fewer.winShare == 0.94 && fewer.outcome == .unclear)
        let none = SparsityVerdict(gain: 0.05, replicateGains: gains, minGain: 0.0955)
        #expect(none.winShare == 0.05 && none.outcome == .dense)
        // The gain interval: percentiles at positions 0.025 x 99 and 0.975 x 99, by hand.
        let interval = try! #require(some.gainInterval)
        #expect(abs(interval.lowerBound - (0.003 + 0.475 * 0.001)) < 1e-15)
        #expect(abs(interval.upperBound - (0.097 + 0.525 * 0.001)) < 1e-15)
    }

    @Test("without replicates the point estimate decides, and says so")
    func pointEstimate() {
        let sparse = SparsityVerdict(gain: 0.02, replicateGains: [])
        #expect(sparse.outcome == .sparse && sparse.basis == .pointEstimate && sparse.gainInterval == nil && sparse.winShare == nil)
        #expect(SparsityVerdict(gain: 0, replicateGains: []).outcome == .dense)
        #expect(SparsityVerdict(gain: 0.005, replicateGains: [], minGain: 0.01).outcome == .dense)
    }

    @Test("optimal's verdict uses each replicate's own paired gain, checked against the replicates' optima one by one")
    func optimalVerdict() throws {
        let law = SparseScalingLaw(aS: 16.8, bS: 0.722, cS: 45.0, bN: 0.245, aD: 6.90e8, bD: 0.203, c: 0.651)
        var file = LawFile(law: .sparse(law), name: "t5")
        // Replicates that move the sparsity term's share: some make sparsity pay more, some less.
        let replicates = (0..<40).map { k -> [Double] in
            let scale = 0.6 + 0.02 * Double(k)
            return [law.aS * scale, law.bS, law.cS, law.bN, law.aD, law.bD, law.c]
        }
        file.bootstrap = .init(requested: 40, failed: 0, seed: 1, replicates: replicates)
        let query = try SparsityQuery(file: file, path: "t5.json", cost: .denseFLOPs, maxSparsity: 0.95)
        let (n, c) = (5e7, 3e19)
        let answer = try query.answer(params: n, compute: c)
        // By hand: each replicate's optimum and its dense model at the same N and C.
        let gains = try replicates.map { values -> Double in
            let optimizer = try #require(SparsityOptimizer(law: SparseScalingLaw(coefficients: values)!, cost: .denseFLOPs, maxSparsity: 0.95))
            let optimum = optimizer.optimum(params: n, compute: c)
            return optimum.denseLoss - optimum.loss
        }
        #expect(answer.intervals?.gains == gains)
        let share = Double(gains.filter { $0 > 0 }.count) / 40
        #expect(answer.verdict.winShare == share && answer.verdict.basis == .replicates)
        let threshold = gains.sorted()[20]
        let strict = try query.answer(params: n, compute: c, minGain: threshold)
        #expect(strict.verdict.winShare == Double(gains.filter { $0 >= threshold }.count) / 40)
        #expect(strict.verdict.outcome == .unclear)
        // A law without replicates: the point estimate's verdict, with a note saying so.
        let bare = try SparsityQuery(file: LawFile(law: .sparse(law), name: "t5"), path: "t5.json", cost: .denseFLOPs, maxSparsity: 0.95)
        let point = try bare.answer(params: n, compute: c)
        #expect(point.verdict.basis == .pointEstimate && point.verdict.outcome == (point.optimum.gain > 0 ? .sparse : .dense))
        #expect(point.warnings.contains(.verdictWithoutReplicates))
        #expect(DiagnosticRecord(OptimumWarning.verdictWithoutReplicates).label == "note")
    }
}
