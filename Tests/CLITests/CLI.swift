import Foundation

/// Runs the built `sparselaw` executable as a user would.
struct CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The executable in the build folder of the running tests.
    static let executable: URL = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("sparselaw")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return Repository.root.appendingPathComponent(".build/debug/sparselaw")
    }()

    /// Output goes to temporary files rather than pipes, so that no amount of it can stall the child.
    /// `environment` replaces the child's whole environment when given (an empty one is `env -i`);
    /// `directory` is its working directory; `input`, when given, is its standard input.
    static func run(_ arguments: [String], executable: URL = CLI.executable, environment: [String: String]? = nil, directory: URL? = nil,
                    input: String? = nil) throws -> Result {
        let scratch = try TemporaryDirectory()
        let outURL = scratch.url.appendingPathComponent("stdout"), errURL = scratch.url.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        if let input {
            let inURL = scratch.url.appendingPathComponent("stdin")
            try Data(input.utf8).write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: try String(contentsOf: outURL, encoding: .utf8),
                      stderr: try String(contentsOf: errURL, encoding: .utf8))
    }
}

/// The JSON object a command printed.
func jsonObject(_ text: String) throws -> [String: Any] {
    guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
        throw CocoaError(.coderReadCorrupt)
    }
    return object
}

/// A fresh directory, removed when the value is released.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("sparselaw-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String, _ contents: String? = nil) -> String {
        let path = url.appendingPathComponent(name).path
        if let contents { _ = FileManager.default.createFile(atPath: path, contents: Data(contents.utf8)) }
        return path
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

enum Repository {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
    /// `shared/anchors` beside the checkout, or beside a folder above it.
    static let anchors: URL = {
        var folder = root.deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent("shared/anchors")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("t5-data.csv").path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return root.deletingLastPathComponent().appendingPathComponent("shared/anchors")
    }()
    static var anchorsAvailable: Bool { FileManager.default.fileExists(atPath: anchors.appendingPathComponent("t5-data.csv").path) }
    static func anchor(_ name: String) -> String { anchors.appendingPathComponent(name).path }
}
