import SparseLawCore
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One file of runs to read.
public struct LogSource: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// CSV, TSV, JSON Lines or JSON, by extension or content.
        case table
        /// Hugging Face's `trainer_state.json`.
        case trainerState
        /// A TensorBoard event file.
        case eventFile
    }

    public var path: String
    public var kind: Kind
    /// The run's name when the file holds one run and no column names it: the file's stem, or,
    /// for `trainer_state.json` and event files, whose names say nothing, the folder's name.
    public var fileRunName: String
    /// Whether the file was found in a folder rather than named: such a file must be a regular
    /// file when it is read too (see `InputFile.read(path:limit:acceptingPipes:)`).
    public var foundInFolder = false
}

/// The files that paths given on the command line stand for.
public struct LogListing: Sendable, Equatable {
    public var sources: [LogSource]
    /// Files and folders inside the given folders that are not read (folders end in `/`).
    public var skipped: [String]
    /// Pipes, sockets and devices inside the given folders: never opened by a scan, where a pipe
    /// would block the read forever (a path given itself is read, pipe or not).
    public var special: [String] = []
    /// Entries inside the given folders whose names are not UTF-8, escaped (`v\xFF.csv`).
    public var undecodable: [String] = []
    /// Symbolic links inside the given folders that lead nowhere (a missing target, a loop).
    public var unresolved: [String] = []
}

/// Turns paths (files and folders) into the log files to read.
///
/// A file is read whatever its name. A folder means the logs in it, in name order: files named
/// like logs (`.csv`, `.tsv`, `.tab`, `.jsonl`, `.ndjson`, `.json`, `events.out.tfevents.*`),
/// and the logs of its subfolders, one level deep (a folder of run folders); deeper folders and
/// other files are skipped and listed. Hidden files (`.name`) are ignored. Only regular files
/// are read from a folder: pipes, sockets and devices are listed apart, as are names that are not
/// UTF-8 (see `DirectoryListing`). A path given itself may be a pipe (`fit <(make_runs)`).
///
/// A folder that holds a `trainer_state.json`, directly or in `checkpoint-N` folders, is a Hugging
/// Face run folder: only its trainer state is read (the other JSON files there, `config.json`,
/// `tokenizer.json`, are not logs), and without one at its top, the state of the checkpoint with
/// the highest step (whose history holds every earlier one's).
public enum LogInputs {
    static let trainerStateName = "trainer_state.json"
    static let tableExtensions: Set<String> = ["csv", "tsv", "tab", "jsonl", "ndjson", "json"]

    /// TensorBoard names its files `events.out.tfevents.<time>.<host>[...]`.
    public static func isEventFileName(_ path: String) -> Bool {
        lastComponent(of: path).hasPrefix("events.out.tfevents.")
    }

    /// What a file holds, by its name; nil for names that are not logs'.
    static func kind(ofFileNamed name: String) -> LogSource.Kind? {
        if name == trainerStateName { return .trainerState }
        if isEventFileName(name) { return .eventFile }
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        return tableExtensions.contains(name[name.index(after: dot)...].lowercased()) ? .table : nil
    }

    public static func list(_ paths: [String]) throws(DataError) -> LogListing {
        var listing = LogListing(sources: [], skipped: [])
        for path in paths {
            let fileKind = FileKind(path: path)
            guard fileKind != .missing else { throw DataError(file: path, problem: .noSuchFile) }
            if fileKind == .directory {
                let before = listing.sources.count
                let skippedBefore = (listing.skipped.count, listing.special.count, listing.undecodable.count, listing.unresolved.count)
                try listFolder(path, depth: 0, into: &listing)
                if listing.sources.count == before {
                    let skipped = listing.skipped[skippedBefore.0...] + listing.special[skippedBefore.1...] + listing.undecodable[skippedBefore.2...]
                        + listing.unresolved[skippedBefore.3...]
                    throw DataError(file: path, problem: .noLogsInFolder(skipped: Array(skipped)))
                }
            } else {
                let kind = kind(ofFileNamed: lastComponent(of: path)) ?? .table
                listing.sources.append(LogSource(path: path, kind: kind, fileRunName: runName(path: path, kind: kind)))
            }
        }
        return listing
    }

