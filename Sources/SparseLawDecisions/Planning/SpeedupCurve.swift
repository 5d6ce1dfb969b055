import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

/// The speedup of a model at sparsity s over the dense model of the same shape, on some hardware:
/// u(s) >= ... > 0 with u(0) = 1.
///
/// - `dense`: u(s) = 1. Every weight is computed: the paper's dense FLOPs.
/// - `ideal`: u(s) = 1 / (1 - s). Only non-zeros are computed, at full speed: the paper's sparse
///   FLOPs.
/// - `measured`: piecewise linear between measured points (s_0 = 0, u_0 = 1), s_0 < s_1 < ...;
///   undefined past the last point, which caps every search that uses the curve.
public enum SpeedupCurve: Sendable, Equatable {
    case dense
    case ideal
    case measured([SpeedupPoint])

    /// u(s); nil for a measured curve beyond its last point (or s outside [0, 1)).
    public func speedup(at sparsity: Double) -> Double? {
        guard sparsity >= 0, sparsity < 1 else { return nil }
        switch self {
        case .dense: return 1
        case .ideal: return 1 / (1 - sparsity)
        case .measured(let points):
            guard let last = points.last, sparsity <= last.sparsity else { return nil }
            // The first point at or beyond s, by bisection (the sparsities increase): a quadrature
            // evaluates u thousands of times, so a lookup linear in the points would make the
            // plan's cost quadratic in them. Interpolate from the point before it.
            var lower = 0, upper = points.count - 1
            while lower < upper {
                let middle = (lower + upper) / 2
                if points[middle].sparsity >= sparsity { upper = middle } else { lower = middle + 1 }
            }
            if upper == 0 || points[upper].sparsity == sparsity { return points[upper].speedup }
            let a = points[upper - 1], b = points[upper]
            let t = (sparsity - a.sparsity) / (b.sparsity - a.sparsity)
            return a.speedup + t * (b.speedup - a.speedup)
        }
    }

    /// The largest sparsity the curve covers: its last point, or nil when it covers [0, 1).
    public var lastSparsity: Double? {
        if case .measured(let points) = self { return points.last?.sparsity }
        return nil
    }

    /// The interior points where the slope changes: the measured sparsities other than the ends.
    public var kinks: [Double] {
        guard case .measured(let points) = self, points.count > 2 else { return [] }
        return points.dropFirst().dropLast().map(\.sparsity)
    }

    /// The measured points, or nil for the two closed forms.
    public var points: [SpeedupPoint]? {
        if case .measured(let points) = self { return points }
        return nil
    }
}

/// One measured point of a speedup curve.
public struct SpeedupPoint: Sendable, Equatable, Hashable {
    public var sparsity: Double
    public var speedup: Double

    public init(sparsity: Double, speedup: Double) {
        self.sparsity = sparsity
        self.speedup = speedup
    }
}
