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

@Suite("Laws")
struct ScalingLawTests {
    let t5 = SparseScalingLaw(aS: 16.8, bS: 0.722, cS: 45.0, bN: 0.245, aD: 6.90e8, bD: 0.203, c: 0.651)

    @Test("the sparse law matches a hand evaluation")
    func handEvaluation() {
        // N = 1e8, S = 0.5, D = 1e10: (16.8 x 0.5^0.722 + 45) 1e8^-0.245 + (6.9e8 / 1e10)^0.203 + 0.651
        let expected = (16.8 * pow(0.5, 0.722) + 45) * pow(1e8, -0.245) + pow(0.069, 0.203) + 0.651
        #expect(abs(t5.loss(nonZeroParams: 1e8, sparsity: 0.5, tokens: 1e10) - expected) < 1e-14)
    }

    @Test("at S = 0 the sparse law equals its dense limit")
    func denseLimit() {
        for (n, d) in [(1e6, 1e9), (3e8, 2e11), (7e9, 5e12)] {
            let sparse = t5.loss(nonZeroParams: n, sparsity: 0, tokens: d)
            let dense = t5.denseLimit.loss(params: n, tokens: d)
            #expect(abs(sparse - dense) < 1e-12 * sparse)
        }
    }

    @Test("the dense law's sparse form gives the same losses")
    func denseAsSparse() {
        let chinchilla = DenseScalingLaw(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28)
        let sparse = chinchilla.asSparseAtZero
        let a = chinchilla.loss(params: 7e10, tokens: 1.4e12)
        #expect(abs(sparse.loss(nonZeroParams: 7e10, sparsity: 0, tokens: 1.4e12) - a) < 1e-12 * a)
    }

    @Test("the equivalent dense size reaches the same loss")
    func equivalentDense() {
        let n = 2e7, s = 0.875, d = 1e10
        let dense = t5.equivalentDenseParams(nonZeroParams: n, sparsity: s)
        #expect(dense > n)
        let sparseLoss = t5.loss(nonZeroParams: n, sparsity: s, tokens: d)
        #expect(abs(t5.loss(nonZeroParams: dense, sparsity: 0, tokens: d) - sparseLoss) < 1e-12)
        #expect(t5.equivalentDenseParams(nonZeroParams: n, sparsity: 0) == n)
    }

    @Test("outside the domain the loss is NaN, never a number", arguments: [
        (0.0, 0.5, 1e9), (-1.0, 0.5, 1e9), (1e6, 0.5, 0), (1e6, -0.1, 1e9), (1e6, 1.5, 1e9), (1e6, .nan, 1e9), (.nan, 0, 1e9),
    ])
    func domain(n: Double, s: Double, d: Double) {
        #expect(t5.loss(nonZeroParams: n, sparsity: s, tokens: d).isNaN)
    }

    @Test("infinite data and size leave the irreducible loss")
    func limits() {
        #expect(t5.loss(nonZeroParams: .infinity, sparsity: 0.5, tokens: .infinity) == t5.c)
    }

    @Test("the presets in data/laws read and validate")
    func presets() throws {
        for name in ["t5-c4", "vit-jft", "chinchilla", "chinchilla-epoch"] {
            let path = Repository.path("data/laws/\(name).json")
            let file = try LawFile.read(path: path)
            #expect(file.name == name)
            _ = try file.law(file: path)
        }
        #expect(try LawFile.read(path: Repository.path("data/laws/t5-c4.json")).law(file: "") == .sparse(t5))
    }

    @Test("a law file with a missing or non-positive coefficient is refused")
    func invalidLawFile() throws {
        let missing = try LawFile.decode(Data(#"{"form":"dense","coefficients":{"E":1,"A":1,"B":1,"alpha":0.3}}"#.utf8), file: "l.json")
        #expect(throws: DataError.self) { try missing.law(file: "l.json") }
        let negative = try LawFile.decode(Data(#"{"form":"dense","coefficients":{"E":1,"A":-1,"B":1,"alpha":0.3,"beta":0.3}}"#.utf8), file: "l.json")
        #expect(throws: DataError.self) { try negative.law(file: "l.json") }
        #expect(throws: DataError.self) { try LawFile.decode(Data(#"{"form":"cubic","coefficients":{}}"#.utf8), file: "l.json") }
        #expect(throws: DataError.self) { try LawFile.decode(Data("not json".utf8), file: "l.json") }
    }
}
