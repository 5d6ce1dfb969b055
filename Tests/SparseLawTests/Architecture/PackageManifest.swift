import Foundation
import Testing

/// The package's targets and the dependencies each declares, as SwiftPM itself reads Package.swift:
/// the JSON of `swift package dump-package`, run as a subprocess.
struct PackageManifest: Sendable {
    struct Target: Sendable {
        var name: String
        /// "regular" (a library target), "executable", "system", "test", ...
        var type: String
        /// The target's folder relative to the package root, as declared or by convention.
        var path: String
        /// The dependencies by name (targets, or products by name); products of other packages
        /// named with their package are left out.
        var dependencies: [String]
    }

    var targets: [Target]

    /// The package root: three folders above this file's folder.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `swift` on PATH, or nil.
    static let swiftExecutable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("swift").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    static let skipMessage: Comment = "skipped: `swift` is not on PATH, so Package.swift cannot be read with `swift package dump-package`"

    /// The manifest, read once for every test that needs it.
    static let current: Result<PackageManifest, ManifestError> = Result { () throws(ManifestError) in try load() }

    struct ManifestError: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `swift package dump-package` on the package root. The build folder is locked by a
    /// running `swift test`, so the subprocess gets a scratch folder of its own (which
    /// dump-package leaves empty) and cannot wait on that lock.
    static func load() throws(ManifestError) -> PackageManifest {
        guard let swift = swiftExecutable else { throw ManifestError(description: "swift is not on PATH") }
        let files = FileManager.default
        let scratch = files.temporaryDirectory.appendingPathComponent("sparselaw-manifest-\(UUID().uuidString)")
        defer { try? files.removeItem(at: scratch) }
        do {
            try files.createDirectory(at: scratch, withIntermediateDirectories: true)
            let output = scratch.appendingPathComponent("manifest.json"), errors = scratch.appendingPathComponent("errors.txt")
            _ = files.createFile(atPath: output.path, contents: nil)
            _ = files.createFile(atPath: errors.path, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: swift)
            process.arguments = ["package", "--package-path", root.path, "--scratch-path", scratch.appendingPathComponent("build").path, "dump-package"]
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardError = try FileHandle(forWritingTo: errors)
            process.standardInput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                let message = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
                throw ManifestError(description: "swift package dump-package exited with \(process.terminationStatus): \(message)")
            }
            return try parse(Data(contentsOf: output))
        } catch let error as ManifestError {
            throw error
        } catch {
            throw ManifestError(description: "swift package dump-package could not be run: \(error)")
        }
    }

    /// The targets in dump-package's JSON.
    static func parse(_ json: Data) throws(ManifestError) -> PackageManifest {
        guard let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any],
              let targets = object["targets"] as? [[String: Any]] else {
            throw ManifestError(description: "the output of dump-package has no targets")
        }
        return PackageManifest(targets: try targets.map { target throws(ManifestError) in
            guard let name = target["name"] as? String, let type = target["type"] as? String else {
                throw ManifestError(description: "a target without a name or type: \(target)")
            }
            let dependencies = (target["dependencies"] as? [[String: Any]] ?? []).compactMap { dependency -> String? in
                // {"byName": [name, condition]}, {"target": [name, condition]},
                // {"product": [name, package, moduleAliases, condition]}.
                if let byName = dependency["byName"] as? [Any] { return byName.first as? String }
                if let target = dependency["target"] as? [Any] { return target.first as? String }
                return nil
            }
            let folder = type == "test" ? "Tests" : "Sources"
            return Target(name: name, type: type, path: target["path"] as? String ?? "\(folder)/\(name)", dependencies: dependencies)
        })
    }

    /// The names of the package's own targets, tests left out.
    var ownTargets: Set<String> { Set(targets.filter { $0.type != "test" }.map(\.name)) }

    /// Each target's declared dependencies that are the package's own targets.
    var ownDependencies: [String: Set<String>] {
        let own = ownTargets
        return Dictionary(uniqueKeysWithValues: targets.map { ($0.name, Set($0.dependencies).intersection(own)) })
    }
}
