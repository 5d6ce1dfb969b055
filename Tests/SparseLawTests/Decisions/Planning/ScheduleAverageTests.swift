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

@Suite("Planning: the pruning schedule's average of 1/speedup")
struct ScheduleAverageTests {
    static let schedules = [PruningSchedule(), PruningSchedule(start: 0, end: 1, power: 1), PruningSchedule(start: 0.1, end: 0.9, power: 2),
                            PruningSchedule(start: 0.2, end: 0.6, power: 0.5), PruningSchedule(start: 0.3, end: 0.8, power: 1.7),
                            PruningSchedule(start: 0, end: 0, power: 3), PruningSchedule(start: 0.5, end: 0.5, power: 3)]

    @Test("built-ins: u = 1 gives 1, u = 1/(1-s) gives 1 - kappa S; both equal the integral over training time")
    func builtins() {
        for schedule in Self.schedules {
            for s in [0.0, 0.2, 0.5, 0.8, 0.95] {
                #expect(schedule.meanInverseSpeedup(.dense, finalSparsity: s) == 1)
                let ideal = schedule.meanInverseSpeedup(.ideal, finalSparsity: s)!
                #expect(ideal == 1 - schedule.meanSparsityFraction * s)
                let reference = PlanningReference.meanInverseSpeedup(.ideal, s, schedule, intervals: 20000)!
                #expect(abs(ideal - reference) < (schedule.power < 1 ? 1e-6 : 1e-10), "\(schedule) S = \(s)")
                // The cost multipliers of `optimal`, exactly.
                #expect(CostModel.sparseFLOPs(schedule).multiplier(s) == ideal / (1 - s))
            }
        }
    }

    @Test("one linear piece, pruned linearly from the start: I = log(1 + b S) / (b S) by hand")
    func linearPiece() {
        // u(s) = 1 + 2 s on [0, 0.9]; schedule start 0, end 1, power 1: s(t) = S t.
        let curve = SpeedupCurve.measured(PlanningReference.points([[0, 1], [0.9, 2.8]]))
        let schedule = PruningSchedule(start: 0, end: 1, power: 1)
        for s in [0.1, 0.45, 0.9] {
            let expected = log(1 + 2 * s) / (2 * s)
            #expect(abs(schedule.meanInverseSpeedup(curve, finalSparsity: s)! - expected) < 1e-13)
        }
    }

    @Test("measured curves with kinks: the quadrature equals a direct integral over training time")
    func measured() {
        for profile in [PlanningReference.kinked, PlanningReference.dip, PlanningReference.step] {
            for schedule in Self.schedules {
                for s in [0.0, 0.1, 0.3, 0.49, 0.5, 0.55, 0.75, profile.training.lastSparsity!] {
                    let value = schedule.meanInverseSpeedup(profile.training, finalSparsity: s)
                    let reference = PlanningReference.meanInverseSpeedup(profile.training, s, schedule, intervals: 20000)
                    // Simpson's rule converges slowly where (1 - x)^power is not smooth at x = 1
                    // (power < 1, and non-integer powers), hence the looser bound there.
                    #expect(abs(value! - reference!) < (schedule.power < 1 ? 2e-6 : (schedule.power == schedule.power.rounded() ? 1e-12 : 1e-9)), "\(profile.name) \(schedule) S = \(s): \(value!) vs \(reference!)")
                }
                #expect(schedule.meanInverseSpeedup(profile.training, finalSparsity: profile.training.lastSparsity! + 1e-9) == nil)
            }
        }
    }
}
