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

@Suite("Contours on a measured profile: the grid's global optimum, and contours found numerically")
struct ProfileContoursTests {
    typealias R = PlanningReference
    static let schedule = PruningSchedule()

    /// The global optimum at (N, C) by brute force: every sparsity of a fine grid, the reference
    /// loss with D = C (1 - S) / (6 N E_t[1/u]).
    static func bruteOptimum(_ law: SparseScalingLaw, _ profile: HardwareProfile, _ means: R.MeanCache, n: Double, c: Double, cap: Double) -> (s: Double, loss: Double) {
        var best = (s: 0.0, loss: Double.infinity)
        let grid = Set(R.sparsities(cap: cap, count: 900) + (profile.training.points ?? []).map(\.sparsity).filter { $0 <= cap }).sorted()
        for s in grid {
            guard let mean = means.mean(s) else { continue }
            let loss = R.loss(law, n, s, c * (1 - s) / (6 * n * mean))
            if loss < best.loss { best = (s, loss) }
        }
        return best
    }

    @Test("a measured curve that is flat (u = 1) is dense FLOPs: its numerical contours are C_s(N) in closed form, by hand")
    func flatCurveIsDenseFLOPs() throws {
        let law = R.t5
        let flat = HardwareProfile(name: "flat", training: .measured(R.points([[0, 1], [0.99, 1]])))
        let optimizer = try #require(ProfileOptimizer(law: law, profile: flat, schedule: Self.schedule, maxSparsity: 0.95))
        #expect(optimizer.closedForm == nil)
        for s in [0.3, 0.5, 0.75, 0.9] {
            for n in [1e7, 1e9, 1e11] {
                // math.md section 5: C_s(N) = 6 aD (bD / (aS bS))^(1/bD) N^(1 + bN/bD) (1 - s)^(-(bS + bD)/bD).
                let exact = 6 * law.aD * pow(law.bD / (law.aS * law.bS), 1 / law.bD) * pow(n, 1 + law.bN / law.bD) * pow(1 - s, -(law.bS + law.bD) / law.bD)
                let found = try #require(optimizer.contourCompute(level: s, params: n, within: (exact / 1e4)...(exact * 1e4)))
                // The optimum is polished to 3e-9 in S, and S moves slowly with C near a contour
                // (d ln(1 - S) / d ln C = -bD / (bS + bD)): C is known to about 1e-7.
                #expect(abs(found / exact - 1) < 1e-6, "s \(s) N \(n): \(found) vs \(exact)")
            }
        }
        #expect(optimizer.contourCompute(level: 0.5, params: 1e9, within: 1e10...1e12) == nil)
    }

    @Test("on kinked profiles the contour is where the brute-force global optimum first reaches the level")
    func kinked() throws {
        for profile in [R.kinked, R.dip, R.step] {
            let means = R.MeanCache(profile.training, Self.schedule)
            let optimizer = try #require(ProfileOptimizer(law: R.t5, profile: profile, schedule: Self.schedule, maxSparsity: 0.9))
            for level in [0.3, 0.6] {
                for n in [1e7, 1e9] {
                    guard let c = optimizer.contourCompute(level: level, params: n, within: 1e14...1e30) else {
                        // Never reached: the brute force agrees at the top of the range.
                        #expect(Self.bruteOptimum(R.t5, profile, means, n: n, c: 1e30, cap: optimizer.cap).s < level, "\(profile.name) \(level) \(n)")
                        continue
                    }
                    let above = Self.bruteOptimum(R.t5, profile, means, n: n, c: c * (1 + 1e-4), cap: optimizer.cap)
                    let below = Self.bruteOptimum(R.t5, profile, means, n: n, c: c * (1 - 1e-4), cap: optimizer.cap)
                    #expect(above.s >= level - 1e-3 && below.s < level + 1e-3, "\(profile.name) s \(level) N \(n) C \(c): \(below.s) below, \(above.s) above")
                }
            }
        }
    }

    @Test("the grid on a measured profile: each point the global optimum, no sparsity of a fine grid lower")
    func grid() throws {
        let profile = R.kinked
        let means = R.MeanCache(profile.training, Self.schedule)
        let optimizer = try #require(ProfileOptimizer(law: R.t5, profile: profile, schedule: Self.schedule, maxSparsity: 0.9))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("grid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("g.csv").path
        let writer = try AtomicStreamWriter(path: path)
        let sizes = [1e7, 1e9], budgets = [1e18, 1e21, 1e24]
        try writeGridCSV(optimizer, params: sizes, compute: budgets, to: writer)
        try writer.commit()
        let rows = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",").map { Double($0)! } }
        #expect(rows.count == 6)
        for row in rows {
            let brute = Self.bruteOptimum(R.t5, profile, means, n: row[0], c: row[1], cap: 0.9)
            let optimum = optimizer.optimum(params: row[0], compute: row[1])
            #expect(row[2] == optimum.sparsity && row[3] == optimum.loss)
            #expect(row[3] <= brute.loss * (1 + 1e-9), "N \(row[0]) C \(row[1]): \(row[2]) at \(row[3]), brute force \(brute)")
        }
    }
}
