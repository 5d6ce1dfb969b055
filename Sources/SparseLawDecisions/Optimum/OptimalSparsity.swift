import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

/// The loss-minimizing sparsity for a model of N non-zero parameters trained with compute C.
public struct OptimalSparsity: Sendable, Equatable, Codable {
    /// Where the optimum lies in [0, maxSparsity].
    public enum Boundary: String, Sendable, Codable {
        /// A stationary point strictly inside: sparsity pays, up to this level.
        case interior
        /// At S = 0: a dense model is best.
        case dense
        /// At the largest allowed sparsity: more would still help, and the answer is the cap,
        /// not an optimum.
        case cap
    }

    public var params: Double
    public var compute: Double
    public var sparsity: Double
    /// D = C / (6 N m(S)), the data the budget buys at this sparsity.
    public var tokens: Double
    public var loss: Double
    /// The dense model of the same N and C: D = C / (6 N), S = 0.
    public var denseTokens: Double
    public var denseLoss: Double
    /// denseLoss - loss (>= 0).
    public var gain: Double
    /// The dense size whose loss at the optimum's D matches it.
    public var equivalentDenseParams: Double
    public var boundary: Boundary
    public var maxSparsity: Double

    /// Every number is finite: false where N or C is so extreme that the law or the data it
    /// implies overflows, in which case there is no answer to report.
    public var isFinite: Bool {
        [sparsity, tokens, loss, denseTokens, denseLoss, gain, equivalentDenseParams].allSatisfy(\.isFinite)
    }
}

extension OptimalSparsity {
    /// The optimum found at `sparsity` for N and C, where training costs m(S) = `multiplier`
    /// (`trainingCompute`), beside the dense model of the same N and budget.
    init(law: SparseScalingLaw, params: Double, compute: Double, sparsity: Double, multiplier: Double, maxSparsity: Double) {
        let tokens = compute / trainingCompute(params: params, tokens: 1, multiplier: multiplier)
        let loss = law.loss(nonZeroParams: params, sparsity: sparsity, tokens: tokens)
        let denseTokens = compute / trainingCompute(params: params, tokens: 1)
        let denseLoss = law.loss(nonZeroParams: params, sparsity: 0, tokens: denseTokens)
        let boundary: Boundary = sparsity <= 0 ? .dense : (sparsity >= maxSparsity ? .cap : .interior)
        self.init(params: params, compute: compute, sparsity: sparsity, tokens: tokens, loss: loss,
                  denseTokens: denseTokens, denseLoss: denseLoss, gain: denseLoss - loss,
                  equivalentDenseParams: law.equivalentDenseParams(nonZeroParams: params, sparsity: sparsity),
                  boundary: boundary, maxSparsity: maxSparsity)
    }
}
