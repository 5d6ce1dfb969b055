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
/// The two built-in curves are the cost models of `SparsityOptimizer`, and their answers are its
/// answers, bit for bit. A measured curve makes m(S) kinked and L(S) possibly multimodal: the
/// answer is the global minimum of a scan through every kink, each local minimum polished by
/// Brent's method. cap = the smaller of `maxSparsity` and the curve's last point.
public struct ProfileOptimizer: Sendable {
    public private(set) var law: SparseScalingLaw
    public let profile: HardwareProfile
    public let schedule: PruningSchedule
    /// The largest sparsity considered before the curve's own end.
    public let maxSparsity: Double
    let grid: [SparsityOption]
    /// The optimizer of `optimal` whose cost model the profile's curve is, for the built-in curves.
    var closedForm: SparsityOptimizer?

    /// nil when `maxSparsity` is outside (0, 1).
    public init?(law: SparseScalingLaw, profile: HardwareProfile, schedule: PruningSchedule = PruningSchedule(), maxSparsity: Double = 0.99) {
        guard maxSparsity > 0, maxSparsity < 1 else { return nil }
        self.law = law
        self.profile = profile
        self.schedule = schedule
        self.maxSparsity = maxSparsity
        let costs = ProfileCosts(profile: profile, schedule: schedule)
        let cap = min(maxSparsity, profile.training.lastSparsity ?? 1)
        if let model = profile.costModel(schedule: schedule) {
            guard let optimizer = SparsityOptimizer(law: law, cost: model, maxSparsity: maxSparsity) else { return nil }
            closedForm = optimizer
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
        if let model = profile.costModel(schedule: schedule) { return model.multiplier(sparsity) }
        return schedule.meanInverseSpeedup(profile.training, finalSparsity: sparsity).map { $0 / (1 - sparsity) }
    }

    /// L at sparsity S for N and C, D = C / (6 N m(S)); infinity past the end of the curve.
    public func loss(params: Double, compute: Double, sparsity: Double) -> Double {
        guard let m = costMultiplier(sparsity) else { return .infinity }
        return law.loss(nonZeroParams: params, sparsity: sparsity, tokens: compute / (6 * params * m))
    }

    public func optimum(params: Double, compute: Double) -> OptimalSparsity {
        if let closedForm { return closedForm.optimum(params: params, compute: compute) }
        let cap = self.cap
        let lossAt = { (option: SparsityOption) in
            self.law.loss(nonZeroParams: params, sparsity: option.sparsity, tokens: compute / (6 * params * option.costMultiplier))
        }
        let found = scannedMinimum(grid: grid.map(\.sparsity), values: grid.map(lossAt)) { s in
            self.loss(params: params, compute: compute, sparsity: s)
        }
        let sparsity = found?.x ?? 0
        let multiplier = costMultiplier(sparsity) ?? .nan
        let tokens = compute / (6 * params * multiplier)
        let loss = law.loss(nonZeroParams: params, sparsity: sparsity, tokens: tokens)
        let denseTokens = compute / (6 * params)
        let denseLoss = law.loss(nonZeroParams: params, sparsity: 0, tokens: denseTokens)
        let boundary: OptimalSparsity.Boundary = sparsity <= 0 ? .dense : (sparsity >= cap ? .cap : .interior)
        return OptimalSparsity(params: params, compute: compute, sparsity: sparsity, tokens: tokens, loss: loss,
                               denseTokens: denseTokens, denseLoss: denseLoss, gain: denseLoss - loss,
                               equivalentDenseParams: law.equivalentDenseParams(nonZeroParams: params, sparsity: sparsity),
                               boundary: boundary, maxSparsity: cap)
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
