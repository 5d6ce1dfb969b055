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

@Suite("Planning: speedups between measured points, warned about and read as steps on request")
struct InterpolatedSpeedupTests {
    typealias R = PlanningReference
    static let schedule = PruningSchedule()

    /// The planner's example: 1.3x at 50%, 1.6x at 75%, nothing measured below 50%.
    static let sparse = HardwareProfile(name: "sparse-points", training: .measured(R.points([[0, 1], [0.5, 1.3], [0.75, 1.6]])),
                                        bytesPerValue: 2, bytesPerNonzero: 2.25)

    @Test("the step reading is the measured point at or below s; the bracketing points are the two either side")
    func reading() throws {
        let curve = SpeedupCurve.measured(R.points([[0, 1], [0.5, 1.3], [0.75, 1.6]]))
        for (s, step, linear) in [(0.0, 1.0, 1.0), (0.25, 1.0, 1.15), (0.5, 1.3, 1.3), (0.6, 1.3, 1.3 + 0.3 * 0.1 / 0.25), (0.75, 1.6, 1.6)] {
            #expect(curve.speedup(at: s, interpolation: .step) == step)
            #expect(abs(try #require(curve.speedup(at: s, interpolation: .linear)) - linear) < 1e-15)
        }
        #expect(curve.speedup(at: 0.8, interpolation: .step) == nil)
        #expect(curve.bracketingPoints(0.25)?.lower == SpeedupPoint(sparsity: 0, speedup: 1) && curve.bracketingPoints(0.25)?.upper.sparsity == 0.5)
        #expect(curve.bracketingPoints(0.5) == nil && curve.bracketingPoints(0) == nil && curve.bracketingPoints(0.8) == nil)
        #expect(SpeedupCurve.ideal.bracketingPoints(0.3) == nil && SpeedupCurve.ideal.speedup(at: 0.5, interpolation: .step) == 2)
        // The schedule's mean under the step reading, against Simpson's rule on the same steps.
        for S in [0.3, 0.5, 0.6, 0.75] {
            let mean = try #require(Self.schedule.meanInverseSpeedup(curve, finalSparsity: S, interpolation: .step))
            let reference = try #require(R.meanInverseSpeedup(curve, S, Self.schedule, intervals: 4000, step: true))
            #expect(abs(mean / reference - 1) < 1e-10, "S \(S): \(mean) vs \(reference)")
        }
    }

    @Test("step plans: no (N, S) on a fine grid beats them under the step reading, budget and lifetime, with and without memory")
    func stepAgainstBruteForce() throws {
        let sizes = R.sizes(1e4, 1e13, perDecade: 20)
        for profile in [Self.sparse, R.kinked, R.dip] {
            let stepped = profile.reading(.step)
            let means = R.MeanCache(profile.training, Self.schedule, step: true)
            let cap = min(0.99, profile.training.lastSparsity ?? 0.99, profile.inference.lastSparsity ?? 0.99)
            let grid = PlannerTests.sparsities(.sparse(R.t5), profile, cap: cap, count: 60)
            for (compute, tokens) in [(1e20, 0.0), (1e22, 5e12)] {
                for memory in [nil, 1e9] {
                    let planner = try #require(Planner(law: .sparse(R.t5), profile: stepped, schedule: Self.schedule, memoryLimit: memory))
                    let plan = try #require(planner.plan(compute: compute, inferenceTokens: tokens).best.plan)
                    let label = "\(profile.name) C \(compute) T \(tokens) M \(memory.map { "\($0)" } ?? "none")"
                    let value = { (n: Double, s: Double) -> Double in
                        guard let mean = means.mean(s) else { return .infinity }
                        let total = n / (1 - s), v = R.speedup(profile.inference, s, step: true)!
                        let spare = compute - 2 * total * tokens / v
                        return spare > 0 ? R.loss(R.t5, n, s, spare / (6 * total * mean)) : .infinity
                    }
                    let largest = { (s: Double) in memory.map { $0 / R.memory(profile, 1, s) } }
                    let brute = R.bruteMinimum(sparsities: grid, sizes: sizes, largest: largest, value)
                    let own = value(plan.params, plan.sparsity)
                    #expect(abs(own / plan.loss - 1) < 1e-9, "\(label): \(own) vs \(plan.loss)")
                    #expect(own <= brute.value * (1 + 1e-10) && brute.value - own < 1e-7 * own, "\(label): \(plan.sparsity) vs brute force \(brute)")
                    #expect(planner.interpolationWarnings(sparsity: plan.sparsity, question: .budget(compute: compute, inferenceTokens: tokens, scope: .lifetime)).isEmpty)
                }
            }
        }
    }

