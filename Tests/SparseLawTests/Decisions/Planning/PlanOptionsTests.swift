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

@Suite("Planning: every format side by side (dense, unstructured, each pattern), each against its own brute force")
struct PlanOptionsTests {
    typealias R = PlanningReference
    static let schedule = PruningSchedule()

    /// The kinked profile with two patterns: 2:4 with its own storage, 4:8 with the profile's.
    static var profile: HardwareProfile {
        var profile = R.kinked
        profile.patterns = [PatternProfile(pattern: "2:4", sparsity: 0.5, training: 1.6, inference: 1.8, bytesPerNonzero: 2.25),
                            PatternProfile(pattern: "4:8", sparsity: 0.5, training: 1.2, inference: 1.3)]
        return profile
    }

    /// Constants: 2:4 as good as 60% unstructured, 4:8 as 45%.
    static let constants = ["2:4": R.t5.sparsityFactor(0.6), "4:8": R.t5.sparsityFactor(0.45)]

    /// A pattern's run, by hand: at its fixed sparsity, dense speed until pruning ends, the
    /// pattern's speed after; D from what the budget leaves after serving.
    static func patternLoss(_ pattern: PatternProfile, constant q: Double, n: Double, compute: Double, tokens: Double) -> Double {
        let law = R.t5
        let total = n / (1 - pattern.sparsity)
        let mean = schedule.end + (1 - schedule.end) / pattern.training
        let spare = compute - 2 * total * tokens / pattern.inference
        guard spare > 0 else { return .infinity }
        return q * pow(n, -law.bN) + pow(law.aD * 6 * total * mean / spare, law.bD) + law.c
    }

