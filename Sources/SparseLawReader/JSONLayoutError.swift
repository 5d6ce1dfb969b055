import SparseLawCore

/// A refusal of a JSON document whose layout the reader recognized but whose content does not
/// follow it.
public struct JSONLayoutError: Error, Equatable, Sendable {
    /// The record (1-based position in the array that holds the rows), when the problem is in one.
    public var location: SourceLocation?
    public var problem: JSONLayoutProblem

    public init(location: SourceLocation? = nil, problem: JSONLayoutProblem) {
        self.location = location
        self.problem = problem
    }
}

public enum JSONLayoutProblem: Equatable, Sendable {
    /// An entry of Hugging Face's `log_history` that is not an object.
    case historyEntryNotObject
    /// An entry of pandas' `orient="table"` `schema.fields` without a string `name` (0-based index).
    case schemaFieldWithoutName(index: Int)
    /// A name that `schema.fields` lists twice.
    case duplicateSchemaField(String)
    /// An entry of pandas' `orient="table"` `data` that is not an object.
    case dataEntryNotObject
    /// A value of pandas' nested layouts (`orient="columns"` or `"index"`) that is not an object.
    case nestedValueNotObject(key: String)
}
