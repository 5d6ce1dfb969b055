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

@Suite("Planning: plans for a budget and for a target loss, against brute force")
struct PlannerTests {
    typealias R = PlanningReference
    static let schedule = PruningSchedule()

    /// A brute-force grid of sparsities: even, even in log(1 - S), the measured points, and the
    /// patterns' sparsities are handled apart.
    static func sparsities(_ law: ScalingLaw, _ profile: HardwareProfile, cap: Double, count: Int) -> [Double] {
        guard law.form == .sparse else { return [0] }
        let geometric = (0...count).map { 1 - pow(1 - cap, Double($0) / Double(count)) }
        let measured = (profile.training.points ?? []).map(\.sparsity) + (profile.inference.points ?? []).map(\.sparsity)
        return Set(R.sparsities(cap: cap, count: count) + geometric + measured.filter { $0 <= cap }).sorted()
    }

    static var laws: [(String, ScalingLaw)] {
        var generator = SeededGenerator(seed: 21)
        return [("t5-c4", .sparse(R.t5)), ("vit-jft", .sparse(R.vit)), ("chinchilla", .dense(R.chinchilla)),
                ("random-1", .sparse(R.randomLaw(&generator))), ("random-2", .sparse(R.randomLaw(&generator)))]
    }

    /// The reference loss of a run at (N, S) that spends C: D = C / (6 N_total E_t[1/u]).
    static func budgetLoss(_ law: SparseScalingLaw, _ profile: HardwareProfile, n: Double, s: Double, compute: Double) -> Double {
        let mean = R.meanInverseSpeedup(profile.training, s, schedule, intervals: 600)!
        return R.loss(law, n, s, compute * (1 - s) / (6 * n * mean))
    }

