import Foundation
import Testing
@testable import SparseLaw

/// A fast subset of the stress sets in bench/stress: data whose minimum lies at or near an edge
/// of the law's domain (a coefficient at 0, an exponent beyond the usual lattice or at its
/// plausible bound), made here by `SyntheticRuns` and one simple change, and fitted from several
/// seeds against reference minima computed independently.
@Suite("Fitting: minima at the edges of the domain")
struct FitEdgeTests {
    struct Reference {
        var objective: Double
        /// "interior", "zero" (some linear coefficient at 0) or "upper-bound" (an exponent at 20).
        var status: String
        var zeros: [String]
        var exponents: [String: Double]
    }

    /// Made by `python3 bench/stress/swift_subset.py`, which builds the same runs in Python
    /// (SplitMix64 and Box-Muller as `SeededGenerator`) and minimizes the same objective with
    /// scipy over exponents in [1e-3, 20]: an exponent grid with exact non-negative linear solves,
    /// 40 bounded trust-region polishes, basin hopping, and every linear coefficient held at 0 in
    /// turn (bench/stress/reference.py).
    static let references: [String: Reference] = [
        "irreducible loss near 0": Reference(objective: 1.5014212769248124e-06, status: "interior", zeros: [], exponents: ["bD": 0.206617, "bN": 0.248315, "bS": 0.662497]),
        "a shifted loss: E at 0": Reference(objective: 3.30317146004077e-06, status: "zero", zeros: ["E"], exponents: ["alpha": 0.343631, "beta": 0.301238]),
        "a steep size exponent, bN = 3": Reference(objective: 1.0387552493741153e-06, status: "interior", zeros: [], exponents: ["bD": 0.280004, "bN": 2.98566, "bS": 0.845286]),
        "a flat size exponent, alpha = 0.015": Reference(objective: 5.250964828973091e-07, status: "zero", zeros: ["E"], exponents: ["alpha": 0.0123065, "beta": 0.278013]),
        "a step at the smallest model": Reference(objective: 1.7402972943422628e-07, status: "upper-bound", zeros: [], exponents: ["alpha": 20, "beta": 0.281077]),
        "sparsity that hurts at fixed non-zeros: aS at 0": Reference(objective: 7.898529062138313e-06, status: "zero", zeros: ["aS"], exponents: ["bD": 0.160521, "bN": 0.253423]),
    ]

    struct Case: Sendable, CustomTestStringConvertible {
        enum Change: Sendable {
            /// Every loss minus a constant (a shifted loss).
            case shift(Double)
            /// The smallest model's losses plus a constant.
            case step(Double)
            /// Every loss times 1 + k S.
            case sparsity(Double)
        }

        var name: String
        var law: ScalingLaw
        var params: [Double]
        var sparsities: [Double]
        var tokens: [Double]
        var noise: Double
        var seed: UInt64
        var change: Change?

        var testDescription: String { name }

        func runs() -> [TrainingRun] {
            let runs = SyntheticRuns(law: law, params: params, sparsities: sparsities, tokens: tokens, noise: noise).generate(seed: seed)
            guard let change else { return runs }
            let smallest = runs.map(\.nonZeroParams).min() ?? 0
            return runs.map { run in
                var changed = run
                switch change {
                case .shift(let amount): changed.loss -= amount
                case .step(let amount): if run.nonZeroParams == smallest { changed.loss += amount }
                case .sparsity(let amount): changed.loss *= 1 + amount * run.sparsity
                }
                return changed
            }
        }
    }

    static let t5Sizes: [Double] = [2e6, 5e6, 1.2e7, 3e7, 8e7]
    static let denseSizes: [Double] = [1e7, 3e7, 1e8, 3e8, 1e9]
    static let denseTokens: [Double] = [2e9, 1e10, 5e10, 2e11]

