/// A refusal of input data: which file, where in it, which field, and what is wrong.
///
/// Rendered for people as `FILE, line 12, field "loss" (column "val-loss"): "abc" is not a number`
/// by the presentation layer.
public struct DataError: Error, Sendable, Equatable {
    public var file: String
    public var location: SourceLocation?
    /// The field or key, as the file names it (`"loss" (column "val-loss")`, `coefficients.aS`).
    public var field: String?
    public var problem: DataProblem

    public init(file: String, location: SourceLocation? = nil, field: String? = nil, problem: DataProblem) {
        self.file = file
        self.location = location
        self.field = field
        self.problem = problem
    }
}
