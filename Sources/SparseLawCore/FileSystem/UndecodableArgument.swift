#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A command-line argument that is not UTF-8 (a file name such as `$'v\xff.json'`).
///
/// Swift gives the program its arguments as strings with U+FFFD in place of invalid bytes, so
/// such a path would name another file: `-o $'v\xff.json'` would write `v\u{FFFD}.json`, and
/// replace it. No path of this program can be given as bytes, so the argument is refused before
/// anything is read or written.
public struct UndecodableArgument: Error, Sendable, Equatable {
    /// Position among the arguments, the command's name being 0 (0 for a variable).
    public var position: Int
    /// The environment variable that holds it, when it is one (`SPARSELAW_LAWS`), not an argument.
    public var variable: String?
    /// The argument, each byte that is not part of a UTF-8 character as `\xHH`.
    public var escaped: String

    /// The first argument of `arguments` (as the C library hands them over) that is not UTF-8.
    public static func first(count: Int32, arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> UndecodableArgument? {
        for position in 1..<max(1, Int(count)) {
            guard let argument = arguments[position] else { continue }
            let length = strlenOf(argument)
            let bytes = (0..<length).map { UInt8(bitPattern: argument[$0]) }
            if String(validatingUTF8Bytes: bytes) == nil {
                return UndecodableArgument(position: position, escaped: String(escapingInvalidUTF8: bytes))
            }
        }
        return nil
    }

    /// The first of the environment variables `names` that is set to bytes that are not UTF-8:
    /// the environment, as Swift hands it over, has U+FFFD in their place, and a folder it names
    /// would be another folder (or none).
    public static func firstVariable(_ names: [String]) -> UndecodableArgument? {
        for name in names {
            guard let value = getenv(name) else { continue }
            let bytes = (0..<strlenOf(value)).map { UInt8(bitPattern: value[$0]) }
            if String(validatingUTF8Bytes: bytes) == nil {
                return UndecodableArgument(position: 0, variable: name, escaped: String(escapingInvalidUTF8: bytes))
            }
        }
        return nil
    }

    private static func strlenOf(_ text: UnsafeMutablePointer<CChar>) -> Int {
        var length = 0
        while text[length] != 0 { length += 1 }
        return length
    }
}
