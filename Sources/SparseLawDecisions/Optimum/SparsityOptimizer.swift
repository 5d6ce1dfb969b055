import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Optimal sparsity under a fixed budget.
///
/// At N non-zero parameters and compute C the data are D = C / (6 N m(S)), so with
/// K = 6 aD N / C the loss as a function of sparsity alone is
///
///     L(S) = (aS (1 - S)^bS + cS) N^(-bN) + (K m(S))^bD + c
///     dL/dS = -aS bS (1 - S)^(bS - 1) N^(-bN) + bD K^bD m(S)^(bD - 1) m'(S)
///
/// Dense FLOPs have a unique stationary point, a minimum, in closed form:
///
///     S* = 1 - (bD K^bD N^bN / (aS bS))^(1 / (bS + bD)), clipped to [0, maxSparsity].
///
/// Sparse FLOPs have no closed form, but still a single stationary point (see
/// `numericalOptimum`), found by Brent's method after checking both ends.
public struct SparsityOptimizer: Sendable {
    public var law: SparseScalingLaw
    public var cost: CostModel
    /// The largest sparsity considered, in (0, 1).
    public var maxSparsity: Double

    /// nil unless `maxSparsity` lies in (0, 1).
    public init?(law: SparseScalingLaw, cost: CostModel, maxSparsity: Double = SparseScalingLaw.defaultMaxSparsity) {
        guard maxSparsity > 0, maxSparsity < 1 else { return nil }
        self.law = law
        self.cost = cost
        self.maxSparsity = maxSparsity
    }

    /// 6 aD, the compute per non-zero parameter of training a dense model on D = aD tokens: every
    /// closed form below scales the budget by it, as K = 6 aD N / C.
    var dataCompute: Double { trainingCompute(params: 1, tokens: law.aD) }

    public func tokens(params: Double, compute: Double, sparsity: Double) -> Double {
        compute / trainingCompute(params: params, tokens: 1, multiplier: cost.multiplier(sparsity))
    }

    public func loss(params: Double, compute: Double, sparsity: Double) -> Double {
        law.loss(nonZeroParams: params, sparsity: sparsity, tokens: tokens(params: params, compute: compute, sparsity: sparsity))
    }

    /// dL/dS at fixed N and C.
    public func lossDerivative(params: Double, compute: Double, sparsity: Double) -> Double {
        let k = dataCompute * params / compute
        let m = cost.multiplier(sparsity)
        let sparsityPart = -law.aS * law.bS * pow(1 - sparsity, law.bS - 1) * pow(params, -law.bN)
        let dataPart = law.bD * pow(k, law.bD) * pow(m, law.bD - 1) * cost.multiplierDerivative(sparsity)
        return sparsityPart + dataPart
    }

    /// The optimum for N > 0 non-zero parameters and compute C > 0.
    public func optimum(params: Double, compute: Double) -> OptimalSparsity {
        let sparsity: Double
        switch cost {
        case .denseFLOPs: sparsity = closedFormOptimum(params: params, compute: compute)
        case .sparseFLOPs: sparsity = numericalOptimum(params: params, compute: compute)
        }
        return OptimalSparsity(law: law, params: params, compute: compute, sparsity: sparsity,
                               multiplier: cost.multiplier(sparsity), maxSparsity: maxSparsity)
    }

    /// 1 - S* = exp(log(bD K^bD N^bN / (aS bS)) / (bS + bD)), in logarithms so that no power
    /// overflows at extreme N or C.
    func closedFormOptimum(params: Double, compute: Double) -> Double {
        let logK = log(dataCompute * params / compute)
        let logRatio = log(law.bD) + law.bD * logK + law.bN * log(params) - log(law.aS * law.bS)
        let optimum = -expm1(logRatio / (law.bS + law.bD))
        return min(max(optimum, 0), maxSparsity)
    }

    /// Sparse FLOPs. With m(S) = (1 - kappa S) / (1 - S), dL/dS has the sign of z - g(S), where
    /// z = K^bD N^bN depends on the budget alone and
    ///
    ///     g(S) = aS bS / (bD (1 - kappa)) (1 - S)^(bS + bD) / (1 - kappa S)^(bD - 1)
    ///
    /// on the sparsity alone. d log g / dS = -(bS + bD) / (1 - S) + (bD - 1) kappa / (1 - kappa S)
    /// is negative for every bS, bD > 0 and kappa in [0, 1) (the second term is at most
    /// (bD - 1) / (1 - S)), so g falls strictly: L has a single stationary point, a minimum, where
    /// log g(S) = log z. It is found by Brent's method on [0, cap] once the ends are checked:
    /// log g(0) <= log z means dense is best, log g(cap) >= log z that the cap binds.
    /// With kappa = 1 (sparse from the start) m is constant, L falls with S, and the cap binds.
    func numericalOptimum(params: Double, compute: Double) -> Double {
        guard case .sparseFLOPs(let schedule) = cost else { return closedFormOptimum(params: params, compute: compute) }
        let kappa = schedule.meanSparsityFraction
        guard kappa < 1 else { return maxSparsity }
        let logZ = law.bD * log(dataCompute * params / compute) + law.bN * log(params)
        let constant = log(law.aS * law.bS) - log(law.bD * (1 - kappa))
        let excess = { (s: Double) in
            constant + (self.law.bS + self.law.bD) * log1p(-s) - (self.law.bD - 1) * log1p(-kappa * s) - logZ
        }
        if excess(0) <= 0 { return 0 }
        if excess(maxSparsity) >= 0 { return maxSparsity }
        return (try? brentRoot(of: excess, lower: 0, upper: maxSparsity)) ?? scanOptimum(params: params, compute: compute)
    }

    /// The fallback should Brent's method fail: the best of 513 sparsities, geometric in 1 - S.
    func scanOptimum(params: Double, compute: Double) -> Double {
        var best = (sparsity: 0.0, loss: loss(params: params, compute: compute, sparsity: 0))
        let logRemaining = log1p(-maxSparsity)
        for i in 1...512 {
            let s = i == 512 ? maxSparsity : -expm1(logRemaining * Double(i) / 512)
            let value = loss(params: params, compute: compute, sparsity: s)
            if value < best.loss { best = (s, value) }
        }
        return best.sparsity
    }
}
