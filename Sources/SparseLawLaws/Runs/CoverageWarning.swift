import SparseLawCore
import SparseLawReader

/// What a set of runs is too thin to determine, for a law of a given form.
public enum CoverageWarning: Diagnostic {
    /// A single sparsity level: the sparse law's sparsity term cannot be fitted.
    case oneSparsityLevel(Double)
    /// Two sparsity levels: aS, bS and cS cannot all be pinned down.
    case twoSparsityLevels
    /// Fewer than three model sizes: the size exponent (bN, or alpha) is poorly determined.
    case fewSizes(distinct: Int, form: LawForm)
    /// Fewer than three data budgets: the data term (aD and bD, or B and beta) is poorly determined.
    case fewBudgets(distinct: Int, form: LawForm)
    /// Fewer runs than the law's free coefficients.
    case fewRuns(count: Int, coefficients: Int, form: LawForm)

    public var code: String {
        switch self {
        case .oneSparsityLevel: return "runs.one-sparsity-level"
        case .twoSparsityLevels: return "runs.two-sparsity-levels"
        case .fewSizes: return "runs.few-sizes"
        case .fewBudgets: return "runs.few-budgets"
        case .fewRuns: return "runs.few-runs"
        }
    }

    public var values: [String: JSONValue] {
        switch self {
        case .oneSparsityLevel(let sparsity): return ["sparsity": .number(sparsity)]
        case .twoSparsityLevels: return ["coefficients": .texts(["aS", "bS", "cS"])]
        case let .fewSizes(distinct, form): return ["distinct": .integer(distinct), "coefficients": .texts([form.sizeExponentName])]
        case let .fewBudgets(distinct, form): return ["distinct": .integer(distinct), "coefficients": .texts(form.dataTermNames)]
        case let .fewRuns(count, coefficients, form): return ["count": .integer(count), "coefficients": .integer(coefficients), "form": .text(form.rawValue)]
        }
    }
}

extension LawForm {
    /// The exponent of N: bN in the sparse law, alpha in the dense one.
    public var sizeExponentName: String { self == .sparse ? "bN" : "alpha" }
    /// The coefficients of the data term: aD and bD, or B and beta.
    public var dataTermNames: [String] { self == .sparse ? ["aD", "bD"] : ["B", "beta"] }
}
