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

@Suite("Planning: frontiers, cost against model size, the answers of optimal on measured curves")
struct FrontierTests {
    typealias R = PlanningReference
    static let schedule = PruningSchedule()

    @Test("where sparsity starts to pay: just below the budget found, brute force finds no sparse run beating dense; just above, one does")
    func budgetThreshold() throws {
        // Sparse kernels slower than dense below 55%, a bitmask format: sparsity pays only once the
        // memory binds hard enough.
        let profile = HardwareProfile(name: "slow-start", training: .measured(R.points([[0, 1], [0.5, 0.95], [0.7, 1.1], [0.8, 1.35], [0.9, 1.9], [0.95, 2.5]])),
                                      bytesPerValue: 2, bytesPerNonzero: 2, bytesPerParameter: 0.125)
        let planner = try #require(Planner(law: .sparse(R.t5), profile: profile, memoryLimit: 4e9))
        let frontier = planner.frontier(budgets: logSpaced(from: 1e19, to: 1e25, count: 13))
        #expect(frontier.plans.count == 13 && !frontier.sparsityPays.atStart && frontier.sparsityPays.switches.count == 1)
        let threshold = try #require(frontier.sparsityPays.switches.first)
        #expect(frontier.plans.allSatisfy { ($0.compute > threshold) == $0.sparsityPays })
        let means = R.MeanCache(profile.training, Self.schedule)
        let sizes = R.sizes(1e6, 1e12, perDecade: 20)
        let sparse = PlannerTests.sparsities(.sparse(R.t5), profile, cap: 0.95, count: 60).filter { $0 > 0 }
        func best(_ compute: Double, _ grid: [Double]) -> Double {
            R.bruteMinimum(sparsities: grid, sizes: sizes, largest: { 4e9 / R.memory(profile, 1, $0) }) { n, s in
                R.loss(R.t5, n, s, compute * (1 - s) / (6 * n * means.mean(s)!))
            }.value
        }
        for (factor, pays) in [(0.99, false), (1.01, true)] {
            let compute = threshold * factor
            let dense = best(compute, [0]), sparseBest = best(compute, sparse)
            #expect((sparseBest < dense) == pays, "at \(factor) x the threshold: sparse \(sparseBest), dense \(dense)")
            #expect(planner.plan(compute: compute).sparsityPays == pays)
        }
        #expect(frontier.sparsityPays.spans(over: 1e19...1e25) == [threshold...1e25])
    }

    @Test("target frontier: the switches bracket where sparse runs are cheaper, each plan at its target")
    func targetFrontier() throws {
        let planner = try #require(Planner(law: .sparse(R.t5), profile: R.kinked, memoryLimit: 2e7))
        let targets = logSpaced(from: 0.9, to: 3.5, count: 17).map { $0 + R.t5.c }
        let frontier = planner.frontier(targets: targets, inferenceTokens: 0)
        #expect(frontier.plans.map(\.targetLoss) == targets.sorted())
        for plan in frontier.plans { if let best = plan.best.plan { #expect(abs(best.loss / plan.targetLoss - 1) < 1e-12) } }
        let spans = frontier.sparsityPays.spans(over: targets.first!...targets.last!)
        #expect(!spans.isEmpty)
        for plan in frontier.plans {
            #expect(spans.contains { $0.contains(plan.targetLoss) } == plan.sparsityPays || frontier.sparsityPays.switches.contains { abs($0 - plan.targetLoss) < 1e-6 })
        }
        for switchPoint in frontier.sparsityPays.switches {
            let below = planner.plan(targetLoss: switchPoint * (1 - 1e-4)).sparsityPays
            let above = planner.plan(targetLoss: switchPoint * (1 + 1e-4)).sparsityPays
            #expect(below != above, "no change at \(switchPoint)")
        }
    }

    @Test("cost against model size: at each N the cheapest sparsity beats a brute-force scan over S; the smallest sizes by hand")
    func costBySize() throws {
        let planner = try #require(Planner(law: .sparse(R.t5), profile: R.step))
        let target = 2.2, tokens = 1e12
        let critical = try #require(planner.criticalSizes(targetLoss: target, inferenceTokens: tokens))
        let w = target - R.t5.c
        #expect(abs(critical.dense / pow((R.t5.aS + R.t5.cS) / w, 1 / R.t5.bN) - 1) < 1e-12)
        #expect(critical.sparsity == 0.8 && abs(critical.sparse / pow(R.t5.sparsityFactor(0.8) / w, 1 / R.t5.bN) - 1) < 1e-12)
        let means = R.MeanCache(R.step.training, Self.schedule)
        let grid = PlannerTests.sparsities(.sparse(R.t5), R.step, cap: 0.8, count: 400)
        let sizes = logSpaced(from: critical.sparse * 1.01, to: critical.dense * 100, count: 12)
        let curve = planner.costBySize(targetLoss: target, inferenceTokens: tokens, params: sizes)
        for point in curve {
            var brute = Double.infinity
            for s in grid {
                let q = w - R.t5.sparsityFactor(s) * pow(point.params, -R.t5.bN)
                guard q > 0 else { continue }
                let total = point.params / (1 - s)
                brute = min(brute, 6 * total * R.t5.aD / pow(q, 1 / R.t5.bD) * means.mean(s)! + 2 * total * tokens / R.speedup(R.step.inference, s)!)
            }
            let best = try #require(point.best)
            #expect(abs(best.loss / target - 1) < 1e-12 && best.params == point.params)
            #expect(best.cost <= brute * (1 + 1e-7) && brute <= best.cost * (1 + 1e-3), "N \(point.params): \(best.cost) vs \(brute)")
            #expect((point.dense != nil) == (point.params > critical.dense))
        }
        #expect(planner.criticalSizes(targetLoss: 0.5) == nil)
    }

    @Test("optimal on a measured curve: an optimum at the curve's end is said to be one, and the intervals are the replicates' own optima")
    func hardwareQuery() throws {
        var file = LawFile(law: .sparse(R.t5), name: "t5")
        file.bootstrap = .init(requested: 3, failed: 0, seed: 1, replicates: [R.t5.coefficients, R.t5.coefficients.map { $0 * 1.01 }, R.t5.coefficients.map { $0 * 0.99 }])
        let query = try SparsityQuery(file: file, path: "t5.json", profile: R.kinked, schedule: Self.schedule, maxSparsity: nil)
        let answer = try query.answer(params: 1e7, compute: 1e26)
        #expect(answer.optimum.sparsity == 0.9 && answer.warnings.first == .atCurveEnd(0.9))
        let optima = query.replicates.map { query.optimizer.replacingLaw($0).optimum(params: 1e7, compute: 1e26) }
        let expected = try #require(percentileInterval(optima.map(\.sparsity)))
        #expect(answer.intervals?.sparsity == expected)
        #expect(throws: QueryError.denseLaw(name: "chinchilla")) {
            try SparsityQuery(file: LawFile(law: .dense(R.chinchilla), name: "chinchilla"), path: "c.json", profile: R.kinked,
                              schedule: Self.schedule, maxSparsity: nil)
        }
    }
}
