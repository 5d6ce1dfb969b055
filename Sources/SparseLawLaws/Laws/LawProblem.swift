import SparseLawCore
import SparseLawReader

extension DataError {
    /// A refusal for a `LawProblem`, so that call sites name the case alone (`problem: .x`).
    public init(file: String, location: SourceLocation? = nil, field: String? = nil, problem: LawProblem) { self.init(file: file, location: location, field: field, problem: problem as any InputProblem) }
}

/// What is wrong with a law file, or with a question put to a law (a query outside its domain).
public enum LawProblem: InputProblem {
    case missingCoefficient(name: String, form: LawForm)
    case coefficientNotPositive(Double)
    /// A coefficient other than an exponent below 0 (0 itself is a term a fit found absent).
    case coefficientNegative(Double)
    case replicateShape(expected: Int)
    case missingKey
    case wrongType(detail: String)
    case notALawFile(detail: String?)
    /// A number no double can hold (`1e400`), as written.
    case numberBeyondDouble(String)
    /// A `form` that is neither sparse nor dense, as written.
    case unknownLawForm(String)
    /// A number outside the interval its field allows.
    case outOfBounds(Double, ValueBounds)
    /// A span whose minimum is above its maximum.
    case spanInverted(min: Double, max: Double)
    /// A fraction, or a number below `minimum` or above `maximum`, where a whole number belongs
    /// (a count, a seed).
    case notAWholeNumber(Double, minimum: Double, maximum: Double)
    /// A count outside `minimum...maximum` (no upper bound when nil).
    case countOutOfRange(Int, minimum: Int, maximum: Int?)
    /// A name that is neither a file nor a law found by name (`presets`: the names known).
    case unknownLaw(presets: [String])
    /// The folder of added laws, named by an environment variable, cannot be listed.
    case lawFolderUnlistable(variable: String)
    /// A law file written under another schema (another kind of output, or a later version).
    case unsupportedSchema(found: String, supported: String)
    /// Pattern constants for `count` replicates where the law has `expected`.
    case replicateCount(count: Int, expected: Int)
    /// A pattern named as an earlier one (`patterns[first]`), ignoring case and normalization.
    case duplicatePattern(String, first: Int)
    /// A pattern whose name is empty.
    case emptyPatternName
    /// A structured pattern the law has no constant for.
    case unknownPattern(pattern: String, known: [String])
    /// A sparse query of a dense law.
    case sparsityForDenseLaw(Double)
    /// The law is not finite at the query.
    case lawNotFinite
    /// Bootstrap replicate `replicate` (from 0) of the law is not finite at the query.
    case replicateNotFinite(replicate: Int)
    /// The law has the pattern's constant but its bootstrap replicates do not (a law file written
    /// before they were kept): an interval from the unstructured term would be wrong.
    case replicatesWithoutPattern(pattern: String)
    /// A query of a structured pattern at sparsity 0 (a dense run), in a file of queries.
    case patternWithoutSparsity(pattern: String)

    public var code: String {
        switch self {
        case .missingCoefficient: return "law.missing-coefficient"
        case .coefficientNotPositive: return "law.coefficient-not-positive"
        case .coefficientNegative: return "law.coefficient-negative"
        case .replicateShape: return "law.replicate-shape"
        case .missingKey: return "law.missing-key"
        case .wrongType: return "law.wrong-type"
        case .notALawFile: return "law.not-a-law-file"
        case .numberBeyondDouble: return "law.number-beyond-double"
        case .unknownLawForm: return "law.unknown-form"
        case .outOfBounds: return "law.out-of-bounds"
        case .spanInverted: return "law.span-inverted"
        case .countOutOfRange: return "law.count-out-of-range"
        case .notAWholeNumber: return "law.not-a-whole-number"
        case .unknownLaw: return "law.unknown"
        case .lawFolderUnlistable: return "law.folder-unlistable"
        case .unsupportedSchema: return "law.unsupported-schema"
        case .replicateCount: return "law.replicate-count"
        case .duplicatePattern: return "law.duplicate-pattern"
        case .emptyPatternName: return "law.empty-pattern-name"
        case .unknownPattern: return "query.unknown-pattern"
        case .sparsityForDenseLaw: return "query.sparsity-for-dense-law"
        case .lawNotFinite: return "query.not-finite"
        case .replicateNotFinite: return "query.replicate-not-finite"
        case .replicatesWithoutPattern: return "query.replicates-without-pattern"
        case .patternWithoutSparsity: return "query.pattern-without-sparsity"
        }
    }
}
