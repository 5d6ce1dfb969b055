import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

/// A question of optimal sparsity asked of a law file: the law, its cost model and cap, and its
/// bootstrap replicates, checked once so that every answer can be given.
public struct SparsityQuery: Sendable {
    public var file: LawFile
    /// Where the law was read from.
    public var path: String
    public var optimizer: SparsityOptimizer
    /// The replicate laws of a law fitted with a bootstrap (empty otherwise).
    public var replicates: [SparseScalingLaw]
    /// How the law's D was made to count tokens (set by whoever converted `file`).
    public var dataUnit: DataUnitResolution = .tokens

    /// - Parameters:
    ///   - path: where the law was read from, for messages.
    ///   - maxSparsity: the cap; nil for the law's default (`LawFile.defaultMaxSparsity`).
    public init(file: LawFile, path: String, cost: CostModel, maxSparsity: Double?) throws(QueryError) {
        let law: ScalingLaw
        do { law = try file.law(file: path) } catch { throw .data(error) }
        guard case .sparse(let sparse) = law else { throw .denseLaw(name: file.name ?? path) }
        // A fit can leave a term at 0; the trade between sparsity, size and data needs both.
        if sparse.aS == 0 { throw .termAtZero(coefficient: "aS", name: file.name ?? path) }
        if sparse.aD == 0 { throw .termAtZero(coefficient: "aD", name: file.name ?? path) }
        guard let optimizer = SparsityOptimizer(law: sparse, cost: cost, maxSparsity: maxSparsity ?? file.defaultMaxSparsity) else {
            throw .maxSparsityOutOfRange(maxSparsity ?? file.defaultMaxSparsity)
        }
        do { replicates = try file.sparseReplicates(file: path) } catch { throw .data(error) }
        self.file = file
        self.path = path
        self.optimizer = optimizer
    }

    /// The optimum at N and C, with its bootstrap intervals and what to be wary of.
    public func answer(params: Double, compute: Double) throws(QueryError) -> SparsityAnswer {
        let optimum = optimizer.optimum(params: params, compute: compute)
        guard optimum.isFinite, optimum.tokens > 0 else { throw .notFinite(params: params, compute: compute) }
        let intervals = try optimizer.intervals(replicates: replicates, params: params, compute: compute)
        var warnings: [OptimumWarning] = []
        if optimum.boundary == .cap { warnings.append(.atCap(optimizer.maxSparsity)) }
        warnings += file.extrapolationWarnings(params: params, tokens: optimum.tokens, maxSparsity: optimizer.maxSparsity)
            .map(OptimumWarning.extrapolation)
        // A tenth of the replicates at the cap makes the interval's upper end a bound.
        if let intervals, intervals.atCap * 10 > intervals.replicates {
            warnings.append(.replicatesAtCap(count: intervals.atCap, replicates: intervals.replicates))
        }
        return SparsityAnswer(optimum: optimum, intervals: intervals, warnings: warnings)
    }
}

/// The optimum for one (N, C), with its uncertainty and warnings.
public struct SparsityAnswer: Sendable, Equatable {
    public var optimum: OptimalSparsity
    public var intervals: OptimumIntervals?
    public var warnings: [OptimumWarning]
}

/// What to be wary of in an optimal sparsity.
public enum OptimumWarning: Diagnostic {
    /// The loss still falls at the cap: the answer is a bound, not an interior optimum.
    case atCap(Double)
    /// The query extrapolates beyond what the law was fitted on.
    case extrapolation(ExtrapolationWarning)
    /// `count` of `replicates` bootstrap replicates put the optimum at the cap.
    case replicatesAtCap(count: Int, replicates: Int)

    public var code: String {
        switch self {
        case .atCap: return "optimum.at-cap"
        case .extrapolation(let warning): return warning.code
        case .replicatesAtCap: return "optimum.replicates-at-cap"
        }
    }

    public var values: [String: JSONValue] {
        switch self {
        case .atCap(let cap): return ["cap": .number(cap)]
        case .extrapolation(let warning): return warning.values
        case let .replicatesAtCap(count, replicates): return ["count": .integer(count), "replicates": .integer(replicates)]
        }
    }
}

/// Why a question of optimal sparsity has no answer.
public enum QueryError: Error, Sendable, Equatable {
    /// The law file cannot be used.
    case data(DataError)
    /// A dense law has no sparsity term.
    case denseLaw(name: String)
    case maxSparsityOutOfRange(Double)
    /// The law or the data it implies overflows at this N and C.
    case notFinite(params: Double, compute: Double)
    /// Sparse training from the start: more sparsity always helps, and no level is ever optimal
    /// short of the cap.
    case noContours
    /// A contour level outside [0, cap].
    case levelOutsideCap(level: Double, cap: Double)
    /// The law has aS = 0 (sparsity does not change its loss) or aD = 0 (its loss does not
    /// depend on data): there is no trade of sparsity against compute to optimize.
    case termAtZero(coefficient: String, name: String)
    /// Bootstrap replicate `replicate` (from 0) has no finite optimum at this N and C.
    case replicateNotFinite(replicate: Int, params: Double, compute: Double)
    /// The contour of `level` (of the law, or of bootstrap replicate `replicate`) is not a
    /// finite positive compute at N.
    case contourNotFinite(level: Double, params: Double, replicate: Int?)
    /// The dense compute-optimal line is not finite at N.
    case denseOptimalNotFinite(params: Double)
    /// A compute range whose ends are not finite and positive.
    case computeRangeNotFinite
}
