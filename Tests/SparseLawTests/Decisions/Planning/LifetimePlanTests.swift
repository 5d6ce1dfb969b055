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

@Suite("Planning: the lifetime question, training plus serving within one budget, against brute force")
struct LifetimePlanTests {
    typealias R = PlanningReference
    static let schedule = PruningSchedule()

    /// The reference loss of a run of N non-zeros at S when training plus serving T tokens spends
    /// C: D = (C - 2 N_total T / v(S)) / (6 N_total E_t[1/u]); infinity where serving alone
    /// spends the budget.
    static func lifetimeLoss(_ law: SparseScalingLaw, _ profile: HardwareProfile, mean: Double, n: Double, s: Double,
                             compute: Double, tokens: Double) -> Double {
        let total = n / (1 - s)
        guard let v = R.speedup(profile.inference, s) else { return .infinity }
        let spare = compute - 2 * total * tokens / v
        guard spare > 0 else { return .infinity }
        return R.loss(law, n, s, spare / (6 * total * mean))
    }

    @Test("no (N, S) on a fine grid beats the lifetime plan; it spends C on training and serving and reproduces its own loss")
    func againstBruteForce() throws {
        let sizes = R.sizes(1e4, 1e13, perDecade: 20)
        var binding = 0, sparseWins = 0, servingHeavy = 0
        for profile in R.profiles {
            let means = R.MeanCache(profile.training, Self.schedule)
            for (name, law) in PlannerTests.laws {
                let densePlanner = try #require(Planner(law: law, profile: .dense))
                let cap = min(0.99, profile.training.lastSparsity ?? 0.99, profile.inference.lastSparsity ?? 0.99)
                let grid = PlannerTests.sparsities(law, profile, cap: cap, count: 60)
                for compute in [1e19, 1e22] {
                    let free = try #require(densePlanner.plan(compute: compute).dense.plan)
                    // Serving from a tenth of the training data to a hundred times it.
                    for ratio in [0.1, 3, 100.0] {
                        let tokens = ratio * free.tokens
                        for memory in [nil, free.memory / 4] {
                            let planner = try #require(Planner(law: law, profile: profile, schedule: Self.schedule, memoryLimit: memory))
                            let result = planner.plan(compute: compute, inferenceTokens: tokens)
                            let lawS = planner.sparseLaw
                            let label = "\(name) \(profile.name) C \(compute) T \(tokens) M \(memory.map { "\($0)" } ?? "none")"
                            let plan = try #require(result.best.plan, "\(label)"), dense = try #require(result.dense.plan, "\(label)")
                            #expect(result.countsServing && result.inferenceTokens == tokens && result.scope == .lifetime)
                            for run in [plan, dense] {
                                PlannerTests.checkConsistent(run, law: lawS, profile: profile, memory: memory, inferenceTokens: tokens, label: label)
                                #expect(run.cost <= compute, "\(label): spends \(run.cost) of \(compute)")
                                #expect(run.cost >= compute * (1 - 1e-12), "\(label): leaves budget unspent, \(run.cost) of \(compute)")
                            }
                            #expect(dense.sparsity == 0 && plan.loss <= dense.loss && result.gain == dense.loss - plan.loss)
                            let value = { (n: Double, s: Double) -> Double in
                                guard let mean = means.mean(s) else { return .infinity }
                                return Self.lifetimeLoss(lawS, profile, mean: mean, n: n, s: s, compute: compute, tokens: tokens)
                            }
                            let largest = { (s: Double) in memory.map { $0 / R.memory(profile, 1, s) } }
                            let brute = R.bruteMinimum(sparsities: grid, sizes: sizes, largest: largest, value)
                            let bruteDense = R.bruteMinimum(sparsities: [0], sizes: sizes, largest: largest, value)
                            let reference = value(plan.params, plan.sparsity)
                            // Its loss from its own N and S, spending C, with the schedule's mean integrated finely.
                            let fine = try #require(R.meanInverseSpeedup(profile.training, plan.sparsity, Self.schedule, intervals: 4000))
                            let own = Self.lifetimeLoss(lawS, profile, mean: fine, n: plan.params, s: plan.sparsity, compute: compute, tokens: tokens)
                            #expect(abs(own / plan.loss - 1) < 1e-9, "\(label): reference loss \(own) vs \(plan.loss)")
                            #expect(reference <= brute.value * (1 + 1e-10), "\(label): S \(plan.sparsity) N \(plan.params) loses to brute force \(brute)")
                            #expect(brute.value - reference < 1e-7 * reference, "\(label): brute force \(brute) vs \(reference)")
                            let denseReference = value(dense.params, 0)
                            #expect(denseReference <= bruteDense.value * (1 + 1e-10) && bruteDense.value - denseReference < 1e-7 * denseReference,
                                    "\(label) dense: \(denseReference) vs brute force \(bruteDense)")
                            if plan.memoryBinds { binding += 1 }
                            if result.sparsityPays { sparseWins += 1 }
                            if plan.inferenceCost > plan.trainingCost { servingHeavy += 1 }
                        }
                    }
                }
            }
        }
        #expect(binding >= 20 && sparseWins >= 20 && servingHeavy >= 20, "binding \(binding), sparse wins \(sparseWins), serving-heavy \(servingHeavy)")
    }

    @Test("T -> 0: the lifetime plan is the training-budget plan; T = 0 is that plan exactly")
    func vanishingServing() throws {
        for profile in [HardwareProfile.ideal, R.kinked, R.step] {
            for (name, law) in PlannerTests.laws {
                for memory in [nil, 2e8] {
                    let planner = try #require(Planner(law: law, profile: profile, schedule: Self.schedule, memoryLimit: memory))
                    let training = planner.plan(compute: 1e21)
                    #expect(planner.plan(compute: 1e21, inferenceTokens: 0) == training)
                    let budget = try #require(training.best.plan), dense = try #require(training.dense.plan)
                    var previous = -Double.infinity
                    for tokens in [1e-3, 1e3, 1e6] {
                        let result = planner.plan(compute: 1e21, inferenceTokens: tokens)
                        let plan = try #require(result.best.plan), lifetimeDense = try #require(result.dense.plan)
                        let label = "\(name) \(profile.name) T \(tokens) M \(memory.map { "\($0)" } ?? "none")"
                        // Serving 2 N_total T of 1e21 FLOPs: the loss rises by at most about that share.
                        let share = 2 * plan.totalParams * tokens * 10 / 1e21
                        #expect(abs(plan.loss / budget.loss - 1) <= max(1e-12, share), "\(label): \(plan.loss) vs \(budget.loss)")
                        #expect(abs(lifetimeDense.loss / dense.loss - 1) <= max(1e-12, share), "\(label) dense")
                        #expect(plan.loss >= budget.loss * (1 - 1e-14), "\(label): serving lowers the loss")
                        #expect(plan.loss >= previous, "\(label): more serving lowers the loss")
                        previous = plan.loss
                        if tokens == 1e-3 {
                            #expect(abs(plan.sparsity - budget.sparsity) < 1e-6 && plan.pattern == budget.pattern, "\(label)")
                            #expect(abs(plan.params / budget.params - 1) < 1e-6, "\(label): \(plan.params) vs \(budget.params)")
                        }
                    }
                }
            }
        }
    }

    @Test("--training-compute: the training plan, with serving costed beside it at its own sparsity")
    func trainingBudgetWithServing() throws {
        let planner = try #require(Planner(law: .sparse(R.t5), profile: R.kinked, schedule: Self.schedule, memoryLimit: 4e9))
        let training = planner.plan(compute: 1e22)
        let reported = planner.plan(compute: 1e22, inferenceTokens: 5e12, scope: .training)
        #expect(!reported.countsServing && reported.scope == .training)
        for (plain, served) in [(training.best.plan, reported.best.plan), (training.dense.plan, reported.dense.plan)] {
            let plain = try #require(plain), served = try #require(served)
            // The kinked profile's curves end together: the same search, the same run.
            #expect(served.params == plain.params && served.sparsity == plain.sparsity && served.tokens == plain.tokens && served.loss == plain.loss)
            #expect(abs(served.trainingCost / 1e22 - 1) < 1e-12)
            let v = try #require(R.speedup(R.kinked.inference, served.sparsity))
            #expect(abs(served.inferenceCost / (2 * served.totalParams * 5e12 / v) - 1) < 1e-12)
            #expect(served.cost == served.trainingCost + served.inferenceCost)
        }
        // The lifetime plan of the same budget trains a smaller model: serving takes its share.
        let lifetime = try #require(planner.plan(compute: 1e22, inferenceTokens: 5e12).best.plan)
        #expect(lifetime.params < reported.best.plan!.params && lifetime.loss > reported.best.plan!.loss)
    }

    @Test("a budget that serving alone spends on less than one weight: no plan, said as such, never a NaN")
    func servingSpendsEverything() throws {
        let planner = try #require(Planner(law: .sparse(R.t5), profile: R.kinked, schedule: Self.schedule))
        // Serving 1e23 tokens costs 2e23 FLOPs per dense weight: 1e22 FLOPs serve a twentieth of one.
        let result = planner.plan(compute: 1e22, inferenceTokens: 1e23)
        guard case .impossible(.belowOneParameter(let params, nil)) = result.dense else { Issue.record("dense: \(result.dense)"); return }
        #expect(params > 0 && params < 0.05)
        guard case .impossible(.belowOneParameter) = result.best else { Issue.record("best: \(result.best)"); return }
        // Serving 1e20 tokens leaves room for a model of at most 50 v(S) weights, which is planned.
        let tiny = try #require(planner.plan(compute: 1e22, inferenceTokens: 1e20).best.plan)
        let v = try #require(R.speedup(R.kinked.inference, tiny.sparsity))
        #expect(tiny.isFinite && tiny.cost <= 1e22 && tiny.params >= 1 && tiny.totalParams < 1e22 * v / 2e20)
    }

    @Test("intervals of the lifetime question: percentiles of each replicate's own lifetime plan")
    func intervals() throws {
        var generator = SeededGenerator(seed: 7)
        let law = R.t5
        let replicates: [ScalingLaw] = (0..<30).map { _ in
            func jitter(_ x: Double, _ spread: Double) -> Double { x * exp(spread * generator.nextNormal()) }
            return .sparse(SparseScalingLaw(aS: jitter(law.aS, 0.1), bS: jitter(law.bS, 0.05), cS: jitter(law.cS, 0.05), bN: jitter(law.bN, 0.02),
                                            aD: jitter(law.aD, 0.1), bD: jitter(law.bD, 0.02), c: jitter(law.c, 0.02)))
        }
        let planner = try #require(Planner(law: .sparse(law), profile: R.kinked, memoryLimit: 4e9))
        let intervals = try #require(planner.intervals(replicates: replicates, compute: 1e22, inferenceTokens: 5e12, threads: 2))
        let plans = replicates.map { Planner(law: $0, profile: R.kinked, memoryLimit: 4e9)!.plan(compute: 1e22, inferenceTokens: 5e12) }
        #expect(intervals.planned == 30)
        #expect(intervals.loss == percentileInterval(plans.map { $0.best.plan!.loss }))
        #expect(intervals.params == percentileInterval(plans.map { $0.best.plan!.params }))
        #expect(intervals.sparseBeatsDense == Double(plans.filter(\.sparsityPays).count) / 30)
        let training = try #require(planner.intervals(replicates: replicates, compute: 1e22))
        #expect(training.params != intervals.params)
        // Through a request, as the command asks.
        let answered = planner.answer(try PlanRequest(compute: 1e22, targetLoss: nil, inferenceTokens: 5e12), replicates: replicates.map { ($0, [:]) })
        #expect(answered.intervals == intervals)
    }
}
