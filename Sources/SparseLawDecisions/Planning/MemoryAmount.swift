import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An amount of memory in bytes, as people write it: `8GB` (8 x 10^9), `8GiB` (8 x 2^30), `512 MiB`,
/// `1.5TB`, `2e10` or `2e10B` (bytes). Prefixes are case-insensitive: k, M, G, T, P are powers of
/// 1000, Ki, Mi, Gi, Ti, Pi powers of 1024, each with or without a trailing B; `bytes` is 1.
/// The B of bytes must be upper case: `8Gb`, `1b` are bits to most readers (a gigabit is an eighth
/// of a gigabyte), and are refused rather than read as bytes or guessed as bits.
public struct MemoryAmount: Sendable, Equatable {
    public var bytes: Double

    public init(bytes: Double) { self.bytes = bytes }

    public enum ParseError: Error, Sendable, Equatable {
        case empty
        case notANumber(String)
        case unknownUnit(String)
        case notPositive(Double)
        /// A unit that ends in a lower-case b (`Gb`, `Mib`, `b`): bits, not bytes.
        case bitsNotBytes(unit: String)

        public var code: String {
            switch self {
            case .empty: return "memory.empty"
            case .notANumber: return "memory.not-a-number"
            case .unknownUnit: return "memory.unknown-unit"
            case .notPositive: return "memory.not-positive"
            case .bitsNotBytes: return "memory.bits-not-bytes"
            }
        }
    }

    /// The units accepted, lower case, and their factors.
    public static let units: [(name: String, factor: Double)] = {
        var units: [(String, Double)] = [("", 1), ("b", 1), ("byte", 1), ("bytes", 1)]
        for (index, prefix) in ["k", "m", "g", "t", "p"].enumerated() {
            let power = Double(index + 1)
            units += [(prefix, pow(1000, power)), (prefix + "b", pow(1000, power)),
                      (prefix + "i", pow(1024, power)), (prefix + "ib", pow(1024, power))]
        }
        return units
    }()

    public static func parse(_ text: String) -> Result<MemoryAmount, ParseError> {
        let trimmed = Substring(text).trimmingSpaces()
        guard !trimmed.isEmpty else { return .failure(.empty) }
        // The unit is the trailing run of letters, unless the whole text is a word like `inf`.
        var numberEnd = trimmed.endIndex
        while numberEnd > trimmed.startIndex, trimmed[trimmed.index(before: numberEnd)].isLetter { numberEnd = trimmed.index(before: numberEnd) }
        let numberText = trimmed[..<numberEnd].trimmingSpaces()
        let unit = trimmed[numberEnd...].lowercased()
        // `1e9` ends in a digit and keeps its exponent; `2e` is not a number either way.
        // The project's number syntax, as every option reads it (no hexadecimal); a number beyond
        // the doubles is refused below as not positive and finite.
        guard !numberText.isEmpty, case .success(let value) = NumberParser.parse(numberText, allowPercent: false) else {
            return .failure(.notANumber(text))
        }
        let writtenUnit = String(trimmed[numberEnd...])
        guard let factor = units.first(where: { $0.name == unit })?.factor else { return .failure(.unknownUnit(writtenUnit)) }
        // Every unit but the words `byte` and `bytes` that ends in b ends in the sign of bytes.
        if writtenUnit.hasSuffix("b"), !unit.hasPrefix("byte") { return .failure(.bitsNotBytes(unit: writtenUnit)) }
        let bytes = value * factor
        guard bytes > 0, bytes.isFinite else { return .failure(.notPositive(bytes)) }
        return .success(MemoryAmount(bytes: bytes))
    }
}
