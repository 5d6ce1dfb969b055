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

@Suite("Planning: a pattern planned on an assumption (--assume-pattern 2:4=0.45), marked as assumed everywhere")
struct AssumedPatternTests {
    typealias R = PlanningReference

    static var profile: HardwareProfile {
        var profile = R.kinked
        profile.patterns = [PatternProfile(pattern: "2:4", sparsity: 0.5, training: 1.6, inference: 1.8, bytesPerNonzero: 2.25)]
        return profile
    }

    @Test("the assumed constant is aS (1 - s)^bS + cS: the plan is the one with that constant given, marked")
    func constantFromTheAssumption() throws {
        let law = R.t5
        let q = law.aS * pow(1 - 0.45, law.bS) + law.cS  // by hand
        let assumed = try #require(Planner(law: .sparse(law), profile: Self.profile, memoryLimit: 2e9, assumedPatterns: ["2:4": 0.45]))
        let given = try #require(Planner(law: .sparse(law), profile: Self.profile, memoryLimit: 2e9, patternConstants: ["2:4": q]))
        #expect(assumed.patternsWithoutConstants.isEmpty)
        #expect(assumed.assumptions.count == 1 && assumed.assumptions[0].pattern == "2:4" && abs(assumed.assumptions[0].constant / q - 1) < 1e-15)
        for (a, g) in [(assumed.plan(compute: 1e22, inferenceTokens: 1e13), given.plan(compute: 1e22, inferenceTokens: 1e13))] {
            let option = try #require(a.options.last?.outcome.plan), reference = try #require(g.options.last?.outcome.plan)
            #expect(option.assumedSparsity == 0.45 && reference.assumedSparsity == nil)
            var unmarked = option
            unmarked.assumedSparsity = nil
            #expect(unmarked == reference)
        }
        let target = assumed.plan(targetLoss: 2.4, inferenceTokens: 1e12)
        #expect(target.options.last?.outcome.plan?.assumedSparsity == 0.45)
        let warnings = assumed.warnings(for: target.best.plan)
        #expect(warnings.contains { $0.code == "plan.assumed-pattern" } && !warnings.contains { $0.code == "plan.patterns-without-constants" })
    }

    @Test("each bootstrap replicate takes the assumed constant from its own law, and is not said to leave the pattern out")
    func replicates() throws {
        let law = R.t5, other = SparseScalingLaw(aS: 30, bS: 1.1, cS: 40, bN: 0.25, aD: 7e8, bD: 0.2, c: 0.66)
        let planner = try #require(Planner(law: .sparse(law), profile: Self.profile, assumedPatterns: ["2:4": 0.45]))
        let replicate = planner.replacingLaw(.sparse(other))
        let q = other.aS * pow(0.55, other.bS) + other.cS
        let direct = try #require(Planner(law: .sparse(other), profile: Self.profile, patternConstants: ["2:4": q]))
        #expect(replicate.plan(compute: 1e21).options.last?.outcome.plan?.loss == direct.plan(compute: 1e21).options.last?.outcome.plan?.loss)
        #expect(planner.patternsLeftOut([(.sparse(other), [:])]).isEmpty)
    }

    @Test("refusals: not NAME=S, S outside [0, 1), twice; a pattern the profile lacks, one the law has fitted, a dense law")
    func refusals() throws {
        func refusal(_ values: [String]) -> PlanRequestError? {
            do throws(PlanRequestError) { _ = try PlanRequest(compute: 1e21, targetLoss: nil, assumePatterns: values); return nil } catch { return error }
        }
        #expect(refusal(["2:4"]) == .assumedPattern("2:4", .noEquals))
        #expect(refusal([" =0.4"]) == .assumedPattern(" =0.4", .noName))
        #expect(refusal(["2:4=1"]) == .assumedPattern("2:4=1", .sparsity) && refusal(["2:4=-0.1"]) == .assumedPattern("2:4=-0.1", .sparsity))
        #expect(refusal(["2:4=abc"]) == .assumedPattern("2:4=abc", .sparsity))
        #expect(refusal(["2:4=0.4", "2:4=0.5"]) == .assumedPattern("2:4=0.5", .twice))
        #expect(refusal(["2:4=0.4"]) == nil && refusal(["2:4 = 45%"]) == nil)
        #expect(try PlanRequest(compute: 1e21, targetLoss: nil, assumePatterns: ["2:4 = 45%"]).assumedPatterns == ["2:4": 0.45])
        #expect(refusal(["x"])?.code == "plan.assume-pattern")
        func check(_ law: ScalingLaw, _ constants: [String: Double], _ name: String) -> AssumedPatternError? {
            do throws(AssumedPatternError) {
                try Planner.checkAssumptions([name: 0.4], law: law, profile: Self.profile, patternConstants: constants); return nil
            } catch { return error }
        }
        #expect(check(.sparse(R.t5), [:], "8:16") == .notInProfile(pattern: "8:16", profilePatterns: ["2:4"]))
        #expect(check(.sparse(R.t5), ["2:4": 50], "2:4") == .fitted(pattern: "2:4"))
        #expect(check(.dense(R.chinchilla), [:], "2:4") == .denseLaw(pattern: "2:4"))
        #expect(check(.sparse(R.t5), [:], "2:4") == nil)
    }

    @Test("every output marks it: the JSON option and plan, the text's column and row, the warning, the frontier CSV")
    func outputs() throws {
        let planner = try #require(Planner(law: .sparse(R.vit), profile: Self.profile, assumedPatterns: ["2:4": 0.8]))
        let result = planner.answer(try PlanRequest(compute: 1e21, targetLoss: nil, frontier: true, frontierPoints: 3))
        // At 80% for ViT, with 2:4's speedups, the pattern is the answer.
        #expect(result.best?.pattern == "2:4")
        let report = PlanReport(lawName: "vit", lawTitle: "vit", profile: Self.profile, schedule: PruningSchedule(), result: result,
                                warnings: planner.warnings(for: result.best), dataUnit: .tokens)
        let json = try #require(JSONSerialization.jsonObject(with: Data(try report.jsonText().utf8)) as? [String: Any])
        #expect(json["assumedSparsity"] as? Double == 0.8)
        let options = try #require(json["options"] as? [[String: Any]])
        #expect(options.last?["assumedSparsity"] as? Double == 0.8 && options.dropLast().allSatisfy { $0["assumedSparsity"] == nil })
        let warnings = try #require(json["warnings"] as? [[String: Any]])
        #expect(warnings.contains { $0["code"] as? String == "plan.assumed-pattern" && ($0["message"] as? String ?? "").contains("unstructured sparsity 0.8") })
        let text = report.text
        #expect(text.contains("2:4 (assumed) (best)") && text.contains("0.5 (2:4, assumed)"), "\(text)")
        let csv = try #require(result.frontierCSV).split(separator: "\n")
        #expect(csv[0].hasSuffix(",assumedSparsity") && csv.dropFirst().allSatisfy { $0.hasSuffix(",0.8") }, "\(csv)")
    }
}
