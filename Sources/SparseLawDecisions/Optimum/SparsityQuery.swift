import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

/// The question of optimal sparsity asked of a law file on a hardware profile: the law, the
/// profile's optimizer and cap, and the law's bootstrap replicates, checked once so that every
/// answer can be given.
///
/// The cost models of the paper are profiles too: dense FLOPs are `HardwareProfile.dense` and
/// sparse FLOPs `HardwareProfile.ideal` (`CostModel.profile`). On them `ProfileOptimizer`
/// answers from `SparsityOptimizer`'s closed form, and contours can be drawn (`contourOptimizer`).
public struct SparsityQuery: Sendable {
    public var file: LawFile
    /// Where the law was read from.
    public var path: String
    public var optimizer: ProfileOptimizer
    /// The replicate laws of a law fitted with a bootstrap (empty otherwise).
    public var replicates: [SparseScalingLaw]
    /// How the law's D was made to count tokens (set by whoever converted `file`).
    public var dataUnit: DataUnitResolution = .tokens

    /// - Parameters:
    ///   - path: where the law was read from, for messages.
    ///   - maxSparsity: the cap; nil for the law's default (`LawFile.defaultMaxSparsity`).
    public init(file: LawFile, path: String, profile: HardwareProfile, schedule: PruningSchedule = PruningSchedule(),
                maxSparsity: Double?) throws(QueryError) {
        let law: ScalingLaw
        do { law = try file.law(file: path) } catch { throw .data(error) }
        guard case .sparse(let sparse) = law else { throw .denseLaw(name: file.name ?? path) }
        if let zero = TermAtZero(law: law, name: file.name ?? path, question: .optimalSparsity) { throw .termAtZero(zero) }
        let cap = maxSparsity ?? file.defaultMaxSparsity
        guard let optimizer = ProfileOptimizer(law: sparse, profile: profile, schedule: schedule, maxSparsity: cap) else {
            throw .maxSparsityOutOfRange(cap)
        }
        do { replicates = try file.sparseReplicates(file: path) } catch { throw .data(error) }
        self.file = file
        self.path = path
        self.optimizer = optimizer
    }

    /// The question under one of the paper's cost models: on the built-in profile it is.
    public init(file: LawFile, path: String, cost: CostModel, maxSparsity: Double?) throws(QueryError) {
        let (profile, schedule) = cost.profile
        try self.init(file: file, path: path, profile: profile, schedule: schedule, maxSparsity: maxSparsity)
    }

    /// The optimum at N and C, with its bootstrap intervals and what to be wary of.
    ///   - minGain: the smallest gain over dense (loss units) that counts as sparsity paying, for
    ///     the verdict (`SparsityVerdict`).
    public func answer(params: Double, compute: Double, minGain: Double = 0) throws(QueryError) -> SparsityAnswer {
        let optimum = optimizer.optimum(params: params, compute: compute)
        guard optimum.isFinite, optimum.tokens > 0 else { throw .notFinite(params: params, compute: compute) }
        let intervals = try optimizer.intervals(replicates: replicates, params: params, compute: compute)
        var warnings: [OptimumWarning] = []
        if optimum.boundary == .cap {
            // The cap is the smaller of the asked one and a measured curve's end.
            warnings.append(optimizer.cap < optimizer.maxSparsity ? .atCurveEnd(optimizer.cap) : .atCap(optimizer.cap))
        }
        warnings += optimizer.interpolationWarnings(params: params, compute: compute, sparsity: optimum.sparsity).map(OptimumWarning.interpolatedSpeedup)
        warnings += file.extrapolationWarnings(params: params, tokens: optimum.tokens, maxSparsity: optimizer.cap)
            .map(OptimumWarning.extrapolation)
        // A tenth of the replicates at the cap makes the interval's upper end a bound.
        if let intervals, intervals.atCap * 10 > intervals.replicates {
            warnings.append(.replicatesAtCap(count: intervals.atCap, replicates: intervals.replicates))
        }
        if intervals != nil, let condition = file.bootstrapCondition { warnings.append(.conditional(condition)) }
        let verdict = SparsityVerdict(gain: optimum.gain, replicateGains: intervals?.gains ?? [], minGain: minGain)
        if verdict.basis == .pointEstimate { warnings.append(.verdictWithoutReplicates) }
        return SparsityAnswer(optimum: optimum, intervals: intervals, warnings: warnings, verdict: verdict)
    }
}

/// The optimum for one (N, C), with its uncertainty and warnings.
public struct SparsityAnswer: Sendable, Equatable {
    public var optimum: OptimalSparsity
    public var intervals: OptimumIntervals?
    public var warnings: [OptimumWarning]
    /// Whether sparsity pays here, with the law's uncertainty.
    public var verdict: SparsityVerdict
}

/// What to be wary of in an optimal sparsity.
public enum OptimumWarning: Diagnostic {
    /// The loss still falls at the cap: the answer is a bound, not an interior optimum.
    case atCap(Double)
    /// The optimum is a measured curve's last point: more might pay, but was not measured.
    case atCurveEnd(Double)
    /// The query extrapolates beyond what the law was fitted on.
    case extrapolation(ExtrapolationWarning)
    /// `count` of `replicates` bootstrap replicates put the optimum at the cap.
    case replicatesAtCap(count: Int, replicates: Int)
    /// The optimum lies strictly between two measured points of the training curve.
    case interpolatedSpeedup(InterpolatedSpeedup)
    /// The intervals come from replicates some of which hold a coefficient at its bound.
    case conditional(BootstrapCondition)
    /// The verdict rests on the point estimate alone: the law has no replicates (a note).
    case verdictWithoutReplicates

    public var code: String {
        switch self {
        case .atCap: return "optimum.at-cap"
        case .atCurveEnd: return "optimum.at-curve-end"
        case .extrapolation(let warning): return warning.code
        case .replicatesAtCap: return "optimum.replicates-at-cap"
        case .interpolatedSpeedup(let warning): return warning.code
        case .conditional(let condition): return condition.code
        case .verdictWithoutReplicates: return "optimum.verdict-without-replicates"
        }
    }

    public var values: [String: JSONValue] {
        switch self {
        case .atCap(let cap): return ["cap": .number(cap)]
        case .atCurveEnd(let sparsity): return ["sparsity": .number(sparsity)]
        case .extrapolation(let warning): return warning.values
        case let .replicatesAtCap(count, replicates): return ["count": .integer(count), "replicates": .integer(replicates)]
        case .interpolatedSpeedup(let warning): return warning.values
        case .conditional(let condition): return condition.values
        case .verdictWithoutReplicates: return ["severity": .string("note")]
        }
    }
}
