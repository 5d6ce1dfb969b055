import Foundation

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
/// Sparse FLOPs have none: dL/dS is sampled on a grid (geometric in 1 - S, fine near the cap),
/// every change of sign from negative to positive is refined by Brent's method, and the best of
/// those and the two ends wins.
public struct SparsityOptimizer: Sendable {
    public var law: SparseScalingLaw
    public var cost: CostModel
    /// The largest sparsity considered, in (0, 1).
    public var maxSparsity: Double

    public init(law: SparseScalingLaw, cost: CostModel, maxSparsity: Double = 0.99) {
        precondition(maxSparsity > 0 && maxSparsity < 1, "maxSparsity must lie in (0, 1)")
        self.law = law
        self.cost = cost
        self.maxSparsity = maxSparsity
    }

    public func tokens(params: Double, compute: Double, sparsity: Double) -> Double {
        compute / (6 * params * cost.multiplier(sparsity))
    }

    public func loss(params: Double, compute: Double, sparsity: Double) -> Double {
        law.loss(nonZeroParams: params, sparsity: sparsity, tokens: tokens(params: params, compute: compute, sparsity: sparsity))
    }

    /// dL/dS at fixed N and C.
    public func lossDerivative(params: Double, compute: Double, sparsity: Double) -> Double {
        let k = 6 * law.aD * params / compute
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
        let boundary: OptimalSparsity.Boundary = sparsity <= 0 ? .dense : (sparsity >= maxSparsity ? .cap : .interior)
        let tokens = tokens(params: params, compute: compute, sparsity: sparsity)
        let loss = law.loss(nonZeroParams: params, sparsity: sparsity, tokens: tokens)
        let denseTokens = compute / (6 * params)
        let denseLoss = law.loss(nonZeroParams: params, sparsity: 0, tokens: denseTokens)
        return OptimalSparsity(params: params, compute: compute, sparsity: sparsity, tokens: tokens, loss: loss,
                               denseTokens: denseTokens, denseLoss: denseLoss, gain: denseLoss - loss,
                               equivalentDenseParams: law.equivalentDenseParams(nonZeroParams: params, sparsity: sparsity),
                               boundary: boundary, maxSparsity: maxSparsity)
    }

    /// 1 - S* = exp(log(bD K^bD N^bN / (aS bS)) / (bS + bD)), in logarithms so that no power
    /// overflows at extreme N or C.
    func closedFormOptimum(params: Double, compute: Double) -> Double {
        let logK = log(6 * law.aD * params / compute)
        let logRatio = log(law.bD) + law.bD * logK + law.bN * log(params) - log(law.aS * law.bS)
        let optimum = -expm1(logRatio / (law.bS + law.bD))
        return min(max(optimum, 0), maxSparsity)
    }

    static let gridPoints = 64

    func numericalOptimum(params: Double, compute: Double) -> Double {
        let derivative = { (s: Double) in self.lossDerivative(params: params, compute: compute, sparsity: s) }
        let loss = { (s: Double) in self.loss(params: params, compute: compute, sparsity: s) }
        var best = (sparsity: 0.0, loss: loss(0))
        let capLoss = loss(maxSparsity)
        if capLoss < best.loss { best = (maxSparsity, capLoss) }
        let logRemaining = log1p(-maxSparsity)
        var previous = (s: 0.0, slope: derivative(0))
        for i in 1...Self.gridPoints {
            let s = i == Self.gridPoints ? maxSparsity : -expm1(logRemaining * Double(i) / Double(Self.gridPoints))
            let slope = derivative(s)
            if previous.slope < 0 && slope > 0,
               let root = try? brentRoot(of: derivative, lower: previous.s, upper: s) {
                let value = loss(root)
                if value < best.loss { best = (root, value) }
            }
            previous = (s, slope)
        }
        return best.sparsity
    }
}
