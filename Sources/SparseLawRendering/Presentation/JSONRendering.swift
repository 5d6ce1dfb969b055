import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions
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
    /// an answer: the refusal names the field. Control characters in strings are escaped, C0 by
    /// the encoder and DEL and C1 here (`\u007f`): outside strings JSON has none, so the
    /// replacement cannot touch anything else.
    public static func text<T: Encodable>(_ value: T) throws(NonFiniteResult) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch let EncodingError.invalidValue(value, context) {
            throw NonFiniteResult(field: context.codingPath.map(\.stringValue).joined(separator: "."), value: value as? Double)
        } catch {
            throw NonFiniteResult(field: "", value: nil)
        }
        let text = String(decoding: data, as: UTF8.self)
        guard text.unicodeScalars.contains(where: isControl) else { return text + "\n" }
        var escaped = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) && scalar.value >= 0x7F {
                escaped += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\n"
    }
}

/// A result that JSON cannot hold: a number in it is NaN or infinite.
public struct NonFiniteResult: Error, Sendable, Equatable {
    /// The key path of the value, e.g. `fit.rmse` (empty when unknown).
    public var field: String
    public var value: Double?

    public var code: String { "result.not-finite" }
}

extension NonFiniteResult: CustomStringConvertible {
    public var description: String {
        "the result is not finite" + (field.isEmpty ? "" : " (\(field) = \(value.map { numberText($0) } ?? "not a number"))")
            + ": the inputs are outside what the law can describe"
    }
}
