import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Variations on the hostile inputs already refused: the same classes (files reached twice, links
/// that lead nowhere or to names no path can hold, duplicate names, absurd sizes, files that are
/// not text) on the other surfaces where a path, a name or a number is read.
@Suite("CLI: hostile variations on paths, links, names and sizes")
struct HostileVariationsCommandTests {
    static let runs = "run,sparsity,params,tokens,loss\na,0,1e6,1e9,3\nb,0.5,1e6,1e9,3.2\n"
    /// Without a run column each row is its own run: a file read twice would double them.
    static let unnamedRuns = "sparsity,params,tokens,loss\n0,1e6,1e9,3\n0.5,1e6,1e9,3.2\n"

    /// The exit status, and each of `words` in what the command printed.
    static func expectMessage(_ result: CLI.Result, _ status: Int32, _ words: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == status, "\(result.stderr)", sourceLocation: sourceLocation)
        let output = result.stdout + result.stderr
        for word in words { #expect(output.contains(word), "\(output.prefix(2000))", sourceLocation: sourceLocation) }
    }

    /// The number of runs `runs --json` read.
    static func runCount(_ result: CLI.Result) throws -> Int {
        try #require(jsonObject(result.stdout)["runs"] as? [Any]).count
    }

    /// The codes of the notes `runs --json` printed.
    static func noteCodes(_ result: CLI.Result) throws -> [String] {
        try #require(jsonObject(result.stdout)["notes"] as? [[String: Any]]).compactMap { $0["code"] as? String }
    }

    // MARK: Files reached twice

    @Test("a file named twice, or reached through a symbolic link or a hard link, is read once, with a note: its runs are not doubled")
    func fileReachedTwice() throws {
        let folder = try TemporaryDirectory()
        let file = folder.file("runs.csv", Self.unnamedRuns)
        #expect(symlink("runs.csv", folder.file("latest.csv")) == 0)
        #expect(link(file, folder.file("copy.csv")) == 0)
        let once = try CLI.run(["runs", file, "--json"])
        #expect(try Self.runCount(once) == 2)
        for arguments in [[file, file], [file, folder.file("latest.csv")], [file, folder.file("copy.csv")], [folder.url.path]] {
            let result = try CLI.run(["runs"] + arguments + ["--json"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try Self.runCount(result) == 2, "\(arguments)")
            #expect(try Self.noteCodes(result).contains("read.repeated-files"), "\(arguments)")
        }
        // In a folder, the file is read under its own name, not the link's (a history's run is
        // named by its file), though the link comes first in name order.
        let scan = try TemporaryDirectory()
        _ = scan.file("runs.csv", Self.unnamedRuns)
        #expect(symlink("runs.csv", scan.file("latest.csv")) == 0)
        Self.expectMessage(try CLI.run(["runs", scan.url.path]), 0, "2 runs", "latest.csv\" (the file read as \"\(scan.file("runs.csv"))\")")
    }

    // MARK: Links that lead nowhere

    @Test("a link in a folder of logs that leads nowhere is listed in a note, not dropped without a word")
    func danglingLinkInFolder() throws {
        let folder = try TemporaryDirectory()
        _ = folder.file("a.csv", Self.runs)
        #expect(symlink("gone.csv", folder.file("b.csv")) == 0)
        #expect(symlink("c.csv", folder.file("c.csv")) == 0)
        let result = try CLI.run(["runs", folder.url.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.noteCodes(result).contains("read.skipped-broken-links"))
        Self.expectMessage(try CLI.run(["runs", folder.url.path]), 0, "symbolic links in the folders that lead nowhere", "b.csv", "c.csv")
        // In $SPARSELAW_LAWS too.
        let laws = try CLI.run(["laws"], environment: ["SPARSELAW_LAWS": folder.url.path])
        Self.expectMessage(laws, 0, "skipped in $SPARSELAW_LAWS", "b.csv")
    }

    @Test("a chain of symbolic links named as a log, metadata, law or profile is said to be one, not a missing file",
          arguments: [["runs", "LOOP"], ["runs", "RUNS", "--meta", "LOOP"], ["predict", "--law", "LOOP", "--params", "1e6", "--tokens", "1e9"],
                      ["plan", "--law", "t5-c4", "--compute", "1e20", "--hardware", "LOOP"], ["predict", "--law", "t5-c4", "--queries", "LOOP"]])
    func symbolicLinkLoopAsInput(arguments: [String]) throws {
        let folder = try TemporaryDirectory()
        #expect(symlink("loop-b", folder.file("loop-a")) == 0)
        #expect(symlink("loop-a", folder.file("loop-b")) == 0)
        let runs = folder.file("runs.csv", Self.runs)
        let resolved = arguments.map { $0 == "LOOP" ? folder.file("loop-a") : $0 == "RUNS" ? runs : $0 }
        Self.expectMessage(try CLI.run(resolved), 65, "loop-a: is a chain of symbolic links that does not end")
    }

    @Test("an output that is a symbolic link to a name that is not UTF-8 is refused (73), not followed to another file it would create")
    func outputLinkToUndecodableName() throws {
        let folder = try TemporaryDirectory()
        let runs = folder.file("runs.csv", Self.runs)
        let target: [UInt8] = Array("v".utf8) + [0xFF] + Array(".csv".utf8)
        let old = Data("old\n".utf8)
        let targetPath = Array(folder.url.path.utf8) + [UInt8(ascii: "/")] + target
        let descriptor = (targetPath + [0]).withUnsafeBufferPointer { pointer in
            pointer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: pointer.count) { open($0, O_CREAT | O_WRONLY, 0o644) }
        }
        #expect(descriptor >= 0)
        _ = old.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        let made = (target + [0]).withUnsafeBufferPointer { pointer in
            pointer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: pointer.count) { symlink($0, folder.file("out.csv")) }
        }
        #expect(made == 0)
        let before = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted()
        let result = try CLI.run(["simulate", "--law", "t5-c4", "--params", "1e6", "--tokens", "1e9", "-o", folder.file("out.csv")])
        Self.expectMessage(result, 73, "out.csv: is a symbolic link to \"v\\xFF.csv\"")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted() == before)
        _ = runs
    }

    // MARK: Patterns

    @Test("--pattern without --sparsity (64), and a queries row of a pattern at sparsity 0 (65, naming line and field), are refused, not answered for a dense model")
    func patternWithoutSparsity() throws {
        let folder = try TemporaryDirectory()
        let law = folder.file("law.json", """
            {"form": "sparse", "coefficients": {"aS": 16.8, "bS": 0.722, "cS": 45, "bN": 0.245, "aD": 6.9e8, "bD": 0.203, "c": 0.651},
             "patterns": [{"pattern": "2:4", "q": 30}]}
            """)
        Self.expectMessage(try CLI.run(["predict", "--law", law, "--params", "1e8", "--tokens", "1e10", "--pattern", "2:4"]), 64,
                           "--pattern 2:4 without --sparsity")
        let queries = folder.file("queries.csv", "params,tokens,pattern\n1e8,1e10,unstructured\n1e8,1e10,2:4\n")
        Self.expectMessage(try CLI.run(["predict", "--law", law, "--queries", queries]), 65,
                           "queries.csv, line 3, field \"sparsity\": pattern \"2:4\" at sparsity 0")
        // At the pattern's sparsity, its constant: q N^-bN + (aD/D)^bD + c.
        let result = try CLI.run(["predict", "--law", law, "--params", "1e8", "--tokens", "1e10", "--pattern", "2:4", "--sparsity", "0.5", "--json"])
        let loss = try #require(jsonObject(result.stdout)["loss"] as? Double)
        let expected = 30 * pow(1e8, -0.245) + pow(6.9e8 / 1e10, 0.203) + 0.651
        #expect(abs(loss - expected) <= 1e-12 * expected)
    }

    // MARK: Absurd sizes

    @Test("contours --levels: more than 100 levels, or one given twice, are refused (64), not drawn for minutes into a CSV of billions of rows")
    func contourLevels() throws {
        let many = (1...101).map { String(Double($0) / 200) }.joined(separator: ",")
        Self.expectMessage(try CLI.run(["contours", "--law", "t5-c4", "--levels", many, "--points", "100000"]), 64, "101 levels, more than the 100")
        Self.expectMessage(try CLI.run(["contours", "--law", "t5-c4", "--levels", "0.5,0.75,0.5"]), 64, "--levels: 0.5 is given twice")
        let hundred = (1...100).map { String(Double($0) / 200) }.joined(separator: ",")
        #expect(try CLI.run(["contours", "--law", "t5-c4", "--levels", hundred]).status == 0)
    }

    @Test("--max-input-size beyond 2^32 - 1 bytes, the reader's 32-bit row offsets, is refused (64), not accepted to trap on a long row")
    func maxInputSize() throws {
        let folder = try TemporaryDirectory()
        let runs = folder.file("runs.csv", Self.runs)
        for size in ["5G", "1e18", "9223372036854775807"] {
            Self.expectMessage(try CLI.run(["runs", runs, "--max-input-size", size]), 64, "is outside 1...4294967295")
        }
        #expect(try CLI.run(["runs", runs, "--max-input-size", "4294967295"]).status == 0)
    }

    // MARK: $SPARSELAW_LAWS

    @Test("SPARSELAW_LAWS set to bytes that are not UTF-8 is refused (64) naming the variable, not read with U+FFFD as a folder that cannot be listed")
    func lawFolderNotUTF8() throws {
        let folder = try TemporaryDirectory()
        // The environment is handed over by the shell, as bytes.
        let script = folder.file("run.sh", "SPARSELAW_LAWS=\"$(printf '\(folder.url.path)/l\\377')\" exec \"$@\"\n")
        let result = try CLI.run([script, CLI.executable.path, "predict", "--law", "mine", "--params", "1e6", "--tokens", "1e9"],
                                 executable: URL(fileURLWithPath: "/bin/sh"))
        Self.expectMessage(result, 64, "the environment variable SPARSELAW_LAWS", "l\\xFF", "is not UTF-8")
    }

    @Test("a law by name while SPARSELAW_LAWS names a folder that cannot be listed is refused (65), not answered by the built-in law of that name")
    func lawFolderUnlistableForName() throws {
        let folder = try TemporaryDirectory()
        let missing = folder.url.appendingPathComponent("no-such-folder").path
        let result = try CLI.run(["predict", "--law", "t5-c4", "--params", "1e6", "--tokens", "1e9"], environment: ["SPARSELAW_LAWS": missing])
        Self.expectMessage(result, 65, "SPARSELAW_LAWS names this folder, which cannot be listed")
        // A path is a path, whatever the variable says.
        let law = folder.file("law.json", #"{"form": "dense", "coefficients": {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28}}"#)
        #expect(try CLI.run(["predict", "--law", law, "--params", "1e6", "--tokens", "1e9"], environment: ["SPARSELAW_LAWS": missing]).status == 0)
    }

    @Test("--memory 1e308GB, whose unit overflows the amount, is refused without printing inf")
    func memoryOverflow() throws {
        let result = try CLI.run(["plan", "--law", "t5-c4", "--compute", "1e20", "--memory", "1e308GB"])
        Self.expectMessage(result, 64, "more bytes than the largest number that can be held")
        #expect(!result.stderr.contains("inf bytes"), "\(result.stderr)")
    }

    // MARK: Messages that name nothing

    @Test("an empty path is named as one: an output is not called a directory (73), an input not a bare colon (65)",
          arguments: [(["fit", "RUNS", "-o", ""], Int32(73), "give the name of a file"), (["runs", ""], 65, "no such file"),
                      (["contours", "--law", "t5-c4", "--svg", ""], 73, "give the name of a file"),
                      (["plan", "--law", "t5-c4", "--compute", "1e20", "--hardware", ""], 65, "no such profile file"),
                      (["runs", "RUNS", "--meta", ""], 65, "no such file")])
    func emptyPath(arguments: [String], status: Int32, reason: String) throws {
        let folder = try TemporaryDirectory()
        let runs = folder.file("runs.csv", Self.runs)
        let result = try CLI.run(arguments.map { $0 == "RUNS" ? runs : $0 })
        Self.expectMessage(result, status, "error: \"\" (an empty path): \(reason)")
    }

    // MARK: Runs merged by name

    @Test("histories in two folders that their files name alike (two seeds' 190M.csv) are refused naming both, not merged into one run with one seed's rows kept")
    func historiesNamedAlikeInTwoFolders() throws {
        let first = try TemporaryDirectory(), second = try TemporaryDirectory()
        _ = first.file("190M.csv", "step,params,tokens,loss\n1,1e8,1e9,3.0\n2,1e8,2e9,2.8\n")
        _ = second.file("190M.csv", "step,params,tokens,loss\n1,1e8,1e9,3.1\n2,1e8,2e9,2.9\n")
        Self.expectMessage(try CLI.run(["runs", first.url.path, second.url.path]), 65,
                           "\(second.file("190M.csv")): this history and \(first.file("190M.csv")), in another folder, are both named \"190M\"")
        // A run resumed into a second event file of its own folder is still one run, read from
        // both, however the folder is spelt.
        let resumed = try TemporaryDirectory()
        let run = resumed.url.appendingPathComponent("exp1")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        typealias Event = HostileSurfacesCommandTests.Event
        let before = run.appendingPathComponent("events.out.tfevents.1.host").path, after = run.appendingPathComponent("events.out.tfevents.2.host").path
        HostileSurfacesCommandTests.write(Event.file([Event.event(step: 100, values: [Event.scalar("loss", 3)])]), to: before)
        HostileSurfacesCommandTests.write(Event.file([Event.event(step: 200, values: [Event.scalar("loss", 2.5)])]), to: after)
        let result = try CLI.run(["runs", before, resumed.url.path + "/./exp1/events.out.tfevents.2.host",
                                  "--column", "params=1e6", "--column", "tokens=step*1000", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.runCount(result) == 1)
    }
}
