import SparseLawCore
import SparseLawLaws

/// Why a design was refused.
public enum DesignError: Error, Diagnostic {
    /// Not even the cheapest candidate (its training compute plus the per-run overhead) fits the
    /// study budget.
    case budgetBelowCheapest(budget: Double, cheapest: Double)
    /// The target needs a sparse law (an optimal sparsity, a plan's gain), and the law is dense.
    case targetNeedsSparseLaw
    /// The coefficient named is not one of the form's.
    case unknownCoefficient(name: String, form: LawForm)
    /// The law gives no finite value of the target (a plan that overflows), or it is flat in every
    /// coefficient the runs can inform.
    case targetNotDefined
    /// No candidates to choose from.
    case noCandidates
    /// The study budget or the per-run overhead is not a positive finite number of FLOPs (the
    /// overhead may be 0).
    case budgetNotPositive
    /// Fewer runs than the law has free coefficients, so there is no residual scale.
    case tooFewRuns(count: Int, needed: Int)

    public var code: String {
        switch self {
        case .budgetBelowCheapest: return "design.budget-below-cheapest"
        case .targetNeedsSparseLaw: return "design.target-needs-sparse-law"
        case .unknownCoefficient: return "design.unknown-coefficient"
        case .targetNotDefined: return "design.target-not-defined"
        case .noCandidates: return "design.no-candidates"
        case .budgetNotPositive: return "design.budget-not-positive"
        case .tooFewRuns: return "design.too-few-runs"
        }
    }

    public var values: [String: JSONValue] {
        switch self {
        case .budgetBelowCheapest(let budget, let cheapest): return ["budget": .number(budget), "cheapest": .number(cheapest)]
        case .unknownCoefficient(let name, let form): return ["name": .string(name), "form": .string(form.rawValue)]
        case .tooFewRuns(let count, let needed): return ["runs": .integer(count), "needed": .integer(needed)]
        default: return [:]
        }
    }
}

/// What is wrong with a line of a candidates file (given to `DataError` with its file, line and
/// field).
public enum CandidateProblem: InputProblem {
    /// The header lacks one of params, sparsity, tokens.
    case missingColumn(String)
    /// A row with fewer fields than the header.
    case missingField
    case notANumber(String)
    /// N or D not positive and finite.
    case notPositive(Double)
    /// S outside [0, 1).
    case sparsityOutsideDomain(Double)
    /// S > 0 for a dense law, which has no sparsity term.
    case sparsityForDenseLaw(Double)
    /// A file with a header and no rows.
    case noRows

    public var code: String {
        switch self {
        case .missingColumn: return "design.candidates-missing-column"
        case .missingField: return "design.candidates-missing-field"
        case .notANumber: return "design.candidates-not-a-number"
        case .notPositive: return "design.candidates-not-positive"
        case .sparsityOutsideDomain: return "design.candidates-sparsity-outside-domain"
        case .sparsityForDenseLaw: return "design.candidates-sparsity-for-dense-law"
        case .noRows: return "design.candidates-no-rows"
        }
    }
}
