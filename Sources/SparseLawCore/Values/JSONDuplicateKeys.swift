/// A key written twice in one JSON object, where it was first written and where again.
public struct JSONDuplicateKey: Sendable, Equatable {
    /// The key, unescaped.
    public var key: String
    /// The path of the object that holds it (`coefficients`, `log_history[3]`); empty at the top.
    public var path: String
    /// The lines (from 1) of the first and of the second occurrence.
    public var firstLine: Int
    public var line: Int
}

/// Finds the first key that an object of a JSON document holds twice.
///
/// JSON leaves duplicate keys to the reader, and readers disagree: Foundation's decoder keeps the
/// first value, Python's `json` and pandas the last. A file with one is ambiguous, so it is
/// refused rather than read either way. Keys are compared as Swift strings, so two spellings of
/// one key (`"a"` and `"\u0061"`, or a name in NFC and in NFD) count as the same key: a decoded
/// dictionary could hold only one of them.
///
/// The scan is iterative (no recursion, whatever the nesting) and linear in the document. It
/// follows valid JSON; it is run after the document has been decoded, so text that is not JSON
/// has already been refused with the decoder's reason.
public enum JSONDuplicateKeys {
    public static func first(in bytes: [UInt8]) -> JSONDuplicateKey? {
        var stack: [JSONContainer] = []
        // The keys of each open container with their lines, kept beside the stack so that adding
        // one mutates the dictionary in place.
        var keys: [[String: Int]] = []
        var line = 1
        var index = 0
        // The last structural byte: a string right after `{` or `,` inside an object is a key.
        var last: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
            case UInt8(ascii: "\""):
                let (text, end) = string(bytes, from: index + 1)
                if case .object? = stack.last, last == UInt8(ascii: "{") || last == UInt8(ascii: ",") {
                    if let firstLine = keys[keys.count - 1][text] {
                        return JSONDuplicateKey(key: text, path: stack.dropLast().pathText, firstLine: firstLine, line: line)
                    }
                    keys[keys.count - 1][text] = line
                    stack[stack.count - 1] = .object(key: text)
                }
                last = UInt8(ascii: "\"")
                index = end
                continue
            case UInt8(ascii: "{"):
                stack.append(.object(key: nil))
                keys.append([:])
                last = byte
            case UInt8(ascii: "["):
                stack.append(.array(index: 0))
                keys.append([:])
                last = byte
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if !stack.isEmpty { stack.removeLast(); keys.removeLast() }
                last = byte
            case UInt8(ascii: ","):
                if case .array(let position)? = stack.last { stack[stack.count - 1] = .array(index: position + 1) }
                last = byte
            case UInt8(ascii: ":"):
                last = byte
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                break
            default:
                last = byte
            }
            index += 1
        }
        return nil
    }

    /// The string that starts after its opening quote at `start`, unescaped, and the index after
    /// its closing quote.
    private static func string(_ bytes: [UInt8], from start: Int) -> (String, Int) {
        var index = start
        var scalars = String.UnicodeScalarView()
        var pending: [UInt8] = []
        var highSurrogate: UInt32?
        func flush() {
            if !pending.isEmpty { scalars.append(contentsOf: String(decoding: pending, as: UTF8.self).unicodeScalars); pending = [] }
        }
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            guard bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count else {
                pending.append(bytes[index])
                index += 1
                continue
            }
            flush()
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "u"):
                guard index + 4 <= bytes.count, let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else { continue }
                index += 4
                if (0xD800..<0xDC00).contains(code) { highSurrogate = code; continue }
                if (0xDC00..<0xE000).contains(code), let high = highSurrogate {
                    highSurrogate = nil
                    if let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)) { scalars.append(scalar) }
                    continue
                }
                if let scalar = Unicode.Scalar(code) { scalars.append(scalar) }
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            default: scalars.append(Unicode.Scalar(escape))
            }
        }
        flush()
        return (String(scalars), index + 1)
    }
}

/// The nesting of a JSON document's arrays and objects, for a refusal that names the bound: the
/// decoder refuses a document nested deeper than `Limits.jsonDepth` (it recurses once per
/// level) only as "not valid JSON".
public enum JSONNesting {
    /// The line (from 1) where the nesting first passes `limit`; nil when it never does.
    /// Iterative, linear, and blind to brackets inside strings.
    public static func lineBeyond(_ limit: Int, in bytes: [UInt8]) -> Int? {
        var depth = 0
        var line = 1
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\n"): line += 1
            case UInt8(ascii: "\""):
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                    index += 1
                }
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return line }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
            default: break
            }
            index += 1
        }
        return nil
    }
}
