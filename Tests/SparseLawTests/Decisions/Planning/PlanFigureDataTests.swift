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

@Suite("Planning figures: where the memory limit starts to bind, bootstrap bands, options as curves")
struct PlanFigureDataTests {
    typealias R = PlanningReference

    @Test("a dense law binds where its compute-optimal N* = G (C/6)^(beta/(alpha+beta)) fills the memory, by hand")
    func memoryBindsByHand() throws {
        let law = R.chinchilla
        let planner = try #require(Planner(law: .dense(law), profile: .ideal, memoryLimit: 8e9))
        let frontier = planner.frontier(budgets: logSpaced(from: 1e20, to: 1e26, count: 25))
        let g = pow(law.alpha * law.A / (law.beta * law.B), 1 / (law.alpha + law.beta))
        // N* = 4e9 (8 GB at 2 bytes a weight): C = 6 (N* / G)^((alpha + beta) / beta).
        let binding = 6 * pow(4e9 / g, (law.alpha + law.beta) / law.beta)
        #expect(frontier.memoryBinds.atStart == false && frontier.memoryBinds.switches.count == 1)
        #expect(abs(try #require(frontier.memoryBinds.switches.first) / binding - 1) < 1e-5, "\(frontier.memoryBinds) vs \(binding)")
        // Serving shrinks the model: the lifetime plan binds later.
        let lifetime = planner.frontier(budgets: logSpaced(from: 1e20, to: 1e26, count: 25), inferenceTokens: 1e13, scope: .lifetime)
        #expect(try #require(lifetime.memoryBinds.switches.first) > binding)
    }

    @Test("the band at each budget and target: percentiles of each replicate's own plan there, asked one by one")
    func band() throws {
        var generator = SeededGenerator(seed: 3)
        let law = R.t5
        let replicates: [(law: ScalingLaw, patterns: [String: Double])] = (0..<24).map { _ in
            func jitter(_ x: Double, _ spread: Double) -> Double { x * exp(spread * generator.nextNormal()) }
            return (.sparse(SparseScalingLaw(aS: jitter(law.aS, 0.1), bS: jitter(law.bS, 0.05), cS: jitter(law.cS, 0.05), bN: jitter(law.bN, 0.02),
                                             aD: jitter(law.aD, 0.1), bD: jitter(law.bD, 0.02), c: jitter(law.c, 0.02))), [:])
        }
        let planner = try #require(Planner(law: .sparse(law), profile: R.kinked, memoryLimit: 4e9))
        let budgets = [1e20, 1e22, 1e24]
        let band = planner.frontierBand(replicates: replicates, budgets: budgets, inferenceTokens: 1e12, scope: .lifetime, threads: 2)
        #expect(band == planner.frontierBand(replicates: replicates, budgets: budgets, inferenceTokens: 1e12, scope: .lifetime, threads: 1))
        for (index, compute) in budgets.enumerated() {
            let plans = replicates.map { Planner(law: $0.law, profile: R.kinked, memoryLimit: 4e9)!.plan(compute: compute, inferenceTokens: 1e12) }
            #expect(band.intervals[index] == percentileInterval(plans.map { $0.best.plan!.loss }))
            // The share of replicates whose best plan is sparse and beats their own dense plan.
            let wins = plans.filter { $0.best.plan!.sparsity > 0 && $0.gain! > 0 }.count
            #expect(band.winShares[index] == Double(wins) / Double(replicates.count))
        }
        let targets = [2.2, 2.6]
        let costs = planner.frontierBand(replicates: replicates, targets: targets, inferenceTokens: 1e12)
        for (index, target) in targets.enumerated() {
            let values = replicates.compactMap { Planner(law: $0.law, profile: R.kinked, memoryLimit: 4e9)!.plan(targetLoss: target, inferenceTokens: 1e12).best.plan?.cost }
            #expect(costs.intervals[index] == (values.count * 2 >= replicates.count ? percentileInterval(values) : nil))
        }
        // Through a request for a figure: at most `bandReplicates` of them, one band point per frontier point.
        let result = planner.answer(try PlanRequest(compute: 1e22, targetLoss: nil, inferenceTokens: 1e12, frontierPoints: 3, figure: true), replicates: replicates)
        #expect(result.budgetFrontier?.band.count == 3 && result.budgetFrontier?.bandReplicates == 24)
        // The figure shades where the verdict over those replicates is sparse.
        #expect(result.budgetFrontier?.sparseVerdict != nil)
        #expect(planner.answer(try PlanRequest(compute: 1e22, targetLoss: nil, frontier: true, frontierPoints: 3), replicates: replicates).budgetFrontier?.band == [])
    }

    @Test("the figure draws each pattern as its own curve, the band and the memory mark, and says so in its legend")
    func figure() throws {
        var profile = R.kinked
        profile.patterns = [PatternProfile(pattern: "2:4", sparsity: 0.5, training: 1.6, inference: 1.8, bytesPerNonzero: 2.25)]
        let planner = try #require(Planner(law: .sparse(R.t5), profile: profile, memoryLimit: 4e9, assumedPatterns: ["2:4": 0.6]))
        let replicates = [R.t5, SparseScalingLaw(aS: 18, bS: 0.7, cS: 44, bN: 0.246, aD: 7e8, bD: 0.2, c: 0.65)].map { (ScalingLaw.sparse($0), [String: Double]()) }
        let result = planner.answer(try PlanRequest(compute: 1e22, targetLoss: nil, inferenceTokens: 1e12, frontierPoints: 9, figure: true), replicates: replicates)
        let figure = try #require(result.figure(lawName: "t5-c4", hardware: "kinked"))
        let svg = figure.svg
        #expect(svg.contains("2:4 (assumed)") && svg.contains("unstructured"))
        #expect(svg.contains("95% of 2 bootstrap replicates"))
        let binds = try #require(result.budgetFrontier?.memoryBinds)
        #expect(!binds.switches.isEmpty && svg.contains("memory limit binds from"), "\(binds)")
        #expect(svg.contains("Z\" fill=\"\(figure.bandFill)\""))
    }
}
