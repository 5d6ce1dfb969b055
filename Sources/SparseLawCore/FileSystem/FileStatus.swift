#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What is at a path, from stat(2) (following symbolic links).
public enum FileKind: Sendable, Equatable {
    case missing
    case regular
    case directory
    case characterDevice
    case blockDevice
    case fifo
    case socket
    case other
    /// A chain of symbolic links that does not end (ELOOP): not a missing file, which a message
    /// would otherwise call it.
    case symbolicLinkLoop

    public init(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { self = errno == ELOOP ? .symbolicLinkLoop : .missing; return }
        switch status.st_mode & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .directory
        case S_IFCHR: self = .characterDevice
        case S_IFBLK: self = .blockDevice
        case S_IFIFO: self = .fifo
        case S_IFSOCK: self = .socket
        default: self = .other
        }
    }
}

/// The folder part of a path: everything before the last `/` ("." when there is none, "/" for a
/// file at the root).
func parentDirectory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
}

/// The last component of a path.
package func lastComponent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return path }
    return String(path[path.index(after: slash)...])
}

/// The error text of the C library for the current `errno`.
package func systemErrorText() -> String {
    String(cString: strerror(errno))
}
