import Foundation
import Testing
@testable import SparseLawCore
@testable import SparseLawGSL
@testable import SparseLawReader
@testable import SparseLawLaws
@testable import SparseLawFitting
@testable import SparseLawDecisions
@testable import SparseLawRendering
import SparseLaw

/// Output files: what may be replaced, what is refused, and that a batch is all or nothing.
@Suite("Export: output files, staged and checked")
struct OutputBatchTests {
    /// A fresh folder, removed at the end of the test.
    final class Folder {
        let path: String
        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("sparselaw-out-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        func file(_ name: String, _ contents: String? = nil) -> String {
            let file = path + "/" + name
            if let contents { _ = FileManager.default.createFile(atPath: file, contents: Data(contents.utf8)) }
            return file
        }
        /// Every name in the folder (temporary files included), sorted.
        var names: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    static func problem(_ body: () throws(OutputError) -> Void) -> OutputProblem? {
        do { try body(); return nil } catch { return error.problem }
    }

    static func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    @Test("a directory, a FIFO, a character device and a socket are refused, and left as they are")
    func notRegular() throws {
        let folder = try Folder()
        let fifo = folder.file("fifo")
        #expect(mkfifo(fifo, 0o644) == 0)
        let socketPath = folder.file("socket")
        let socketDescriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in socketPath.utf8.prefix(buffer.count - 1).enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        defer { close(socketDescriptor) }
        var cases: [(String, FileKind)] = [(folder.path, .directory), (fifo, .fifo), ("/dev/null", .characterDevice)]
        if bound == 0 { cases.append((socketPath, .socket)) }
        for (path, kind) in cases {
            #expect(Self.problem { () throws(OutputError) in try writeAtomically("x", to: path) } == .notARegularFile(kind), "\(path)")
            #expect(FileKind(path: path) == kind)
        }
        #expect(OutputError(file: "/dev/null", problem: .notARegularFile(.characterDevice)).description
                == "/dev/null: is a character device, not a regular file: it is left as it is; write the output to a file")
        #expect(FileKind(path: fifo) == .fifo && !folder.names.contains { $0.hasPrefix(".sparselaw-") })
    }

    @Test("an input of the run is refused, however its path is spelled")
    func input() throws {
        let folder = try Folder()
        let input = folder.file("in.csv", "data")
        let link = folder.file("link.csv")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "in.csv")
        let hard = folder.file("hard.csv")
        #expect(Glibc.link(input, hard) == 0)
        for spelling in [input, folder.path + "/./in.csv", link, hard] {
            let batch = OutputBatch(inputs: [input])
            #expect(Self.problem { () throws(OutputError) in _ = try batch.stage(spelling) } == .isInput(input), "\(spelling)")
        }
        #expect(Self.read(input) == "data")
    }

    @Test("two outputs of one run on the same file are refused")
    func sameOutput() throws {
        let folder = try Folder()
        let existing = folder.file("a.csv", "old")
        let link = folder.file("b.csv")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: existing)
        for (first, second) in [(existing, folder.path + "/./a.csv"), (existing, link), (folder.file("new.csv"), folder.path + "//new.csv")] {
            let batch = OutputBatch()
            _ = try batch.stage(first)
            #expect(Self.problem { () throws(OutputError) in _ = try batch.stage(second) } == .sameAsOtherOutput(first), "\(first) and \(second)")
        }
        #expect(Self.read(existing) == "old")
        #expect(folder.names == ["a.csv", "b.csv"])
    }

    @Test("a symbolic link is followed: the file it names is replaced, the link stays")
    func symbolicLink() throws {
        let folder = try Folder()
        try FileManager.default.createDirectory(atPath: folder.path + "/real", withIntermediateDirectories: true)
        let target = folder.file("real/target.csv", "old")
        let link = folder.file("link.csv")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real/target.csv")
        try writeAtomically("new", to: link)
        #expect(Self.read(target) == "new")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real/target.csv")
        // A dangling link creates its target; a loop is refused.
        let dangling = folder.file("dangling.csv")
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: "real/made.csv")
        try writeAtomically("made", to: dangling)
        #expect(Self.read(folder.path + "/real/made.csv") == "made")
        let loop = folder.file("loop")
        try FileManager.default.createSymbolicLink(atPath: loop, withDestinationPath: "loop")
        #expect(Self.problem { () throws(OutputError) in try writeAtomically("x", to: loop) } == .symbolicLinkLoop)
        #expect(folder.names == ["dangling.csv", "link.csv", "loop", "real"])
    }

    @Test("a batch is all or nothing: a destination that cannot be written leaves the others untouched")
    func allOrNothing() throws {
        let folder = try Folder()
        let first = folder.file("p.json", "old law")
        let batch = OutputBatch()
        try batch.stage(first).write("new law")
        #expect(Self.problem { () throws(OutputError) in _ = try batch.stage(folder.path + "/no/dir/x.svg") } == .noDirectory(folder.path + "/no/dir"))
        batch.discard()
        #expect(Self.read(first) == "old law")
        #expect(folder.names == ["p.json"])
        // Committed, every file is in place; nothing temporary is left.
        let whole = OutputBatch()
        try whole.stage(first).write("new law")
        try whole.stage(folder.file("x.svg")).write("<svg/>")
        try whole.commit()
        #expect(Self.read(first) == "new law" && Self.read(folder.path + "/x.svg") == "<svg/>")
        #expect(folder.names == ["p.json", "x.svg"])
    }

    @Test("a 251-character name works for every output, a 256-character one is refused before any work")
    func longNames() throws {
        let folder = try Folder()
        let long = folder.file(String(repeating: "n", count: 251))
        try writeAtomically("ok", to: long)
        #expect(Self.read(long) == "ok")
        let tooLong = folder.file(String(repeating: "m", count: 256))
        let batch = OutputBatch()
        let problem = Self.problem { () throws(OutputError) in _ = try batch.stage(tooLong) }
        #expect(problem == .cannotCreate(reason: String(cString: strerror(ENAMETOOLONG))))
    }

    @Test("an existing file keeps its permissions")
    func permissions() throws {
        let folder = try Folder()
        let file = folder.file("private.json", "old")
        #expect(chmod(file, 0o600) == 0)
        try writeAtomically("new", to: file)
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test("named temporary files are registered for the signal handler, and removed when not committed")
    func temporaryFiles() throws {
        let folder = try Folder()
        var temporary = ""
        do {
            let batch = OutputBatch()
            let writer = try batch.stage(folder.file("big.csv"))
            try writer.write(String(repeating: "x", count: 1 << 17))
            try writer.prepare()
            // Once named (just before the rename), the file is in the table.
            #expect(folder.names.count == 1 && folder.names[0].hasPrefix(".sparselaw-"))
            temporary = folder.path + "/" + (folder.names.first ?? "")
            #expect(TemporaryFiles.isRegistered(temporary))
        }
        #expect(!TemporaryFiles.isRegistered(temporary))
        #expect(folder.names.isEmpty)
    }
}
