/// Parses the numbers people write in training logs.
///
/// Accepted: plain and scientific notation (`0.875`, `6.9e8`), digit grouping (`1,000,000`,
/// `1_000_000`), a magnitude suffix (`350k`, `125M`, `1.3B`, `2T`; `G` is a synonym of `B`, and
/// lower case is accepted because `125m` in a model name always means millions), and, where the
/// caller allows it, a percentage (`50%` = 0.5). `nan` and `inf` parse (so that the caller can name
/// them in a refusal) but are never silently accepted downstream.
public enum NumberParser {
    public enum Failure: Error, Equatable, Sendable {
        case empty
        case notANumber(String)
        case percentNotAllowed(String)
    }

    package static let nonFiniteWords: Set<String> = ["nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"]

    package static let suffixes: [Character: Double] = [
        "k": 1e3, "K": 1e3,
        "m": 1e6, "M": 1e6,
        "b": 1e9, "B": 1e9, "g": 1e9, "G": 1e9,
        "t": 1e12, "T": 1e12,
    ]

    public static func parse(_ raw: Substring, allowPercent: Bool) -> Result<Double, Failure> {
        var text = raw.trimmingSpaces()
        if text.isEmpty { return .failure(.empty) }
        var scale = 1.0
        if text.last == "%" {
            guard allowPercent else { return .failure(.percentNotAllowed(String(raw))) }
            text = text.dropLast().trimmingSpaces()
            scale = 0.01
        } else if let last = text.last, let factor = suffixes[last], text.count > 1 {
            // Only a plain decimal may carry a suffix: `1e9M` and `nanM` are refused.
            let suffixIndex = text.index(before: text.endIndex)
            let previous = text[text.index(before: suffixIndex)]
            let mantissa = text[..<suffixIndex]
            if (previous.isASCIIDigit || previous == "."), !mantissa.contains("e"), !mantissa.contains("E") {
                text = text[..<suffixIndex]
                scale = factor
            }
        }
        guard let value = plainNumber(text) else { return .failure(.notANumber(String(raw))) }
        return .success(value * scale)
    }

    public static func parse(_ raw: String, allowPercent: Bool) -> Result<Double, Failure> {
        parse(raw[...], allowPercent: allowPercent)
    }

    /// Whether `text` is written in hexadecimal (`0x10`, `-0X1p3`), which no value accepts: the
    /// refusal says so rather than only "not a number".
    public static func looksHexadecimal(_ text: String) -> Bool {
        var body = text.trimmingSpaces()
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        return body.count > 2 && body.hasPrefix("0") && (body.dropFirst().first == "x" || body.dropFirst().first == "X")
    }

    /// A decimal number, possibly with `,` or `_` digit grouping in threes.
    static func plainNumber(_ text: Substring) -> Double? {
        // Double(_:) also reads hexadecimal (`0x1p3`); logs write decimals.
        let decimal = text.allSatisfy { "0123456789+-.eE,_".contains($0) }
        guard decimal || nonFiniteWords.contains(text.lowercased()) else { return nil }
        if let value = Double(text) { return value }
        guard text.contains(",") || text.contains("_") else { return nil }
        let separator: Character = text.contains(",") ? "," : "_"
        let (integerPart, fraction) = splitFraction(text)
        var digits = Substring(integerPart)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        let groups = digits.split(separator: separator, omittingEmptySubsequences: false)
        guard let head = groups.first, (1...3).contains(head.count),
              groups.dropFirst().allSatisfy({ $0.count == 3 }),
              groups.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) })
        else { return nil }
        let compact = integerPart.filter { $0 != separator } + fraction
        return Double(compact)
    }

    private static func splitFraction(_ text: Substring) -> (String, String) {
        guard let point = text.firstIndex(where: { $0 == "." || $0 == "e" || $0 == "E" }) else {
            return (String(text), "")
        }
        return (String(text[..<point]), String(text[point...]))
    }
}

extension Character {
    package var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension StringProtocol where SubSequence == Substring {
    /// The text without leading and trailing spaces, tabs and line breaks.
    package func trimmingSpaces() -> Substring {
        let scalars = self[...]
        guard let first = scalars.firstIndex(where: { !$0.isWhitespace }) else { return scalars[scalars.endIndex...] }
        let last = scalars.lastIndex(where: { !$0.isWhitespace })!
        return scalars[first...last]
    }
}
