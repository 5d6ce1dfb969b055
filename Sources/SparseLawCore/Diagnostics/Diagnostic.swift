/// A warning or note as a value: a stable code and the numbers and names it is about.
///
/// The library reports what it found this way and never as prose; the words for people (and
/// the command-line flags that change the outcome) are chosen in the presentation layer, once
/// for the terminal and once for JSON, where each diagnostic is `{"code", "message", ...values}`.
public protocol Diagnostic: Sendable, Equatable {
    /// A stable identifier, `stage.kebab-case`, e.g. `fit.too-few-runs`.
    var code: String { get }
    /// The quantities the diagnostic is about, by name, for machine readers.
    var values: [String: DiagnosticValue] { get }
}

/// One value carried by a diagnostic.
public enum DiagnosticValue: Sendable, Equatable, Encodable {
    case number(Double)
    case integer(Int)
    case text(String)
    case texts([String])

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        case .texts(let value): try container.encode(value)
        }
    }
}