    @Test("budget and lifetime options: dense, unstructured and each pattern are each the best of their format; the answer is the best of them")
    func budgetOptions() throws {
        let profile = Self.profile
        let sizes = R.sizes(1e4, 1e13, perDecade: 20)
        let means = R.MeanCache(profile.training, Self.schedule)
        let grid = PlannerTests.sparsities(.sparse(R.t5), profile, cap: 0.9, count: 60)
        var patternWins = 0, unstructuredWins = 0
        for compute in [1e19, 1e22, 1e24] {
            for tokens in [0, 1e12, 1e14] {
                for memory in [nil, 2e9] {
                    let planner = try #require(Planner(law: .sparse(R.t5), profile: profile, schedule: Self.schedule, memoryLimit: memory,
                                                       patternConstants: Self.constants))
                    let result = planner.plan(compute: compute, inferenceTokens: tokens)
                    let label = "C \(compute) T \(tokens) M \(memory.map { "\($0)" } ?? "none")"
                    #expect(result.options.map(\.format) == [.dense, .unstructured, .pattern("2:4"), .pattern("4:8")], "\(label)")
                    #expect(result.options[0].outcome == result.dense)
                    let plans = try result.options.map { try #require($0.outcome.plan, "\(label) \($0.format)") }
                    // The answer is the best option.
                    let lowest = plans.map(\.loss).min()!
                    #expect(result.best.plan?.loss == lowest, "\(label)")
                    let largest = { (s: Double) in memory.map { $0 / R.memory(profile, 1, s) } }
                    // Unstructured: a brute force over the unstructured grid alone.
                    let value = { (n: Double, s: Double) -> Double in
                        guard let mean = means.mean(s) else { return .infinity }
                        return tokens > 0 ? LifetimePlanTests.lifetimeLoss(R.t5, profile, mean: mean, n: n, s: s, compute: compute, tokens: tokens)
                                          : R.loss(R.t5, n, s, compute * (1 - s) / (6 * n * mean))
                    }
                    let brute = R.bruteMinimum(sparsities: grid, sizes: sizes, largest: largest, value)
                    let unstructured = plans[1]
                    #expect(unstructured.pattern == nil && value(unstructured.params, unstructured.sparsity) <= brute.value * (1 + 1e-10), "\(label): \(brute)")
                    #expect(brute.value - value(unstructured.params, unstructured.sparsity) < 1e-7 * brute.value, "\(label)")
                    // Each pattern: a brute force over N at its sparsity, its storage bounding N.
                    for (index, pattern) in profile.patterns.enumerated() {
                        let plan = plans[2 + index], q = Self.constants[pattern.pattern]!
                        let perNonzero = pattern.bytesPerNonzero ?? profile.bytesPerNonzero!
                        let bytes = min(perNonzero, 2 / 0.5)
                        let limit = memory.map { $0 / bytes }
                        let patternBrute = R.bruteMinimum(sparsities: [0.5], sizes: sizes, largest: { _ in limit }) { n, _ in
                            Self.patternLoss(pattern, constant: q, n: n, compute: compute, tokens: tokens)
                        }
                        let own = Self.patternLoss(pattern, constant: q, n: plan.params, compute: compute, tokens: tokens)
                        #expect(plan.pattern == pattern.pattern && plan.sparsity == 0.5, "\(label)")
                        #expect(abs(own / plan.loss - 1) < 1e-12 && own <= patternBrute.value * (1 + 1e-10), "\(label) \(pattern.pattern): \(own) vs \(patternBrute)")
                        #expect(abs(plan.memory / (plan.params * bytes) - 1) < 1e-12)
                        #expect(plan.cost <= compute * (1 + 1e-12) && (tokens == 0 || plan.cost >= compute * (1 - 1e-12)), "\(label)")
                    }
                    if result.best.plan?.pattern != nil { patternWins += 1 }
                    if result.best.plan?.pattern == nil, (result.best.plan?.sparsity ?? 0) > 0 { unstructuredWins += 1 }
                }
            }
        }
        #expect(patternWins >= 3 && unstructuredWins >= 3, "pattern wins \(patternWins), unstructured wins \(unstructuredWins)")
    }

    @Test("target options: the cheapest run of each format, and a format the memory cannot reach says what it reaches")
    func targetOptions() throws {
        let profile = Self.profile
        // Within 4e8 bytes: dense reaches c + A(0) (2e8)^-bN, 2:4 c + q (4e8 / 2.25)^-bN.
        let planner = try #require(Planner(law: .sparse(R.t5), profile: profile, schedule: Self.schedule, memoryLimit: 4e8,
                                           patternConstants: Self.constants))
        let law = R.t5
        let dense = law.c + law.sparsityFactor(0) * pow(2e8, -law.bN)
        let twoFour = law.c + Self.constants["2:4"]! * pow(4e8 / 2.25, -law.bN)
        let fourEight = law.c + Self.constants["4:8"]! * pow(4e8 / 2.25, -law.bN)
        #expect(dense > fourEight && fourEight > twoFour)
        // A target between 4:8's reach and 2:4's: dense and 4:8 cannot reach it, 2:4 and unstructured can.
        let target = (twoFour + fourEight) / 2
        let result = planner.plan(targetLoss: target, inferenceTokens: 1e12)
        #expect(result.options.map(\.format) == [.dense, .unstructured, .pattern("2:4"), .pattern("4:8")])
        guard case .impossible(.beyondMemory(_, 4e8, let denseReach)) = result.options[0].outcome,
              case .impossible(.beyondMemory(_, 4e8, let fourEightReach)) = result.options[3].outcome else {
            Issue.record("\(result.options)"); return
        }
        #expect(abs(denseReach / dense - 1) < 1e-12 && abs(fourEightReach / fourEight - 1) < 1e-12)
        let twoFourPlan = try #require(result.options[2].outcome.plan), unstructured = try #require(result.options[1].outcome.plan)
        #expect(abs(twoFourPlan.loss / target - 1) < 1e-12 && abs(unstructured.loss / target - 1) < 1e-12)
        #expect(result.best.plan?.cost == min(twoFourPlan.cost, unstructured.cost))
        // The 2:4 run's cost by brute force over N within the memory.
        let mean = Self.schedule.end + (1 - Self.schedule.end) / 1.6
        var cheapest = Double.infinity
        for k in 0...20000 {
            let n = 4e8 / 2.25 * pow(10, -3 * Double(k) / 20000)
            let q = target - law.c - Self.constants["2:4"]! * pow(n, -law.bN)
            guard q > 0 else { continue }
            cheapest = min(cheapest, 6 * n / 0.5 * law.aD / pow(q, 1 / law.bD) * mean + 2 * n / 0.5 * 1e12 / 1.8)
        }
        #expect(twoFourPlan.cost <= cheapest * (1 + 1e-12) && cheapest - twoFourPlan.cost < 1e-6 * cheapest, "\(twoFourPlan.cost) vs \(cheapest)")
    }

    @Test("a dense law has one option, dense; a pattern without a constant is not an option")
    func allowedFormats() throws {
        let dense = try #require(Planner(law: .dense(R.chinchilla), profile: Self.profile))
        #expect(dense.plan(compute: 1e21).options.map(\.format) == [.dense])
        let partial = try #require(Planner(law: .sparse(R.t5), profile: Self.profile, patternConstants: ["2:4": Self.constants["2:4"]!]))
        #expect(partial.plan(compute: 1e21).options.map(\.format) == [.dense, .unstructured, .pattern("2:4")])
        #expect(partial.plan(targetLoss: 2).options.map(\.format) == [.dense, .unstructured, .pattern("2:4")])
    }

    @Test("the report: JSON options with their format and the best marked; text columns headed by format")
    func report() throws {
        let planner = try #require(Planner(law: .sparse(R.t5), profile: Self.profile, patternConstants: Self.constants))
        let result = planner.answer(try PlanRequest(compute: 1e22, targetLoss: nil, inferenceTokens: 1e12))
        let report = PlanReport(lawName: "t5", lawTitle: "t5", profile: Self.profile, schedule: Self.schedule, result: result, warnings: [], dataUnit: .tokens)
        let json = try #require(JSONSerialization.jsonObject(with: Data(try report.jsonText().utf8)) as? [String: Any])
        let options = try #require(json["options"] as? [[String: Any]])
        #expect(options.map { $0["format"] as? String } == ["dense", "unstructured", "2:4", "4:8"])
        #expect(options.filter { $0["best"] as? Bool == true }.count == 1)
        let best = try #require(options.first { $0["best"] as? Bool == true })
        #expect(best["loss"] as? Double == json["loss"] as? Double && best["params"] as? Double == json["params"] as? Double)
        for option in options { #expect(["params", "sparsity", "tokens", "loss", "cost", "trainingCost", "inferenceCost", "memory", "storage"].allSatisfy { option[$0] != nil }) }
        let header = try #require(report.text.split(separator: "\n").first { $0.contains("unstructured") })
        let name = try #require(result.best?.pattern ?? "unstructured")
        #expect(header.contains("\(name) (best)") && header.contains("dense") && header.contains("4:8"), "\(header)")
    }
}
