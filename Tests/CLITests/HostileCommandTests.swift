import Foundation
import SparseLaw
import Testing

extension CLI {
    /// Runs the executable with standard output going to `stdoutPath` (e.g. /dev/full) and
    /// extra environment variables; standard error is captured.
    static func run(_ arguments: [String], stdoutPath: String, environment: [String: String] = [:]) throws -> Result {
        let scratch = try TemporaryDirectory()
        let errPath = scratch.file("stderr", "")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: "", stderr: try String(contentsOfFile: errPath, encoding: .utf8))
    }

    /// Runs a shell command line (for `ulimit`), with the executable as $SPARSELAW.
    static func shell(_ script: String, environment: [String: String] = [:]) throws -> Result {
        let scratch = try TemporaryDirectory()
        let outPath = scratch.file("stdout", ""), errPath = scratch.file("stderr", "")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.environment = ProcessInfo.processInfo.environment.merging(environment.merging(["SPARSELAW": executable.path]) { $1 }) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        try process.run()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: try String(contentsOfFile: outPath, encoding: .utf8),
                      stderr: try String(contentsOfFile: errPath, encoding: .utf8))
    }
}

/// The hostile-argument catalog, run as a user would: every case refused with its exit status
/// and a message of the one style, or answered with finite numbers. Never a crash, never exit 1.
@Suite("CLI: hostile arguments, law files and output paths")
struct HostileCommandTests {
    /// A law file with `coefficients` changed, written to `folder`.
    static func lawFile(_ folder: TemporaryDirectory, _ name: String = "law.json", changes: [String: Double] = [:], extra: String = "") -> String {
        var coefficients: [String: Double] = ["aS": 16.8, "bS": 0.722, "cS": 45, "bN": 0.245, "aD": 6.9e8, "bD": 0.203, "c": 0.651]
        for (key, value) in changes { coefficients[key] = value }
        let list = coefficients.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ")
        return folder.file(name, "{\"form\": \"sparse\", \"coefficients\": {\(list)}\(extra)}")
    }

