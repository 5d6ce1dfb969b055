import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where in the N x C plane a sparsity is optimal.
///
/// Solving dL/dS = 0 at S = s for C gives the iso-contour S_opt = s exactly, for either cost model:
///
///     C_s(N) = 6 aD N (bD m(s)^(bD - 1) m'(s) N^bN / (aS bS (1 - s)^(bS - 1)))^(1 / bD)
///
/// a straight line of slope 1 + bN / bD in log-log axes. The dense compute-optimal line (the
/// dense size that minimizes the loss for compute C) is parallel to it:
///
///     C*(N) = 6 aD (bD / (bN (aS + cS)))^(1 / bD) N^(1 + bN / bD)
extension SparsityOptimizer {
    /// C_s(N): the compute at which sparsity `level` becomes optimal for N non-zero parameters.
    public func contourCompute(level: Double, params: Double) -> Double {
        let m = cost.multiplier(level), mPrime = cost.multiplierDerivative(level)
        let logInner = log(law.bD) + (law.bD - 1) * log(m) + log(mPrime) + law.bN * log(params)
            - log(law.aS * law.bS) - (law.bS - 1) * log1p(-level)
        return dataCompute * params * exp(logInner / law.bD)
    }

    /// C*(N): the compute for which a dense model of N parameters is compute-optimal.
    public func denseOptimalCompute(params: Double) -> Double {
        dataCompute * exp((log(law.bD) - log(law.bN * (law.aS + law.cS))) / law.bD) * pow(params, contourSlope)
    }

    /// The slope of every contour and of the dense compute-optimal line in log-log axes.
    public var contourSlope: Double { 1 + law.bN / law.bD }
}

/// A contour sampled for drawing: `points` pairs (N, C) with C = C_s(N), N log-spaced.
public struct ContourLine: Sendable, Equatable {
    public var level: Double
    public var points: [(params: Double, compute: Double)]

    public static func == (lhs: ContourLine, rhs: ContourLine) -> Bool {
        lhs.level == rhs.level && lhs.points.elementsEqual(rhs.points) { $0.params == $1.params && $0.compute == $1.compute }
    }
}

/// `count` values from `lower` to `upper`, evenly spaced in logarithm; empty unless
/// 0 < lower <= upper are finite and count >= 1.
public func logSpaced(from lower: Double, to upper: Double, count: Int) -> [Double] {
    guard lower > 0, upper >= lower, upper.isFinite, count >= 1 else { return [] }
    guard count > 1 else { return [lower] }
    let a = log(lower), b = log(upper)
    return (0..<count).map { index in
        index == 0 ? lower : (index == count - 1 ? upper : exp(a + (b - a) * Double(index) / Double(count - 1)))
    }
}

extension SparsityOptimizer {
    public func contour(level: Double, params: [Double]) -> ContourLine {
        ContourLine(level: level, points: params.map { ($0, contourCompute(level: level, params: $0)) })
    }

    public func denseOptimalLine(params: [Double]) -> [(params: Double, compute: Double)] {
        params.map { ($0, denseOptimalCompute(params: $0)) }
    }
}
