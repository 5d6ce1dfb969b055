import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions

/// A diagnostic with its words for people: what every warning and note renders as.
public protocol DescribedDiagnostic: Diagnostic {
    var message: String { get }
    /// The values as JSON shows them: `values`, with words in place of a status the library
    /// carries as a number.
    var describedValues: [String: JSONValue] { get }
}

extension DescribedDiagnostic {
    public var describedValues: [String: JSONValue] { values }
}

extension CoverageWarning: DescribedDiagnostic {}
extension FitWarning: DescribedDiagnostic {
    /// A solve that stopped short gives GSL's status as its `reason`, in words.
    public var describedValues: [String: JSONValue] {
        if case .notConverged(let status?) = self { return ["reason": .text(status.message)] }
        return values
    }
}
extension ReaderNote: DescribedDiagnostic {}

/// A diagnostic as JSON: `{"code": ..., "message": ..., <its values>}`, the values beside the
/// code and message so that a table of warnings has one column per quantity.
public struct DiagnosticRecord: Sendable, Encodable, Equatable {
    public var code: String
    public var message: String
    public var values: [String: JSONValue]

    public init<D: DescribedDiagnostic>(_ diagnostic: D) {
        code = diagnostic.code
        message = diagnostic.message
        values = diagnostic.describedValues
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(code, forKey: Key(stringValue: "code"))
        try container.encode(message, forKey: Key(stringValue: "message"))
        for (name, value) in values where name != "code" && name != "message" {
            try container.encode(value, forKey: Key(stringValue: name))
        }
    }
}

extension DiagnosticRecord {
    /// "note" for a diagnostic that says so in its `severity` (an extrapolation within the
    /// factor of a warning), else "warning": the word a line of text starts with.
    public var label: String {
        values["severity"] == .string("note") ? "note" : "warning"
    }

    /// The record as a JSON object, for reports assembled as `JSONValue`s.
    public var json: JSONValue {
        var object = values.filter { $0.key != "code" && $0.key != "message" }
        object["code"] = .string(code)
        object["message"] = .string(message)
        return .object(object)
    }
}

extension JSONValue {
    /// An interval as `[lower, upper]`, or null when there is none.
    public static func interval(_ interval: Interval?) -> JSONValue {
        interval.map { .array([.number($0.lowerBound), .number($0.upperBound)]) } ?? .null
    }
}
