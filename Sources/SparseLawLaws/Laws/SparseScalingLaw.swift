import SparseLawCore
import SparseLawReader

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The sparse scaling law of Frantar et al. (2023, "Scaling Laws for Sparsely-Connected
/// Foundation Models", eq. 1):
///
///     L(S, N, D) = (aS (1 - S)^bS + cS) N^(-bN) + (aD / D)^bD + c
///
/// - S: sparsity, the fraction of zero weights, in [0, 1).
/// - N: non-zero parameters (> 0), in the unit the law was fitted in.
/// - D: training data (> 0), in the unit the law was fitted in (tokens, images, ...).
///
/// All seven coefficients are positive. At S = 0 the law is the dense Chinchilla law with
/// A = aS + cS, alpha = bN, B = aD^bD, beta = bD, E = c (see `denseLimit`).
///
/// Units: measuring N in units of k multiplies aS and cS by k^bN; measuring D in units of k
/// divides aD by k.
public struct SparseScalingLaw: Sendable, Equatable, Hashable {
    public var aS: Double
    public var bS: Double
    public var cS: Double
    public var bN: Double
    public var aD: Double
    public var bD: Double
    public var c: Double

    public init(aS: Double, bS: Double, cS: Double, bN: Double, aD: Double, bD: Double, c: Double) {
        self.aS = aS; self.bS = bS; self.cS = cS; self.bN = bN; self.aD = aD; self.bD = bD; self.c = c
    }

    public static let coefficientNames = ["aS", "bS", "cS", "bN", "aD", "bD", "c"]

    /// The largest sparsity a question of sparsity considers when neither its asker nor the law's
    /// fit gives one: at S -> 1 the model has no weights left to train, so some cap below 1 is needed.
    public static let defaultMaxSparsity = 0.99

    public var coefficients: [Double] { [aS, bS, cS, bN, aD, bD, c] }

    /// The law from its seven coefficients in `coefficientNames` order; nil for any other count.
    public init?(coefficients v: [Double]) {
        guard v.count == 7 else { return nil }
        self.init(aS: v[0], bS: v[1], cS: v[2], bN: v[3], aD: v[4], bD: v[5], c: v[6])
    }

    /// The multiplier of N^(-bN): aS (1 - S)^bS + cS. Equals aS + cS at S = 0 and falls to cS as
    /// S approaches 1.
    public func sparsityFactor(_ sparsity: Double) -> Double {
        aS * pow(1 - sparsity, bS) + cS
    }

    /// The predicted loss; NaN outside the domain (S outside [0, 1], N or D not positive).
    public func loss(nonZeroParams: Double, sparsity: Double, tokens: Double) -> Double {
        guard nonZeroParams > 0, tokens > 0, sparsity >= 0, sparsity <= 1 else { return .nan }
        return sparsityFactor(sparsity) * pow(nonZeroParams, -bN) + pow(aD / tokens, bD) + c
    }

    /// The predicted loss of a run whose structured (n:m) pattern has its own fitted constant q
    /// in place of the sparsity factor: q N^(-bN) + (aD / D)^bD + c. NaN unless N and D are
    /// positive and q is 0 or more (0: a fit found the pattern's size term absent, as it may find
    /// aS or cS).
    public func loss(sparsityFactor q: Double, nonZeroParams: Double, tokens: Double) -> Double {
        guard q >= 0, nonZeroParams > 0, tokens > 0 else { return .nan }
        return q * pow(nonZeroParams, -bN) + pow(aD / tokens, bD) + c
    }

    /// The dense model size whose loss equals that of N non-zeros at sparsity S, at the same D:
    /// N ((aS + cS) / (aS (1 - S)^bS + cS))^(1 / bN). It grows with S, and tends to
    /// N ((aS + cS) / cS)^(1 / bN) as S approaches 1.
    public func equivalentDenseParams(nonZeroParams: Double, sparsity: Double) -> Double {
        nonZeroParams * pow((aS + cS) / sparsityFactor(sparsity), 1 / bN)
    }

    /// The unstructured sparsity S whose factor aS (1 - S)^bS + cS equals `factor`:
    /// S = 1 - ((factor - cS) / aS)^(1 / bS), defined for cS < factor <= aS + cS (nil outside).
    public func equivalentSparsity(factor: Double) -> Double? {
        guard factor > cS, factor <= aS + cS, aS > 0 else { return nil }
        return 1 - pow((factor - cS) / aS, 1 / bS)
    }

    /// The law at S = 0, in Chinchilla's form.
    public var denseLimit: DenseScalingLaw {
        DenseScalingLaw(E: c, A: aS + cS, B: pow(aD, bD), alpha: bN, beta: bD)
    }
}
