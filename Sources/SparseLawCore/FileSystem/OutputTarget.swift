#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an output path really leads: symbolic links followed to the file they name, so that
/// the link is kept and its target replaced; checked to be a regular file or nothing yet.
package struct OutputTarget: Sendable {
    /// The path as given, for messages.
    package var path: String
    /// The path after following symbolic links: where the file is renamed to.
    package var resolved: String
    /// The folder of `resolved`, where the temporary file is made (rename(2) stays in one
    /// file system only within a folder).
    package var directory: String
    /// The file there now, if any.
    package var existing: FileIdentity?
    /// Its permission bits, kept by the new file.
    package var existingMode: mode_t?
    /// The canonical folder and name, to tell two outputs that name one file differently.
    package var key: String

    /// Follows at most 40 links, as the kernel does (ELOOP).
    static let maximumLinks = 40

    package init(path: String) throws(OutputError) {
        self.path = path
        // An empty path would be taken for the current folder, and refused as a directory.
        guard !path.isEmpty else { throw OutputError(file: path, problem: .emptyPath) }
        var current = path
        var links = 0
        var status = stat()
        while lstat(current, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK {
            links += 1
            guard links <= Self.maximumLinks, let bytes = Self.readLink(current) else { throw OutputError(file: path, problem: .symbolicLinkLoop) }
            // A target that is not UTF-8 has no String that names it: decoded with U+FFFD, it
            // would name another file, which would be created while the link's own is kept.
            guard let target = String(validatingUTF8Bytes: bytes) else {
                throw OutputError(file: path, problem: .linkTargetNotUTF8(String(escapingInvalidUTF8: bytes)))
            }
            current = target.hasPrefix("/") ? target : Self.join(parentDirectory(of: current), target)
        }
        resolved = current
        directory = parentDirectory(of: current)
        if lstat(current, &status) == 0 {
            let kind = FileKind(path: current)
            guard kind == .regular else { throw OutputError(file: path, problem: .notARegularFile(kind)) }
            existing = FileIdentity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
            existingMode = status.st_mode & 0o7777
        } else if errno != ENOENT {
            // ENAMETOOLONG, EACCES, ELOOP in a folder: known now, not after the work.
            throw OutputError(file: path, problem: errno == ELOOP ? .symbolicLinkLoop : .cannotCreate(reason: systemErrorText()))
        } else if FileKind(path: directory) != .directory {
            throw OutputError(file: path, problem: .noDirectory(directory))
        }
        let name = lastComponent(of: current)
        guard !name.isEmpty, name != ".", name != ".." else { throw OutputError(file: path, problem: .notARegularFile(.directory)) }
        key = Self.canonical(directory) + "/" + name
    }

    /// The bytes of the link's target, as written.
    private static func readLink(_ path: String) -> [UInt8]? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return buffer[..<count].map { UInt8(bitPattern: $0) }
    }

    private static func join(_ directory: String, _ name: String) -> String {
        directory == "/" ? "/" + name : directory + "/" + name
    }

    /// The folder's absolute path without links (realpath(3)), or the path as given.
    private static func canonical(_ directory: String) -> String {
        guard let resolved = realpath(directory, nil) else { return directory }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
