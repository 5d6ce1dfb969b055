import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions
import CTemporaryFiles
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One output file being written: the text goes to a temporary file in the destination's
/// folder, which `OutputBatch.commit()` renames into place, so the destination holds its old
/// content or the whole new one, never a part, and memory stays bounded however large the file.
///
/// The temporary file is made with O_TMPFILE where the file system supports it: it has no name
/// until it is linked in just before the rename, so that a run killed by any signal, even
/// SIGKILL, leaves nothing behind. Elsewhere it is a named file `.sparselaw-PID-K.tmp` (a short
/// name, so that any destination name that fits the file system fits it too) kept in the table
/// that the handlers of SIGINT, SIGTERM, SIGHUP and SIGPIPE remove (`TemporaryFiles`).
public final class AtomicStreamWriter {
    /// The destination, as given.
    public var path: String { target.path }
    let target: OutputTarget
    private var descriptor: Int32
    /// The temporary file's name, once it has one, and its slot in the signal handler's table.
    private var temporaryPath: String?
    private var slot: Int32 = -1
    private var buffer: [UInt8] = []
    private var finished = false
    private let chunkSize = 1 << 16

    /// A writer of its own, outside any batch: `path` is checked as `OutputBatch.stage` checks
    /// it, and `commit()` puts the file in place.
    public convenience init(path: String) throws(OutputError) {
        try self.init(target: OutputTarget(path: path))
    }

    /// Puts the file in place (for a writer made with `init(path:)`; a batch commits its own).
    public func commit() throws(OutputError) {
        do {
            try prepare()
            try install()
        } catch {
            discard()
            throw error
        }
    }

    init(target: OutputTarget) throws(OutputError) {
        self.target = target
        let mode: mode_t = target.existingMode ?? 0o644
        descriptor = -1
        if TemporaryFiles.unnamedSupported {
            descriptor = open(target.directory, TemporaryFiles.unnamedFlag | O_WRONLY | O_CLOEXEC, mode)
        }
        // A name left by an earlier process of the same id is skipped, not reused.
        var attempts = 0
        while descriptor < 0 {
            let name = TemporaryFiles.name(in: target.directory)
            slot = sparselaw_temporary_register(name)
            guard slot >= 0 else { throw OutputError(file: target.path, problem: .cannotCreate(reason: "too many temporary files, or a path too long")) }
            temporaryPath = name
            descriptor = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            if descriptor < 0 {
                let failure = errno, reason = systemErrorText()
                sparselaw_temporary_unregister(slot)
                slot = -1
                temporaryPath = nil
                attempts += 1
                if failure == EEXIST, attempts < 100 { continue }
                throw OutputError(file: target.path, problem: FileKind(path: target.directory) == .directory ? .cannotCreate(reason: reason) : .noDirectory(target.directory))
            }
        }
        // The replaced file's permissions, not the umask's, for a file that already exists.
        if let existing = target.existingMode { _ = fchmod(descriptor, existing) }
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
                throw OutputError(file: target.path, problem: .writeFailed(reason: systemErrorText()))
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered, gives the temporary file a name and closes it: everything but
    /// the rename, which cannot fail for want of space.
    func prepare() throws(OutputError) {
        try flush()
        var attempts = 0
        while temporaryPath == nil {
            let name = TemporaryFiles.name(in: target.directory)
            slot = sparselaw_temporary_register(name)
            guard slot >= 0 else { throw OutputError(file: target.path, problem: .cannotReplace(reason: "too many temporary files, or a path too long")) }
            // linkat through /proc names the unnamed file without privileges (AT_EMPTY_PATH would need them).
            guard linkat(AT_FDCWD, "/proc/self/fd/\(descriptor)", AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0 else {
                let failure = errno, reason = systemErrorText()
                sparselaw_temporary_unregister(slot)
                slot = -1
                attempts += 1
                if failure == EEXIST, attempts < 100 { continue }
                throw OutputError(file: target.path, problem: .cannotReplace(reason: reason))
            }
            temporaryPath = name
        }
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0 else { throw OutputError(file: target.path, problem: .writeFailed(reason: systemErrorText())) }
    }

    /// Renames the prepared file onto the destination; rename(2) replaces it atomically.
    func install() throws(OutputError) {
        guard let temporaryPath else { throw OutputError(file: target.path, problem: .cannotReplace(reason: "the file was not prepared")) }
        guard rename(temporaryPath, target.resolved) == 0 else {
            throw OutputError(file: target.path, problem: .cannotReplace(reason: systemErrorText()))
        }
        sparselaw_temporary_unregister(slot)
        slot = -1
        self.temporaryPath = nil
        finished = true
    }

    /// Removes the temporary file, named or not.
    func discard() {
        guard !finished else { return }
        if descriptor >= 0 { close(descriptor); descriptor = -1 }
        if let temporaryPath {
            unlink(temporaryPath)
            sparselaw_temporary_unregister(slot)
            slot = -1
            self.temporaryPath = nil
        }
        finished = true
    }

    deinit { discard() }
}

/// Writes `text` to `path` atomically, as a batch of one file (see `OutputBatch`).
public func writeAtomically(_ text: String, to path: String) throws(OutputError) {
    let batch = OutputBatch()
    try batch.stage(path).write(text)
    try batch.commit()
}
