import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Published laws, kept as law files in the project's `data/laws/` folder, and found by name.
///
/// The folder is looked for, in order: in `$SPARSELAW_LAWS`; in `data/laws` of the checkout the
/// running executable was built in (walking up from it); in `data/laws` of the current
/// directory.
public enum LawPresets {
    public static let names = ["t5-c4", "vit-jft", "chinchilla", "chinchilla-epoch"]

    /// The folders searched, in order.
    public static func searchDirectories(environment: [String: String] = ProcessInfo.processInfo.environment) -> [URL] {
        var directories: [URL] = []
        if let custom = environment["SPARSELAW_LAWS"], !custom.isEmpty { directories.append(URL(fileURLWithPath: custom)) }
        if let executable = executablePath() {
            var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
            for _ in 0..<6 {
                directories.append(directory.appendingPathComponent("data/laws"))
                directory = directory.deletingLastPathComponent()
            }
        }
        directories.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("data/laws"))
        return directories
    }

    /// The path of preset `name`, if a searched folder has it.
    public static func path(of name: String) -> String? {
        for directory in searchDirectories() {
            let file = directory.appendingPathComponent(name + ".json").path
            if FileManager.default.fileExists(atPath: file) { return file }
        }
        return nil
    }

    /// A law file by path, or a preset by name. A path that exists wins over a preset's name.
    /// `limit`: the largest law file read, in bytes.
    public static func resolve(_ nameOrPath: String, limit: Int = Limits.inputBytes) throws(DataError) -> (file: LawFile, path: String) {
        if FileManager.default.fileExists(atPath: nameOrPath) || !names.contains(nameOrPath) {
            if !FileManager.default.fileExists(atPath: nameOrPath) && !nameOrPath.contains("/") && !nameOrPath.hasSuffix(".json") {
                throw DataError(file: nameOrPath, problem: .unknownLaw(presets: names))
            }
            return (try LawFile.read(path: nameOrPath, limit: limit), nameOrPath)
        }
        guard let path = path(of: nameOrPath) else {
            throw DataError(file: nameOrPath, problem: .presetMissing(name: nameOrPath))
        }
        return (try LawFile.read(path: path, limit: limit), path)
    }
}

/// The running executable's path with symbolic links resolved (Linux: /proc/self/exe).
func executablePath() -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard count > 0 else { return nil }
    return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
