import SparseLawCore
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns a file's bytes into text: UTF-8 with or without a byte-order mark, or UTF-16 with one
/// (as Excel and PowerShell write). Anything else, and anything with NUL bytes, is refused as
/// not being a text file rather than misread.
package enum TextDecoding {
    static func decode(_ data: Data, file: String) throws(DataError) -> String {
        if data.isEmpty { throw DataError(file: file, problem: .empty) }
        if let encoding = TextEncodingGuess(data.prefix(8)) { throw DataError(file: file, problem: .unsupportedEncoding(encoding)) }
        let bytes = [UInt8](data.prefix(3))
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            let encoding: String.Encoding = bytes[0] == 0xFF ? .utf16LittleEndian : .utf16BigEndian
            guard let text = String(data: data.dropFirst(2), encoding: encoding) else {
                throw DataError(file: file, problem: .invalidUTF16)
            }
            return try checked(text, file: file)
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...]
        if let nul = body.firstIndex(of: 0) {
            throw DataError(file: file, problem: .binary(nulOffset: nul))
        }
        guard let text = String(data: body, encoding: .utf8) else {
            throw DataError(file: file, problem: .invalidUTF8)
        }
        return try checked(text, file: file)
    }

    /// A JSON document read by the system's decoder (a law file, a hardware profile) as UTF-8,
    /// held to the checks of a run log's text first: an empty file, a binary one, UTF-32 or bytes
    /// that are not UTF-8 are named as such, not as JSON that is not valid (or, for bytes that are
    /// not UTF-8 inside a string the decoder never reads, not at all).
    package static func jsonDocument(_ data: Data, file: String) throws(DataError) -> Data {
        Data(try decode(data, file: file).utf8)
    }

    private static func checked(_ text: String, file: String) throws(DataError) -> String {
        if text.allSatisfy(\.isWhitespace) { throw DataError(file: file, problem: .onlyWhiteSpace) }
        // ^Z (SUB, 0x1A) at the end: the end-of-file mark of old DOS tools. Named as such, on its
        // line, rather than read into the last row as a field of its own.
        if let mark = text.unicodeScalars.lastIndex(where: { !$0.properties.isWhitespace }), text.unicodeScalars[mark] == "\u{1A}" {
            let line = 1 + text.unicodeScalars[..<mark].reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
            throw DataError(file: file, location: .line(line), problem: .endOfFileMark)
        }
        return text
    }
}
