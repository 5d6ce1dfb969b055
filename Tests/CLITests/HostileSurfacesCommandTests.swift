import Foundation
import Testing

/// The newer surfaces under hostile input, run as a user would: crashes and hangs become
/// refusals with their exit status; names and keys are never merged or replaced silently.
@Suite("CLI: hostile event files, conditions, folders, names and JSON keys")
struct HostileSurfacesCommandTests {
    static let csv = "run,sparsity,params,tokens,loss\na,0,1e6,1e9,3\nb,0.5,1e6,1e9,3.2\n"

    /// A minimal TensorBoard event file writer: protobuf fields and TFRecord framing.
    enum Event {
        static func varint(_ value: UInt64) -> [UInt8] {
            var value = value, bytes: [UInt8] = []
            repeat {
                bytes.append(UInt8(value & 0x7F) | (value >= 0x80 ? 0x80 : 0))
                value >>= 7
            } while value > 0
            return bytes
        }
        static func key(_ field: Int, _ wireType: Int) -> [UInt8] { varint(UInt64(field << 3 | wireType)) }
        static func bytes(_ field: Int, _ data: [UInt8]) -> [UInt8] { key(field, 2) + varint(UInt64(data.count)) + data }
        static func float(_ field: Int, _ value: Float) -> [UInt8] {
            key(field, 5) + (0..<4).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * $0)) }
        }
        static func scalar(_ tag: String, _ value: Float, extra: [UInt8] = []) -> [UInt8] { bytes(1, Array(tag.utf8)) + float(2, value) + extra }
        static func event(step: UInt64, values: [[UInt8]]) -> [UInt8] { key(2, 0) + varint(step) + bytes(5, values.flatMap { bytes(1, $0) }) }
        static func crc32c(_ data: [UInt8]) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in data {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            }
            let value = ~crc
            return ((value >> 15) | (value << 17)) &+ 0xA282_EAD8
        }
        static func littleEndian(_ value: UInt64, _ width: Int) -> [UInt8] { (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) } }
        static func file(_ events: [[UInt8]]) -> Data {
            Data(events.flatMap { data -> [UInt8] in
                let length = littleEndian(UInt64(data.count), 8)
                return length + littleEndian(UInt64(crc32c(length)), 4) + data + littleEndian(UInt64(crc32c(data)), 4)
            })
        }
    }

    static func write(_ data: Data, to path: String) { FileManager.default.createFile(atPath: path, contents: data) }

    /// The exit status, and each of `words` in what the command printed.
    static func expectMessage(_ result: CLI.Result, _ status: Int32, _ words: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == status, "\(result.stderr)", sourceLocation: sourceLocation)
        // `runs` prints its notes with the report; other commands print them on standard error.
        let output = result.stdout + result.stderr
        for word in words { #expect(output.contains(word), "\(output.prefix(2000))", sourceLocation: sourceLocation) }
    }

    // MARK: Crashes and hangs

    @Test("an event tensor with a dtype of 2^63 is skipped as not a number (exit 0), not a trap")
    func hugeDataType() throws {
        let folder = try TemporaryDirectory()
        let tensor = Event.key(1, 0) + Event.varint(1 << 63) + Event.bytes(2, []) + Event.bytes(5, [0, 0, 0, 0])
        let value = Event.bytes(1, Array("odd".utf8)) + Event.bytes(8, tensor)
        let path = folder.file("events.out.tfevents.1.host")
        Self.write(Event.file([Event.event(step: 100, values: [Event.scalar("loss", 3), value])]), to: path)
        let result = try CLI.run(["runs", path, "--column", "params=1e6", "--column", "tokens=step*1000"])
        Self.expectMessage(result, 0, "odd")
    }

    @Test("protobuf groups nested 30,000 deep: exit 65 naming the record and the limit, not a stack overflow")
    func deepGroups() throws {
        let folder = try TemporaryDirectory()
        let value = Event.scalar("loss", 3, extra: Array(repeating: Event.key(7, 3), count: 30_000).flatMap { $0 }
                                 + Array(repeating: Event.key(7, 4), count: 30_000).flatMap { $0 })
        let path = folder.file("events.out.tfevents.1.host")
        Self.write(Event.file([Event.event(step: 100, values: [value])]), to: path)
        Self.expectMessage(try CLI.run(["runs", path]), 65, "byte", "nested more than 100 deep")
    }

    @Test("--where nested 20,000 deep, or an unclosed (((: exit 64 at the depth limit", arguments: [
        String(repeating: "(", count: 20_000), String(repeating: "not ", count: 20_000) + "loss < 1",
        String(repeating: "(", count: 100) + "loss < 1" + String(repeating: ")", count: 100),
    ])
    func deepCondition(condition: String) throws {
        let folder = try TemporaryDirectory()
        let result = try CLI.run(["runs", folder.file("runs.csv", Self.csv), "--where", condition])
        #expect(result.status == 64, "\(result.stderr.prefix(300))")
        #expect(result.stderr.contains("--where"), "\(result.stderr.prefix(300))")
        #expect(result.stderr.contains("deep") || result.stderr.contains("at most 1000 are read"), "\(result.stderr.prefix(300))")
    }

    @Test("--where 'loss < 1e400' is refused (exit 64) as every option refuses 1e400")
    func infiniteCondition() throws {
        let folder = try TemporaryDirectory()
        Self.expectMessage(try CLI.run(["runs", folder.file("runs.csv", Self.csv), "--where", "loss < 1e400"]), 64, "--where", "\"1e400\"", "too large")
    }

    @Test("a pipe in a folder of logs is skipped with a note, not opened (no hang)")
    func pipeInFolder() throws {
        let folder = try TemporaryDirectory()
        _ = folder.file("a.csv", Self.csv)
        let result = try CLI.shell("cd '\(folder.url.path)' && mkfifo b.csv && timeout 20 \"$SPARSELAW\" runs .")
        Self.expectMessage(result, 0, "note:", "b.csv", "pipe")
    }

    @Test("a pipe named on the command line is read")
    func namedPipe() throws {
        let folder = try TemporaryDirectory()
        let file = folder.file("a.csv", Self.csv)
        let result = try CLI.shell("cd '\(folder.url.path)' && mkfifo p && (cat '\(file)' > p &) && timeout 20 \"$SPARSELAW\" runs p")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2 runs"), "\(result.stdout)")
    }

    @Test("a pipe in $SPARSELAW_LAWS is skipped and listed by `laws`, not opened (no hang)")
    func pipeInLawFolder() throws {
        let folder = try TemporaryDirectory()
        let result = try CLI.shell("cd '\(folder.url.path)' && mkfifo stuck.json && SPARSELAW_LAWS=. timeout 20 \"$SPARSELAW\" laws")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("stuck.json"), "\(result.stdout)")
    }

    // MARK: Data lost or changed silently

    @Test("an output path that is not UTF-8 is refused (exit 64) and no file is written")
    func undecodableOutputPath() throws {
        let folder = try TemporaryDirectory()
        let result = try CLI.shell("cd '\(folder.url.path)' && \"$SPARSELAW\" simulate --law t5-c4 --params 1e8,1e9 --sparsities 0,0.5 --tokens 1e10 -o \"$(printf 'v\\377.csv')\"")
        Self.expectMessage(result, 64, "v\\xFF.csv", "not UTF-8")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
    }

    @Test("a log whose name is not UTF-8: listed as skipped inside a folder, its name escaped; refused (exit 64) when named")
    func undecodableLogName() throws {
        let folder = try TemporaryDirectory()
        _ = folder.file("a.csv", Self.csv)
        let inFolder = try CLI.shell("cd '\(folder.url.path)' && cp a.csv \"$(printf 'v\\377.csv')\" && \"$SPARSELAW\" runs .")
        Self.expectMessage(inFolder, 0, "note:", "v\\xFF.csv", "not UTF-8")
        let named = try CLI.shell("cd '\(folder.url.path)' && \"$SPARSELAW\" runs \"$(printf 'v\\377.csv')\"")
        Self.expectMessage(named, 64, "v\\xFF.csv", "not UTF-8")
    }

    @Test("runs named café in NFC and in NFD are two runs, in one CSV and as two files of a folder")
    func normalizedRunNames() throws {
        let folder = try TemporaryDirectory()
        let rows = folder.file("runs.csv", "run,sparsity,params,tokens,loss\ncaf\u{E9},0,1e6,1e9,3\ncafe\u{301},0,1e6,1e9,2.5\n")
        let result = try CLI.run(["runs", rows])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2 runs"), "\(result.stdout)")

        let runs = try TemporaryDirectory()
        _ = runs.file("caf\u{E9}.csv", "step,sparsity,params,tokens,loss\n1,0,1e6,1e9,3\n")
        _ = runs.file("cafe\u{301}.csv", "step,sparsity,params,tokens,loss\n1,0,1e6,1e9,2.5\n")
        let files = try CLI.run(["runs", runs.url.path])
        #expect(files.status == 0, "\(files.stderr)")
        #expect(files.stdout.contains("2 runs"), "\(files.stdout)")
    }

    @Test("event tags that differ only in invalid bytes: exit 65, the tag escaped")
    func undecodableTags() throws {
        let folder = try TemporaryDirectory()
        let value = { (byte: UInt8) in Event.bytes(1, Array("loss".utf8) + [byte]) + Event.float(2, 3) }
        let path = folder.file("events.out.tfevents.1.host")
        Self.write(Event.file([Event.event(step: 100, values: [value(0xFE), value(0xFF)])]), to: path)
        Self.expectMessage(try CLI.run(["runs", path]), 65, "loss\\xFE", "not UTF-8")
    }

    @Test("a law file with a key twice: exit 65 naming the key and its line")
    func duplicateKeyInLawFile() throws {
        let folder = try TemporaryDirectory()
        let law = folder.file("law.json", "{\"form\": \"sparse\", \"coefficients\": {\"aS\": 16.8, \"bS\": 0.722, \"cS\": 45, \"bN\": 0.245, \"aD\": 6.9e8, \"bD\": 0.203, \"c\": 0.651,\n \"c\": 5}}")
        let result = try CLI.run(["predict", "--law", law, "--params", "1e9", "--tokens", "1e10", "--sparsity", "0.5"])
        Self.expectMessage(result, 65, "law.json", "line 2", "coefficients.c", "\"c\"")
    }

    @Test("a trainer state with a key twice: exit 65 naming the key and its line")
    func duplicateKeyInTrainerState() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("trainer_state.json", "{\"log_history\": [\n{\"step\": 1, \"loss\": 2, \"loss\": 3}]}")
        Self.expectMessage(try CLI.run(["runs", path]), 65, "line 2", "\"loss\"")
    }

    @Test("a hardware profile with a key twice: exit 65 naming the key")
    func duplicateKeyInProfile() throws {
        let folder = try TemporaryDirectory()
        let profile = folder.file("p.json", "{\"name\": \"a\", \"training\": [[0, 1.0], [0.5, 1.3]],\n \"training\": \"ideal\"}")
        let result = try CLI.run(["plan", "--law", "t5-c4", "--hardware", profile, "--compute", "1e21"])
        Self.expectMessage(result, 65, "p.json", "\"training\"", "lines 1 and 2")
    }

    // MARK: 12, 13, 14. Plans: no infinite hours, no model below one parameter, no bits for bytes

    @Test("a profile whose throughput or price would make the hours or price infinite is refused naming the field (exit 65), in text and JSON alike", arguments: [
        ("flopsPerSecond", "5e-324", "1"), ("pricePerHour", "1.7e308", "1e+12"),
    ])
    func profileBeyondItsBounds(field: String, value: String, bound: String) throws {
        let folder = try TemporaryDirectory()
        let profile = folder.file("p.json", "{\"training\": \"dense\", \"flopsPerSecond\": \(field == "flopsPerSecond" ? value : "3e14"), \"pricePerHour\": \(field == "pricePerHour" ? value : "2")}")
        for json in [false, true] {
            let result = try CLI.run(["plan", "--law", "t5-c4", "--hardware", profile, "--compute", "1e22"] + (json ? ["--json"] : []))
            Self.expectMessage(result, 65, "p.json", "field \(field)", bound)
            #expect(!result.stdout.contains("inf"))
        }
    }

    @Test("--memory 1e-30GB holds less than one parameter: the plan is impossible with its reason, not a model of 1e-22 parameters")
    func memoryBelowOneParameter() throws {
        let result = try CLI.run(["plan", "--law", "t5-c4", "--compute", "1e22", "--memory", "1e-30GB"])
        Self.expectMessage(result, 0, "less than one", "raise --memory")
        #expect(!result.stdout.contains("sparsity pays"))
        let json = try CLI.run(["plan", "--law", "t5-c4", "--compute", "1e22", "--memory", "1e-30GB", "--json"])
        Self.expectMessage(json, 0, "plan.below-one-parameter")
    }

    @Test("--memory 8Gb (gigabits) and 1b are refused (exit 64) suggesting B; 8GB is read", arguments: [("8Gb", "\"GB\""), ("1b", "\"B\"")])
    func memoryInBits(text: String, suggestion: String) throws {
        Self.expectMessage(try CLI.run(["plan", "--law", "t5-c4", "--compute", "1e22", "--memory", text]), 64, "--memory", "bits", suggestion)
        Self.expectMessage(try CLI.run(["plan", "--law", "t5-c4", "--compute", "1e22", "--memory", "8GB"]), 0, "8 GB")
    }

    // MARK: 16. Replicates that overflow

    @Test("predict, as optimal, refuses (exit 65) a point where replicates of the law overflow, naming the replicate", arguments: [1, 3])
    func predictionWithReplicatesThatOverflow(overflowing: Int) throws {
        let folder = try TemporaryDirectory()
        let replicates = (0..<3).map { $0 < overflowing ? "[16.8, 0.722, 45.0, 0.245, 1e308, 3, 0.651]" : "[16.8, 0.722, 45.0, 0.245, 6.9e8, 0.203, 0.651]" }
        let law = folder.file("law.json", """
            {"form": "sparse", "coefficients": {"aS": 16.8, "bS": 0.722, "cS": 45.0, "bN": 0.245, "aD": 6.9e8, "bD": 0.203, "c": 0.651},
             "bootstrap": {"requested": 3, "failed": 0, "seed": 1, "replicates": [\(replicates.joined(separator: ", "))]}}
            """)
        for json in [false, true] {
            let result = try CLI.run(["predict", "--law", law, "--params", "1e8", "--tokens", "1e10"] + (json ? ["--json"] : []))
            Self.expectMessage(result, 65, "replicate 1", "no interval")
        }
    }

    // MARK: 15. Whole numbers of a law file

    @Test("a law file with distinct: 2.5 or seed: -1 is refused (exit 65) naming the field and its bound, not as JSON that is not valid", arguments: [
        ("\"ranges\": {\"params\": {\"min\": 1e7, \"max\": 1e8, \"distinct\": 2.5}}", "field ranges.params.distinct", "at least 1"),
        ("\"bootstrap\": {\"requested\": 0, \"failed\": 0, \"seed\": -1, \"replicates\": []}", "field bootstrap.seed", "18446744073709551615"),
    ])
    func lawFileWholeNumbers(fields: String, field: String, bound: String) throws {
        let folder = try TemporaryDirectory()
        let law = folder.file("law.json", "{\"form\": \"sparse\", \"coefficients\": {\"aS\": 16.8, \"bS\": 0.722, \"cS\": 45, \"bN\": 0.245, \"aD\": 6.9e8, \"bD\": 0.203, \"c\": 0.651}, \(fields)}")
        let result = try CLI.run(["predict", "--law", law, "--params", "1e8", "--tokens", "1e10"])
        Self.expectMessage(result, 65, field, bound, "not a whole number")
        #expect(!result.stderr.contains("not valid JSON"))
    }

    // MARK: 6 and 7. Memory that grows with the file, not faster

    /// Runs the executable and returns its exit status and peak resident memory in bytes. Through
    /// a small Python process: the kernel counts into a child's peak the memory of the process it
    /// was started from (until it execs), and the test process is large.
    static func peakMemory(_ arguments: [String]) throws -> (status: Int32, bytes: Int) {
        let script = """
        import resource, subprocess, sys
        done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)
        """
        let result = try CLI.run(["python3", "-c", script, CLI.executable.path] + arguments, executable: URL(fileURLWithPath: "/usr/bin/env"))
        let fields = result.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard result.status == 0, fields.count == 2 else { throw CocoaError(.executableNotLoadable) }
        return (Int32(fields[0]), fields[1])
    }

    /// AddressSanitizer (`make asan`, which sets ASAN_OPTIONS) keeps freed memory in quarantine
    /// and pads every allocation: peaks measured under it say nothing of the tool's.
    static let unsanitized = ProcessInfo.processInfo.environment["ASAN_OPTIONS"] == nil

    @Test("a per-step CSV log is read in at most 3x its size plus 100 MB (it took 8 to 9 times)",
          .enabled(if: unsanitized, "peak memory is not measured under AddressSanitizer"))
    func csvMemory() throws {
        let folder = try TemporaryDirectory()
        var text = "run,params,sparsity,tokens,loss" + (0..<40).map { ",metric/set\($0)/accuracy" }.joined() + "\n"
        var generator = SystemRandomNumberGenerator()
        var row = 0
        while text.utf8.count < 30_000_000 {
            text += "run\(row / 500),1.9e8,0.5,\(1_000_000 * (row % 500 + 1)),\(3 + Double(row % 500) * 1e-4)"
            for _ in 0..<40 { text += "," + String(Double.random(in: 2...4, using: &generator)) }
            text += "\n"
            row += 1
        }
        let path = folder.file("steps.csv", text)
        let size = text.utf8.count
        text = ""
        let result = try Self.peakMemory(["runs", path, "--json"])
        #expect(result.status == 0)
        #expect(result.bytes <= 3 * size + 100_000_000, "peak \(result.bytes) bytes for a file of \(size)")
    }

    @Test("JSON Lines whose every record brings a new key are read in memory that grows with the file, not records x keys",
          .enabled(if: unsanitized, "peak memory is not measured under AddressSanitizer"))
    func newKeysMemory() throws {
        let folder = try TemporaryDirectory()
        var text = ""
        for record in 0..<12_000 {
            text += "{\"run\": \"r\(record % 40)\", \"params\": 1e8, \"sparsity\": 0.5, \"tokens\": \(1e9 * Double(record + 1)), \"loss\": \(3 - Double(record) * 1e-5), \"metric\(record)\": \(record)}\n"
        }
        let path = folder.file("keys.jsonl", text)
        // 12,000 rows of 12,005 columns held densely are 3.5 GB of cells.
        let result = try Self.peakMemory(["runs", path, "--json"])
        #expect(result.status == 0)
        #expect(result.bytes <= 3 * text.utf8.count + 100_000_000, "peak \(result.bytes) bytes for a file of \(text.utf8.count)")
    }
}
