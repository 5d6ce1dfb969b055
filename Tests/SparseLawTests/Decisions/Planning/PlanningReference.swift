import Foundation
@testable import SparseLawCore
@testable import SparseLawGSL
@testable import SparseLawReader
@testable import SparseLawLaws
@testable import SparseLawFitting
@testable import SparseLawDecisions
@testable import SparseLawRendering
import SparseLaw

/// Planning's mathematics written again, plainly and independently of the library, for the tests
/// to compare against: interpolation, the schedule's average by a direct numerical integral over
/// training time, memory, and brute-force searches over fine (N, S) grids.
enum PlanningReference {
    static let t5 = SparseScalingLaw(aS: 16.8, bS: 0.722, cS: 45.0, bN: 0.245, aD: 6.90e8, bD: 0.203, c: 0.651)
    static let vit = SparseScalingLaw(aS: 294, bS: 0.821, cS: 468, bN: 0.392, aD: 2.37e8, bD: 0.890, c: 4.517)
    static let chinchilla = DenseScalingLaw(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28)

    /// A random law with coefficients in the ranges published laws span.
    static func randomLaw(_ generator: inout SeededGenerator) -> SparseScalingLaw {
        func logUniform(_ low: Double, _ high: Double) -> Double { exp(log(low) + (log(high) - log(low)) * generator.nextUniform()) }
        return SparseScalingLaw(aS: logUniform(3, 500), bS: logUniform(0.3, 1.5), cS: logUniform(5, 500), bN: logUniform(0.15, 0.5),
                                aD: logUniform(1e7, 1e10), bD: logUniform(0.15, 0.9), c: logUniform(0.3, 4))
    }

    /// Profiles with kinks: speedups that rise slowly, dip below 1, and jump (a format that only
    /// pays from 50%).
    static let kinked = HardwareProfile(name: "kinked", training: .measured(points([[0, 1], [0.5, 1.3], [0.75, 1.35], [0.9, 2.0]])),
                                        inference: .measured(points([[0, 1], [0.5, 1.5], [0.9, 3.2]])),
                                        bytesPerValue: 2, bytesPerNonzero: 2.25, bytesPerParameter: 0)
    static let dip = HardwareProfile(name: "dip", training: .measured(points([[0, 1], [0.3, 0.8], [0.6, 1.0], [0.95, 4.0]])),
                                     bytesPerValue: 2, bytesPerNonzero: 2, bytesPerParameter: 0.125)
    static let step = HardwareProfile(name: "step", training: .measured(points([[0, 1], [0.49, 1.0], [0.5, 1.8], [0.8, 1.9]])),
                                      inference: .measured(points([[0, 1], [0.49, 1.0], [0.5, 2.0], [0.8, 2.4]])),
                                      bytesPerValue: 2, bytesPerNonzero: 2.5, bytesPerParameter: 0)
    static let profiles: [HardwareProfile] = [.dense, .ideal, kinked, dip, step]

    static func points(_ pairs: [[Double]]) -> [SpeedupPoint] { pairs.map { SpeedupPoint(sparsity: $0[0], speedup: $0[1]) } }

    /// u(s) of a curve, by linear interpolation (or, `step`, the measured point at or below s);
    /// nil past its end.
    static func speedup(_ curve: SpeedupCurve, _ s: Double, step: Bool = false) -> Double? {
        switch curve {
        case .dense: return 1
        case .ideal: return 1 / (1 - s)
        case .measured(let pts):
            if s > pts.last!.sparsity + 1e-15 { return nil }
            if step {
                var value = pts[0].speedup
                for p in pts where p.sparsity <= s { value = p.speedup }
                return value
            }
            for k in 1..<pts.count where s <= pts[k].sparsity {
                let f = (s - pts[k - 1].sparsity) / (pts[k].sparsity - pts[k - 1].sparsity)
                return pts[k - 1].speedup * (1 - f) + pts[k].speedup * f
            }
            return pts.last!.speedup
        }
    }

