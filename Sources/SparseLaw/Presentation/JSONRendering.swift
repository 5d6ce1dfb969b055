import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// JSON for machine readers.
public enum JSONRendering {
    /// The JSON text of a value: keys sorted and pretty-printed, so that the same result is the
    /// same bytes. Non-finite numbers are refused by the encoder, so a NaN can never be printed as
    /// an answer.
    public static func text<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
