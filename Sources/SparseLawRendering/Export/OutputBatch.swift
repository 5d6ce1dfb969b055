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

/// All the files one run writes, put in place together only when every one of them was written
/// whole: a run that fails on its second output leaves the first one's destination untouched.
///
/// Each destination is checked when it is staged, before any work: it must be a regular file or
/// not exist yet (a directory, a device, a FIFO or a socket is refused rather than replaced), it
/// must not be one of the run's inputs, and no two outputs may be the same file, however their
/// paths are spelled. A symbolic link is followed, and the file it names is replaced.
public final class OutputBatch {
    /// The files the run reads, by their identity, with the path each was given as.
    private var inputs: [(identity: FileIdentity, path: String)] = []
    private var writers: [AtomicStreamWriter] = []

    /// - Parameter inputs: the paths the run reads (a path that does not exist is skipped).
    public init(inputs: [String] = []) {
        for path in inputs {
            if let identity = InputFile.identity(of: path) { self.inputs.append((identity, path)) }
        }
    }

    /// Checks `path` and opens its temporary file; write the output through the writer returned.
    public func stage(_ path: String) throws(OutputError) -> AtomicStreamWriter {
        let target = try OutputTarget(path: path)
        if let existing = target.existing, let input = inputs.first(where: { $0.identity == existing }) {
            throw OutputError(file: path, problem: .isInput(input.path))
        }
        if let other = writers.first(where: { $0.target.key == target.key || ($0.target.existing != nil && $0.target.existing == target.existing) }) {
            throw OutputError(file: path, problem: .sameAsOtherOutput(other.path))
        }
        let writer = try AtomicStreamWriter(target: target)
        writers.append(writer)
        return writer
    }

    /// Adds `paths` to the run's inputs, refusing them if an output already staged is one of
    /// them (for inputs known only after staging, such as the files in a folder of logs).
    public func refuseInputs(_ paths: [String]) throws(OutputError) {
        for path in paths {
            guard let identity = InputFile.identity(of: path) else { continue }
            if let writer = writers.first(where: { $0.target.existing == identity }) {
                throw OutputError(file: writer.path, problem: .isInput(path))
            }
            inputs.append((identity, path))
        }
    }

    /// The writer staged for `path`, if any.
    public func writer(for path: String) -> AtomicStreamWriter? {
        writers.first { $0.path == path }
    }

    /// Puts every staged file in place: first each is written out and named (the step that can
    /// fail for want of space), then all are renamed. On a failure nothing staged is left behind;
    /// files already renamed by then (possible only if a rename itself fails) stay in place.
    public func commit() throws(OutputError) {
        defer { discard() }
        for writer in writers { try writer.prepare() }
        for writer in writers { try writer.install() }
    }

    /// Removes every temporary file that is not yet in place.
    public func discard() {
        for writer in writers { writer.discard() }
    }

    deinit { discard() }
}

/// Naming and cleanup of temporary files (see `AtomicStreamWriter`).
public enum TemporaryFiles {
    /// Installs the handlers that remove named temporary files on SIGINT, SIGTERM, SIGHUP and
    /// SIGPIPE and then end the process by the same signal. For executables, once at start.
    public static func removeOnSignals() {
        _ = sparselaw_temporary_install_handlers()
    }

    /// Whether the signal handler would remove `path` now (for tests).
    public static func isRegistered(_ path: String) -> Bool { sparselaw_temporary_contains(path) != 0 }

    /// O_TMPFILE (Linux: __O_TMPFILE | O_DIRECTORY), which the C headers define through a macro
    /// Swift does not import.
    static let unnamedFlag: Int32 = 0o20000000 | O_DIRECTORY

    /// Unnamed files need O_TMPFILE and /proc to name them later; tests and file systems without
    /// it fall back to named files.
    static let unnamedSupported: Bool = {
        #if os(Linux)
        if getenv("SPARSELAW_NAMED_TEMPORARY_FILES") != nil { return false }
        return access("/proc/self/fd", F_OK) == 0
        #else
        return false
        #endif
    }()

    /// A short, unused-looking name in `directory`: `.sparselaw-PID-K.tmp`.
    static func name(in directory: String) -> String {
        let serial = counter.next()
        let name = ".sparselaw-\(getpid())-\(serial).tmp"
        return directory == "." ? name : (directory == "/" ? "/" + name : directory + "/" + name)
    }

    private static let counter = SerialCounter()
}

/// Numbers 0, 1, 2, ... from any thread.
private final class SerialCounter: Sendable {
    private let value = Locked(0)
    func next() -> Int { value.withLock { value in defer { value += 1 }; return value } }
}
