import Foundation
import Testing
@testable import SparseLawCore
@testable import SparseLawReader
@testable import SparseLawLaws
@testable import SparseLawDecisions
@testable import SparseLawRendering
#if canImport(Glibc)
import Glibc
#endif

/// The newer surfaces (event files, `--where`, folders, JSON keys, run names) under hostile
/// input: every case refused with its typed problem, or read without losing or merging data.
@Suite("Hostile surfaces: event files, conditions, folders, JSON keys, names")
struct HostileSurfacesTests {
    /// A fresh folder under the temporary directory; each test removes its own.
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "sparselaw-surfaces-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static let csv = "run,sparsity,params,tokens,loss\na,0,1e6,1e9,3\n"

    // MARK: 1. Integers read from a file

    @Test("a tensor dtype of 2^63 or more is a type that is not a number, not a trap", arguments: [UInt64(1) << 63, UInt64.max])
    func hugeDataType(code: UInt64) throws {
        let tensor = EventBytes.tensor(dataType: code, fields: EventBytes.bytesField(5, EventBytes.littleEndian(0, width: 4)))
        let file = EventBytes.file([EventBytes.event(step: 1, values: [EventBytes.tensorValue("x", tensor), EventBytes.simpleValue("loss", 2)])])
        let contents = try EventFile.read(file)
        #expect(contents.skipped == [SkippedSummaryTag(tag: "x", reason: .nonNumeric(dataType: code))])
    }

    // MARK: 2. Depth of recursive decoders

    @Test("protobuf groups nested 30,000 deep are refused at the depth limit, not a stack overflow")
    func deepGroups() throws {
        let depth = 30_000
        var value = EventBytes.stringField(1, "loss") + EventBytes.fixed32Field(2, Float(2).bitPattern)
        value += Array(repeating: EventBytes.key(7, wireType: 3), count: depth).flatMap { $0 }
        value += Array(repeating: EventBytes.key(7, wireType: 4), count: depth).flatMap { $0 }
        let file = EventBytes.file([EventBytes.event(step: 1, values: [value])])
        #expect(file.count < 100_000)
        do {
            _ = try EventFile.read(file)
            Issue.record("read")
        } catch {
            #expect(error.problem == .malformed(.groupsTooDeep(limit: Limits.protobufGroupDepth), message: .summaryValue))
        }
    }

    @Test("groups nested up to the limit are skipped as unknown fields")
    func groupsAtTheLimit() throws {
        let depth = Limits.protobufGroupDepth
        var value = EventBytes.stringField(1, "loss") + EventBytes.fixed32Field(2, Float(2).bitPattern)
        value += Array(repeating: EventBytes.key(7, wireType: 3), count: depth).flatMap { $0 }
        value += Array(repeating: EventBytes.key(7, wireType: 4), count: depth).flatMap { $0 }
        let contents = try EventFile.read(EventBytes.file([EventBytes.event(step: 1, values: [value])]))
        #expect(contents.scalars.map(\.value) == [2])
    }

