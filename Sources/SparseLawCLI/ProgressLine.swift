import Foundation

/// A progress counter on standard error, shown only when standard error is a terminal, so that
/// logs and pipes stay clean.
final class ProgressLine: @unchecked Sendable {
    private let label: String
    private let total: Int
    private let enabled = isatty(STDERR_FILENO) != 0
    private let lock = NSLock()
    private var shownPercent = -1

    init(label: String, total: Int) {
        self.label = label
        self.total = total
    }

    /// Safe to call from any thread.
    func update(_ done: Int) {
        guard enabled else { return }
        let percent = done * 100 / max(total, 1)
        lock.lock()
        defer { lock.unlock() }
        guard percent != shownPercent else { return }
        shownPercent = percent
        let width = 30, filled = width * done / max(total, 1)
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
