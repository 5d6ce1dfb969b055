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

/// Properties checked on many random cases, each drawn from a seeded generator so that a failure
/// names a reproducible case.
@Suite("Reliability: properties")
struct PropertyTests {
    /// A random law with coefficients in the ranges published laws span, and a bit beyond.
    static func randomLaw(_ generator: inout SeededGenerator) -> SparseScalingLaw {
        func logUniform(_ low: Double, _ high: Double) -> Double { exp(log(low) + (log(high) - log(low)) * generator.nextUniform()) }
        return SparseScalingLaw(aS: logUniform(1, 1000), bS: logUniform(0.2, 2), cS: logUniform(1, 1000), bN: logUniform(0.1, 0.6),
                                aD: logUniform(1e6, 1e10), bD: logUniform(0.1, 1), c: logUniform(0.1, 5))
    }

    @Test("no sparsity in [0, cap] beats the optimum, under either cost model")
    func optimumIsMinimal() {
        var generator = SeededGenerator(seed: 2024)
        for trial in 0..<300 {
            let law = Self.randomLaw(&generator)
            let cost: CostModel = trial % 2 == 0 ? .denseFLOPs : .sparseFLOPs(PruningSchedule())
            let optimizer = SparsityOptimizer(law: law, cost: cost, maxSparsity: 0.5 + 0.49 * generator.nextUniform())!
            let n = exp(log(1e6) + log(1e5) * generator.nextUniform())
            let c = optimizer.denseOptimalCompute(params: n) * exp(log(1e-2) + log(1e6) * generator.nextUniform())
            let optimum = optimizer.optimum(params: n, compute: c)
            #expect(optimum.isFinite, "trial \(trial)")
            #expect(optimum.sparsity >= 0 && optimum.sparsity <= optimizer.maxSparsity)
            for k in 0...400 {
                let s = optimizer.maxSparsity * Double(k) / 400
                let value = optimizer.loss(params: n, compute: c, sparsity: s)
                #expect(value >= optimum.loss - 1e-12 * optimum.loss, "trial \(trial): S = \(s) beats the optimum \(optimum.sparsity)")
            }
        }
    }

    @Test("contours and optimal agree at every level")
    func contoursAgree() {
        var generator = SeededGenerator(seed: 7)
        for trial in 0..<300 {
            let law = Self.randomLaw(&generator)
            let cost: CostModel = trial % 2 == 0 ? .denseFLOPs : .sparseFLOPs(PruningSchedule(start: 0.1 + 0.3 * generator.nextUniform(), end: 0.6 + 0.3 * generator.nextUniform(), power: 1 + 3 * generator.nextUniform()))
            let optimizer = SparsityOptimizer(law: law, cost: cost, maxSparsity: 0.99)!
            let level = 0.02 + 0.95 * generator.nextUniform()
            let n = exp(log(1e6) + log(1e5) * generator.nextUniform())
            let compute = optimizer.contourCompute(level: level, params: n)
            // Every level in (0, 1) has a contour under both cost models (math.md, section 5).
            #expect(compute.isFinite && compute > 0, "trial \(trial): level \(level) has no contour")
            let optimum = optimizer.optimum(params: n, compute: compute)
            #expect(abs(optimum.sparsity - level) < 1e-6, "trial \(trial): level \(level), optimum \(optimum.sparsity)")
        }
    }

    @Test("at fixed N the optimal sparsity never falls as the budget grows")
    func monotoneInCompute() {
        var generator = SeededGenerator(seed: 11)
        for trial in 0..<100 {
            let law = Self.randomLaw(&generator)
            let cost: CostModel = trial % 2 == 0 ? .denseFLOPs : .sparseFLOPs(PruningSchedule())
            let optimizer = SparsityOptimizer(law: law, cost: cost)!
            let n = exp(log(1e6) + log(1e5) * generator.nextUniform())
            var previous = -1.0
            for c in logSpaced(from: optimizer.denseOptimalCompute(params: n) / 100, to: optimizer.denseOptimalCompute(params: n) * 1e8, count: 60) {
                let sparsity = optimizer.optimum(params: n, compute: c).sparsity
                #expect(sparsity >= previous - 1e-9, "trial \(trial)")
                previous = sparsity
            }
        }
    }

    @Test("runs written as CSV read back exactly")
    func csvRoundTrip() throws {
        var generator = SeededGenerator(seed: 5)
        for trial in 0..<50 {
            let runs = (0..<(1 + Int(generator.next() % 40))).map { index in
                TrainingRun(nonZeroParams: exp(40 * generator.nextUniform()), sparsity: generator.nextUniform() * 0.999,
                            tokens: exp(50 * generator.nextUniform()), loss: exp(3 * generator.nextUniform() - 1),
                            run: "run \(trial), \"\(index)\"\nsecond line")
            }
            let read = try RunLogReader.read(data: Data(runsCSV(runs).utf8), name: "round.csv").runs
            #expect(read.count == runs.count)
            for (a, b) in zip(read, runs) {
                #expect(a.nonZeroParams == b.nonZeroParams && a.sparsity == b.sparsity && a.tokens == b.tokens && a.loss == b.loss)
                #expect(a.run == b.run)
            }
        }
    }

    @Test("numbers printed by Swift parse back to themselves")
    func numberRoundTrip() throws {
        var generator = SeededGenerator(seed: 8)
        for _ in 0..<2000 {
            let value = Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF)  // finite, non-negative
            #expect(try NumberParser.parse(exactText(value), allowPercent: false).get() == value)
        }
    }
}
