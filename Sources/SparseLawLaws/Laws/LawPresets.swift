import SparseLawCore
import SparseLawReader
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The laws `--law NAME` finds by name: the published laws built into the library
/// (`PublishedLaws`), and the law files (`NAME.json`) of the folder `$SPARSELAW_LAWS` names, if
/// it is set. A file there named like a built-in law takes its place.
///
/// A path to a law file is always read as that file.
public enum LawPresets {
    /// The names of the built-in laws.
    public static let names = PublishedLaws.all.compactMap(\.name)

    /// The variable that names a folder of additional laws.
    public static let folderVariable = "SPARSELAW_LAWS"

    /// A law found by name, and where it came from.
    public struct Entry: Sendable {
        public enum Origin: Sendable, Equatable {
            case builtIn
            /// A law file in the additional folder, by path.
            case file(String)
        }

        public var name: String
        public var file: LawFile
        public var origin: Origin

        /// The path of the file, or the name for a built-in law: what messages about it name.
        public var path: String {
            switch origin {
            case .builtIn: return name
            case .file(let path): return path
            }
        }
    }

    /// The additional folder, when the environment names one.
    public static func folder(environment: [String: String]) -> URL? {
        guard let folder = environment[folderVariable], !folder.isEmpty else { return nil }
        return URL(fileURLWithPath: folder)
    }

    /// Every law found by name: the built-in laws in their order (each replaced by a file of the
    /// same name in the folder), then the folder's other laws by name. A folder that cannot be
    /// listed, or a law file in it that cannot be read, is refused.
    public static func available(environment: [String: String] = ProcessInfo.processInfo.environment) throws(DataError) -> [Entry] {
        var entries = PublishedLaws.all.map { Entry(name: $0.name ?? "", file: $0, origin: .builtIn) }
        for (name, path) in try folderFiles(environment: environment) {
            let entry = Entry(name: name, file: try LawFile.decode(InputFile.read(path: path, acceptingPipes: false), file: path), origin: .file(path))
            if let index = entries.firstIndex(where: { $0.name == name }) { entries[index] = entry } else { entries.append(entry) }
        }
        return entries
    }

    /// A law file by path, or a law by name. A path that exists wins over a name. `limit`: the
    /// largest law file read, in bytes.
    public static func resolve(_ nameOrPath: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                               limit: Int = Limits.inputBytes) throws(DataError) -> (file: LawFile, path: String) {
        if FileKind(path: nameOrPath) != .missing || nameOrPath.contains("/") || nameOrPath.hasSuffix(".json") {
            return (try LawFile.read(path: nameOrPath, limit: limit), nameOrPath)
        }
        if let folder = folder(environment: environment) {
            // A folder that cannot be listed is refused, as `laws` refuses it: a law of that name
            // there would otherwise be replaced by a built-in law, or called unknown, silently.
            guard DirectoryListing(folder: folder.path) != nil else {
                throw DataError(file: folder.path, problem: .lawFolderUnlistable(variable: folderVariable))
            }
            let path = folder.appendingPathComponent(nameOrPath + ".json").path
            switch FileKind(path: path) {
            case .missing: break
            case .regular: return (try LawFile.decode(InputFile.read(path: path, limit: limit, acceptingPipes: false), file: path), path)
            case .symbolicLinkLoop: throw DataError(file: path, problem: .symbolicLinkLoop)
            // A pipe would block the read forever: the folder holds law files, nothing else.
            default: throw DataError(file: path, problem: .notAFile)
            }
        }
        if let file = PublishedLaws.named(nameOrPath) { return (file, nameOrPath) }
        let added = ((try? folderFiles(environment: environment)) ?? []).map(\.name).filter { !names.contains($0) }
        throw DataError(file: nameOrPath, problem: .unknownLaw(presets: names + added))
    }

    /// The folder's `*.json` regular files by name, sorted (see `skippedFolderEntries`).
    static func folderFiles(environment: [String: String]) throws(DataError) -> [(name: String, path: String)] {
        guard let folder = folder(environment: environment) else { return [] }
        guard let contents = DirectoryListing(folder: folder.path) else {
            throw DataError(file: folder.path, problem: .lawFolderUnlistable(variable: folderVariable))
        }
        return contents.files.filter { $0.hasSuffix(".json") }.map { file in
            (String(file.dropLast(".json".count)), folder.appendingPathComponent(file).path)
        }
    }

    /// The entries of the folder that are not read: pipes, sockets and devices (a pipe would
    /// block the listing forever), and names that are not UTF-8 (escaped), by path.
    public static func skippedFolderEntries(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        guard let folder = folder(environment: environment), let contents = DirectoryListing(folder: folder.path) else { return [] }
        return (contents.special + contents.unresolved + contents.undecodable).map { folder.appendingPathComponent($0).path }
    }
}
