#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file through a temporary file beside the destination, renamed into place by
/// `commit()`: the destination holds either its old content or the whole new one, never a part,
/// and memory stays bounded however large the file. Without `commit()` the temporary file is
/// removed.
public final class AtomicStreamWriter {
    public let path: String
    private let temporaryPath: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private var committed = false
    private let chunkSize = 1 << 16

    public init(path: String) throws(OutputError) {
        self.path = path
        let directory = parentDirectory(of: path)
        temporaryPath = (directory == "." && !path.hasPrefix("./") ? "" : directory + "/") + ".\(lastComponent(of: path)).\(getpid()).tmp"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let reason = systemErrorText()
            throw OutputError(file: path, problem: FileKind(path: directory) == .directory ? .cannotCreate(reason: reason) : .noDirectory(directory))
        }
        buffer.reserveCapacity(chunkSize)
    }

    public func write(_ text: String) throws(OutputError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= chunkSize { try flush() }
    }

    private func flush() throws(OutputError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { bytes in
                Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw OutputError(file: path, problem: .writeFailed(reason: systemErrorText()))
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    public func commit() throws(OutputError) {
        try flush()
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0 else { throw OutputError(file: path, problem: .writeFailed(reason: systemErrorText())) }
        // rename(2) replaces an existing file atomically.
        guard rename(temporaryPath, path) == 0 else {
            throw OutputError(file: path, problem: .cannotReplace(reason: systemErrorText()))
        }
        committed = true
    }

    deinit {
        if !committed {
            if descriptor >= 0 { close(descriptor) }
            unlink(temporaryPath)
        }
    }
}

/// Writes `text` to `path` atomically (see `AtomicStreamWriter`).
public func writeAtomically(_ text: String, to path: String) throws(OutputError) {
    let writer = try AtomicStreamWriter(path: path)
    try writer.write(text)
    try writer.commit()
}
