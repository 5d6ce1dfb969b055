import SparseLawCore
import SparseLawLaws

/// Whether sparsity pays, judged with the law's uncertainty: the rule every answer that compares
/// a sparse choice with the dense one uses (`optimal` now; a plan's choice can give its paired
/// gains the same way).
///
/// With bootstrap replicates r = 1..R of the law, the paired gain g_r = L_dense,r - L_sparse,r
/// is the same comparison asked of replicate r (its own dense and sparse answers). Sparse "wins"
/// a replicate when g_r > 0, and by at least `minGain` when that is positive (g_r >= minGain).
/// The verdict (math.md section 10):
///
/// - `sparse` when it wins in at least 95% of the replicates;
/// - `dense` when it wins in at most 5%;
/// - `unclear` otherwise: the replicates disagree, and the data do not settle it.
///
/// `gainInterval` is the 2.5/97.5 percentile interval of g_r. A law without replicates gets the
/// verdict of its point estimate (`sparse` when the point gain wins, else `dense`) with basis
/// `pointEstimate`: nothing says how sure it is, and a bootstrap (`fit --bootstrap`) would.
///
/// Edge cases: an optimum that is dense has gain exactly 0 and never wins; `minGain` must be
/// finite and >= 0 (the caller refuses others).
public struct SparsityVerdict: Sendable, Equatable {
    public enum Outcome: String, Sendable, Equatable, Codable {
        case sparse, dense, unclear
    }

    public enum Basis: String, Sendable, Equatable, Codable {
        /// From the share of bootstrap replicates in which sparsity wins.
        case replicates
        /// From the point estimate alone: the law has no replicates.
        case pointEstimate
    }

    /// The share of replicates sparsity must win for `sparse` (and lose for `dense`, as 1 - it).
    public static let confidence = 0.95

    public var outcome: Outcome
    public var basis: Basis
    /// The smallest gain that counts as a win (loss units); 0: any positive gain.
    public var minGain: Double
    /// The point estimate's gain.
    public var gain: Double
    /// The 95% percentile interval of the replicates' paired gains; nil without replicates.
    public var gainInterval: Interval?
    /// The share of replicates sparsity wins (by at least `minGain`); nil without replicates.
    public var winShare: Double?
    /// Replicates judged (0 without).
    public var replicates: Int

    /// Whether a gain counts as a win of sparsity.
    public static func wins(_ gain: Double, minGain: Double) -> Bool {
        minGain > 0 ? gain >= minGain : gain > 0
    }

    /// The verdict on a point gain and the replicates' paired gains (empty: none).
    public init(gain: Double, replicateGains: [Double], minGain: Double = 0) {
        self.gain = gain
        self.minGain = minGain
        replicates = replicateGains.count
        guard !replicateGains.isEmpty else {
            basis = .pointEstimate
            outcome = Self.wins(gain, minGain: minGain) ? .sparse : .dense
            gainInterval = nil
            winShare = nil
            return
        }
        basis = .replicates
        gainInterval = percentileInterval(replicateGains)
        let share = Double(replicateGains.filter { Self.wins($0, minGain: minGain) }.count) / Double(replicateGains.count)
        winShare = share
        // The tolerance makes 19 of 20 replicates count as 95% whatever the rounding of the share.
        if share >= Self.confidence - 1e-12 {
            outcome = .sparse
        } else if share <= 1 - Self.confidence + 1e-12 {
            outcome = .dense
        } else {
            outcome = .unclear
        }
    }
}