    /// The first line of standard error is `error: ` followed by a lower-case word, a quote, a
    /// path, a number or an option.
    static func expectStyle(_ result: CLI.Result, _ comment: Comment? = nil) {
        let first = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("error: "), comment ?? "\(result.stderr)")
        let next = first.dropFirst(7).first
        #expect(next.map { !$0.isUppercase } ?? false, "\(first)")
        #expect(!result.stderr.contains("Error:"), "\(result.stderr)")
    }

    // MARK: Crashes

    @Test("crashes: each one now a refusal with its reason", arguments: [
        (["contours", "--law", "t5-c4", "--params", "1e6:1e140", "--svg", "x.svg"], Int32(65), "not finite at N = 1e+140"),
        (["contours", "--law", "t5-c4", "--params", "1e-150:1e9", "--grid", "3x3", "--grid-csv", "g.csv"], 65, "not finite at N = 1e-150"),
        (["contours", "--law", "t5-c4", "--grid", "4294967296x4294967296", "--grid-csv", "g.csv"], 64, "at most 10000000 in all"),
    ])
    func crashes(arguments: [String], status: Int32, fragment: String) throws {
        let folder = try TemporaryDirectory()
        let result = try CLI.run(arguments.map { $0.hasSuffix(".svg") || $0.hasSuffix(".csv") ? folder.file($0) : $0 })
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.contains(fragment), "\(result.stderr)")
        Self.expectStyle(result)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
    }

    @Test("20,000 nested parentheses or unary minuses in --column are refused, not a stack overflow", arguments: [
        String(repeating: "(", count: 20_000) + "loss" + String(repeating: ")", count: 20_000),
        String(repeating: "-", count: 20_000) + "loss",
    ])
    func deepColumn(expression: String) throws {
        let result = try CLI.run(["runs", Repository.path("data/example-runs.csv"), "--column", "loss=" + expression])
        #expect(result.status == 64, "\(result.stderr.prefix(300))")
        #expect(result.stderr.contains("characters: at most 1000 are accepted"))
        let nested = try CLI.run(["runs", Repository.path("data/example-runs.csv"), "--column",
                                  "loss=" + String(repeating: "(", count: 100) + "loss" + String(repeating: ")", count: 100)])
        #expect(nested.status == 64 && nested.stderr.contains("nested more than 64 deep"), "\(nested.stderr)")
        Self.expectStyle(result)
    }

    @Test("extreme law files: every answer finite or refused (65), and contours --svg never traps", arguments: [
        ["aS": 1e308], ["aS": .leastNonzeroMagnitude], ["bN": 50], ["aS": 1e300, "bS": 1e300, "cS": 1e300, "bN": 1e300, "aD": 1e300, "bD": 1e300, "c": 1e300],
    ])
    func extremeLaws(changes: [String: Double]) throws {
        let folder = try TemporaryDirectory()
        let law = Self.lawFile(folder, changes: changes)
        for arguments in [["contours", "--law", law, "--svg", folder.file("x.svg")], ["contours", "--law", law, "--csv", folder.file("x.csv")],
                          ["optimal", "--law", law, "--params", "1e9", "--compute", "1e21"],
                          ["optimal", "--law", law, "--params", "1e9", "--compute", "1e21", "--cost", "sparse", "--json"]] {
            let result = try CLI.run(arguments)
            #expect([0, 65].contains(result.status), "\(arguments): \(result.status) \(result.stderr)")
            #expect(!result.stdout.contains("inf") && !result.stdout.contains("nan"), "\(result.stdout)")
            if result.status == 0 {
                for name in ["x.svg", "x.csv"] {
                    let text = (try? String(contentsOfFile: folder.file(name), encoding: .utf8)) ?? ""
                    #expect(!text.contains("nan") && !text.contains("inf"))
                }
            } else {
                Self.expectStyle(result)
            }
        }
    }

    @Test("bootstrap replicates at 1e308: optimal refuses by replicate instead of trapping")
    func hugeReplicates() throws {
        let folder = try TemporaryDirectory()
        let law = Self.lawFile(folder, extra: #", "bootstrap": {"requested": 2, "failed": 0, "seed": 1, "replicates": [[16, 0.7, 44, 0.24, 6.8e8, 0.2, 0.65], [1e308, 1e308, 1e308, 1e308, 1e308, 1e308, 1e308]]}"#)
        let result = try CLI.run(["optimal", "--law", law, "--params", "1e9", "--compute", "1e21"])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("bootstrap replicate 2 of the law has no finite optimum"))
    }

    // MARK: inf and nan with exit 0

    @Test("inf and nan are never printed as answers", arguments: [
        ["contours", "--law", "t5-c4", "--params", "1e6:1e308"],
        ["contours", "--law", "t5-c4", "--compute", "1e-300:1e-290", "--grid", "3x3", "--grid-csv", "GRID"],
        ["simulate", "--law", "t5-c4", "--params", "1e6", "--tokens", "5e-324"],
        ["predict", "--law", "t5-c4", "--params", "1e6", "--tokens", "5e-324"],
    ])
    func noInfinities(arguments: [String]) throws {
        let folder = try TemporaryDirectory()
        let result = try CLI.run(arguments.map { $0 == "GRID" ? folder.file("g.csv") : $0 })
        #expect(result.status == 65, "\(result.stderr)")
        #expect(!result.stdout.contains("inf") && !result.stdout.contains("nan"))
        #expect(result.stderr.contains("not finite"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
    }

    @Test("optimal --cost sparse with a law of huge losses: the gain is a finite percentage")
    func gainPercentage() throws {
        let folder = try TemporaryDirectory()
        let law = Self.lawFile(folder, changes: ["aS": 1e307, "cS": 1e307])
        let result = try CLI.run(["optimal", "--law", law, "--params", "1e9", "--compute", "1e21", "--cost", "sparse"])
        #expect([0, 65].contains(result.status))
        #expect(!result.stdout.contains("inf") && !result.stdout.contains("nan"), "\(result.stdout)")
        // The extrapolation ratio at the edge of the doubles is printed as a power of ten.
        let tiny = Self.lawFile(folder, "tiny.json", extra: #", "ranges": {"params": {"min": 1e-300, "max": 1e-300}}"#)
        let warned = try CLI.run(["optimal", "--law", tiny, "--params", "1e10", "--compute", "1e21"])
        #expect(warned.status == 0, "\(warned.stderr)")
        #expect(warned.stdout.contains("1e+310x the largest model"), "\(warned.stdout)")
    }

    // MARK: exit 1 with an EncodingError

    @Test("fit --fix with coefficients that overflow is refused (65), never exit 1", arguments: ["aS=1e308", "bN=100", "c=1e200"])
    func fixOverflow(fix: String) throws {
        let folder = try TemporaryDirectory()
        let result = try CLI.run(["fit", Repository.path("data/example-runs.csv"), "--fix", fix, "-o", folder.file("law.json"), "--json"])
        #expect(result.status == 65, "\(result.stderr)")
        // Refused by the fitter's own check of a coefficient beyond the doubles, or by the check
        // that the fitted law is finite on the runs: either way one line naming the reason.
        #expect(result.stderr.contains("the fitted law is not finite on these runs with \(fix.split(separator: "=")[0]) =")
                || result.stderr.contains("beyond what a double can hold"), "\(result.stderr)")
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.split(separator: "\n").count == 1)
        #expect(!result.stderr.contains("EncodingError"))
        #expect(!FileManager.default.fileExists(atPath: folder.file("law.json")))
    }

    // MARK: Data loss

    @Test("an output that is not a regular file is refused (73) and left alone")
    func notRegularOutputs() throws {
        let folder = try TemporaryDirectory()
        let fifo = folder.file("fifo")
        #expect(mkfifo(fifo, 0o644) == 0)
        for target in ["/dev/null", "/dev/full", fifo, folder.url.path] {
            let result = try CLI.run(["simulate", "--law", "t5-c4", "--params", "1M", "--tokens", "1B", "-o", target])
            #expect(result.status == 73, "\(target): \(result.stderr)")
            #expect(result.stderr.contains("not a regular file: it is left as it is"))
            Self.expectStyle(result)
        }
        #expect(FileKind(path: "/dev/null") == .characterDevice && FileKind(path: fifo) == .fifo)
    }

    @Test("an output that is one of the run's inputs is refused (73), the input untouched", arguments: [
        ["fit", "IN", "-o", "IN"], ["fit", "IN", "--svg", "IN"], ["contours", "--law", "LAW", "--levels", "0.5", "--csv", "LAW"],
        ["simulate", "--law", "LAW", "--params", "1M", "--tokens", "1B", "-o", "LAW"],
    ])
    func outputIsInput(arguments: [String]) throws {
        let folder = try TemporaryDirectory()
        let input = folder.file("in.csv", try String(contentsOfFile: Repository.path("data/example-runs.csv"), encoding: .utf8))
        let law = Self.lawFile(folder, extra: #", "maxFittedSparsity": 0.75"#)
        let before = (try String(contentsOfFile: input, encoding: .utf8), try String(contentsOfFile: law, encoding: .utf8))
        let result = try CLI.run(arguments.map { $0 == "IN" ? input : ($0 == "LAW" ? law : $0) })
        #expect(result.status == 73, "\(result.stderr)")
        #expect(result.stderr.contains("is this run's input: writing it would destroy it"), "\(result.stderr)")
        #expect(try String(contentsOfFile: input, encoding: .utf8) == before.0)
        #expect(try String(contentsOfFile: law, encoding: .utf8) == before.1)
    }

    @Test("two outputs of one run on the same path are refused (73)")
    func sameOutputTwice() throws {
        let folder = try TemporaryDirectory()
        let result = try CLI.run(["fit", Repository.path("data/example-runs.csv"), "-o", folder.file("p.json"), "--svg", folder.url.path + "/./p.json"])
        #expect(result.status == 73)
        #expect(result.stderr.contains("is the same file as another output of this run"), "\(result.stderr)")
        let contours = try CLI.run(["contours", "--law", "t5-c4", "--csv", folder.file("a.csv"), "--grid", "3x3", "--grid-csv", folder.file("a.csv")])
        #expect(contours.status == 73)
        let plan = try CLI.run(["plan", "--law", "t5-c4", "--compute", "1e21", "--frontier", folder.file("f"), "--svg", folder.file("f")])
        #expect(plan.status == 73, "\(plan.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
    }

    @Test("fit -o p.json --svg no/dir/x.svg leaves p.json untouched")
    func allOrNothing() throws {
        let folder = try TemporaryDirectory()
        let law = folder.file("p.json", "old content")
        let result = try CLI.run(["fit", Repository.path("data/example-runs.csv"), "-o", law, "--svg", folder.url.path + "/no/dir/x.svg"])
        #expect(result.status == 73)
        #expect(result.stderr.contains("cannot be written: no directory"))
        #expect(try String(contentsOfFile: law, encoding: .utf8) == "old content")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["p.json"])
    }

    @Test("a symbolic link is followed and its target replaced; the link stays")
    func symbolicLink() throws {
        let folder = try TemporaryDirectory()
        let target = folder.file("target.csv", "old")
        let link = folder.file("link.csv")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "target.csv")
        let result = try CLI.run(["simulate", "--law", "t5-c4", "--params", "1M", "--tokens", "1B", "-o", link])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("run,params,sparsity,tokens,loss\n"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "target.csv")
    }

    @Test("a 251-character output name works for --csv and --grid-csv alike")
    func longNames() throws {
        let folder = try TemporaryDirectory()
        let csv = folder.file(String(repeating: "c", count: 251)), grid = folder.file(String(repeating: "g", count: 251))
        let result = try CLI.run(["contours", "--law", "t5-c4", "--csv", csv, "--grid", "3x3", "--grid-csv", grid])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: csv) && FileManager.default.fileExists(atPath: grid))
    }

    // MARK: Standard output

    @Test("a failure to write standard output exits 74 with a message", arguments: [
        ["laws"], ["laws", "--json"], ["predict", "--law", "t5-c4", "--params", "1e9", "--tokens", "1e10"],
        ["predict", "--law", "t5-c4", "--params", "1e9", "--tokens", "1e10", "--json"], ["runs", "EXAMPLE", "--json"], ["runs", "EXAMPLE"],
        ["contours", "--law", "t5-c4"], ["simulate", "--law", "t5-c4", "--params", "1M", "--tokens", "1B"],
        ["optimal", "--law", "t5-c4", "--params", "1e9", "--compute", "1e21"], ["plan", "--law", "t5-c4", "--compute", "1e21"],
        ["plan", "--law", "t5-c4", "--compute", "1e21", "--json"],
    ])
    func devFull(arguments: [String]) throws {
        let result = try CLI.run(arguments.map { $0 == "EXAMPLE" ? Repository.path("data/example-runs.csv") : $0 }, stdoutPath: "/dev/full")
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.contains("error: standard output: write failed: \(String(cString: strerror(ENOSPC)))\n"), "\(result.stderr)")
    }

    @Test("past a file-size limit (a full disk): simulate to standard output exits 74, to a file 73 with the file unchanged")
    func fullDisk() throws {
        let folder = try TemporaryDirectory()
        let out = folder.file("out.csv", "old")
        let list = (1...200).map { "\($0)M" }.joined(separator: ",")
        let toStdout = try CLI.shell("ulimit -f 8; exec \"$SPARSELAW\" simulate --law t5-c4 --params \(list) --tokens 1B,2B,3B > \(folder.file("stdout.csv"))")
        #expect(toStdout.status == 74, "\(toStdout.stderr)")
        #expect(toStdout.stderr.contains("standard output: write failed"))
        let toFile = try CLI.shell("ulimit -f 8; exec \"$SPARSELAW\" simulate --law t5-c4 --params \(list) --tokens 1B,2B,3B -o \(out)")
        #expect(toFile.status == 73, "\(toFile.stderr)")
        #expect(toFile.stderr.contains("out.csv: write failed"), "\(toFile.stderr)")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted() == ["out.csv", "stdout.csv"])
    }

    // MARK: Temporary files and signals

    @Test("no temporary file is left after SIGINT, SIGTERM, SIGHUP or SIGPIPE, named or not", arguments: [
        (SIGINT, false), (SIGTERM, false), (SIGHUP, false), (SIGPIPE, false), (SIGINT, true), (SIGTERM, true), (SIGHUP, true), (SIGPIPE, true),
    ])
    func signals(signal: Int32, named: Bool) throws {
        let folder = try TemporaryDirectory()
        let process = Process()
        process.executableURL = CLI.executable
        // Large enough to be interrupted in the middle (about 1.5 s to compute).
        process.arguments = ["contours", "--law", "t5-c4", "--cost", "sparse", "--grid", "3000x3000", "--grid-csv", folder.file("g.csv")]
        process.environment = ProcessInfo.processInfo.environment.merging(named ? ["SPARSELAW_NAMED_TEMPORARY_FILES": "1"] : [:]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the temporary file exists (named) or the grid is under way.
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, process.isRunning {
            if !named { Thread.sleep(forTimeInterval: 0.3); break }
            if (try? FileManager.default.contentsOfDirectory(atPath: folder.url.path))?.contains(where: { $0.hasPrefix(".sparselaw-") }) == true { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(process.isRunning, "the grid finished before the signal")
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == signal)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
    }

    // MARK: Bounds

    @Test("the size limit on input files is stated and can be raised")
    func inputSize() throws {
        let folder = try TemporaryDirectory()
        let runs = folder.file("runs.csv", try String(contentsOfFile: Repository.path("data/example-runs.csv"), encoding: .utf8))
        let size = try FileManager.default.attributesOfItem(atPath: runs)[.size] as? Int ?? 0
        let refused = try CLI.run(["runs", runs, "--max-input-size", "100"])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("the file has \(size) bytes, more than the limit of 100"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--max-input-size"))
        #expect(try CLI.run(["runs", runs, "--max-input-size", "\(size)"]).status == 0)
        let law = try CLI.run(["optimal", "--law", Self.lawFile(folder), "--params", "1e9", "--compute", "1e21", "--max-input-size", "10"])
        #expect(law.status == 65 && law.stderr.contains("more than the limit of 10"), "\(law.stderr)")
        let sparse = folder.file("huge.csv", "")
        #expect(truncate(sparse, 8 << 30) == 0)
        let started = Date()
        let huge = try CLI.run(["runs", sparse])
        #expect(huge.status == 65 && huge.stderr.contains("more than the limit of 256000000 (256MB)"))
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test("simulate rows, grid points, contour points and bootstrap replicates are bounded, with the bound stated", arguments: [
        (["simulate", "--law", "t5-c4", "--params", (1...1001).map { "\($0)M" }.joined(separator: ","), "--tokens", (1...1000).map { "\($0)B" }.joined(separator: ",")], "a simulation writes at most 1000000"),
        (["contours", "--law", "t5-c4", "--grid", "10000x1001", "--grid-csv", "g.csv"], "at most 10000000 in all"),
        (["contours", "--law", "t5-c4", "--points", "100001"], "outside 2...100000"),
        (["fit", "EXAMPLE", "--bootstrap", "100001"], "outside 0...100000"),
    ])
    func bounds(arguments: [String], fragment: String) throws {
        let result = try CLI.run(arguments.map { $0 == "EXAMPLE" ? Repository.path("data/example-runs.csv") : $0 })
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains(fragment), "\(result.stderr)")
        Self.expectStyle(result)
    }

    // MARK: Unclear or inconsistent

    @Test("--params -1 says it is negative, not missing", arguments: [
        ["optimal", "--law", "t5-c4", "--params", "-1", "--compute", "1e20"],
        ["predict", "--law", "t5-c4", "--params", "-1", "--tokens", "1e9"],
        ["contours", "--law", "t5-c4", "--params", "-1:1e9"],
        ["simulate", "--law", "t5-c4", "--params", "-1", "--tokens", "1e9"],
    ])
    func negative(arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains("-1 is negative"), "\(result.stderr)")
        #expect(!result.stderr.contains("issing"))
        Self.expectStyle(result)
    }

    /// Every numeric option, and a hexadecimal value for it.
    static let numericOptions: [[String]] = [
        ["optimal", "--law", "t5-c4", "--compute", "1e20", "--params"], ["optimal", "--law", "t5-c4", "--params", "1e9", "--compute"],
        ["optimal", "--law", "t5-c4", "--params", "1e9", "--compute", "1e20", "--max-sparsity"],
        ["optimal", "--law", "t5-c4", "--params", "1e9", "--compute", "1e20", "--prune-start"],
        ["optimal", "--law", "t5-c4", "--params", "1e9", "--compute", "1e20", "--prune-end"],
        ["optimal", "--law", "t5-c4", "--params", "1e9", "--compute", "1e20", "--prune-power"],
        ["optimal", "--law", "t5-c4", "--params", "1e9", "--compute", "1e20", "--max-input-size"],
        ["optimal", "--law", "t5-c4", "--params", "1e9", "--compute", "1e20", "--tokens-per-unit"],
        ["predict", "--law", "t5-c4", "--tokens", "1e9", "--params"], ["predict", "--law", "t5-c4", "--params", "1e9", "--tokens"],
        ["predict", "--law", "t5-c4", "--params", "1e9", "--tokens", "1e9", "--sparsity"],
        ["contours", "--law", "t5-c4", "--levels"], ["contours", "--law", "t5-c4", "--params"], ["contours", "--law", "t5-c4", "--compute"],
        ["contours", "--law", "t5-c4", "--points"], ["contours", "--law", "t5-c4", "--grid-csv", "g.csv", "--grid"],
        ["simulate", "--law", "t5-c4", "--tokens", "1e9", "--params"], ["simulate", "--law", "t5-c4", "--params", "1e9", "--tokens"],
        ["simulate", "--law", "t5-c4", "--params", "1e9", "--tokens", "1e9", "--sparsities"],
        ["simulate", "--law", "t5-c4", "--params", "1e9", "--tokens", "1e9", "--noise"],
        ["simulate", "--law", "t5-c4", "--params", "1e9", "--tokens", "1e9", "--seed"],
        ["fit", "EXAMPLE", "--delta"], ["fit", "EXAMPLE", "--seed"], ["fit", "EXAMPLE", "--starts"], ["fit", "EXAMPLE", "--bootstrap"],
        ["fit", "EXAMPLE", "--threads"], ["fit", "EXAMPLE", "--holdout"], ["fit", "EXAMPLE", "--drop-highest-loss"],
        ["runs", "EXAMPLE", "--max-input-size"],
        ["plan", "--law", "t5-c4", "--compute"], ["plan", "--law", "t5-c4", "--target-loss"],
        ["plan", "--law", "t5-c4", "--compute", "1e21", "--frontier-points"], ["plan", "--law", "t5-c4", "--compute", "1e21", "--threads"],
        ["plan", "--law", "t5-c4", "--compute", "1e21", "--memory"], ["plan", "--law", "t5-c4", "--target-loss", "3", "--inference-tokens"],
    ]

    @Test("hexadecimal is refused by every numeric option, with the same reason", arguments: numericOptions)
    func hexadecimal(arguments: [String]) throws {
        let value = arguments.last == "--params" && arguments[0] == "contours" || arguments.last == "--compute" && arguments[0] == "contours" ? "1:0x10"
            : (arguments.last == "--grid" ? "0x10x3" : "0x10")
        let result = try CLI.run(arguments.map { $0 == "EXAMPLE" ? Repository.path("data/example-runs.csv") : $0 } + [value])
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        if arguments.last == "--grid" {
            #expect(result.stderr.contains("is not a grid size"), "\(result.stderr)")
        } else {
            #expect(result.stderr.contains("hexadecimal is not accepted"), "\(arguments): \(result.stderr)")
        }
        Self.expectStyle(result)
    }

    @Test("--fix and --column refuse hexadecimal with the same reason")
    func hexadecimalFixAndColumn() throws {
        let fix = try CLI.run(["fit", Repository.path("data/example-runs.csv"), "--fix", "bS=0x1"])
        #expect(fix.status == 64 && fix.stderr.contains("hexadecimal is not accepted"), "\(fix.stderr)")
        let column = try CLI.run(["runs", Repository.path("data/example-runs.csv"), "--column", "tokens=tokens*0x10"])
        #expect(column.status == 64 && column.stderr.contains("hexadecimal is not accepted"), "\(column.stderr)")
    }

    @Test("the project's number syntax is read by every option")
    func numberSyntax() throws {
        let folder = try TemporaryDirectory()
        let result = try CLI.run(["contours", "--law", "t5-c4", "--params", "10M:1,000,000,000", "--points", "1e2", "--levels", "50%,0.75",
                                  "--grid", "1e1x2e1", "--grid-csv", folder.file("g.csv")])
        #expect(result.status == 0, "\(result.stderr)")
        let fit = try CLI.run(["fit", Repository.path("data/example-runs.csv"), "--starts", "2", "--seed", "1k", "--delta", "1e-3", "--json"])
        #expect(fit.status == 0, "\(fit.stderr)")
    }

    @Test("--grid 1x1 states the limits")
    func gridLimits() throws {
        let result = try CLI.run(["contours", "--law", "t5-c4", "--grid", "1x1", "--grid-csv", "g.csv"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("a grid has at least 2 points along each axis and at most 10000000 in all; 1x1 has 1"), "\(result.stderr)")
    }

    @Test("--law DIR is a directory")
    func lawDirectory() throws {
        let folder = try TemporaryDirectory()
        let result = try CLI.run(["optimal", "--law", folder.url.path, "--params", "1e9", "--compute", "1e20"])
        #expect(result.status == 65)
        #expect(result.stderr == "error: \(folder.url.path): is a directory\n")
    }

    @Test("a UTF-32 or ^Z-terminated CSV is named as such")
    func encodings() throws {
        let folder = try TemporaryDirectory()
        let text = "params,sparsity,tokens,loss\n1e6,0,1e9,3\n2e6,0,1e9,2.9\n"
        let utf32 = folder.file("utf32.csv")
        _ = FileManager.default.createFile(atPath: utf32, contents: Data([0xFF, 0xFE, 0, 0]) + text.data(using: .utf32LittleEndian)!)
        let refused = try CLI.run(["runs", utf32])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("the file is UTF-32 (little-endian) text, which is not read"), "\(refused.stderr)")
        let dos = folder.file("dos.csv", text + "\u{1A}")
        let controlZ = try CLI.run(["runs", dos])
        #expect(controlZ.status == 65)
        #expect(controlZ.stderr.contains("dos.csv, line 4: the file ends with ^Z (0x1A)"), "\(controlZ.stderr)")
    }

    @Test("an unknown law form is named")
    func unknownForm() throws {
        let folder = try TemporaryDirectory()
        let law = folder.file("law.json", #"{"form": "quadratic", "coefficients": {"a": 1}}"#)
        let result = try CLI.run(["predict", "--law", law, "--params", "1e9", "--tokens", "1e10"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("field form: \"quadratic\" is not a law form (sparse, dense)"), "\(result.stderr)")
    }

    @Test("invalid law files are refused by field", arguments: [
        (#", "maxFittedSparsity": 2"#, "field maxFittedSparsity: 2 is outside [0, 1)"),
        (#", "maxFittedSparsity": -0.5"#, "field maxFittedSparsity: -0.5 is outside [0, 1)"),
        (#", "ranges": {"params": {"min": -1, "max": 1e9}}"#, "field ranges.params.min: -1 is negative"),
        (#", "ranges": {"tokens": {"min": 1e10, "max": 1e9}}"#, "field ranges.tokens: the minimum 1e+10 is above the maximum 1e+09"),
        (#", "bootstrap": {"requested": 2, "failed": -1, "seed": 0, "replicates": []}"#, "field bootstrap.failed: -1 is negative"),
    ])
    func invalidLawFiles(extra: String, fragment: String) throws {
        let folder = try TemporaryDirectory()
        let law = Self.lawFile(folder, extra: extra)
        let result = try CLI.run(["optimal", "--law", law, "--params", "1e9", "--compute", "1e20"])
        #expect(result.status == 65)
        #expect(result.stderr.contains(fragment), "\(result.stderr)")
    }

    @Test("simulate --law chinchilla --sparsities 0.5 is refused: a dense law has no sparsity")
    func denseSimulation() throws {
        let result = try CLI.run(["simulate", "--law", "chinchilla", "--params", "1e9", "--tokens", "1e10", "--sparsities", "0,0.5"])
        #expect(result.status == 64)
        #expect(result.stderr == "error: a dense law says nothing about sparsity: omit --sparsities, or use a sparse law\n")
        #expect(result.stdout.isEmpty)
    }

    @Test("one message style: error: in lower case, for the parser's errors too", arguments: [
        ["optimal", "--law", "t5-c4", "--params"], ["fit"], ["fit", "x.csv", "--bogus"], ["optimal", "--law", "t5-c4", "--params", "1e9", "--compute", "1e20", "--cost", "free"],
        ["contours", "--law", "t5-c4", "--grid", "3x3"], ["nosuchcommand"], ["runs", "/nonexistent.csv"],
        ["optimal", "--law", "t5-c4", "--params", "1e9", "--compute", "1e20", "--prune-start", "0.8", "--prune-end", "0.2"],
    ])
    func messageStyle(arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect([64, 65].contains(result.status), "\(result.stderr)")
        Self.expectStyle(result)
    }

    @Test("control characters in file names are escaped in messages")
    func escapedNames() throws {
        let folder = try TemporaryDirectory()
        let name = folder.file("evil\u{1B}[31m\nname.csv", "params,sparsity,tokens,loss\n1e6,0,1e9,abc\n")
        let result = try CLI.run(["runs", name])
        #expect(result.status == 65)
        #expect(result.stderr.contains("evil\\u{1B}[31m\\nname.csv, line 2"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!result.stderr.unicodeScalars.contains { $0.value == 0x1B })
    }
}
