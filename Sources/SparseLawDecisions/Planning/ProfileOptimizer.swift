import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The loss-minimizing sparsity for N non-zero parameters and compute C on a hardware profile:
/// `optimal` for any profile.
///
/// With m(S) = E_t[1/u] / (1 - S) from the profile's training speedup over the pruning schedule,
///
///     L(S) = (aS (1 - S)^bS + cS) N^-bN + (6 aD N m(S) / C)^bD + c,   S in [0, cap].
///
/// The two built-in curves are the cost models of `SparsityOptimizer` (`HardwareProfile.costModel`),
/// and their answers are its answers, bit for bit: the closed form or Brent's method on one
/// stationary point, with no scan. A measured curve makes m(S) kinked and L(S) possibly multimodal: the
/// answer is the global minimum of a scan through every kink, each local minimum polished by
/// Brent's method. cap = the smaller of `maxSparsity` and the curve's last point.
public struct ProfileOptimizer: Sendable {
    public private(set) var law: SparseScalingLaw
    public let profile: HardwareProfile
    public let schedule: PruningSchedule
    /// The largest sparsity considered before the curve's own end.
    public let maxSparsity: Double
    let grid: [SparsityOption]
    /// The optimizer of the cost model the profile's curve is, for the built-in curves; nil for a
    /// measured curve. Contours exist in closed form only here.
    public private(set) var closedForm: SparsityOptimizer?

    /// nil when `maxSparsity` is outside (0, 1).
    public init?(law: SparseScalingLaw, profile: HardwareProfile, schedule: PruningSchedule = PruningSchedule(), maxSparsity: Double = SparseScalingLaw.defaultMaxSparsity) {
        guard maxSparsity > 0, maxSparsity < 1 else { return nil }
        self.law = law
        self.profile = profile
        self.schedule = schedule
        self.maxSparsity = maxSparsity
        let costs = ProfileCosts(profile: profile, schedule: schedule)
        let cap = min(maxSparsity, profile.training.lastSparsity ?? 1)
        if let model = profile.costModel(schedule: schedule) {
            closedForm = SparsityOptimizer(law: law, cost: model, maxSparsity: maxSparsity)
            grid = []
        } else {
            grid = costs.scanSparsities(cap: cap).compactMap { costs.option(sparsity: $0) }
        }
    }

    /// The largest sparsity searched.
    public var cap: Double { min(maxSparsity, profile.training.lastSparsity ?? 1) }

    /// The same question asked of another law (a bootstrap replicate), sharing the profile's options.
    public func replacingLaw(_ replicate: SparseScalingLaw) -> ProfileOptimizer {
        var copy = self
        copy.law = replicate
        copy.closedForm?.law = replicate
        return copy
    }

    /// m(S) = E_t[1/u] / (1 - S); nil past the end of the curve.
    public func costMultiplier(_ sparsity: Double) -> Double? {
        if let model = closedForm?.cost { return model.multiplier(sparsity) }
        return schedule.meanInverseSpeedup(profile.training, finalSparsity: sparsity, interpolation: profile.interpolation).map { $0 / (1 - sparsity) }
    }

    /// L at sparsity S for N and C, D = C / (6 N m(S)); infinity past the end of the curve.
    public func loss(params: Double, compute: Double, sparsity: Double) -> Double {
        guard let m = costMultiplier(sparsity) else { return .infinity }
        return loss(params: params, compute: compute, sparsity: sparsity, multiplier: m)
    }

    func loss(params: Double, compute: Double, sparsity: Double, multiplier: Double) -> Double {
        law.loss(nonZeroParams: params, sparsity: sparsity, tokens: compute / trainingCompute(params: params, tokens: 1, multiplier: multiplier))
    }

    public func optimum(params: Double, compute: Double) -> OptimalSparsity {
        if let closedForm { return closedForm.optimum(params: params, compute: compute) }
        let cap = self.cap
        let lossAt = { (option: SparsityOption) in
            self.loss(params: params, compute: compute, sparsity: option.sparsity, multiplier: option.costMultiplier)
        }
        let found = scannedMinimum(grid: grid.map(\.sparsity), values: grid.map(lossAt)) { s in
            self.loss(params: params, compute: compute, sparsity: s)
        }
        let sparsity = found?.x ?? 0
        return OptimalSparsity(law: law, params: params, compute: compute, sparsity: sparsity,
                               multiplier: costMultiplier(sparsity) ?? .nan, maxSparsity: cap)
    }

    /// Where the optimum `sparsity` lies strictly between two measured points of the training
    /// curve (read linearly), the loss at each of the two, within the cap.
    public func interpolationWarnings(params: Double, compute: Double, sparsity: Double) -> [InterpolatedSpeedup] {
        guard closedForm == nil else { return [] }
        return profile.interpolatedCurves(at: sparsity, serving: false).map { found in
            func at(_ point: SpeedupPoint) -> InterpolatedSpeedup.AtPoint {
                let loss = point.sparsity <= cap ? loss(params: params, compute: compute, sparsity: point.sparsity) : .infinity
                return InterpolatedSpeedup.AtPoint(point: point, value: loss.isFinite ? loss : nil, params: nil)
            }
            return InterpolatedSpeedup(curve: found.curve, sparsity: sparsity, measure: .loss, lower: at(found.lower), upper: at(found.upper))
        }
    }

    /// The same question asked of each replicate law; a replicate without a finite optimum is
    /// refused by its index (see `SparsityOptimizer.intervals`).
    public func intervals(replicates: [SparseScalingLaw], params: Double, compute: Double) throws(QueryError) -> OptimumIntervals? {
        if let closedForm { return try closedForm.intervals(replicates: replicates, params: params, compute: compute) }
        guard !replicates.isEmpty else { return nil }
        let optima = replicates.map { replacingLaw($0).optimum(params: params, compute: compute) }
        return try OptimumIntervals(optima: optima, params: params, compute: compute)
    }
}
