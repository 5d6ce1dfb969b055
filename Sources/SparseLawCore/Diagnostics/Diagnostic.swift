/// A warning or note as a value: a stable code and the numbers and names it is about.
///
/// The library reports what it found this way and never as prose; the words for people (and
/// the command-line flags that change the outcome) are chosen in the presentation layer, once
/// for the terminal and once for JSON, where each diagnostic is `{"code", "message", ...values}`.
public protocol Diagnostic: Sendable, Equatable {
    /// A stable identifier, `stage.kebab-case`, e.g. `fit.too-few-runs`.
    var code: String { get }
    /// The quantities the diagnostic is about, by name, for machine readers.
    var values: [String: JSONValue] { get }
}
