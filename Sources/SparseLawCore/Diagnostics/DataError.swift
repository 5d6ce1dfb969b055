/// What is wrong with a piece of input data, as one stage sees it: `FileProblem` (the file
/// itself), the reader's `ReaderProblem` (tables, JSON, event files, fields), the laws'
/// `LawProblem` (law files and queries). Each is an enum with a stable code per case.
public protocol InputProblem: Diagnostic, Error {}

extension InputProblem {
    /// Problems carry their quantities in their cases; the words are made in the rendering stage.
    public var values: [String: JSONValue] { [:] }

    /// Whether `other` is the same problem: of the same type, and equal.
    public func isEqual(to other: any InputProblem) -> Bool {
        guard let other = other as? Self else { return false }
        return self == other
    }
}

/// A refusal of input data: which file, where in it, which field, and what is wrong.
///
/// Rendered for people as `FILE, line 12, field "loss" (column "val-loss"): "abc" is not a number`
/// by the presentation layer.
public struct DataError: Error, Sendable, Equatable {
    public var file: String
    public var location: SourceLocation?
    /// The field or key, as the file names it (`"loss" (column "val-loss")`, `coefficients.aS`).
    public var field: String?
    /// The stage's problem; `problem(as:)` gives it typed.
    public var problem: any InputProblem

    public init(file: String, location: SourceLocation? = nil, field: String? = nil, problem: any InputProblem) {
        self.file = file
        self.location = location
        self.field = field
        self.problem = problem
    }

    /// The problem, when it is one of `type`'s.
    public func problem<Problem: InputProblem>(as type: Problem.Type) -> Problem? { problem as? Problem }

    public static func == (lhs: DataError, rhs: DataError) -> Bool {
        lhs.file == rhs.file && lhs.location == rhs.location && lhs.field == rhs.field && lhs.problem.isEqual(to: rhs.problem)
    }
}
