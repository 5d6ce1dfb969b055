import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

/// The gradual-pruning schedule of sparse training: dense until fraction `start` of training,
/// pruned along s(t) = S (1 - (1 - u)^power), u = (t - start) / (end - start), until fraction
/// `end`, then at S. Frantar et al. prune cubically (power 3) from 25% to 75% of training.
public struct PruningSchedule: Sendable, Equatable, Codable {
    public var start: Double
    public var end: Double
    public var power: Double

    public init(start: Double = 0.25, end: Double = 0.75, power: Double = 3) {
        self.start = start
        self.end = end
        self.power = power
    }

    /// kappa, the mean sparsity over training as a fraction of the final S:
    /// (end - start) power / (power + 1) + (1 - end). The paper's schedule gives 0.625.
    public var meanSparsityFraction: Double {
        (end - start) * power / (power + 1) + (1 - end)
    }
}

/// C = 6 N D m(S): the dense FLOPs of training N non-zero parameters on D tokens, at cost
/// multiplier m(S) (1 for a dense model; see `CostModel`). Two FLOPs per weight and token for the
/// forward pass and four for the backward, as in Kaplan et al. (2020) and Hoffmann et al. (2022).
///
/// Every cost of training is this product, and every budget's data its inverse,
/// D = C / trainingCompute(params: N, tokens: 1, multiplier: m(S)).
public func trainingCompute(params: Double, tokens: Double, multiplier: Double = 1) -> Double {
    6 * params * tokens * multiplier
}

/// What a run costs: C = 6 N D m(S), with N the non-zero parameters (`trainingCompute`).
///
/// - `denseFLOPs`: every weight is computed, as on today's accelerators: m(S) = 1 / (1 - S).
/// - `sparseFLOPs`: only non-zeros are computed, and the model is pruned gradually, so its mean
///   density over training is 1 - kappa S of the dense size: m(S) = (1 - kappa S) / (1 - S).
///   With kappa = 1 (sparse from the start) m = 1, and more sparsity always helps.
public enum CostModel: Sendable, Equatable {
    case denseFLOPs
    case sparseFLOPs(PruningSchedule)

    /// m(S), for S in [0, 1).
    public func multiplier(_ sparsity: Double) -> Double {
        switch self {
        case .denseFLOPs: return 1 / (1 - sparsity)
        case .sparseFLOPs(let schedule): return (1 - schedule.meanSparsityFraction * sparsity) / (1 - sparsity)
        }
    }

    /// dm/dS: 1 / (1 - S)^2 for dense FLOPs, (1 - kappa) / (1 - S)^2 for sparse.
    public func multiplierDerivative(_ sparsity: Double) -> Double {
        let complement = 1 - sparsity
        switch self {
        case .denseFLOPs: return 1 / (complement * complement)
        case .sparseFLOPs(let schedule): return (1 - schedule.meanSparsityFraction) / (complement * complement)
        }
    }

    /// The built-in hardware profile whose training curve this cost model is, and the schedule it
    /// prunes on: dense FLOPs are `HardwareProfile.dense`, sparse FLOPs `HardwareProfile.ideal`.
    public var profile: (profile: HardwareProfile, schedule: PruningSchedule) {
        switch self {
        case .denseFLOPs: return (.dense, PruningSchedule())
        case .sparseFLOPs(let schedule): return (.ideal, schedule)
        }
    }

    public var name: String {
        switch self {
        case .denseFLOPs: return "dense"
        case .sparseFLOPs: return "sparse"
        }
    }
}
