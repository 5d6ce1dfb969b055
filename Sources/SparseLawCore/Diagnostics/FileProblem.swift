import FoundationEssentials

extension DataError {
    /// A refusal for a `FileProblem`, so that call sites name the case alone (`problem: .x`).
    public init(file: String, location: SourceLocation? = nil, field: String? = nil, problem: FileProblem) { self.init(file: file, location: location, field: field, problem: problem as any InputProblem) }
}

/// What is wrong with an input file as a file: it is missing, unreadable, too large, binary, or
/// text in an encoding that is not read. Every stage that reads a file reports these.
public enum FileProblem: InputProblem {
    case noSuchFile
    case unreadable
    case isDirectory
    case empty
    case onlyWhiteSpace
    case invalidUTF16
    /// A NUL byte at this offset: a binary file.
    case binary(nulOffset: Int)
    case invalidUTF8
    /// UTF-32, or UTF-16 without a byte-order mark: text, but in an encoding not read.
    case unsupportedEncoding(TextEncodingGuess)
    /// The text ends with ^Z (0x1A), an old DOS end-of-file mark.
    case endOfFileMark
    /// Larger than the limit on input files (both in bytes).
    case tooLarge(size: Int, limit: Int)
    /// A device or a socket, not a file to read.
    case notAFile
    /// A chain of symbolic links that does not end (ELOOP).
    case symbolicLinkLoop
    /// A JSON object that holds a key twice (see `JSONDuplicateKeys`): which value is meant is
    /// not known, so neither is read.
    case duplicateJSONKey(JSONDuplicateKey)
    /// JSON arrays and objects nested deeper than the decoder's bound (`Limits.jsonDepth`).
    case jsonTooDeep(limit: Int)

    public var code: String {
        switch self {
        case .noSuchFile: return "data.no-such-file"
        case .unreadable: return "data.unreadable"
        case .isDirectory: return "data.is-directory"
        case .empty: return "data.empty"
        case .onlyWhiteSpace: return "data.only-white-space"
        case .invalidUTF16: return "data.invalid-utf16"
        case .binary: return "data.binary"
        case .invalidUTF8: return "data.invalid-utf8"
        case .unsupportedEncoding: return "data.unsupported-encoding"
        case .endOfFileMark: return "data.end-of-file-mark"
        case .tooLarge: return "data.too-large"
        case .notAFile: return "data.not-a-file"
        case .symbolicLinkLoop: return "data.symbolic-link-loop"
        case .duplicateJSONKey: return "data.duplicate-json-key"
        case .jsonTooDeep: return "data.json-too-deep"
        }
    }
}

/// Text encodings recognized only to be named in a refusal.
extension DataError {
    /// The refusal of a JSON document of `file` that holds a key twice, at the second one's line;
    /// nil when every key is written once.
    public static func duplicateJSONKey(in bytes: [UInt8], file: String, lineOffset: Int = 0) -> DataError? {
        guard var duplicate = JSONDuplicateKeys.first(in: bytes) else { return nil }
        duplicate.firstLine += lineOffset
        duplicate.line += lineOffset
        return DataError(file: file, location: .line(duplicate.line),
                         field: duplicate.path.isEmpty ? duplicate.key : duplicate.path + "." + duplicate.key,
                         problem: FileProblem.duplicateJSONKey(duplicate))
    }
}

extension DataError {
    /// The refusal of a JSON document of `file` that the decoder refused for its nesting, at the
    /// line where it passes the bound; nil when the document is within it.
    public static func jsonTooDeep(in bytes: [UInt8], file: String, lineOffset: Int = 0) -> DataError? {
        guard let line = JSONNesting.lineBeyond(Limits.jsonDepth, in: bytes) else { return nil }
        return DataError(file: file, location: .line(line + lineOffset), problem: FileProblem.jsonTooDeep(limit: Limits.jsonDepth))
    }
}

public enum TextEncodingGuess: String, Sendable, Equatable {
    case utf32LittleEndian = "UTF-32 (little-endian)"
    case utf32BigEndian = "UTF-32 (big-endian)"
    case utf16LittleEndianWithoutMark = "UTF-16 (little-endian) without a byte-order mark"
    case utf16BigEndianWithoutMark = "UTF-16 (big-endian) without a byte-order mark"

    /// From the first bytes of a file: a UTF-32 byte-order mark, or the zero bytes that ASCII
    /// text leaves in UTF-32 or UTF-16 without one. Without a mark, the first two characters
    /// must both be ASCII text (printable, tab, line feed or carriage return): a binary file
    /// whose first bytes are a small little-endian integer (a TFRecord's length, `18 00 00 00
    /// 00 00 00 00`) is binary, not UTF-32.
    public init?(_ prefix: Data) {
        let b = [UInt8](prefix)
        guard b.count >= 4 else { return nil }
        func text(_ byte: UInt8) -> Bool { (0x20...0x7E).contains(byte) || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        // The second code unit of UTF-32, when the prefix holds it: ASCII text, or the file is not UTF-32.
        let second = b.count >= 8 ? Array(b[4..<8]) : nil
        switch (b[0], b[1], b[2], b[3]) {
        case (0xFF, 0xFE, 0, 0): self = .utf32LittleEndian
        case (0, 0, 0xFE, 0xFF): self = .utf32BigEndian
        case (let a, 0, 0, 0) where text(a) && second.map({ text($0[0]) && $0[1...] == [0, 0, 0] }) ?? true:
            self = .utf32LittleEndian
        case (0, 0, 0, let a) where text(a) && second.map({ $0[..<3] == [0, 0, 0] && text($0[3]) }) ?? true:
            self = .utf32BigEndian
        case (let a, 0, let c, 0) where text(a) && text(c): self = .utf16LittleEndianWithoutMark
        case (0, let a, 0, let c) where text(a) && text(c): self = .utf16BigEndianWithoutMark
        default: return nil
        }
    }
}
