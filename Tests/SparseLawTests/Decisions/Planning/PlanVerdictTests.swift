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

@Suite("Planning: whether sparsity pays, over the replicates")
struct PlanVerdictTests {
    static let t5 = SparseScalingLaw(aS: 16.8, bS: 0.722, cS: 45.0, bN: 0.245, aD: 6.90e8, bD: 0.203, c: 0.651)

    /// Replicates that scale the sparsity term aS by 0.8 ... 1.58: sparsity pays less or more.
    static let replicates: [(law: ScalingLaw, patterns: [String: Double])] = (0..<40).map { k in
        let scale = 0.8 + 0.02 * Double(k)
        return (.sparse(SparseScalingLaw(aS: t5.aS * scale, bS: t5.bS, cS: t5.cS, bN: t5.bN, aD: t5.aD, bD: t5.bD, c: t5.c)), [:])
    }

    @Test("a budget plan's verdict rests on each replicate's own best plan against its own dense plan, with --min-gain")
    func budgetVerdict() throws {
        let planner = try #require(Planner(law: .sparse(Self.t5), profile: .ideal))
        var request = try PlanRequest(compute: 1e21, targetLoss: nil)
        let result = planner.answer(request, replicates: Self.replicates)
        // By hand: each replicate planned alone, its gain 0 where its best plan is dense.
        let gains = try Self.replicates.map { replicate -> Double in
            let plan = planner.replacingLaw(replicate.law).plan(compute: 1e21)
            let best = try #require(plan.best.plan), dense = try #require(plan.dense.plan)
            return best.sparsity > 0 ? dense.loss - best.loss : 0
        }
        #expect(result.intervals?.gains == gains)
        let verdict = try #require(result.verdict)
        #expect(verdict.basis == .replicates && verdict.replicates == 40)
        #expect(verdict.winShare == Double(gains.filter { $0 > 0 }.count) / 40)
        #expect(verdict.gainInterval == percentileInterval(gains))
        #expect(verdict.outcome == .sparse)

        // A threshold at the median gain: half the replicates clear it, so the data do not settle it.
        request.minGain = gains.sorted()[20]
        let strict = try #require(planner.answer(request, replicates: Self.replicates).verdict)
        #expect(strict.winShare == Double(gains.filter { $0 >= request.minGain }.count) / 40)
        #expect(strict.outcome == .unclear)
        // Beyond every gain: dense.
        request.minGain = 1
        #expect(planner.answer(request, replicates: Self.replicates).verdict?.outcome == .dense)
    }

    @Test("a target plan's verdict weighs the share of the dense cost saved; without replicates the point estimate decides")
    func targetVerdict() throws {
        let planner = try #require(Planner(law: .sparse(Self.t5), profile: .ideal))
        let request = try PlanRequest(compute: nil, targetLoss: 2.2)
        let result = planner.answer(request, replicates: Self.replicates)
        let savings = try Self.replicates.map { replicate -> Double in
            let plan = planner.replacingLaw(replicate.law).plan(targetLoss: 2.2)
            let best = try #require(plan.best.plan), dense = try #require(plan.dense.plan)
            return best.sparsity > 0 ? (dense.cost - best.cost) / dense.cost : 0
        }
        #expect(result.intervals?.gains == savings)
        #expect(result.verdict?.gainInterval == percentileInterval(savings))

        let bare = planner.answer(request)
        let point = try #require(bare.verdict)
        let plan = try #require({ if case .target(let plan) = bare.answer { return plan } else { return nil } }())
        #expect(point.basis == .pointEstimate && point.replicates == 0 && point.gainInterval == nil)
        #expect(point.outcome == (plan.sparsityPays ? .sparse : .dense))
        #expect(abs(point.gain - (plan.dense.plan!.cost - plan.best.plan!.cost) / plan.dense.plan!.cost) < 1e-15)
    }

    @Test("a dense law has no verdict: there is nothing to compare")
    func denseLaw() throws {
        let chinchilla = DenseScalingLaw(E: 1.817, A: 482.0, B: 2085.4, alpha: 0.348, beta: 0.366)
        let planner = try #require(Planner(law: .dense(chinchilla), profile: .ideal))
        #expect(planner.answer(try PlanRequest(compute: 1e21, targetLoss: nil)).verdict == nil)
    }

    @Test("a plan beyond the fitted runs is graded as queries are: a note with the factor within 10x, a warning beyond; bound-held replicates make it conditional")
    func extrapolationAndConditions() throws {
        var file = LawFile(law: .sparse(Self.t5), name: "t5")
        file.ranges = .init(params: .init(min: 1e6, max: 1e8), tokens: .init(min: 1e9, max: 1e11))
        let planner = try #require(Planner(law: .sparse(Self.t5), profile: .ideal))
        let plan = try #require(planner.plan(compute: 1e21).best.plan)
        let warnings = planner.warnings(for: plan, fitted: file)
        // The plan's N and D against the fitted ranges, computed here.
        let paramsFactor = plan.params / 1e8, tokensFactor = plan.tokens / 1e11
        let expected: [ExtrapolationWarning] = (paramsFactor > 1 ? [.paramsAboveFitted(params: plan.params, fittedMax: 1e8)] : [])
            + (tokensFactor > 1 ? [.tokensAboveFitted(tokens: plan.tokens, fittedMax: 1e11)] : [])
        #expect(!expected.isEmpty)
        #expect(warnings.compactMap { if case .extrapolation(let warning) = $0 { return warning } else { return nil } } == expected)
        for warning in expected {
            #expect(warning.values["factor"] == .number(warning.factor!))
            #expect(warning.values["severity"] == .string(warning.factor! > 10 ? "warning" : "note"))
        }
        // Replicates that held c at 0: the intervals are conditional on it.
        file.bootstrap = .init(requested: 2, failed: 0, seed: 1, replicates: [Self.t5.coefficients, Self.t5.coefficients])
        file.bootstrap?.heldAtBound = ["c": 1]
        let intervals = planner.intervals(replicates: [ScalingLaw.sparse(Self.t5), .sparse(Self.t5)], compute: 1e21)
        #expect(planner.warnings(for: plan, intervals: intervals, fitted: file).map(\.code).contains("law.intervals-conditional-on-bound"))
        #expect(!planner.warnings(for: plan, fitted: file).map(\.code).contains("law.intervals-conditional-on-bound"))
    }
}
