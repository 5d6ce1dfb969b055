import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

/// 95% percentile intervals of the optimum over bootstrap replicates of a law.
public struct OptimumIntervals: Sendable, Equatable, Codable {
    public var sparsity: Interval
    public var tokens: Interval
    public var loss: Interval
    /// Replicates whose optimum lay at the cap: their sparsity is a bound, so a large share
    /// means the upper end of the interval is the cap, not a measurement.
    public var atCap: Int
    public var replicates: Int
    /// Each replicate's paired gain over dense, L_dense,r - L_r, in replicate order: the input
    /// of `SparsityVerdict`.
    public var gains: [Double] = []
}

extension OptimumIntervals {
    /// The intervals over the replicates' optima at (N, C). A replicate whose optimum is not
    /// finite is refused by its index: an interval over overflowing values would mean nothing.
    init(optima: [OptimalSparsity], params: Double, compute: Double) throws(QueryError) {
        if let index = optima.firstIndex(where: { !$0.isFinite || !($0.tokens > 0) }) {
            throw .replicateNotFinite(replicate: index, params: params, compute: compute)
        }
        func interval(_ values: [Double]) -> Interval {
            // Finite values (checked above) always have an interval.
            percentileInterval(values) ?? Interval(0, 0)
        }
        self.init(sparsity: interval(optima.map(\.sparsity)), tokens: interval(optima.map(\.tokens)),
                  loss: interval(optima.map(\.loss)), atCap: optima.filter { $0.boundary == .cap }.count,
                  replicates: optima.count, gains: optima.map(\.gain))
    }
}

extension SparsityOptimizer {
    /// The same question asked of each replicate law (same cost model and cap); nil without
    /// replicates. A replicate whose optimum is not finite is refused by its index: an interval
    /// over overflowing values would mean nothing.
    public func intervals(replicates: [SparseScalingLaw], params: Double, compute: Double) throws(QueryError) -> OptimumIntervals? {
        guard !replicates.isEmpty else { return nil }
        let optima = replicates.map { law in with(law: law).optimum(params: params, compute: compute) }
        return try OptimumIntervals(optima: optima, params: params, compute: compute)
    }

    /// The 95% band of the contour of `level`: percentiles of C_s(N) over the replicates (none
    /// without replicates; NaN where a replicate's contour is not finite, which
    /// `SparsityQuery.checkContours` refuses first).
    public func contourBand(level: Double, params: [Double], replicates: [SparseScalingLaw]) -> [(params: Double, low: Double, high: Double)] {
        guard !replicates.isEmpty else { return [] }
        let optimizers = replicates.map(with(law:))
        return params.map { n in
            let range = percentileInterval(optimizers.map { $0.contourCompute(level: level, params: n) })
            return (n, range?.lowerBound ?? .nan, range?.upperBound ?? .nan)
        }
    }
}

extension SparsityOptimizer {
    /// The same question (cost model and cap) asked of another law.
    func with(law: SparseScalingLaw) -> SparsityOptimizer {
        var copy = self
        copy.law = law
        return copy
    }
}
