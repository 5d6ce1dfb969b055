/// Where in an input file a value came from, so that every refusal can point at it.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
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

    public var description: String {
        switch kind {
        case .line: return "line \(value)"
        case .record: return "record \(value)"
        case .rowID: return "row id \"\(value)\""
        case .byteOffset: return "byte offset \(value)"
        }
    }
}

/// A refusal of input data: which file, where in it, which field, and why.
///
/// The description reads `FILE, line 12, field "loss" (column "val-loss"): "abc" is not a number`.
public struct DataError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var location: SourceLocation?
    public var field: String?
    public var reason: String

    public init(file: String, location: SourceLocation? = nil, field: String? = nil, reason: String) {
        self.file = file
        self.location = location
        self.field = field
        self.reason = reason
    }

    public var description: String {
        var parts = [file]
        if let location { parts.append(location.description) }
        if let field { parts.append("field \(field)") }
        return parts.joined(separator: ", ") + ": " + reason
    }
}
