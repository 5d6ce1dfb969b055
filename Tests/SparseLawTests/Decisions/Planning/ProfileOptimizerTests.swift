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

@Suite("Planning: optimal sparsity at fixed N and C on a hardware profile")
struct ProfileOptimizerTests {
    static let schedules = [PruningSchedule(), PruningSchedule(start: 0.1, end: 0.9, power: 2), PruningSchedule(start: 0, end: 1, power: 1),
                            PruningSchedule(start: 0, end: 0, power: 3)]

    @Test("the built-in profiles give today's `optimal` numbers exactly, on many laws, budgets, schedules and caps")
    func builtinsExact() throws {
        var generator = SeededGenerator(seed: 13)
        var laws = [PlanningReference.t5, PlanningReference.vit]
        for _ in 0..<20 { laws.append(PlanningReference.randomLaw(&generator)) }
        var cases = 0
        for law in laws {
            for schedule in Self.schedules {
                for cap in [0.5, 0.9, 0.99] {
                    let dense = try #require(ProfileOptimizer(law: law, profile: .dense, schedule: schedule, maxSparsity: cap))
                    let ideal = try #require(ProfileOptimizer(law: law, profile: .ideal, schedule: schedule, maxSparsity: cap))
                    let reference = try #require(SparsityOptimizer(law: law, cost: .denseFLOPs, maxSparsity: cap))
                    let sparseReference = try #require(SparsityOptimizer(law: law, cost: .sparseFLOPs(schedule), maxSparsity: cap))
                    for n in [3e6, 1e8, 5e9] {
                        for ratio in [0.1, 1, 8, 64, 1e4] {
                            let compute = ratio * reference.denseOptimalCompute(params: n)
                            #expect(dense.optimum(params: n, compute: compute) == reference.optimum(params: n, compute: compute))
                            #expect(ideal.optimum(params: n, compute: compute) == sparseReference.optimum(params: n, compute: compute))
                            cases += 2
                        }
                    }
                }
            }
        }
        #expect(cases == 22 * 4 * 3 * 3 * 5 * 2)
        // A curve written in the file as "ideal" is the closed form too.
        let named = try HardwareProfile.decode(Data(#"{"training": "ideal"}"#.utf8), file: "p.json")
        let a = ProfileOptimizer(law: PlanningReference.t5, profile: named)!.optimum(params: 1e8, compute: 1e20)
        let b = try #require(SparsityOptimizer(law: PlanningReference.t5, cost: .sparseFLOPs(PruningSchedule()))).optimum(params: 1e8, compute: 1e20)
        #expect(a == b)
    }

    /// m(S) on two grids of [0, cap] and at the measured points (where the loss has kinks, and
    /// may have its minimum), from the reference integral over training time.
    static func referenceGrid(_ profile: HardwareProfile, _ schedule: PruningSchedule, count: Int) -> [(s: Double, mean: Double)] {
        let cap = min(0.99, profile.training.lastSparsity ?? 0.99)
        let measured = profile.training.points?.map(\.sparsity) ?? []
        // Evenly spaced, and evenly spaced in log(1 - S), fine near the cap where L changes fastest.
        let geometric = (0...count).map { 1 - pow(1 - cap, Double($0) / Double(count)) }
        return Set(PlanningReference.sparsities(cap: cap, count: count) + geometric + measured.filter { $0 <= cap }).sorted().map { ($0, PlanningReference.meanInverseSpeedup(profile.training, $0, schedule, intervals: 600)!) }
    }

    @Test("measured curves with kinks: the global minimum over S equals brute force, also where L(S) has several local minima")
    func measuredAgainstBruteForce() throws {
        var generator = SeededGenerator(seed: 5)
        let laws = [PlanningReference.t5, PlanningReference.vit] + (0..<4).map { _ in PlanningReference.randomLaw(&generator) }
        var multimodal = 0
        for profile in [PlanningReference.kinked, PlanningReference.dip, PlanningReference.step] {
            for schedule in [PruningSchedule(), PruningSchedule(start: 0, end: 0.5, power: 1)] {
                let grid = Self.referenceGrid(profile, schedule, count: 600)
                for law in laws {
                    let optimizer = try #require(ProfileOptimizer(law: law, profile: profile, schedule: schedule))
                    let dense = try #require(SparsityOptimizer(law: law, cost: .denseFLOPs))
                    for n in [1e7, 1e9] {
                        for ratio in [0.5, 4, 30, 300, 1e4] {
                            let compute = ratio * dense.denseOptimalCompute(params: n)
                            let losses = grid.map { PlanningReference.loss(law, n, $0.s, compute * (1 - $0.s) / (6 * n * $0.mean)) }
                            let bruteIndex = losses.indices.min { losses[$0] < losses[$1] }!
                            let minima = losses.indices.filter { i in (i == 0 || losses[i] < losses[i - 1]) && (i == losses.count - 1 || losses[i] < losses[i + 1]) }
                            if minima.count > 1 { multimodal += 1 }
                            let optimum = optimizer.optimum(params: n, compute: compute)
                            let label = "\(profile.name) \(law) N \(n) C/C* \(ratio)"
                            // Both sides through the same reference m(S): no grid point beats the answer,
                            // and the grid's best comes within its resolution of it.
                            let meanAtOptimum = PlanningReference.meanInverseSpeedup(profile.training, optimum.sparsity, schedule, intervals: 600)!
                            let referenceLoss = PlanningReference.loss(law, n, optimum.sparsity, compute * (1 - optimum.sparsity) / (6 * n * meanAtOptimum))
                            #expect(referenceLoss <= losses[bruteIndex] + 1e-10 * optimum.loss, "\(label): \(optimum.sparsity) vs brute \(grid[bruteIndex].s)")
                            #expect(losses[bruteIndex] - referenceLoss < 1e-6 * optimum.loss, "\(label)")
                            #expect(optimum.sparsity >= 0 && optimum.sparsity <= optimizer.cap)
                            // Its own numbers: D spends the budget at its sparsity, and the loss is the law's.
                            let mean = PlanningReference.meanInverseSpeedup(profile.training, optimum.sparsity, schedule, intervals: 4000)!
                            #expect(abs(6 * n / (1 - optimum.sparsity) * optimum.tokens * mean / compute - 1) < 1e-8)
                            #expect(abs(PlanningReference.loss(law, n, optimum.sparsity, optimum.tokens) - optimum.loss) < 1e-12 * optimum.loss)
                            #expect(optimum.gain >= 0)
                        }
                    }
                }
            }
        }
        // The cases include losses with several local minima over S (the test would not show the
        // search is global otherwise).
        #expect(multimodal >= 5, "only \(multimodal) multimodal cases")
    }

    @Test("the curve's last point caps the search, and an optimum there is flagged as the cap")
    func curveCaps() throws {
        let optimizer = try #require(ProfileOptimizer(law: PlanningReference.t5, profile: PlanningReference.kinked))
        #expect(optimizer.cap == 0.9)
        let optimum = optimizer.optimum(params: 1e7, compute: 1e26)
        #expect(optimum.sparsity == 0.9 && optimum.boundary == .cap && optimum.maxSparsity == 0.9)
        #expect(ProfileOptimizer(law: PlanningReference.t5, profile: .dense, maxSparsity: 1) == nil)
    }
}
