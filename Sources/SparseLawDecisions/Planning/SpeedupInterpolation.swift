import SparseLawCore
import SparseLawLaws

/// How a measured speedup curve is read between its points.
///
/// - `linear`: u(s) interpolated linearly between the measured points either side (the default).
/// - `step`: u(s) = the speedup of the measured point at or below s, a conservative reading that
///   credits a sparsity only with what was measured at or below it. A curve that rises with s is
///   then never above its linear reading.
///
/// The closed forms (`dense`, `ideal`) are read as they are.
public enum SpeedupInterpolation: String, Sendable, Equatable, CaseIterable {
    case linear, step
}

extension SpeedupCurve {
    /// u(s) read as `interpolation` says; nil beyond the last measured point (or s outside [0, 1)).
    public func speedup(at sparsity: Double, interpolation: SpeedupInterpolation) -> Double? {
        guard interpolation == .step, case .measured(let points) = self else { return speedup(at: sparsity) }
        guard sparsity >= 0, sparsity < 1, let last = points.last, sparsity <= last.sparsity else { return nil }
        return points.last { $0.sparsity <= sparsity }?.speedup
    }

    /// The two measured points s_k < s < s_(k+1) when s lies strictly between them, where a
    /// linear reading interpolates; nil at a point, beyond the last, or for a closed form.
    public func bracketingPoints(_ sparsity: Double) -> (lower: SpeedupPoint, upper: SpeedupPoint)? {
        guard case .measured(let points) = self, let upper = points.firstIndex(where: { $0.sparsity > sparsity }), upper > 0,
              points[upper - 1].sparsity < sparsity else { return nil }
        return (points[upper - 1], points[upper])
    }
}

extension HardwareProfile {
    /// v(S), the inference speedup, read as the profile's interpolation says.
    public func inferenceSpeedup(at sparsity: Double) -> Double? {
        inference.speedup(at: sparsity, interpolation: interpolation)
    }

    /// The profile with its measured curves read as `interpolation` says.
    public func reading(_ interpolation: SpeedupInterpolation) -> HardwareProfile {
        var copy = self
        copy.interpolation = interpolation
        return copy
    }
}

/// An answer whose sparsity lies strictly between two measured points of a speedup curve it uses:
/// its speedup there is interpolated, not measured. With the best answer at each of the two
/// measured points, what the question minimizes there (the loss, or the cost), so that the
/// reader can see what the interpolation buys.
public struct InterpolatedSpeedup: Sendable, Equatable, Diagnostic {
    public enum Curve: String, Sendable, Equatable {
        case training, inference
        /// One curve for both (a profile that gives no inference curve).
        case both = "training and inference"
    }

    public enum Measure: String, Sendable, Equatable { case loss, cost }

    /// The best answer at one measured point.
    public struct AtPoint: Sendable, Equatable {
        public var point: SpeedupPoint
        /// The loss or the cost there; nil where no answer exists (beyond the sparsity cap).
        public var value: Double?
        /// N there, for a plan (nil for `optimal`, where N is given).
        public var params: Double?
    }

    public var curve: Curve
    public var sparsity: Double
    public var measure: Measure
    public var lower: AtPoint
    public var upper: AtPoint

    public var code: String { "plan.interpolated-speedup" }

    public var values: [String: JSONValue] {
        var values: [String: JSONValue] = ["curve": .text(curve.rawValue), "sparsity": .number(sparsity), "measure": .text(measure.rawValue)]
        for (name, side) in [("lower", lower), ("upper", upper)] {
            values[name + "Sparsity"] = .number(side.point.sparsity)
            values[name + "Speedup"] = .number(side.point.speedup)
            if let value = side.value { values[name + (measure == .loss ? "Loss" : "Cost")] = .number(value) }
            if let params = side.params { values[name + "Params"] = .number(params) }
        }
        return values
    }
}

extension HardwareProfile {
    /// The curves an answer at `sparsity` uses (training; inference too when it serves) between
    /// whose measured points it lies strictly, under a linear reading; none under a step reading,
    /// which uses measured values alone.
    func interpolatedCurves(at sparsity: Double, serving: Bool) -> [(curve: InterpolatedSpeedup.Curve, lower: SpeedupPoint, upper: SpeedupPoint)] {
        guard interpolation == .linear else { return [] }
        var found: [(curve: InterpolatedSpeedup.Curve, lower: SpeedupPoint, upper: SpeedupPoint)] = []
        let shared = serving && inference == training
        if let (lower, upper) = training.bracketingPoints(sparsity) { found.append((shared ? .both : .training, lower, upper)) }
        if serving, !shared, let (lower, upper) = inference.bracketingPoints(sparsity) { found.append((.inference, lower, upper)) }
        return found
    }
}