    /// The mean over training time t in [0, 1] of 1 / u(s(t)), s(t) the schedule's sparsity:
    /// 0 before `start`, S (1 - (1 - x)^power) with x = (t - start) / (end - start), S after `end`.
    /// Composite Simpson over the pruning phase, about `intervals` panels in all, in pieces that
    /// end where s(t) crosses a measured point (Simpson's rule is only accurate where the
    /// integrand is smooth).
    static func meanInverseSpeedup(_ curve: SpeedupCurve, _ S: Double, _ schedule: PruningSchedule, intervals: Int = 4000, step: Bool = false) -> Double? {
        guard let last = speedup(curve, S, step: step) else { return nil }
        let ramp = schedule.end - schedule.start
        let total = schedule.start * 1 + (1 - schedule.end) / last
        guard ramp > 0, S > 0 else { return total + ramp }  // at S = 0 the ramp is dense, u = 1
        // s(x) = s_j at x = 1 - (1 - s_j / S)^(1 / power).
        var edges = [0.0]
        if case .measured(let pts) = curve {
            for p in pts where p.sparsity > 0 && p.sparsity < S { edges.append(1 - pow(1 - p.sparsity / S, 1 / schedule.power)) }
        }
        edges.append(1)
        var integral = 0.0
        for k in 1..<edges.count {
            let (a, b) = (edges[k - 1], edges[k])
            let panels = max(2, Int(Double(intervals) * (b - a) / 2) * 2)
            let h = (b - a) / Double(panels)
            var sum = 0.0
            for i in 0...panels {
                let x = a + Double(i) * h
                let s = S * (1 - pow(1 - x, schedule.power))
                let weight = (i == 0 || i == panels) ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0)
                // A step reading is constant inside each piece: read it at the piece's middle, where
                // rounding cannot put s on the wrong side of a measured point.
                let inside = step ? S * (1 - pow(1 - (a + b) / 2, schedule.power)) : min(s, S)
                sum += weight / speedup(curve, inside, step: step)!
            }
            integral += sum * h / 3
        }
        return total + ramp * integral
    }

    /// Bytes of the weights of N non-zeros at S: the smaller of dense and sparse storage.
    static func memory(_ profile: HardwareProfile, _ n: Double, _ s: Double) -> Double {
        let total = n / (1 - s)
        let dense = total * profile.bytesPerValue
        guard s > 0, let perNonzero = profile.bytesPerNonzero else { return dense }
        return min(dense, n * perNonzero + total * profile.bytesPerParameter)
    }

    static func loss(_ law: SparseScalingLaw, _ n: Double, _ s: Double, _ d: Double) -> Double {
        (law.aS * pow(1 - s, law.bS) + law.cS) * pow(n, -law.bN) + pow(law.aD / d, law.bD) + law.c
    }

    /// Sparsities from 0 to cap in `count` equal steps.
    static func sparsities(cap: Double, count: Int) -> [Double] {
        cap <= 0 ? [0] : (0...count).map { cap * Double($0) / Double(count) }
    }

    /// Log-spaced sizes, `perDecade` per decade, over [low, high].
    static func sizes(_ low: Double, _ high: Double, perDecade: Int) -> [Double] {
        let count = Int((log10(high) - log10(low)) * Double(perDecade))
        return (0...count).map { low * pow(10, Double($0) / Double(perDecade)) }
    }

    /// E_t[1/u] by sparsity, computed once per profile and schedule.
    final class MeanCache {
        let curve: SpeedupCurve
        let schedule: PruningSchedule
        private var values: [Double: Double] = [:]

        let step: Bool

        init(_ curve: SpeedupCurve, _ schedule: PruningSchedule, step: Bool = false) { self.curve = curve; self.schedule = schedule; self.step = step }

        func mean(_ s: Double) -> Double? {
            if let value = values[s] { return value }
            let value = meanInverseSpeedup(curve, s, schedule, intervals: 600, step: step)
            values[s] = value
            return value
        }
    }

    /// Brute force over (N, S), `value(n, s)` being infinity where a run is not allowed. At each S:
    /// every size of the grid up to the largest the memory holds (`largest(s)`) and that largest
    /// one, then three times 20 steps between the best point's neighbours. Over S: every point of
    /// the grid, then around each of the four best local minima, three times 20 steps between the
    /// point's neighbours.
    static func bruteMinimum(sparsities: [Double], sizes: [Double], largest: (Double) -> Double?, _ value: (Double, Double) -> Double) -> (n: Double, s: Double, value: Double) {
        func between(_ values: [Double], _ k: Int, log: Bool) -> [Double] {
            let a = values[max(k - 1, 0)], b = values[min(k + 1, values.count - 1)]
            return (0...20).map { t in log ? a * pow(b / a, Double(t) / 20) : a + (b - a) * Double(t) / 20 }
        }
        func bestSize(_ s: Double) -> (n: Double, value: Double) {
            let limit = largest(s)
            var ns = sizes.filter { limit == nil || $0 <= limit! }
            if let limit { ns.append(limit) }
            guard !ns.isEmpty else { return (0, .infinity) }
            var values = ns.map { value($0, s) }
            var k = values.indices.min { values[$0] < values[$1] }!
            var best = (n: ns[k], value: values[k])
            guard best.value.isFinite else { return best }
            for _ in 0..<3 {
                ns = between(ns, k, log: true)
                values = ns.map { value($0, s) }
                k = values.indices.min { values[$0] < values[$1] }!
                if values[k] < best.value { best = (ns[k], values[k]) }
            }
            return best
        }
        let coarse = sparsities.map(bestSize)
        let minima = coarse.indices.filter { i in
            coarse[i].value.isFinite && (i == 0 || coarse[i].value <= coarse[i - 1].value) && (i == coarse.count - 1 || coarse[i].value <= coarse[i + 1].value)
        }.sorted { coarse[$0].value < coarse[$1].value }.prefix(4)
        var best = (n: 0.0, s: 0.0, value: Double.infinity)
        for start in minima {
            var (ss, i) = (sparsities, start)
            if coarse[i].value < best.value { best = (coarse[i].n, ss[i], coarse[i].value) }
            guard ss.count > 1 else { continue }
            for _ in 0..<3 {
                ss = between(ss, i, log: false)
                let fine = ss.map(bestSize)
                i = fine.indices.min { fine[$0].value < fine[$1].value }!
                if fine[i].value < best.value { best = (fine[i].n, ss[i], fine[i].value) }
            }
        }
        return best
    }
}