    static let cases: [Case] = [
        Case(name: "irreducible loss near 0", law: .sparse(.init(aS: 16.8, bS: 0.722, cS: 45, bN: 0.245, aD: 6.9e8, bD: 0.203, c: 0.005)),
             params: t5Sizes, sparsities: [0, 0.5, 0.75], tokens: [5e8, 2e9, 8e9], noise: 0.003, seed: 3),
        Case(name: "a shifted loss: E at 0", law: .dense(.init(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28)),
             params: denseSizes, sparsities: [0], tokens: denseTokens, noise: 0.002, seed: 4, change: .shift(1.75)),
        Case(name: "a steep size exponent, bN = 3", law: .sparse(.init(aS: 2.4e18, bS: 0.8, cS: 4.0e18, bN: 3, aD: 6.9e8, bD: 0.3, c: 1.2)),
             params: t5Sizes, sparsities: [0, 0.5, 0.75], tokens: [5e8, 2e9, 8e9], noise: 0.002, seed: 5),
        Case(name: "a flat size exponent, alpha = 0.015", law: .dense(.init(E: 0.5, A: 3, B: 410.7, alpha: 0.015, beta: 0.28)),
             params: denseSizes, sparsities: [0], tokens: denseTokens, noise: 0.001, seed: 6),
        Case(name: "a step at the smallest model", law: .dense(.init(E: 2, A: 0, B: 410.7, alpha: 0.34, beta: 0.28)),
             params: denseSizes, sparsities: [0], tokens: denseTokens, noise: 0.0005, seed: 7, change: .step(0.15)),
        Case(name: "sparsity that hurts at fixed non-zeros: aS at 0", law: .sparse(.init(aS: 0, bS: 1, cS: 45, bN: 0.245, aD: 6.9e8, bD: 0.203, c: 0.651)),
             params: t5Sizes, sparsities: [0, 0.5, 0.75, 0.875], tokens: [5e8, 2e9, 8e9], noise: 0.001, seed: 8, change: .sparsity(0.03)),
    ]

    @Test("every seed reaches the reference minimum, and says where it lies on an edge", arguments: cases)
    func reaches(_ testCase: Case) throws {
        let reference = try #require(Self.references[testCase.name])
        let runs = testCase.runs()
        for seed in 0..<3 as Range<UInt64> {
            let fit = try LawFitter.fit(runs, options: .init(form: testCase.law.form, seed: seed))
            #expect(fit.objective <= reference.objective * (1 + 1e-4), "seed \(seed): \(fit.objective) vs \(reference.objective)")
            // Below the reference by more than rounding would mean the reference is not the minimum.
            #expect(fit.objective >= reference.objective * (1 - 1e-6), "seed \(seed): \(fit.objective) vs \(reference.objective)")
            #expect(fit.law.coefficients.allSatisfy { $0.isFinite && $0 >= 0 })
            let zeros = fit.degeneracies.compactMap { degeneracy -> String? in
                if case .atZero(let name, _) = degeneracy { return name } else { return nil }
            }
            let upper = fit.degeneracies.compactMap { degeneracy -> String? in
                if case .atExponentBound(let name, _, true) = degeneracy { return name } else { return nil }
            }
            switch reference.status {
            case "zero":
                #expect(zeros.sorted() == reference.zeros.sorted(), "seed \(seed): \(fit.degeneracies)")
                for name in reference.zeros {
                    let index = try #require(testCase.law.form.coefficientNames.firstIndex(of: name))
                    #expect(fit.law.coefficients[index] == 0, "\(name) is reported as exactly 0")
                }
            case "upper-bound":
                let steep = reference.exponents.filter { $0.value >= 20 * (1 - 1e-3) }.map(\.key).sorted()
                #expect(upper.sorted() == steep, "seed \(seed): \(fit.degeneracies)")
            default:
                #expect(!fit.isDegenerate, "seed \(seed): \(fit.degeneracies)")
            }
        }
    }

    @Test("a coefficient beyond a double in the data's units is a data error naming the field to rescale")
    func unrepresentable() throws {
        // A steep size term (alpha = 6) is fine in ordinary units ...
        let law = DenseScalingLaw(E: 1.8, A: 0.5 * pow(1e7, 6), B: 410.7, alpha: 6, beta: 0.28)
        let runs = SyntheticRuns(law: .dense(law), params: [1e7, 2e7, 4e7, 8e7], sparsities: [0], tokens: [2e9, 8e9, 3e10], noise: 0.001).generate(seed: 9)
        let ordinary = try LawFitter.fit(runs, options: .init(form: .dense))
        #expect(ordinary.law.coefficients.allSatisfy { $0.isFinite })
        // ... but with N in units 1e50 times smaller, A = A' N^6 would be near 1e343.
        let huge = runs.map { run -> TrainingRun in
            var scaled = run
            scaled.nonZeroParams *= 1e50
            return scaled
        }
        #expect {
            try LawFitter.fit(huge, options: .init(form: .dense))
        } throws: { error in
            guard case let .unrepresentable(coefficient, magnitude, field, _)? = error as? FitError else { return false }
            return coefficient == "A" && field == .params && magnitude > 308
        }
    }

    @Test("a law with a coefficient at 0 is written and read back; its exponents must stay positive")
    func lawFileZeros() throws {
        let file = LawFile(law: .dense(.init(E: 0, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28)))
        let decoded = try LawFile.decode(try JSONEncoder().encode(file), file: "law.json")
        #expect(try decoded.law(file: "law.json") == .dense(.init(E: 0, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28)))
        var zeroExponent = file
        zeroExponent.coefficients["alpha"] = 0
        #expect(throws: DataError.self) { try zeroExponent.law(file: "law.json") }
    }
}
