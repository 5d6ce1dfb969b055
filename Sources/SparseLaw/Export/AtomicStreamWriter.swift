import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a large text file in chunks to a temporary file beside the destination and renames it
/// into place on `commit()`: memory stays bounded, and the destination never holds a part.
/// Without `commit()`, the temporary file is removed.
public final class AtomicStreamWriter {
    public let path: String
    private let temporaryPath: String
    private let handle: FileHandle
    private var buffer = ""
    private var committed = false
    private let chunkSize = 1 << 16

    public init(path: String) throws(OutputError) {
        self.path = path
        let url = URL(fileURLWithPath: path)
        temporaryPath = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp").path
        guard FileManager.default.createFile(atPath: temporaryPath, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporaryPath)
        else {
            throw OutputError(file: path, reason: "cannot be written (does the directory exist, and is it writable?)")
        }
        self.handle = handle
    }

    public func write(_ text: String) throws(OutputError) {
        buffer += text
        if buffer.utf8.count >= chunkSize { try flush() }
    }

    private func flush() throws(OutputError) {
        do { try handle.write(contentsOf: Data(buffer.utf8)) } catch { throw OutputError(file: path, reason: "write failed: \(error.localizedDescription)") }
        buffer.removeAll(keepingCapacity: true)
    }

    public func commit() throws(OutputError) {
        try flush()
        do { try handle.close() } catch { throw OutputError(file: path, reason: "write failed: \(error.localizedDescription)") }
        // rename(2) replaces an existing file atomically (FileManager's replaceItemAt does not,
        // on Linux).
        guard rename(temporaryPath, path) == 0 else {
            throw OutputError(file: path, reason: "cannot be put in place: \(String(cString: strerror(errno)))")
        }
        committed = true
    }

    deinit {
        if !committed {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporaryPath)
        }
    }
}
