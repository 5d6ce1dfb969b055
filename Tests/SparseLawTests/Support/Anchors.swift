import Testing
import Foundation

/// The anchor data sets in `shared/anchors` beside the checkout (or beside a folder above it, for
/// a checkout kept inside another folder), read in place; tests that need them are skipped with
/// this message when the folder is absent.
enum Anchors {
    static let directory: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent("shared/anchors")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("t5-data.csv").path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/anchors")
    }()

    static var available: Bool { FileManager.default.fileExists(atPath: directory.appendingPathComponent("t5-data.csv").path) }
    static let skipMessage: Comment = "skipped: the anchor data sets (../shared/anchors beside the checkout) are absent"

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
}

/// The repository root, for the bundled data.
enum Repository {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}