    @Test("the planner's example: linear puts the optimum between 0 and 0.5 and says so, with the best plan at each point; step answers dense")
    func warning() throws {
        let question = PlanRequest.Question.budget(compute: 1e22, inferenceTokens: 5e12, scope: .lifetime)
        let linear = try #require(Planner(law: .sparse(R.t5), profile: Self.sparse, schedule: Self.schedule, memoryLimit: 16e9))
        let plan = try #require(linear.plan(compute: 1e22, inferenceTokens: 5e12).best.plan)
        #expect(plan.sparsity > 0.1 && plan.sparsity < 0.5)
        let warnings = linear.warnings(for: plan, question: question).compactMap { warning -> InterpolatedSpeedup? in
            if case .interpolatedSpeedup(let found) = warning { return found } else { return nil }
        }
        #expect(warnings.count == 1)
        let found = try #require(warnings.first)
        // The profile gives no inference curve: training serves for both.
        #expect(found.curve == .both && found.measure == .loss && found.sparsity == plan.sparsity)
        #expect(found.lower.point == SpeedupPoint(sparsity: 0, speedup: 1) && found.upper.point == SpeedupPoint(sparsity: 0.5, speedup: 1.3))
        // The best plan at each measured point, by brute force over N at that sparsity.
        let sizes = R.sizes(1e6, 1e12, perDecade: 40)
        for side in [found.lower, found.upper] {
            let s = side.point.sparsity
            let mean = try #require(R.meanInverseSpeedup(Self.sparse.training, s, Self.schedule, intervals: 4000))
            let brute = R.bruteMinimum(sparsities: [s], sizes: sizes, largest: { s in 16e9 / R.memory(Self.sparse, 1, s) }) { n, s in
                LifetimePlanTests.lifetimeLoss(R.t5, Self.sparse, mean: mean, n: n, s: s, compute: 1e22, tokens: 5e12)
            }
            let value = try #require(side.value), params = try #require(side.params)
            #expect(value <= brute.value * (1 + 1e-10) && brute.value - value < 1e-7 * value, "at \(s): \(value) vs \(brute)")
            #expect(abs(params / brute.n - 1) < 0.01)
            #expect(value > plan.loss)
        }
        #expect(found.values["lowerSparsity"] == .number(0) && found.values["upperSpeedup"] == .number(1.3) && found.values["upperLoss"] == .number(found.upper.value!))
        #expect(PlanWarning.interpolatedSpeedup(found).code == "plan.interpolated-speedup")
        let message = PlanWarning.interpolatedSpeedup(found).message
        #expect(message.contains("between the measured points 0 (1x) and 0.5 (1.3x)") && message.contains("at 0.5 loss"), "\(message)")
        // Read as steps, nothing below 50% is faster than dense: the answer flips to dense.
        let step = try #require(Planner(law: .sparse(R.t5), profile: Self.sparse.reading(.step), schedule: Self.schedule, memoryLimit: 16e9))
        let stepped = step.plan(compute: 1e22, inferenceTokens: 5e12)
        #expect(stepped.best.plan?.sparsity == 0 && !stepped.sparsityPays)
        #expect(!step.warnings(for: stepped.best.plan, question: question).contains { $0.code == "plan.interpolated-speedup" })
        // A target question measures cost; the inference curve is its own when the profile gives one.
        let target = try #require(Planner(law: .sparse(R.t5), profile: R.kinked, schedule: Self.schedule))
        let targetPlan = try #require(target.plan(targetLoss: 2.2, inferenceTokens: 1e13).best.plan)
        let targetWarnings = target.interpolationWarnings(sparsity: targetPlan.sparsity, question: .target(loss: 2.2, inferenceTokens: 1e13))
        for warning in targetWarnings {
            #expect(warning.measure == .cost)
            let at = try #require(target.plan(sparsity: warning.lower.point.sparsity, question: .target(loss: 2.2, inferenceTokens: 1e13)))
            #expect(warning.lower.value == at.cost && at.cost >= targetPlan.cost)
        }
        #expect(Set(targetWarnings.map(\.curve)).isSubset(of: [.training, .inference]))
        // Serving costed beside a training budget does not choose the plan: only the training curve counts.
        let kinkedPlanner = try #require(Planner(law: .sparse(R.t5), profile: R.kinked, schedule: Self.schedule))
        let s = 0.6  // between the training curve's 0.5 and 0.75, and the inference curve's 0.5 and 0.9
        #expect(kinkedPlanner.interpolationWarnings(sparsity: s, question: .budget(compute: 1e22, inferenceTokens: 1e12, scope: .training)).map(\.curve) == [.training])
        #expect(kinkedPlanner.interpolationWarnings(sparsity: s, question: .budget(compute: 1e22, inferenceTokens: 1e12, scope: .lifetime)).map(\.curve) == [.training, .inference])
    }

    @Test("optimal --hardware: the optimum between two points is warned about, with the loss at each, by hand")
    func optimalWarning() throws {
        let optimizer = try #require(ProfileOptimizer(law: R.t5, profile: R.kinked, schedule: Self.schedule))
        let optimum = optimizer.optimum(params: 1e8, compute: 1e21)
        let warnings = optimizer.interpolationWarnings(params: 1e8, compute: 1e21, sparsity: optimum.sparsity)
        let bracket = R.kinked.training.bracketingPoints(optimum.sparsity)
        #expect(warnings.count == 1 && bracket != nil, "optimum \(optimum.sparsity)")
        if let warning = warnings.first, let bracket {
            #expect(warning.lower.point == bracket.lower && warning.upper.point == bracket.upper && warning.curve == .training)
            for side in [warning.lower, warning.upper] {
                let s = side.point.sparsity
                let mean = try #require(R.meanInverseSpeedup(R.kinked.training, s, Self.schedule, intervals: 4000))
                let loss = R.loss(R.t5, 1e8, s, 1e21 * (1 - s) / (6 * 1e8 * mean))
                #expect(abs(try #require(side.value) / loss - 1) < 1e-9 && side.params == nil)
            }
        }
        // An optimum on the closed-form curves is never interpolated.
        let ideal = try #require(ProfileOptimizer(law: R.t5, profile: .ideal, schedule: Self.schedule))
        #expect(ideal.interpolationWarnings(params: 1e8, compute: 1e21, sparsity: 0.3).isEmpty)
    }
}
