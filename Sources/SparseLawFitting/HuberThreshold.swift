import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

/// The Huber threshold chosen from the residuals' robust scale (`fit --delta auto`).
///
/// delta = 1.345 sigma-hat, with sigma-hat = 1.4826 x MAD, the median absolute deviation of a
/// first fit's residuals r_i (in the loss's own residual: log predicted - log measured for
/// `huber-log`) from their median. 1.4826 makes the MAD a consistent estimate of the standard
/// deviation of Gaussian noise; 1.345 sigma is Huber's tuning constant, which keeps 95% of the
/// least-squares efficiency under Gaussian noise while bounding the pull of an outlier (Huber,
/// Robust Statistics, 1981; math.md section 10). The law is then refitted once with it.
///
/// The conventional delta = 1e-3 on log loss is far below ordinary noise (0.3-1%), which makes
/// the fit nearly an L1 fit: robust, less efficient. It stays the default, so that objectives
/// stay comparable with published ones.
///
/// Edge case: where half the residuals or more are exactly the median (an exact fit), the MAD is 0
/// and no threshold follows from it; the first fit's threshold is kept (`scale` 0).
public struct HuberThreshold: Sendable, Equatable, Codable {
    /// Huber's tuning constant, in units of the noise's standard deviation.
    public static let tuning = 1.345
    /// 1 / Phi^-1(3/4): the MAD of a standard normal is 1 / 1.4826.
    public static let madToSigma = 1.4826

    /// The threshold of the first fit.
    public var firstDelta: Double
    /// sigma-hat = 1.4826 x MAD of the first fit's residuals.
    public var scale: Double
    /// The threshold the law was refitted with: 1.345 x scale, or `firstDelta` when scale is 0.
    public var delta: Double

    /// The threshold from the residuals of a first fit made with `firstDelta`.
    public init(residuals: [Double], firstDelta: Double) {
        self.firstDelta = firstDelta
        let sorted = residuals.filter(\.isFinite).sorted()
        guard !sorted.isEmpty else {
            scale = 0
            delta = firstDelta
            return
        }
        let center = percentile(sorted: sorted, 0.5)
        let mad = percentile(sorted: sorted.map { abs($0 - center) }.sorted(), 0.5)
        scale = Self.madToSigma * mad
        delta = scale > 0 && scale.isFinite ? Self.tuning * scale : firstDelta
    }
}

extension LawFitter {
    /// Fits, then refits once with the Huber threshold from the first fit's residuals.
    static func fitWithAutomaticDelta(_ runs: [TrainingRun], options: FitOptions) throws(FitError) -> (fit: LawFit, threshold: HuberThreshold) {
        let first = try fit(runs, options: options)
        let residuals = runs.map { options.loss.residual(predicted: first.predictedLoss(of: $0), measured: $0.loss).value }
        let threshold = HuberThreshold(residuals: residuals, firstDelta: options.loss.delta)
        var refit = options
        refit.loss.delta = threshold.delta
        return (try fit(runs, options: refit), threshold)
    }
}