    @Test("JSON nested 100,000 deep is refused naming the depth limit, not a stack overflow", arguments: ["[", "{\"a\":"])
    func deepJSON(opening: String) {
        let text = String(repeating: opening, count: 100_000)
        #expect {
            _ = try RunLogReader.read(data: Data(text.utf8), name: "deep.json")
        } throws: { error in
            (error as? DataError)?.problem(as: FileProblem.self) == .jsonTooDeep(limit: Limits.jsonDepth)
        }
    }

    @Test("JSON nested to the decoder's bound is read; one level more is refused naming the bound")
    func jsonAtTheLimit() throws {
        let inner = { (depth: Int) in "{\"log_history\": [{\"step\": 1, \"loss\": 2, \"x\": " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}]}" }
        #expect(JSONNesting.lineBeyond(Limits.jsonDepth, in: Array(inner(Limits.jsonDepth - 3).utf8)) == nil)
        #expect {
            _ = try RunLogReader.read(data: Data(inner(Limits.jsonDepth - 3).utf8), name: "trainer_state.json")
        } throws: { error in
            (error as? DataError)?.problem.code == "data.missing-field"
        }
        #expect {
            _ = try RunLogReader.read(data: Data(inner(Limits.jsonDepth - 2).utf8), name: "trainer_state.json")
        } throws: { error in
            (error as? DataError)?.problem(as: FileProblem.self) == .jsonTooDeep(limit: Limits.jsonDepth)
        }
        let law = String(repeating: "[", count: 100_000)
        #expect(throws: DataError(file: "law.json", location: .line(1), problem: FileProblem.jsonTooDeep(limit: Limits.jsonDepth))) {
            try LawFile.decode(Data(law.utf8), file: "law.json")
        }
    }

    // MARK: 3. --where

    @Test("--where nested 20,000 deep is refused at the depth limit", arguments: [
        String(repeating: "(", count: 20_000),
        String(repeating: "(", count: 20_000) + "a < 1" + String(repeating: ")", count: 20_000),
        String(repeating: "not ", count: 20_000) + "a < 1",
        String(repeating: "(", count: Limits.conditionDepth + 1) + "a < 1" + String(repeating: ")", count: Limits.conditionDepth + 1),
        String(repeating: "not ", count: Limits.conditionDepth + 1) + "a < 1",
    ])
    func deepCondition(text: String) {
        #expect {
            _ = try RowFilter.parse(text)
        } throws: { error in
            guard let error = error as? RowFilterSyntaxError else { return false }
            return error.problem == .tooDeep(limit: Limits.conditionDepth)
                || error.problem == .tooLong(length: text.count, limit: Limits.conditionLength)
        }
    }

    @Test("a --where refusal shows the condition's control characters as escapes (found by fuzzing)")
    func conditionMessageEscaped() {
        do {
            _ = try RowFilter.parse("loss >=\u{0F} 1")
            Issue.record("parsed")
        } catch {
            #expect(!error.description.unicodeScalars.contains { $0.value < 0x20 }, "\(error.description.debugDescription)")
        }
    }

    @Test("--where nested to the limit is read")
    func conditionAtTheLimit() throws {
        let depth = Limits.conditionDepth - 1
        let text = String(repeating: "(", count: depth) + "a < 1" + String(repeating: ")", count: depth)
        #expect(try RowFilter.parse(text) == .compare(.column("a"), .less, .number(1)))
    }

    @Test("a long chain of and/or is refused by length before its tree is evaluated")
    func longChain() {
        let text = Array(repeating: "a < 1", count: 50_000).joined(separator: " and ")
        #expect(throws: RowFilterSyntaxError.self) { try RowFilter.parse(text) }
    }

    @Test("a number beyond the doubles in --where or --column is refused, not read as infinity", arguments: ["1e400", "-1e400", "2e308"])
    func infiniteNumber(literal: String) {
        #expect {
            _ = try RowFilter.parse("loss < \(literal)")
        } throws: { error in
            (error as? RowFilterSyntaxError)?.problem == .notFinite(literal)
        }
        #expect {
            _ = try ColumnExpression.parse("steps * \(literal.hasPrefix("-") ? String(literal.dropFirst()) : literal)")
        } throws: { error in
            if case .notFinite = (error as? ColumnExpression.ParseError)?.reason { return true }
            return false
        }
    }

    // MARK: 4 and 9. Folders: regular files only, names that are not UTF-8

    @Test("a pipe in a folder of logs is skipped and listed, not opened")
    func pipeInFolder() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.csv.write(toFile: folder + "/a.csv", atomically: true, encoding: .utf8)
        #expect(mkfifo(folder + "/b.csv", 0o600) == 0)
        let listing = try LogInputs.list([folder])
        #expect(listing.sources.map(\.path) == [folder + "/a.csv"])
        #expect(listing.special == [folder + "/b.csv"])
        let log = try RunLogReader.read(path: folder)
        #expect(log.notes.contains(.skippedSpecialFiles(paths: [folder + "/b.csv"])))
    }

    @Test("a folder of pipes alone is refused as a folder without logs, naming them")
    func onlyPipes() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(mkfifo(folder + "/b.csv", 0o600) == 0)
        #expect(throws: DataError(file: folder, problem: .noLogsInFolder(skipped: [folder + "/b.csv"]))) { try LogInputs.list([folder]) }
    }

    @Test("a pipe named on the command line is still read")
    func namedPipe() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pipe = folder + "/runs"
        #expect(mkfifo(pipe, 0o600) == 0)
        let writer = Thread {
            let descriptor = open(pipe, O_WRONLY)
            _ = Self.csv.utf8CString.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count - 1) }
            close(descriptor)
        }
        writer.start()
        let log = try RunLogReader.read(path: pipe)
        #expect(log.runs.count == 1)
    }

    @Test("a file of a folder replaced by a pipe after the listing is refused when read, not waited on")
    func pipeAfterListing() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(mkfifo(folder + "/b.csv", 0o600) == 0)
        #expect(throws: DataError(file: folder + "/b.csv", problem: FileProblem.notAFile)) {
            try InputFile.read(path: folder + "/b.csv", acceptingPipes: false)
        }
    }

    @Test("a log whose name is not UTF-8 is listed as skipped, its name escaped")
    func undecodableName() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.csv.write(toFile: folder + "/a.csv", atomically: true, encoding: .utf8)
        let name: [UInt8] = Array((folder + "/v").utf8) + [0xFF] + Array(".csv".utf8) + [0]
        let descriptor = name.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { open($0, O_WRONLY | O_CREAT, 0o600) }
        }
        #expect(descriptor >= 0)
        close(descriptor)
        let listing = try LogInputs.list([folder])
        #expect(listing.undecodable == [folder + "/v\\xFF.csv"])
        let log = try RunLogReader.read(path: folder)
        #expect(log.notes.contains(.skippedUndecodableNames(paths: [folder + "/v\\xFF.csv"])))
    }

    @Test("a pipe in $SPARSELAW_LAWS is skipped and listed; named, it is refused, not opened")
    func pipeInLawFolder() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(mkfifo(folder + "/stuck.json", 0o600) == 0)
        let environment = [LawPresets.folderVariable: folder]
        #expect(try LawPresets.available(environment: environment).count == LawPresets.names.count)
        #expect(LawPresets.skippedFolderEntries(environment: environment) == [folder + "/stuck.json"])
        #expect(throws: DataError(file: folder + "/stuck.json", problem: FileProblem.notAFile)) {
            try LawPresets.resolve("stuck", environment: environment)
        }
    }

    @Test("escaping keeps valid UTF-8 and names each invalid byte")
    func escaping() {
        #expect(String(escapingInvalidUTF8: Array("café".utf8)) == "café")
        #expect(String(escapingInvalidUTF8: [0x61, 0xFF, 0xC3, 0xA9, 0xC3]) == "a\\xFFé\\xC3")
        #expect(String(validatingUTF8Bytes: [0x61, 0xFF]) == nil)
    }

    // MARK: 10. Names compared by their bytes

    @Test("runs named in NFC and NFD are two runs, not one")
    func normalizedRunNames() throws {
        let text = "run,sparsity,params,tokens,loss\ncaf\u{E9},0,1e6,1e9,3\ncafe\u{301},0,1e6,1e9,2.5\n"
        let log = try RunLogReader.read(data: Data(text.utf8), name: "runs.csv")
        #expect(log.runs.count == 2)
        #expect(log.runs.map(\.loss) == [3, 2.5])
    }

    @Test("columns of two files spelt in NFC and NFD are refused as spelt differently, not merged")
    func normalizedColumnNames() throws {
        let first = "run,sparsity,params,tokens,l\u{F6}ss\na,0,1e6,1e9,3\n", second = "run,sparsity,params,tokens,lo\u{308}ss\nb,0,1e6,1e9,2.5\n"
        #expect {
            _ = try RunLogReader.read([.data(Data(first.utf8), name: "a.csv"), .data(Data(second.utf8), name: "b.csv")],
                                      options: ReaderOptions(lossColumn: "l\u{F6}ss"))
        } throws: { error in
            guard let error = error as? DataError else { return false }
            return error.file == "b.csv" && error.problem.code == "data.column-spelled-differently"
        }
        // The same bytes in both files are one column.
        let log = try RunLogReader.read([.data(Data(first.utf8), name: "a.csv"), .data(Data(first.replacingOccurrences(of: "a,", with: "b,").utf8), name: "b.csv")],
                                        options: ReaderOptions(lossColumn: "l\u{F6}ss"))
        #expect(log.runs.count == 2)
    }

    @Test("run metadata for café in NFC is not joined to the run café in NFD")
    func normalizedMetadataNames() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "run,sparsity,tokens,loss\ncafe\u{301},0,1e9,3\n".write(toFile: folder + "/runs.csv", atomically: true, encoding: .utf8)
        try "run,params\ncaf\u{E9},1e6\n".write(toFile: folder + "/meta.csv", atomically: true, encoding: .utf8)
        #expect {
            _ = try RunLogReader.read(path: folder + "/runs.csv", options: ReaderOptions(metadata: folder + "/meta.csv"))
        } throws: { error in
            // The metadata's column is joined, empty: no row of it names this run.
            (error as? DataError)?.problem.code == "data.missing-value" && (error as? DataError)?.field == "\"params\""
        }
    }

    @Test("event tags in NFC and NFD are two columns")
    func normalizedTags() throws {
        let file = EventBytes.file([EventBytes.event(step: 1, values: [EventBytes.simpleValue("caf\u{E9}", 1), EventBytes.simpleValue("cafe\u{301}", 2)])])
        let table = try EventFile.table(EventFile.read(file))
        #expect(table.columns.count == 3)
    }

    @Test("event tags that are not UTF-8 are refused with the tag escaped, not merged")
    func undecodableTags() throws {
        let value = { (byte: UInt8) in EventBytes.bytesField(1, Array("loss".utf8) + [byte]) + EventBytes.fixed32Field(2, Float(1).bitPattern) }
        let file = EventBytes.file([EventBytes.event(step: 1, values: [value(0xFE), value(0xFF)])])
        do {
            _ = try EventFile.read(file)
            Issue.record("read")
        } catch {
            #expect(error.problem == .tagNotUTF8("loss\\xFE"))
        }
    }

    // MARK: 11. Duplicate JSON keys

    @Test("the scan finds the duplicate key, its object and lines", arguments: [
        ("{\"a\": 1, \"a\": 2}", JSONDuplicateKey(key: "a", path: "", firstLine: 1, line: 1)),
        ("{\"x\": {\"b\": 1,\n \"b\": 2}}", JSONDuplicateKey(key: "b", path: "x", firstLine: 1, line: 2)),
        ("{\"h\": [{\"s\": 1}, {\"s\": 1, \"\\u0073\": 2}]}", JSONDuplicateKey(key: "s", path: "h[1]", firstLine: 1, line: 1)),
        ("{\"caf\u{E9}\": 1, \"cafe\u{301}\": 2}", JSONDuplicateKey(key: "cafe\u{301}", path: "", firstLine: 1, line: 1)),
    ])
    func duplicateScan(text: String, expected: JSONDuplicateKey) {
        #expect(JSONDuplicateKeys.first(in: Array(text.utf8)) == expected)
    }

    @Test("keys repeated in different objects, in strings or as values are not duplicates", arguments: [
        "{\"a\": 1, \"b\": {\"a\": 2}}", "[{\"a\": 1}, {\"a\": 2}]", "{\"a\": \"a\", \"b\": [\"a\", \"a\"]}", "{\"a\\\"\": 1, \"a\": 2}",
    ])
    func notDuplicates(text: String) {
        #expect(JSONDuplicateKeys.first(in: Array(text.utf8)) == nil)
    }

    @Test("a trainer state, a JSON Lines record, a JSON log and a law file with a key twice are refused at its line", arguments: [
        ("trainer_state.json", "{\"log_history\": [{\"step\": 1, \"loss\": 2,\n \"loss\": 3}]}", 2),
        ("runs.jsonl", "{\"run\": \"a\", \"loss\": 1}\n{\"run\": \"b\", \"loss\": 1, \"loss\": 2}\n", 2),
        ("runs.json", "[{\"run\": \"a\",\n\n \"run\": \"b\"}]", 3),
    ])
    func duplicateKeysInLogs(name: String, text: String, line: Int) {
        #expect {
            _ = try RunLogReader.read(data: Data(text.utf8), name: name)
        } throws: { error in
            guard let error = error as? DataError, case .duplicateJSONKey(let duplicate)? = error.problem(as: FileProblem.self) else { return false }
            return error.location == .line(line) && duplicate.line == line && error.problem.code == "data.duplicate-json-key"
        }
    }

    @Test("a law file with a coefficient twice is refused naming it")
    func duplicateKeyInLawFile() {
        let text = "{\"form\": \"sparse\", \"coefficients\": {\"aS\": 16.8, \"bS\": 0.722, \"cS\": 45, \"bN\": 0.245, \"aD\": 6.9e8, \"bD\": 0.203, \"c\": 0.651,\n \"c\": 5}}"
        #expect {
            _ = try LawFile.decode(Data(text.utf8), file: "law.json")
        } throws: { error in
            guard let error = error as? DataError else { return false }
            return error.field == "coefficients.c" && error.location == .line(2)
                && error.problem(as: FileProblem.self) == .duplicateJSONKey(JSONDuplicateKey(key: "c", path: "coefficients", firstLine: 1, line: 2))
        }
    }

    @Test("a hardware profile with a key twice is refused naming it")
    func duplicateKeyInProfile() {
        let text = "{\"name\": \"x\", \"name\": \"y\"}"
        #expect {
            _ = try HardwareProfile.decode(Data(text.utf8), file: "p.json")
        } throws: { error in
            guard let error = error as? HardwareProfileError else { return false }
            return error.field == "name" && error.problem.code == "data.duplicate-json-key"
        }
    }

    @Test("a metadata table with a key twice is refused")
    func duplicateKeyInMetadata() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.csv.write(toFile: folder + "/runs.csv", atomically: true, encoding: .utf8)
        try "[{\"run\": \"a\", \"width\": 1, \"width\": 2}]".write(toFile: folder + "/meta.json", atomically: true, encoding: .utf8)
        #expect {
            _ = try RunLogReader.read(path: folder + "/runs.csv", options: ReaderOptions(metadata: folder + "/meta.json"))
        } throws: { error in
            (error as? DataError)?.problem.code == "data.duplicate-json-key"
        }
    }

    // MARK: 12. A plan's hours and price are finite, or there is no plan

    static let t5 = SparseScalingLaw(aS: 16.8, bS: 0.722, cS: 45.0, bN: 0.245, aD: 6.90e8, bD: 0.203, c: 0.651)

    @Test("a profile's throughput, utilization and price beyond their bounds are refused naming the field", arguments: [
        ("flopsPerSecond", "5e-324"), ("flopsPerSecond", "1e40"), ("utilization", "1e-300"), ("pricePerHour", "1.7e308"),
    ])
    func profileFieldBeyondItsBound(field: String, value: String) {
        let extra = field == "pricePerHour" ? ", \"flopsPerSecond\": 1e15" : ""
        let text = "{\"training\": \"dense\", \"\(field)\": \(value)\(extra)}"
        #expect {
            _ = try HardwareProfile.decode(Data(text.utf8), file: "p.json")
        } throws: { error in
            guard let error = error as? HardwareProfileError else { return false }
            return error.field == field && error.problem.code == "profile.out-of-bounds"
        }
    }

    @Test("hours or a price that overflow leave no plan, never an infinite one")
    func hoursThatOverflow() throws {
        let profile = HardwareProfile(name: "slow", training: .dense, flopsPerSecond: .leastNonzeroMagnitude, pricePerHour: 1.7e308)
        let planner = try #require(Planner(law: .sparse(Self.t5), profile: profile))
        let plan = planner.plan(compute: 1e22)
        for outcome in [plan.best, plan.dense] {
            if let plan = outcome.plan {
                #expect(plan.seconds?.isFinite ?? true)
                #expect(plan.money?.isFinite ?? true)
            } else {
                #expect(outcome.impossibility == .notFinite)
            }
        }
    }

    // MARK: 5. Long speedup curves

    /// A profile file whose training curve has `count` points: (0, 1), then rising slowly.
    static func profileText(points count: Int, patterns: Int = 0) -> String {
        let points = (0..<count).map { index in
            index == 0 ? "[0, 1]" : "[\(0.9 * Double(index) / Double(count)), \(1 + Double(index) / Double(count))]"
        }
        let patternList = (0..<patterns).map { "{\"pattern\": \"1:\($0 + 2)\", \"sparsity\": 0.5, \"training\": 1.2}" }
        return "{\"training\": [\(points.joined(separator: ","))]" + (patterns > 0 ? ", \"patterns\": [\(patternList.joined(separator: ","))]" : "") + "}"
    }

    @Test("a curve of more points than the limit, or a profile of more patterns, is refused naming the field and the limit")
    func curveBeyondTheLimit() throws {
        #expect(Limits.speedupCurvePoints == 256)
        _ = try HardwareProfile.decode(Data(Self.profileText(points: Limits.speedupCurvePoints).utf8), file: "p.json")
        #expect {
            _ = try HardwareProfile.decode(Data(Self.profileText(points: Limits.speedupCurvePoints + 1).utf8), file: "p.json")
        } throws: { error in
            guard let error = error as? HardwareProfileError else { return false }
            return error.field == "training" && error.problem == .tooManyPoints(count: 257, limit: 256)
        }
        _ = try HardwareProfile.decode(Data(Self.profileText(points: 2, patterns: Limits.profilePatterns).utf8), file: "p.json")
        #expect {
            _ = try HardwareProfile.decode(Data(Self.profileText(points: 2, patterns: Limits.profilePatterns + 1).utf8), file: "p.json")
        } throws: { error in
            (error as? HardwareProfileError)?.problem.code == "profile.too-many-patterns"
        }
    }

    /// The schedule's mean inverse speedup E_t[1/u] by the midpoint rule over training, written
    /// here from the definition: dense until `start`, pruned as S (1 - (1 - x)^3) to `end`, at S after.
    static func meanInverseSpeedup(_ points: [SpeedupPoint], sparsity: Double, start: Double = 0.25, end: Double = 0.75) -> Double {
        func speedup(_ s: Double) -> Double {
            var upper = 0, beyond = points.count - 1
            while upper < beyond {
                let middle = (upper + beyond) / 2
                if points[middle].sparsity >= s { beyond = middle } else { upper = middle + 1 }
            }
            if upper == 0 { return points[0].speedup }
            let a = points[upper - 1], b = points[upper]
            return a.speedup + (s - a.sparsity) / (b.sparsity - a.sparsity) * (b.speedup - a.speedup)
        }
        let steps = 20_000
        var sum = 0.0
        for step in 0..<steps {
            let x = (Double(step) + 0.5) / Double(steps)
            sum += 1 / speedup(sparsity * (1 - pow(1 - x, 3)))
        }
        return start + (end - start) * sum / Double(steps) + (1 - end) / speedup(sparsity)
    }

    @Test("a curve of 300 points is searched to its end: the optimum is a brute force's over every sparsity")
    func longCurveOptimum() throws {
        // 300 points, the speed rising slowly to 1.2x at 0.9 and steeply to 12x at 0.95: the
        // optimum lies past the 200th point, where a quadrature with room for 200 pieces stopped.
        var points = [SpeedupPoint(sparsity: 0, speedup: 1)]
        for index in 1..<299 { points.append(SpeedupPoint(sparsity: 0.3 + 0.6 * Double(index) / 300, speedup: 1 + 0.2 * Double(index) / 300)) }
        points.append(SpeedupPoint(sparsity: 0.95, speedup: 12))
        // Every measured point, every 0.01, and every 0.001 between the last two points.
        let candidates = points.map(\.sparsity) + (0...95).map { Double($0) / 100 } + (900...950).map { Double($0) / 1000 }
        let brute = try Self.expectBruteForceOptimum(points, candidates: candidates, sparsityTolerance: 2e-3, lossTolerance: 1e-9)
        #expect(brute > 0.3 + 0.6 * 200 / 300)
    }

    /// `optimal --hardware` at N = 1e8, C = 1e21 on `points` against the lowest loss over
    /// `candidates`, each loss computed here from the schedule's definition; the brute force's
    /// sparsity.
    static func expectBruteForceOptimum(_ points: [SpeedupPoint], candidates: [Double], sparsityTolerance: Double, lossTolerance: Double) throws -> Double {
        let optimizer = try #require(ProfileOptimizer(law: t5, profile: HardwareProfile(name: "measured", training: .measured(points))))
        let params = 1e8, compute = 1e21
        let answer = optimizer.optimum(params: params, compute: compute)
        func loss(_ sparsity: Double) -> Double {
            let multiplier = meanInverseSpeedup(points, sparsity: sparsity) / (1 - sparsity)
            return t5.loss(nonZeroParams: params, sparsity: sparsity, tokens: compute / (6 * params * multiplier))
        }
        let brute = candidates.map { (sparsity: $0, loss: loss($0)) }.min { $0.loss < $1.loss }!
        #expect(abs(answer.sparsity - brute.sparsity) < sparsityTolerance)
        #expect(answer.loss <= brute.loss + lossTolerance)
        #expect(abs(answer.loss - loss(answer.sparsity)) < 1e-8)
        return brute.sparsity
    }

    @Test("a curve of 256 uneven points: the optimum and the budget plan are a brute force's, their costs exact")
    func longestCurve() throws {
        // Speedups that rise with a ripple, so that L(S) has many local minima at the kinks.
        var points = [SpeedupPoint(sparsity: 0, speedup: 1)]
        for index in 1..<Limits.speedupCurvePoints {
            let sparsity = 0.95 * Double(index) / Double(Limits.speedupCurvePoints)
            points.append(SpeedupPoint(sparsity: sparsity, speedup: 1 + 1.5 * sparsity * sparsity + 0.02 * Double(index % 7) / 7))
        }
        // The midpoint rule over the kinks is good to about 1e-9 here.
        _ = try Self.expectBruteForceOptimum(points, candidates: points.map(\.sparsity) + (0...95).map { Double($0) / 100 },
                                             sparsityTolerance: 4e-3, lossTolerance: 1e-8)

        // The budget plan's training compute is the budget, recomputed from its own N, S, D.
        let compute = 1e21
        let planner = try #require(Planner(law: .sparse(Self.t5), profile: HardwareProfile(name: "rippled", training: .measured(points))))
        let plan = try #require(planner.plan(compute: compute).best.plan)
        let factor = Self.meanInverseSpeedup(points, sparsity: plan.sparsity)
        #expect(abs(plan.trainingCost - compute) <= 1e-12 * compute)
        #expect(abs(6 * plan.params / (1 - plan.sparsity) * plan.tokens * factor - compute) <= 1e-8 * compute)
    }

    // MARK: 13. Less than one parameter

    @Test("a memory limit that holds less than one parameter makes the plan impossible, with its reason")
    func memoryBelowOneParameter() throws {
        let planner = try #require(Planner(law: .sparse(Self.t5), profile: .ideal, memoryLimit: 1e-21))
        let budget = planner.plan(compute: 1e22)
        #expect(budget.best.impossibility?.code == "plan.below-one-parameter")
        #expect(budget.dense.impossibility?.code == "plan.below-one-parameter")
        #expect(!budget.sparsityPays)
    }

    // MARK: 14. Bits are not bytes

    @Test("a lower-case b after a prefix (8Gb: gigabits) or alone is refused, suggesting B", arguments: ["8Gb", "8gb", "1b", "512Mib", "1.5 tb"])
    func bitsAreRefused(text: String) {
        guard case .failure(let error) = MemoryAmount.parse(text) else { Issue.record("\(text) was read"); return }
        #expect(error.code == "memory.bits-not-bytes")
    }

    @Test("B, bytes and bare prefixes are still read", arguments: [("8GB", 8e9), ("8gB", 8e9), ("8G", 8e9), ("1B", 1), ("2 bytes", 2), ("1KiB", 1024), ("2e10", 2e10)])
    func bytesAreRead(text: String, bytes: Double) {
        #expect(MemoryAmount.parse(text) == .success(MemoryAmount(bytes: bytes)))
    }

    // MARK: 16. Replicates that overflow

    /// T5/C4 with three replicates, the first `overflowing` of which overflow at every query
    /// (aD = 1e308, bD = 3).
    static func lawWithReplicates(overflowing: Int) -> String {
        let replicates = (0..<3).map { $0 < overflowing ? "[16.8, 0.722, 45.0, 0.245, 1e308, 3, 0.651]" : "[16.8, 0.722, 45.0, 0.245, 6.9e8, 0.203, 0.651]" }
        return """
            {"form": "sparse", "coefficients": {"aS": 16.8, "bS": 0.722, "cS": 45.0, "bN": 0.245, "aD": 6.9e8, "bD": 0.203, "c": 0.651},
             "bootstrap": {"requested": 3, "failed": 0, "seed": 1, "replicates": [\(replicates.joined(separator: ", "))]}}
            """
    }

    @Test("a prediction where some or all replicates overflow is refused naming the replicate, as `optimal` refuses it", arguments: [1, 3])
    func predictionWithReplicatesThatOverflow(overflowing: Int) throws {
        let file = try LawFile.decode(Data(Self.lawWithReplicates(overflowing: overflowing).utf8), file: "law.json")
        let evaluator = try LawEvaluator(file: file, path: "law.json")
        #expect(throws: PredictionFailure.replicateNotFinite(replicate: 0)) {
            _ = try evaluator.evaluate(LawQuery(params: 1e8, sparsity: 0, tokens: 1e10))
        }
        #expect(PredictionFailure.replicateNotFinite(replicate: 0).problem.code == "query.replicate-not-finite")
    }

    // MARK: 15. Whole numbers of a law file

    @Test("a law file with a fraction or a negative where a whole number belongs is refused naming the field", arguments: [
        ("\"ranges\": {\"params\": {\"min\": 1e7, \"max\": 1e8, \"distinct\": 2.5}}", "ranges.params.distinct"),
        ("\"bootstrap\": {\"requested\": 0, \"failed\": 0, \"seed\": -1, \"replicates\": []}", "bootstrap.seed"),
    ])
    func lawFileWholeNumbers(fields: String, field: String) {
        let text = "{\"form\": \"sparse\", \"coefficients\": {\"aS\": 16.8, \"bS\": 0.722, \"cS\": 45, \"bN\": 0.245, \"aD\": 6.9e8, \"bD\": 0.203, \"c\": 0.651}, \(fields)}"
        #expect {
            _ = try LawFile.decode(Data(text.utf8), file: "law.json")
        } throws: { error in
            guard let error = error as? DataError else { return false }
            return error.field == field && error.problem.code == "law.not-a-whole-number"
        }
    }

    @Test("an event file read as text is binary data, not UTF-32: its length field is not two characters")
    func eventFileAsText() throws {
        // A TFRecord starts with its length, 8 bytes little-endian, then a checksum.
        let record = Data([0x18, 0, 0, 0, 0, 0, 0, 0, 0xA3, 0x7F, 0x4B, 0x22, 0x09, 0x00])
        #expect(TextEncodingGuess(record) == nil)
        #expect(TextEncodingGuess(Data("ab".utf8.flatMap { [$0, 0, 0, 0] })) == .utf32LittleEndian)
        #expect(TextEncodingGuess(Data("ab".utf8.flatMap { [0, 0, 0, $0] })) == .utf32BigEndian)
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        FileManager.default.createFile(atPath: folder + "/events.csv", contents: record)
        #expect {
            _ = try RunLogReader.read(path: folder + "/events.csv", options: ReaderOptions())
        } throws: { error in
            (error as? DataError)?.problem.code == "data.binary"
        }
    }

    @Test("1e400 in a trainer state is refused naming its field, not as truncated or malformed JSON")
    func trainerStateBeyondDouble() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "{\"log_history\": [{\"step\": 1, \"loss\": 1e400}]}".write(toFile: folder + "/trainer_state.json", atomically: true, encoding: .utf8)
        #expect {
            _ = try RunLogReader.read(path: folder + "/trainer_state.json", options: ReaderOptions())
        } throws: { error in
            guard let error = error as? DataError else { return false }
            return error.problem.code == "data.number-beyond-double" && error.field == "log_history[0].loss"
        }
    }
}
