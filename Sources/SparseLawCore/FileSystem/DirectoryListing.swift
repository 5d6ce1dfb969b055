#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The entries of a folder, read with readdir(3) so that every name is seen as its bytes.
///
/// A scan opens regular files only: a pipe named like a log would block the read forever, and a
/// device or socket is no log. Those entries are returned apart (`special`), as are names that
/// are not UTF-8 (`undecodable`, escaped), which no path of this program can name; the caller
/// lists both as skipped. Hidden entries (`.name`) are left out.
public struct DirectoryListing: Sendable, Equatable {
    /// Names of regular files and of folders (symbolic links followed), sorted.
    public var files: [String]
    public var folders: [String]
    /// Names of pipes, sockets and devices, sorted.
    public var special: [String]
    /// Names that are not UTF-8, each byte that is not part of a UTF-8 character written `\xHH`.
    public var undecodable: [String]
    /// Names of symbolic links that lead nowhere (to a missing file, or round a loop), sorted:
    /// listed, since a log behind such a link is a run the scan cannot read.
    public var unresolved: [String]

    /// The listing of `folder`; nil when it cannot be opened.
    public init?(folder: String) {
        guard let directory = opendir(folder) else { return nil }
        defer { closedir(directory) }
        files = []
        folders = []
        special = []
        undecodable = []
        unresolved = []
        while let entry = readdir(directory) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            guard let first = bytes.first, first != UInt8(ascii: ".") else { continue }
            guard let name = String(validatingUTF8Bytes: bytes) else {
                undecodable.append(String(escapingInvalidUTF8: bytes))
                continue
            }
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            switch FileKind(path: path) {
            case .missing, .symbolicLinkLoop:
                // A link whose target is gone, or a loop; an entry removed since is not listed.
                var status = stat()
                if lstat(path, &status) == 0 { unresolved.append(name) }
            case .regular: files.append(name)
            case .directory: folders.append(name)
            default: special.append(name)
            }
        }
        files.sort()
        folders.sort()
        special.sort()
        undecodable.sort()
        unresolved.sort()
    }
}

extension String {
    /// `bytes` as text: valid UTF-8 as it is, every other byte as `\xHH`, so that two names that
    /// differ in their invalid bytes stay apart when shown.
    public init(escapingInvalidUTF8 bytes: [UInt8]) {
        var text = ""
        var index = 0
        while index < bytes.count {
            let longest = Swift.min(bytes.count, index + 4)
            var end = index + 1
            while end <= longest, String(validatingUTF8Bytes: Array(bytes[index..<end])) == nil { end += 1 }
            if end <= longest, let character = String(validatingUTF8Bytes: Array(bytes[index..<end])) {
                text += character
                index = end
            } else {
                text += "\\x" + (bytes[index] < 16 ? "0" : "") + String(bytes[index], radix: 16, uppercase: true)
                index += 1
            }
        }
        self = text
    }

    /// The text of `bytes` when they are valid UTF-8; nil otherwise (where `String(decoding:)`
    /// would put U+FFFD in place of the invalid bytes).
    public init?(validatingUTF8Bytes bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.utf8.elementsEqual(bytes) else { return nil }
        self = text
    }
}
