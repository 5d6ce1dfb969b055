/// A JSON value, the one type for JSON whose shape is known only at run time: the records a
/// reader decodes (numbers, booleans and strings kept apart), the quantities a diagnostic
/// carries, and reports whose keys depend on the answer.
///
/// `number` encodes a double as JSON does; `integer` a count, written without a fraction.
/// Encoding fails on a non-finite number, so NaN or infinity can never be printed as an answer.
/// Decoding never gives `integer`: every JSON number is read as a double.
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case integer(Int)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// A text value (a name, a column), as diagnostics carry them.
    public static func text(_ value: String) -> JSONValue { .string(value) }
    /// A list of texts.
    public static func texts(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
    /// A number, or null when there is none.
    public static func optional(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let values): try container.encode(values)
        case .object(let values): try container.encode(values)
        }
    }

    /// The members, when the value is an object.
    public var objectValue: [String: JSONValue]? {
        if case .object(let object) = self { return object } else { return nil }
    }
}
