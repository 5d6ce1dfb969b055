import Testing
@testable import SparseLawCore
@testable import SparseLawLaws
@testable import SparseLawDecisions
@testable import SparseLawRendering

@Suite("Planning: requests, their rules and their default ranges")
struct PlanRequestTests {
    func refusal(_ make: () throws(PlanRequestError) -> PlanRequest) -> PlanRequestError? {
        do throws(PlanRequestError) { _ = try make(); return nil } catch { return error }
    }

    @Test func exactlyOneQuestion() throws {
        #expect(refusal { () throws(PlanRequestError) in try PlanRequest(compute: nil, targetLoss: nil) } == .oneQuestion)
        #expect(refusal { () throws(PlanRequestError) in try PlanRequest(compute: 1e21, targetLoss: 3) } == .oneQuestion)
        #expect(try PlanRequest(compute: 1e21, targetLoss: nil).question == .budget(compute: 1e21, inferenceTokens: 0, scope: .lifetime))
        #expect(try PlanRequest(compute: 1e21, targetLoss: nil, inferenceTokens: 5e12).question == .budget(compute: 1e21, inferenceTokens: 5e12, scope: .lifetime))
        #expect(try PlanRequest(compute: nil, trainingCompute: 1e21, targetLoss: nil, inferenceTokens: 5e12).question
                == .budget(compute: 1e21, inferenceTokens: 5e12, scope: .training))
        #expect(refusal { () throws(PlanRequestError) in try PlanRequest(compute: 1e21, trainingCompute: 1e21, targetLoss: nil) } == .oneQuestion)
        #expect(refusal { () throws(PlanRequestError) in try PlanRequest(compute: nil, trainingCompute: 1e21, targetLoss: 3) } == .oneQuestion)
        #expect(try PlanRequest(compute: nil, targetLoss: 3).question == .target(loss: 3, inferenceTokens: 0))
    }

    @Test func optionsThatNeedATargetOrAFrontier() {
        #expect(refusal { () throws(PlanRequestError) in try PlanRequest(compute: 1e21, targetLoss: nil, costBySize: true) } == .costBySizeWithoutTarget)
        #expect(refusal { () throws(PlanRequestError) in try PlanRequest(compute: 1e21, targetLoss: nil, frontierRange: 1...2) } == .frontierRangeWithoutFrontier)
        #expect(refusal { () throws(PlanRequestError) in try PlanRequest(compute: 1e21, targetLoss: nil, frontierRange: 1...2, figure: true) } == nil)
        #expect(PlanRequestError.oneQuestion.code == "plan.one-question")
    }

    @Test func memory() throws {
        #expect(try PlanRequest(compute: 1e21, targetLoss: nil, memory: "8GB").memoryLimit == 8e9)
        #expect(try PlanRequest(compute: 1e21, targetLoss: nil, memory: "1KiB").memoryLimit == 1024)
        #expect(try PlanRequest(compute: 1e21, targetLoss: nil).memoryLimit == nil)
        let refused = refusal { () throws(PlanRequestError) in try PlanRequest(compute: 1e21, targetLoss: nil, memory: "8XB") }
        #expect(refused == .memory(.unknownUnit("xb")) || refused?.code == "plan.memory")
        #expect(refused?.description.hasPrefix("--memory: ") == true)
    }

    @Test func defaultRanges() throws {
        let budget = try PlanRequest(compute: 1e21, targetLoss: nil, frontier: true)
        #expect(budget.budgetRange(compute: 1e21) == 1e19...1e23)
        let ranged = try PlanRequest(compute: 1e21, targetLoss: nil, frontier: true, frontierRange: 1e18...1e20, frontierPoints: 5)
        #expect(ranged.budgetRange(compute: 1e21) == 1e18...1e20)
        let target = try PlanRequest(compute: nil, targetLoss: 3, frontierPoints: 5, figure: true)
        #expect(target.costBySize)
        let range = target.targetRange(target: 3, irreducible: 1)
        #expect(range == 2...5)
        let targets = target.targets(across: range, irreducible: 1)
        #expect(targets.count == 5)
        #expect(abs(targets[0] - 2) < 1e-12 && abs(targets[4] - 5) < 1e-12)
        // A range at or below the irreducible loss has one target, its upper end.
        #expect(target.targets(across: 0.1...0.5, irreducible: 1) == [0.5])
    }

    @Test func thePlannerAnswersARequest() throws {
        let law = ScalingLaw.sparse(SparseScalingLaw(aS: 16.8, bS: 0.722, cS: 45.0, bN: 0.245, aD: 6.90e8, bD: 0.203, c: 0.651))
        let planner = try #require(Planner(law: law, profile: .ideal))
        let budget = planner.answer(try PlanRequest(compute: 1e21, targetLoss: nil, frontier: true, frontierPoints: 3))
        #expect(budget.budgetFrontier?.plans.count == 3)
        #expect(budget.frontierRange == 1e19...1e23)
        #expect(budget.best == planner.plan(compute: 1e21).best.plan)
        let target = planner.answer(try PlanRequest(compute: nil, targetLoss: 3, costBySize: true))
        #expect(target.targetFrontier == nil && target.frontierSummary == nil)
        #expect(target.sizes.count == (target.criticalSizes == nil ? 0 : PlanRequest.sizePoints))
    }
}
