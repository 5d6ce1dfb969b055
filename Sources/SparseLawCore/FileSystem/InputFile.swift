import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads an input file whole, up to a size limit, through one file descriptor: what is checked
/// (a directory, a device, the size) is what is read. A regular file is measured before a byte is
/// read, so an 8 GB file is refused at once rather than after filling memory; a pipe (`<(...)`)
/// is read until it passes the limit.
public enum InputFile {
    ///
    /// `acceptingPipes: false` is for files found by a scan of a folder: the file is opened
    /// without blocking and a pipe is refused as `notAFile`, so that a file replaced by a pipe
    /// after the folder was listed cannot block the read forever.
    public static func read(path: String, limit: Int = Limits.inputBytes, acceptingPipes: Bool = true) throws(DataError) -> Data {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | (acceptingPipes ? 0 : O_NONBLOCK))
        guard descriptor >= 0 else {
            let problem: FileProblem
            switch errno {
            case ENOENT, ENOTDIR: problem = FileKind(path: path) == .directory ? .isDirectory : .noSuchFile
            case EISDIR: problem = .isDirectory
            case ELOOP: problem = .symbolicLinkLoop
            default: problem = .unreadable
            }
            throw DataError(file: path, problem: problem)
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw DataError(file: path, problem: .unreadable) }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: throw DataError(file: path, problem: .isDirectory)
        case S_IFREG:
            if Int(status.st_size) > limit { throw DataError(file: path, problem: .tooLarge(size: Int(status.st_size), limit: limit)) }
        case S_IFIFO: if !acceptingPipes { throw DataError(file: path, problem: .notAFile) }
        default: throw DataError(file: path, problem: .notAFile)
        }
        var bytes: [UInt8] = []
        if (status.st_mode & S_IFMT) == S_IFREG { bytes.reserveCapacity(Int(status.st_size)) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw DataError(file: path, problem: errno == EISDIR ? .isDirectory : .unreadable)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
            // A regular file that grew while read, or a pipe, is held to the same limit.
            if bytes.count > limit { throw DataError(file: path, problem: .tooLarge(size: bytes.count, limit: limit)) }
        }
        return Data(bytes)
    }

    /// The device and inode of the file at `path` (following symbolic links), to tell whether two
    /// paths name the same file; nil when there is none.
    public static func identity(of path: String) -> FileIdentity? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return FileIdentity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }
}

/// A file as the file system knows it, whatever path names it.
public struct FileIdentity: Sendable, Hashable {
    public var device: UInt64
    public var inode: UInt64
}
