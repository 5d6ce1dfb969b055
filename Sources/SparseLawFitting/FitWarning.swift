import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

/// What a fit's user should know about how far to trust it.
public enum FitWarning: Diagnostic {
    /// The runs are too thin for part of the law.
    case coverage(CoverageWarning)
    /// The Jacobian is rank deficient at the solution: some standard errors mean nothing.
    case rankDeficient
    /// Two free coefficients correlate beyond 0.995: the data pin down a combination of them.
    case nearlyInterchangeable(first: String, second: String, correlation: Double)
    /// As many runs as free coefficients: the law interpolates, with no uncertainty.
    case interpolates
    /// aS is negligible beside aS + cS: sparsity does not change the loss on these data.
    case sparsityTermVanishes
    /// cS is negligible beside aS + cS: the law says infinitely sparse models lose nothing.
    case denseLimitVanishes
    /// The best solve stopped before its convergence test held, for GSL's reason.
    case notConverged(status: GSLStatus?)
    /// Only one of `starts` polished starts reached the best objective.
    case singleStartAtBest(starts: Int)
    /// Bootstrap refits that failed and are left out of the intervals.
    case bootstrapFailures(failed: Int, requested: Int)
    /// Replicates that still hold coefficients at 0 after re-checking the bound on their resample.
    case bootstrapConditional(BootstrapCondition)
    /// A coefficient at the edge of the law's domain (at 0, or an exponent at a plausible bound).
    case degenerate(Degeneracy)

    public var code: String {
        switch self {
        case .coverage(let warning): return warning.code
        case .rankDeficient: return "fit.rank-deficient"
        case .nearlyInterchangeable: return "fit.nearly-interchangeable"
        case .interpolates: return "fit.interpolates"
        case .sparsityTermVanishes: return "fit.sparsity-term-vanishes"
        case .denseLimitVanishes: return "fit.dense-limit-vanishes"
        case .notConverged: return "fit.not-converged"
        case .singleStartAtBest: return "fit.single-start-at-best"
        case .bootstrapFailures: return "fit.bootstrap-failures"
        case .bootstrapConditional(let condition): return condition.code
        case .degenerate(let degeneracy): return degeneracy.code
        }
    }

    public var values: [String: JSONValue] {
        switch self {
        case .coverage(let warning): return warning.values
        case .rankDeficient, .interpolates: return [:]
        case let .nearlyInterchangeable(first, second, correlation):
            return ["coefficients": .texts([first, second]), "correlation": .number(correlation)]
        case .sparsityTermVanishes: return ["coefficient": .text("aS")]
        case .denseLimitVanishes: return ["coefficient": .text("cS")]
        case .notConverged(let status): return status.map { ["status": .integer(Int($0.code))] } ?? [:]
        case .singleStartAtBest(let starts): return ["starts": .integer(starts)]
        case let .bootstrapFailures(failed, requested): return ["failed": .integer(failed), "requested": .integer(requested)]
        case .bootstrapConditional(let condition): return condition.values
        case .degenerate(let degeneracy): return degeneracy.values
        }
    }
}