    /// Checks that a plan's numbers follow from its own N, S and D, and that it keeps the limits.
    static func checkConsistent(_ plan: Plan, law: SparseScalingLaw, profile: HardwareProfile, memory: Double?, inferenceTokens: Double,
                                compute: Double? = nil, target: Double? = nil, label: String) {
        #expect(plan.isFinite, "\(label)")
        #expect(abs(R.loss(law, plan.params, plan.sparsity, plan.tokens) / plan.loss - 1) < 1e-12, "\(label)")
        #expect(abs(plan.totalParams * (1 - plan.sparsity) / plan.params - 1) < 1e-14)
        #expect(abs(plan.memory / R.memory(profile, plan.params, plan.sparsity) - 1) < 1e-12, "\(label)")
        if let memory { #expect(plan.memory <= memory * (1 + 1e-12), "\(label): \(plan.memory) > \(memory)") }
        let mean = R.meanInverseSpeedup(profile.training, plan.sparsity, schedule, intervals: 4000)!
        #expect(abs(plan.trainingCost / (6 * plan.totalParams * plan.tokens * mean) - 1) < 1e-9, "\(label)")
        if inferenceTokens > 0 {
            let v = R.speedup(profile.inference, plan.sparsity)!
            #expect(abs(plan.inferenceCost / (2 * plan.totalParams * inferenceTokens / v) - 1) < 1e-12, "\(label)")
        } else {
            #expect(plan.inferenceCost == 0)
        }
        #expect(plan.cost == plan.trainingCost + plan.inferenceCost)
        if let compute { #expect(abs(plan.trainingCost / compute - 1) < 1e-9, "\(label): spends \(plan.trainingCost) of \(compute)") }
        if let target { #expect(abs(plan.loss / target - 1) < 1e-12, "\(label): loss \(plan.loss) for target \(target)") }
    }

    @Test("budget plans: no (N, S) on a fine grid beats them, with and without a memory limit, for every profile")
    func budgetAgainstBruteForce() throws {
        let sizes = R.sizes(1e4, 1e13, perDecade: 20)
        var bindingCases = 0, sparseWins = 0
        for profile in R.profiles {
            let means = R.MeanCache(profile.training, Self.schedule)
            for (name, law) in Self.laws {
                let densePlanner = try #require(Planner(law: law, profile: .dense))
                let cap = min(0.99, profile.training.lastSparsity ?? 0.99)
                let grid = Self.sparsities(law, profile, cap: cap, count: 60)
                for compute in [1e19, 1e22] {
                    // A limit at a third of the unconstrained dense run's memory binds.
                    let free = try #require(densePlanner.plan(compute: compute).dense.plan)
                    for memory in [nil, free.memory / 3] {
                        let planner = try #require(Planner(law: law, profile: profile, schedule: Self.schedule, memoryLimit: memory))
                        let result = planner.plan(compute: compute)
                        let plan = try #require(result.best.plan), dense = try #require(result.dense.plan)
                        let lawS = planner.sparseLaw
                        let label = "\(name) \(profile.name) C \(compute) M \(memory.map { "\($0)" } ?? "none")"
                        Self.checkConsistent(plan, law: lawS, profile: profile, memory: memory, inferenceTokens: 0, compute: compute, label: label)
                        Self.checkConsistent(dense, law: lawS, profile: profile, memory: memory, inferenceTokens: 0, compute: compute, label: label + " dense")
                        #expect(dense.sparsity == 0 && plan.loss <= dense.loss && result.gain == dense.loss - plan.loss)
                        let value = { (n: Double, s: Double) -> Double in
                            guard let mean = means.mean(s) else { return .infinity }
                            return R.loss(lawS, n, s, compute * (1 - s) / (6 * n * mean))
                        }
                        let largest = { (s: Double) in memory.map { $0 / R.memory(profile, 1, s) } }
                        let brute = R.bruteMinimum(sparsities: grid, sizes: sizes, largest: largest, value)
                        let bruteDense = R.bruteMinimum(sparsities: [0], sizes: sizes, largest: largest, value)
                        let reference = value(plan.params, plan.sparsity)
                        #expect(reference <= brute.value * (1 + 1e-10), "\(label): \(plan.sparsity) \(plan.params) loses to brute force \(brute)")
                        #expect(brute.value >= reference * (1 - 1e-10) && brute.value - reference < 1e-7 * reference, "\(label): brute force \(brute) vs \(reference)")
                        #expect(value(dense.params, 0) <= bruteDense.value * (1 + 1e-12) && bruteDense.value - dense.loss < 1e-7 * dense.loss, "\(label) dense")
                        if plan.memoryBinds { bindingCases += 1 }
                        if result.sparsityPays { sparseWins += 1 }
                    }
                }
            }
        }
        #expect(bindingCases >= 20 && sparseWins >= 20, "binding \(bindingCases), sparse wins \(sparseWins)")
    }

    @Test("target-loss plans: the cheapest (N, S) on a fine grid costs no less, training alone and with inference, with and without memory")
    func targetAgainstBruteForce() throws {
        let sizes = R.sizes(1e4, 1e14, perDecade: 20)
        var sparseWins = 0, limited = 0, impossible = 0
        for profile in R.profiles {
            let means = R.MeanCache(profile.training, Self.schedule)
            for (name, law) in Self.laws {
                let densePlanner = try #require(Planner(law: law, profile: .dense))
                let cap = min(0.99, profile.training.lastSparsity ?? 0.99)
                for compute in [1e20] {
                    // A target a compute-optimal dense run reaches with this budget.
                    let reference = try #require(densePlanner.plan(compute: compute).dense.plan)
                    let target = reference.loss
                    for inferenceTokens in [0, 100 * reference.tokens] {
                        let servingCap = inferenceTokens > 0 ? min(cap, profile.inference.lastSparsity ?? 0.99) : cap
                        let grid = Self.sparsities(law, profile, cap: servingCap, count: 60)
                        for memory in [nil, reference.memory * 0.6, reference.memory * 0.2] {
                            let planner = try #require(Planner(law: law, profile: profile, schedule: Self.schedule, memoryLimit: memory))
                            let result = planner.plan(targetLoss: target, inferenceTokens: inferenceTokens)
                            let lawS = planner.sparseLaw
                            let label = "\(name) \(profile.name) X \(target) T \(inferenceTokens) M \(memory.map { "\($0)" } ?? "none")"
                            let value = { (n: Double, s: Double) -> Double in
                                guard let mean = means.mean(s) else { return .infinity }
                                let v = inferenceTokens > 0 ? R.speedup(profile.inference, s)! : 1
                                let q = target - lawS.c - (lawS.aS * pow(1 - s, lawS.bS) + lawS.cS) * pow(n, -lawS.bN)
                                guard q > 0 else { return .infinity }
                                let total = n / (1 - s)
                                return 6 * total * lawS.aD / pow(q, 1 / lawS.bD) * mean + 2 * total * inferenceTokens / v
                            }
                            let largest = { (s: Double) in memory.map { $0 / R.memory(profile, 1, s) } }
                            let brute = R.bruteMinimum(sparsities: grid, sizes: sizes, largest: largest, value)
                            guard let plan = result.best.plan else {
                                #expect(brute.value == .infinity, "\(label): impossible, but brute force reaches the target: \(brute)")
                                #expect(result.best.impossibility != nil)
                                impossible += 1
                                continue
                            }
                            Self.checkConsistent(plan, law: lawS, profile: profile, memory: memory, inferenceTokens: inferenceTokens, target: target, label: label)
                            let referenceCost = value(plan.params, plan.sparsity)
                            #expect(referenceCost <= brute.value * (1 + 1e-10), "\(label): \(plan.sparsity) \(plan.params) costs \(referenceCost), brute force \(brute)")
                            #expect(brute.value <= referenceCost * (1 + 1e-6), "\(label): brute force \(brute) vs \(referenceCost) at S \(plan.sparsity), N \(plan.params)")
                            if let dense = result.dense.plan {
                                Self.checkConsistent(dense, law: lawS, profile: profile, memory: memory, inferenceTokens: inferenceTokens, target: target, label: label + " dense")
                                #expect(plan.cost <= dense.cost && dense.sparsity == 0)
                            }
                            if result.sparsityPays { sparseWins += 1 }
                            if plan.memoryBinds { limited += 1 }
                        }
                    }
                }
            }
        }
        #expect(sparseWins >= 20 && limited >= 10 && impossible >= 1, "sparse wins \(sparseWins), memory-limited \(limited), impossible \(impossible)")
    }

    @Test("a dense law: the compute-optimal allocation of Hoffmann et al., N = G (C/6)^(beta/(alpha+beta))")
    func chinchillaAllocation() throws {
        let law = R.chinchilla
        let planner = try #require(Planner(law: .dense(law), profile: .ideal))
        for compute in [1e18, 5.76e23, 1e26] {
            let plan = try #require(planner.plan(compute: compute).best.plan)
            let g = pow(law.alpha * law.A / (law.beta * law.B), 1 / (law.alpha + law.beta))
            let expected = g * pow(compute / 6, law.beta / (law.alpha + law.beta))
            #expect(abs(plan.params / expected - 1) < 1e-12)
            #expect(plan.sparsity == 0 && abs(plan.tokens * plan.params * 6 / compute - 1) < 1e-12)
            #expect(planner.plan(compute: compute).dense == planner.plan(compute: compute).best)
        }
        // Chinchilla's 5.76e23 FLOPs: about 33B parameters by this fit (Hoffmann et al. Table A3 method 3 gives 40B
        // with their unrounded coefficients; Epoch's refit differs): a loose sanity check of scale.
        let plan = try #require(planner.plan(compute: 5.76e23).best.plan)
        #expect(plan.params > 2e10 && plan.params < 6e10)
    }

    @Test("impossible plans say why: a target at or below the irreducible loss, a memory too small for the target")
    func impossible() throws {
        let planner = try #require(Planner(law: .sparse(R.t5), profile: R.kinked, memoryLimit: 4e6))
        let floor = planner.plan(targetLoss: 0.6)
        #expect(floor.best == .impossible(.belowIrreducibleLoss(target: 0.6, irreducible: 0.651)))
        #expect(floor.dense == floor.best && floor.saving == nil)
        // 4e6 bytes hold 2e6 dense parameters: loss at least 0.651 + 61.8 x (2e6)^-0.245 = 2.42 with
        // unlimited data; sparse storage reaches about 2.07 at 90%.
        let result = planner.plan(targetLoss: 2.0)
        guard case .impossible(.beyondMemory(let target, let limit, let reachable)) = result.dense else {
            Issue.record("dense: \(result.dense)"); return
        }
        #expect(target == 2.0 && limit == 4e6)
        #expect(abs(reachable - (0.651 + 61.8 * pow(2e6, -0.245))) < 1e-12)
        guard case .impossible(.beyondMemory(_, _, let sparseReachable)) = result.best else { Issue.record("best: \(result.best)"); return }
        var lowest = Double.infinity
        for k in 0...9000 {
            let s = 0.9 * Double(k) / 9000
            lowest = min(lowest, 0.651 + (16.8 * pow(1 - s, 0.722) + 45) * pow(4e6 / R.memory(R.kinked, 1, s), -0.245))
        }
        #expect(sparseReachable <= lowest + 1e-12 && lowest - sparseReachable < 1e-8 && sparseReachable > 2.0 && sparseReachable < 2.2)
        // Just above what the memory allows sparsely, a sparse plan exists and dense does not.
        let edge = planner.plan(targetLoss: sparseReachable + 0.01)
        #expect(edge.best.plan != nil && edge.dense.impossibility != nil && edge.sparsityPays)
    }

    @Test("structured patterns with a law constant are candidates; without one they are left out")
    func patterns() throws {
        // A 2:4 pattern whose constant is as good as 80% unstructured sparsity, trained at 1.6x.
        let law = R.t5
        let q = law.sparsityFactor(0.8)
        var profile = R.kinked
        profile.patterns = [PatternProfile(pattern: "2:4", sparsity: 0.5, training: 1.6, inference: 1.8, bytesPerNonzero: 2.25),
                            PatternProfile(pattern: "4:8", sparsity: 0.5, training: 1.6)]
        let planner = try #require(Planner(law: .sparse(law), profile: profile, patternConstants: ["2:4": q]))
        #expect(planner.patternsWithoutConstants == ["4:8"])
        let compute = 1e21
        let plan = try #require(planner.plan(compute: compute).best.plan)
        // By hand: the pattern's run at its best N, D.
        let e = 0.75 + 0.25 / 1.6, m = e / 0.5
        let n = pow(law.bN * q / (law.bD * pow(6 * law.aD * m / compute, law.bD)), 1 / (law.bN + law.bD))
        let patternLoss = q * pow(n, -law.bN) + pow(law.aD * 6 * n * m / compute, law.bD) + law.c
        let withoutPatterns = try #require(Planner(law: .sparse(law), profile: profile)).plan(compute: compute).best.plan!
        #expect(patternLoss < withoutPatterns.loss)
        #expect(plan.pattern == "2:4" && plan.sparsity == 0.5)
        #expect(abs(plan.loss / patternLoss - 1) < 1e-12 && abs(plan.params / n - 1) < 1e-12)
        #expect(abs(plan.memory / (n * 2.25) - 1) < 1e-12 && plan.storage == .sparse)
        // Replicates carry no pattern constants: their planner leaves patterns out.
        #expect(planner.replacingLaw(.sparse(law)).plan(compute: compute).best.plan == withoutPatterns)
    }

    @Test("intervals: percentiles of the replicates' own plans, asked one by one; the same whatever the threads")
    func intervals() throws {
        var generator = SeededGenerator(seed: 99)
        let law = R.t5
        let replicates: [ScalingLaw] = (0..<40).map { _ in
            func jitter(_ x: Double, _ spread: Double) -> Double { x * exp(spread * generator.nextNormal()) }
            return .sparse(SparseScalingLaw(aS: jitter(law.aS, 0.1), bS: jitter(law.bS, 0.05), cS: jitter(law.cS, 0.05), bN: jitter(law.bN, 0.02),
                                            aD: jitter(law.aD, 0.1), bD: jitter(law.bD, 0.02), c: jitter(law.c, 0.02)))
        }
        let planner = try #require(Planner(law: .sparse(law), profile: R.kinked, memoryLimit: 4e9))
        let intervals = try #require(planner.intervals(replicates: replicates, compute: 1e22, threads: 3))
        #expect(planner.intervals(replicates: replicates, compute: 1e22, threads: 1) == intervals)
        let plans = replicates.map { Planner(law: $0, profile: R.kinked, memoryLimit: 4e9)!.plan(compute: 1e22) }
        #expect(intervals.replicates == 40 && intervals.planned == 40)
        #expect(intervals.params == percentileInterval(plans.map { $0.best.plan!.params }))
        #expect(intervals.sparsity == percentileInterval(plans.map { $0.best.plan!.sparsity }))
        #expect(intervals.loss == percentileInterval(plans.map { $0.best.plan!.loss }))
        #expect(intervals.sparseBeatsDense == Double(plans.filter(\.sparsityPays).count) / 40)
        let targets = try #require(planner.intervals(replicates: replicates, targetLoss: 2.5, inferenceTokens: 1e12))
        let targetPlans = replicates.map { Planner(law: $0, profile: R.kinked, memoryLimit: 4e9)!.plan(targetLoss: 2.5, inferenceTokens: 1e12) }
        #expect(targets.planned == targetPlans.filter { $0.best.plan != nil }.count)
        #expect(targets.cost == percentileInterval(targetPlans.compactMap { $0.best.plan?.cost }))
    }
}
