/// Where in an input file a value came from, so that every refusal can point at it.
public struct SourceLocation: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A physical line of a text file (CSV, TSV, JSON Lines), counted from 1.
        case line
        /// A record of a JSON array, counted from 1.
        case record
        /// A row id of a pandas column-oriented JSON object (the inner keys).
        case rowID
        /// A byte offset in a binary file (a TensorBoard event record), counted from 0.
        case byteOffset
    }

    public var kind: Kind
    public var value: String

    public static func line(_ number: Int) -> SourceLocation { .init(kind: .line, value: String(number)) }
    public static func record(_ number: Int) -> SourceLocation { .init(kind: .record, value: String(number)) }
    public static func rowID(_ id: String) -> SourceLocation { .init(kind: .rowID, value: id) }
    public static func byteOffset(_ offset: Int) -> SourceLocation { .init(kind: .byteOffset, value: String(offset)) }
}
