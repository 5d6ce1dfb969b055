import SparseLawCore
import SparseLawReader

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The dense scaling law of Hoffmann et al. (2022, "Training Compute-Optimal Large Language
/// Models", eq. 2):
///
///     L(N, D) = E + A N^(-alpha) + B D^(-beta)
///
/// with N > 0 parameters and D > 0 training tokens; all five coefficients positive.
public struct DenseScalingLaw: Sendable, Equatable, Hashable {
    public var E: Double
    public var A: Double
    public var B: Double
    public var alpha: Double
    public var beta: Double

    public init(E: Double, A: Double, B: Double, alpha: Double, beta: Double) {
        self.E = E; self.A = A; self.B = B; self.alpha = alpha; self.beta = beta
    }

    public static let coefficientNames = ["E", "A", "B", "alpha", "beta"]

    public var coefficients: [Double] { [E, A, B, alpha, beta] }

    /// The law from its five coefficients in `coefficientNames` order; nil for any other count.
    public init?(coefficients v: [Double]) {
        guard v.count == 5 else { return nil }
        self.init(E: v[0], A: v[1], B: v[2], alpha: v[3], beta: v[4])
    }

    /// The predicted loss; NaN where N or D is not positive.
    public func loss(params: Double, tokens: Double) -> Double {
        guard params > 0, tokens > 0 else { return .nan }
        return E + A * pow(params, -alpha) + B * pow(tokens, -beta)
    }

    /// The same law in the sparse form at S = 0 (aS = 0, so it says nothing about sparsity):
    /// cS = A, bN = alpha, aD = B^(1 / beta), bD = beta, c = E.
    public var asSparseAtZero: SparseScalingLaw {
        SparseScalingLaw(aS: 0, bS: 1, cS: A, bN: alpha, aD: pow(B, 1 / beta), bD: beta, c: E)
    }
}
