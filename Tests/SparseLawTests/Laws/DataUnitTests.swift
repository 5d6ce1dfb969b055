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

@Suite("Laws: the unit of D")
struct DataUnitTests {
    @Test("a law in steps of k tokens, converted, gives the same loss at D x k tokens: sparse and dense")
    func conversion() {
        let k = 65536.0
        let sparse = ScalingLaw.sparse(SparseScalingLaw(aS: 16.8, bS: 0.722, cS: 45.0, bN: 0.245, aD: 6.90e8 / k, bD: 0.203, c: 0.651))
        let dense = ScalingLaw.dense(DenseScalingLaw(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28))
        for law in [sparse, dense] {
            let inTokens = law.dataCounted(inUnitsSmallerBy: k)
            for (n, s, steps) in [(1e7, 0.0, 1e4), (3e8, 0.0, 2e5)] + (law.form == .sparse ? [(1e8, 0.75, 5e4)] : []) {
                let before = law.loss(nonZeroParams: n, sparsity: s, tokens: steps)
                let after = inTokens.loss(nonZeroParams: n, sparsity: s, tokens: steps * k)
                #expect(abs(before - after) < 1e-13 * before)
            }
        }
        // By hand: aD is multiplied by k; B by k^beta; nothing else moves.
        if case .sparse(let converted) = sparse.dataCounted(inUnitsSmallerBy: k) { #expect(converted.aD == 6.90e8 && converted.c == 0.651) }
        if case .dense(let converted) = dense.dataCounted(inUnitsSmallerBy: k) { #expect(abs(converted.B - 410.7 * pow(k, 0.28)) < 1e-9 * converted.B && converted.A == 406.4) }
    }

    @Test("a law file in images converted to tokens: coefficients, replicates, the fitted range of D, the unit")
    func lawFile() throws {
        var file = PublishedLaws.vitJFT
        #expect(file.dataUnit == "images" && !file.dataCountsTokens)
        #expect(PublishedLaws.t5C4.dataCountsTokens)
        file.ranges = .init(params: .init(min: 1e6, max: 1e8), tokens: .init(min: 1e8, max: 1e9))
        file.bootstrap = .init(requested: 1, failed: 0, seed: 0, replicates: [[294.0, 0.821, 468.0, 0.392, 2.0e8, 0.890, 4.517]])
        let converted = file.dataInTokens(tokensPerUnit: 256)
        #expect(converted.dataUnit == "tokens" && converted.dataCountsTokens)
        #expect(converted.coefficients["aD"] == 2.37e8 * 256 && converted.coefficients["bD"] == 0.890)
        #expect(converted.bootstrap?.replicates[0][4] == 2.0e8 * 256)
        #expect(converted.ranges?.tokens?.min == 1e8 * 256 && converted.ranges?.tokens?.max == 1e9 * 256)
        #expect(converted.ranges?.params == file.ranges?.params)
    }

    @Test("the unit of D is read off the column it comes from", arguments: [
        (FieldSource.column("tokens"), "tokens"), (.column("images_seen"), "images"), (.column("num_examples"), "examples"),
        (.column("train/steps"), "steps"), (.expression("steps"), "steps"), (.expression("steps*65536"), "tokens"),
        (.column("samples"), "samples"), (.assumedDense, "tokens"),
    ])
    func implied(source: FieldSource, unit: String) {
        #expect(source.impliedDataUnit == unit)
    }
}