    private static func listFolder(_ folder: String, depth: Int, into listing: inout LogListing) throws(DataError) {
        guard let entries = DirectoryListing(folder: folder) else { throw DataError(file: folder, problem: .unreadable) }
        listing.special += entries.special.map { joined(folder, $0) }
        listing.undecodable += entries.undecodable.map { joined(folder, $0) }
        listing.unresolved += entries.unresolved.map { joined(folder, $0) }
        let files = entries.files
        var folders: [String] = []
        var checkpoints: [(step: Int, path: String)] = []
        for name in entries.folders {
            let path = joined(folder, name)
            if let step = checkpointStep(name) { checkpoints.append((step, path)) } else { folders.append(path) }
        }
        let latestCheckpointState = checkpoints.sorted { $0.step > $1.step }.lazy
            .map { joined($0.path, trainerStateName) }
            .first { FileKind(path: $0) == .regular }
        let isTrainerFolder = files.contains(trainerStateName) || latestCheckpointState != nil

        for name in files {
            let path = joined(folder, name)
            guard let kind = kind(ofFileNamed: name), !isTrainerFolder || kind == .trainerState || kind == .eventFile else {
                listing.skipped.append(path)
                continue
            }
            listing.sources.append(LogSource(path: path, kind: kind, fileRunName: runName(path: path, kind: kind), foundInFolder: true))
        }
        if !files.contains(trainerStateName), let latestCheckpointState {
            listing.sources.append(LogSource(path: latestCheckpointState, kind: .trainerState,
                                             fileRunName: runName(path: latestCheckpointState, kind: .trainerState), foundInFolder: true))
        }
        for path in folders {
            if depth == 0 {
                try listFolder(path, depth: 1, into: &listing)
            } else {
                listing.skipped.append(path + "/")
            }
        }
    }

    /// The files to read once each: a file reached by two paths (named twice, through a symbolic
    /// link, a hard link or a linked folder) would bring its rows twice, doubling its runs or
    /// merging them with themselves. Of the paths that reach one file, the first that is not a
    /// symbolic link itself is read (its name names the run of a history), else the first;
    /// the others are returned with the path read in their place. Paths that name no file by
    /// the time they are listed are kept, to be refused when read.
    static func readOnce(_ sources: [LogSource]) -> (read: [Bool], repeated: [(path: String, readAs: String)]) {
        let identities = sources.map { InputFile.identity(of: $0.path) }
        var chosen: [FileIdentity: Int] = [:]
        for (index, identity) in identities.enumerated() {
            guard let identity else { continue }
            if let earlier = chosen[identity] {
                if isSymbolicLink(sources[earlier].path), !isSymbolicLink(sources[index].path) { chosen[identity] = index }
            } else {
                chosen[identity] = index
            }
        }
        var read: [Bool] = []
        var repeated: [(path: String, readAs: String)] = []
        for (index, identity) in identities.enumerated() {
            guard let identity, let kept = chosen[identity], kept != index else { read.append(true); continue }
            read.append(false)
            repeated.append((sources[index].path, sources[kept].path))
        }
        return (read, repeated)
    }

    private static func isSymbolicLink(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFLNK
    }

    /// `folder/name`, without doubling a `/` the folder ends with.
    static func joined(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// N for a folder named `checkpoint-N`, as Hugging Face names them.
    static func checkpointStep(_ name: String) -> Int? {
        guard name.hasPrefix("checkpoint-") else { return nil }
        return Int(name.dropFirst("checkpoint-".count))
    }

    /// The file's stem for tables; the folder's name for trainer states and event files, the
    /// folder above it for a checkpoint's state (`run-a/checkpoint-500/trainer_state.json` is
    /// `run-a`).
    static func runName(path: String, kind: LogSource.Kind) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        switch kind {
        case .table:
            return url.deletingPathExtension().lastPathComponent
        case .trainerState, .eventFile:
            let folder = url.deletingLastPathComponent()
            if checkpointStep(folder.lastPathComponent) != nil { return folder.deletingLastPathComponent().lastPathComponent }
            return folder.lastPathComponent
        }
    }
}
