import Foundation

/// A failure to write an output file.
public struct OutputError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var reason: String
    public var description: String { "\(file): \(reason)" }
}

/// Writes `text` to `path` through a temporary file in the same directory and a rename, so that
/// the path holds either its old content or the whole new one, never a part.
public func writeAtomically(_ text: String, to path: String) throws(OutputError) {
    do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        let reason = FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) && isDirectory.boolValue
            ? "cannot be written (permissions?)" : "cannot be written: no directory \(directory)"
        throw OutputError(file: path, reason: reason)
    }
}
