import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A progress counter on standard error, shown only when standard error is a terminal, so that
/// logs and pipes stay clean.
final class ProgressLine: Sendable {
    private let label: String
    private let total: Int
    private let enabled = isatty(STDERR_FILENO) != 0
    private let shownPercent = Mutex(-1)

    init(label: String, total: Int) {
        self.label = label
        self.total = total
    }

    /// Safe to call from any thread.
    func update(_ done: Int) {
        guard enabled else { return }
        let percent = done * 100 / max(total, 1)
        let changed = shownPercent.withLock { shown in
            defer { shown = percent }
            return shown != percent
        }
        guard changed else { return }
        let width = 30, filled = width * done / max(total, 1)
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        writeToStandardError("\r\(label) [\(bar)] \(done)/\(total)")
    }

    func finish() {
        guard enabled else { return }
        writeToStandardError("\r\u{1B}[K")
    }
}
