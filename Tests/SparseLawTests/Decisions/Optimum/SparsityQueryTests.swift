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

@Suite("Optimum: one question of optimal sparsity on any profile")
struct SparsityQueryTests {
    typealias R = PlanningReference

    static func file(_ law: SparseScalingLaw, replicates: Bool = true) -> LawFile {
        var file = LawFile(law: .sparse(law), name: "t5")
        if replicates {
            file.bootstrap = .init(requested: 3, failed: 0, seed: 1,
                                   replicates: [law.coefficients, law.coefficients.map { $0 * 1.01 }, law.coefficients.map { $0 * 0.99 }])
        }
        return file
    }

    @Test("the cost models are the built-in profiles: the same answers, intervals and warnings, bit for bit")
    func costModelsAreProfiles() throws {
        let file = Self.file(R.t5)
        let schedule = PruningSchedule(start: 0.1, end: 0.8, power: 2)
        for (cost, profile) in [(CostModel.denseFLOPs, HardwareProfile.dense), (.sparseFLOPs(schedule), .ideal)] {
            let byCost = try SparsityQuery(file: file, path: "t5.json", cost: cost, maxSparsity: 0.95)
            let byProfile = try SparsityQuery(file: file, path: "t5.json", profile: profile, schedule: schedule, maxSparsity: 0.95)
            let direct = try #require(SparsityOptimizer(law: R.t5, cost: cost, maxSparsity: 0.95))
            #expect(byProfile.optimizer.closedForm?.cost == cost)
            for (n, c) in [(1e7, 1e18), (5e7, 1e20), (1e9, 1e23), (1e6, 1e26)] {
                let answer = try byProfile.answer(params: n, compute: c)
                #expect(try byCost.answer(params: n, compute: c) == answer)
                #expect(answer.optimum == direct.optimum(params: n, compute: c))
                #expect(answer.intervals == (try direct.intervals(replicates: byProfile.replicates, params: n, compute: c)))
            }
        }
    }

    @Test("an optimum at the cap is a bound at the asked cap, and at a measured curve's end the curve's")
    func capWarnings() throws {
        let atCap = try SparsityQuery(file: Self.file(R.t5, replicates: false), path: "t5.json", profile: .dense, maxSparsity: 0.9)
            .answer(params: 1e6, compute: 1e26)
        #expect(atCap.optimum.boundary == .cap && atCap.warnings.first == .atCap(0.9))
        let atEnd = try SparsityQuery(file: Self.file(R.t5, replicates: false), path: "t5.json", profile: R.kinked, maxSparsity: nil)
            .answer(params: 1e7, compute: 1e26)
        #expect(atEnd.optimum.boundary == .cap && atEnd.warnings.first == .atCurveEnd(0.9))
    }

    @Test("a term at 0 is refused by one check, on every profile, in the order each question needs its terms")
    func termAtZero() throws {
        for (name, expected) in [("aS", TermAtZero.Term.sparsity), ("aD", .data)] {
            var law = R.t5
            if name == "aS" { law.aS = 0 } else { law.aD = 0 }
            for profile in [HardwareProfile.dense, .ideal, R.kinked] {
                #expect {
                    try SparsityQuery(file: Self.file(law, replicates: false), path: "t5.json", profile: profile, maxSparsity: nil)
                } throws: { error in
                    guard case .termAtZero(let zero) = error as? QueryError else { return false }
                    return zero == TermAtZero(law: .sparse(law), name: "t5", question: .optimalSparsity)
                        && zero.term == expected && zero.coefficient == name && zero.code == "query.term-at-zero"
                }
            }
        }
        var both = R.t5
        both.aS = 0
        both.aD = 0
        #expect(TermAtZero(law: .sparse(both), name: "x", question: .optimalSparsity)?.coefficient == "aS")
        #expect(TermAtZero(law: .sparse(both), name: "x", question: .plan)?.coefficient == "aD")
        var size = R.t5
        size.aS = 0
        #expect(TermAtZero(law: .sparse(size), name: "x", question: .plan) == nil)
        size.cS = 0
        #expect(TermAtZero(law: .sparse(size), name: "x", question: .plan)?.coefficient == "aS + cS")
        var dense = R.chinchilla
        dense.A = 0
        #expect(TermAtZero(law: .dense(dense), name: "x", question: .plan)?.term == .size)
        #expect(TermAtZero(law: .sparse(R.t5), name: "x", question: .optimalSparsity) == nil)
        #expect(TermAtZero(law: .dense(R.chinchilla), name: "x", question: .plan) == nil)
    }

    @Test("contours need a cost model: a measured curve is refused, the built-ins give their closed form")
    func contours() throws {
        let measured = try SparsityQuery(file: Self.file(R.t5), path: "t5.json", profile: R.kinked, maxSparsity: nil)
        #expect(throws: QueryError.contoursNeedCostModel(profile: "kinked")) { try measured.contourOptimizer(levels: [0.5]) }
        #expect(throws: QueryError.contoursNeedCostModel(profile: "kinked")) { try measured.checkContours(levels: [0.5], params: 1e7...1e9) }
        let ideal = try SparsityQuery(file: Self.file(R.t5), path: "t5.json", profile: .ideal, maxSparsity: 0.9)
        #expect(try ideal.contourOptimizer(levels: [0, 0.5, 0.9]).cost == .sparseFLOPs(PruningSchedule()))
        #expect(throws: QueryError.levelOutsideCap(level: 0.95, cap: 0.9)) { try ideal.contourOptimizer(levels: [0.95]) }
        let fromStart = try SparsityQuery(file: Self.file(R.t5), path: "t5.json", profile: .ideal, schedule: PruningSchedule(start: 0, end: 0), maxSparsity: nil)
        #expect(throws: QueryError.noContours) { try fromStart.contourOptimizer(levels: [0.5]) }
    }

    @Test("every QueryError has its own stable code, query.kebab-case; a law file's refusal keeps its problem's code")
    func codes() {
        let zero = TermAtZero(law: .sparse(SparseScalingLaw(aS: 0, bS: 1, cS: 1, bN: 1, aD: 1, bD: 1, c: 1)), name: "x", question: .optimalSparsity)!
        let errors: [QueryError] = [
            .denseLaw(name: "x"), .maxSparsityOutOfRange(2), .notFinite(params: 1, compute: 1), .noContours,
            .contoursNeedCostModel(profile: "p"), .levelOutsideCap(level: 1, cap: 0.5), .termAtZero(zero),
            .replicateNotFinite(replicate: 0, params: 1, compute: 1), .contourNotFinite(level: 0.5, params: 1, replicate: nil),
            .denseOptimalNotFinite(params: 1), .computeRangeNotFinite,
        ]
        let codes = errors.map(\.code)
        #expect(Set(codes).count == codes.count)
        #expect(codes.allSatisfy { $0.range(of: #"^query\.[a-z0-9-]+$"#, options: .regularExpression) != nil })
        #expect(QueryError.notFinite(params: 1, compute: 1).code == LawProblem.lawNotFinite.code)
        let data = QueryError.data(DataError(file: "law.json", field: "aS", problem: LawProblem.missingKey))
        #expect(data.code == "law.missing-key" && data.values["file"] == .text("law.json") && data.values["field"] == .text("aS"))
        #expect(QueryError.contourNotFinite(level: 0.5, params: 1, replicate: 2).values["replicate"] == .integer(2))
        #expect(errors.allSatisfy { !$0.description.isEmpty })
    }
}
