import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The N x C window of a contour figure, grid or CSV when none is asked for: centered on the
/// runs the law was fitted on and on the dense compute-optimal line, whole decades wide.
///
/// - N: the fitted sizes' span with half a decade on either side, at least three decades, centered on
///   the span's geometric middle; 1e7 ... 1e11 for a law that does not record its data (presets).
/// - C: from a decade below the dense compute-optimal line C*(N) at the smallest N to the highest
///   contour asked for at the largest N, held to between one and four decades above C* there,
///   and widened to take in the fitted runs' own budgets 6 N D / (1 - S) (dense FLOPs). The contours are
///   parallel to C*, so this frames the diagonal band where sparsity starts and stops paying
///   rather than sixteen decades of plane.
public struct ContourRanges: Sendable, Equatable {
    public var params: ClosedRange<Double>
    public var compute: ClosedRange<Double>

    public init(params: ClosedRange<Double>, compute: ClosedRange<Double>) {
        self.params = params
        self.compute = compute
    }

    /// The default window for `levels`, given what the law was fitted on (nil: unknown).
    public static func centered(_ optimizer: SparsityOptimizer, levels: [Double], fitted: LawFile.Ranges?,
                                maxFittedSparsity: Double? = nil) -> ContourRanges {
        let params = centeredParams(fitted: fitted?.params)
        var fittedCompute: ClosedRange<Double>? = nil
        if let n = fitted?.params, let d = fitted?.tokens, n.min > 0, d.min > 0, n.max.isFinite, d.max.isFinite {
            let densest = min(max(maxFittedSparsity ?? 0, 0), 0.999)
            fittedCompute = trainingCompute(params: n.min, tokens: d.min)...trainingCompute(params: n.max, tokens: d.max) / (1 - densest)
        }
        return ContourRanges(params: params, compute: compute(optimizer, levels: levels, params: params, including: fittedCompute))
    }

    /// The N window: the fitted span with half a decade either side, at least three decades.
    static func centeredParams(fitted: LawFile.Span?) -> ClosedRange<Double> {
        guard let span = fitted, span.min > 0, span.max >= span.min, span.max.isFinite else { return 1e7...1e11 }
        let low = log10(span.min), high = log10(span.max)
        let middle = (low + high) / 2, half = max((high - low) / 2 + 0.5, 1.5)
        return pow(10, floor(middle - half))...pow(10, ceil(middle + half))
    }

    /// The C window for an N window, in whole decades.
    public static func compute(_ optimizer: SparsityOptimizer, levels: [Double], params: ClosedRange<Double>,
                               including fitted: ClosedRange<Double>? = nil) -> ClosedRange<Double> {
        let denseLow = optimizer.denseOptimalCompute(params: params.lowerBound)
        let denseHigh = optimizer.denseOptimalCompute(params: params.upperBound)
        let highest = levels.map { optimizer.contourCompute(level: $0, params: params.upperBound) }.filter(\.isFinite).max() ?? denseHigh
        let above = min(max(log10(highest / denseHigh) + 0.3, 1), 4)
        var low = log10(denseLow) - 1, high = log10(denseHigh) + above
        if let fitted {
            low = min(low, log10(fitted.lowerBound))
            high = max(high, log10(fitted.upperBound))
        }
        guard low.isFinite, high.isFinite, high > low else { return 1e15...1e28 }
        return pow(10, floor(low))...pow(10, ceil(high))
    }
}
