import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

/// The question of `optimal` on a hardware profile with a measured training curve: the law, the
/// profile's optimizer and the law's bootstrap replicates, checked once. (The built-in curves are
/// the cost models of `SparsityQuery`, which answers for them.)
public struct HardwareSparsityQuery: Sendable {
    public var file: LawFile
    public var optimizer: ProfileOptimizer
    public var replicates: [SparseScalingLaw]
    /// How the law's D was made to count tokens (set by whoever converted `file`).
    public var dataUnit: DataUnitResolution = .tokens

    /// - Parameter maxSparsity: the cap; nil for the law's default (`LawFile.defaultMaxSparsity`).
    public init(file: LawFile, path: String, profile: HardwareProfile, schedule: PruningSchedule, maxSparsity: Double?) throws(QueryError) {
        let law: ScalingLaw
        do { law = try file.law(file: path) } catch { throw .data(error) }
        guard case .sparse(let sparse) = law else { throw .denseLaw(name: file.name ?? path) }
        // As for `SparsityQuery`: the trade between sparsity, size and data needs both terms.
        if sparse.aS == 0 { throw .termAtZero(coefficient: "aS", name: file.name ?? path) }
        if sparse.aD == 0 { throw .termAtZero(coefficient: "aD", name: file.name ?? path) }
        let cap = maxSparsity ?? file.defaultMaxSparsity
        guard let optimizer = ProfileOptimizer(law: sparse, profile: profile, schedule: schedule, maxSparsity: cap) else {
            throw .maxSparsityOutOfRange(cap)
        }
        do { replicates = try file.sparseReplicates(file: path) } catch { throw .data(error) }
        self.file = file
        self.optimizer = optimizer
    }

    public func answer(params: Double, compute: Double) throws(QueryError) -> HardwareSparsityAnswer {
        let optimum = optimizer.optimum(params: params, compute: compute)
        guard optimum.isFinite, optimum.tokens > 0 else { throw .notFinite(params: params, compute: compute) }
        let intervals = try optimizer.intervals(replicates: replicates, params: params, compute: compute)
        var warnings: [HardwareOptimumWarning] = []
        if optimum.boundary == .cap {
            warnings.append(optimizer.cap < optimizer.maxSparsity ? .atCurveEnd(optimizer.cap) : .optimum(.atCap(optimizer.cap)))
        }
        warnings += file.extrapolationWarnings(params: params, tokens: optimum.tokens, maxSparsity: optimizer.cap)
            .map { .optimum(.extrapolation($0)) }
        if let intervals, intervals.atCap * 10 > intervals.replicates {
            warnings.append(.optimum(.replicatesAtCap(count: intervals.atCap, replicates: intervals.replicates)))
        }
        return HardwareSparsityAnswer(optimum: optimum, intervals: intervals, warnings: warnings)
    }
}

/// The optimum on a hardware profile, with its uncertainty and warnings.
public struct HardwareSparsityAnswer: Sendable, Equatable {
    public var optimum: OptimalSparsity
    public var intervals: OptimumIntervals?
    public var warnings: [HardwareOptimumWarning]
}

/// What to be wary of in an optimum on a measured curve.
public enum HardwareOptimumWarning: Diagnostic {
    case optimum(OptimumWarning)
    /// The optimum is the curve's last measured sparsity: more might pay, but was not measured.
    case atCurveEnd(Double)

    public var code: String {
        switch self {
        case .optimum(let warning): return warning.code
        case .atCurveEnd: return "optimum.at-curve-end"
        }
    }

    public var values: [String: JSONValue] {
        switch self {
        case .optimum(let warning): return warning.values
        case .atCurveEnd(let sparsity): return ["sparsity": .number(sparsity)]
        }
    }
}
