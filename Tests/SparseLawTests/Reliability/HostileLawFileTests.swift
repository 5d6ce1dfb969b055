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

/// Hostile law files and extreme laws: each refused with the field and the reason, or answered
/// with numbers that are all finite. Never a crash, never inf or nan as an answer.
@Suite("Reliability: hostile law files and extreme laws")
struct HostileLawFileTests {
    static let coefficients: [String: Double] = ["aS": 16.8, "bS": 0.722, "cS": 45, "bN": 0.245, "aD": 6.9e8, "bD": 0.203, "c": 0.651]

    /// A fitted-looking law file with `edit` applied to its JSON object.
    static func lawJSON(_ edit: (inout [String: Any]) -> Void = { _ in }) -> Data {
        var object: [String: Any] = [
            "form": "sparse", "coefficients": coefficients, "maxFittedSparsity": 0.75,
            "ranges": ["params": ["min": 1e6, "max": 6.4e7, "distinct": 4], "tokens": ["min": 1e9, "max": 1.6e10, "distinct": 3],
                       "loss": ["min": 2.5, "max": 4.0], "sparsities": [0, 0.5, 0.75]],
            "bootstrap": ["requested": 2, "failed": 0, "seed": 1, "replicates": [[16, 0.7, 44, 0.24, 6.8e8, 0.2, 0.65], [17, 0.73, 46, 0.25, 7e8, 0.21, 0.66]]],
        ]
        edit(&object)
        return try! JSONSerialization.data(withJSONObject: object)
    }

    static func refusal(_ data: Data) -> DataError? {
        do { _ = try LawFile.decode(data, file: "law.json"); return nil } catch { return error }
    }

    @Test("an ordinary fitted law file is read")
    func ordinary() throws {
        let file = try LawFile.decode(Self.lawJSON(), file: "law.json")
        #expect(file.maxFittedSparsity == 0.75)
        #expect(try file.sparseReplicates(file: "law.json").count == 2)
    }

    @Test("fields a law file cannot mean are refused by name", arguments: [
        ("maxFittedSparsity", "2", "maxFittedSparsity", LawProblem.outOfBounds(2, .sparsity)),
        ("maxFittedSparsity", "-0.5", "maxFittedSparsity", .outOfBounds(-0.5, .sparsity)),
        ("ranges.params.min", "-1", "ranges.params.min", .outOfBounds(-1, .positive)),
        ("ranges.tokens.max", "0", "ranges.tokens.max", .outOfBounds(0, .positive)),
        ("ranges.params.min", "1e9", "ranges.params", .spanInverted(min: 1e9, max: 6.4e7)),
        ("ranges.loss.max", "1", "ranges.loss", .spanInverted(min: 2.5, max: 1)),
        ("ranges.params.distinct", "0", "ranges.params.distinct", .countOutOfRange(0, minimum: 1, maximum: nil)),
        ("ranges.sparsities", "[0, 1.5]", "ranges.sparsities[1]", .outOfBounds(1.5, .sparsity)),
        ("bootstrap.failed", "-3", "bootstrap.failed", .countOutOfRange(-3, minimum: 0, maximum: 2)),
        ("bootstrap.failed", "5", "bootstrap.failed", .countOutOfRange(5, minimum: 0, maximum: 2)),
        ("bootstrap.requested", "-1", "bootstrap.requested", .countOutOfRange(-1, minimum: 0, maximum: Limits.bootstrapReplicates)),
    ])
    func refusedFields(path: String, value: String, field: String, problem: LawProblem) throws {
        let json = Self.lawJSON { object in Self.set(&object, path: path.split(separator: ".").map(String.init), to: try! JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)) }
        let error = try #require(Self.refusal(json), "\(path) = \(value) was accepted")
        #expect(error == DataError(file: "law.json", field: field, problem: problem), "\(error)")
        #expect(error.problem.code == problem.code)
    }

    static func set(_ object: inout [String: Any], path: [String], to value: Any) {
        guard let key = path.first else { return }
        if path.count == 1 { object[key] = value; return }
        var inner = object[key] as? [String: Any] ?? [:]
        set(&inner, path: Array(path.dropFirst()), to: value)
        object[key] = inner
    }

    @Test("an unknown law form is named, with the forms there are")
    func unknownForm() throws {
        let error = try #require(Self.refusal(Data(#"{"form": "quadratic", "coefficients": {}}"#.utf8)))
        #expect(error == DataError(file: "law.json", field: "form", problem: .unknownLawForm("quadratic")), "\(error)")
        #expect(error.problem.code == "law.unknown-form")
    }

    @Test("a coefficient beyond the doubles is refused by name", arguments: ["1e400", "-1e400"])
    func overflowingCoefficient(text: String) throws {
        let json = #"{"form": "sparse", "coefficients": {"aS": \#(text), "bS": 0.722, "cS": 45, "bN": 0.245, "aD": 6.9e8, "bD": 0.203, "c": 0.651}}"#
        let error: DataError
        do {
            let file = try LawFile.decode(Data(json.utf8), file: "law.json")
            _ = try file.law(file: "law.json")
            Issue.record("\(text) was accepted as a coefficient")
            return
        } catch let refusal as DataError {
            error = refusal
        }
        #expect(error == DataError(file: "law.json", field: "coefficients.aS", problem: .numberBeyondDouble(text)), "\(error)")
        #expect(error.problem.code == "law.number-beyond-double")
        // The path is followed through arrays too.
        let nested = JSONNumberScan.firstOverflow(in: Array(#"{"a": "1e999", "b": {"c": [1, [2, 3e999]]}}"#.utf8))
        #expect(nested?.path == "b.c[1][1]")
        #expect(nested?.literal == "3e999")
    }

    @Test("a directory, a device or an oversized file is named as such, before it is read")
    func inputFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sparselaw-input-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: DataError(file: directory.path, problem: .isDirectory)) { try LawFile.read(path: directory.path) }
        #expect(throws: DataError(file: "/dev/null", problem: .notAFile)) { try LawFile.read(path: "/dev/null") }
        #expect(throws: DataError(file: directory.path + "/none.json", problem: .noSuchFile)) { try LawFile.read(path: directory.path + "/none.json") }
        // An 8 GB sparse file: refused from its size, without reading (this would take minutes and 8 GB otherwise).
        let huge = directory.appendingPathComponent("huge.csv").path
        _ = FileManager.default.createFile(atPath: huge, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: huge))
        try handle.truncate(atOffset: 8 << 30)
        try handle.close()
        let started = Date()
        #expect(throws: DataError(file: huge, problem: .tooLarge(size: 8 << 30, limit: Limits.inputBytes))) { try RunLogReader.read(path: huge) }
        #expect(Date().timeIntervalSince(started) < 2)
        // The limit can be raised, and a small limit applies to small files.
        let small = directory.appendingPathComponent("small.csv").path
        try "params,sparsity,tokens,loss\n1e6,0,1e9,3\n".write(toFile: small, atomically: true, encoding: .utf8)
        let size = "params,sparsity,tokens,loss\n1e6,0,1e9,3\n".utf8.count
        #expect(throws: DataError(file: small, problem: .tooLarge(size: size, limit: 10))) { try RunLogReader.read(path: small, options: ReaderOptions(maxInputBytes: 10)) }
        #expect(try RunLogReader.read(path: small, options: ReaderOptions(maxInputBytes: size)).runs.count == 1)
    }

    /// Laws at the edges of the doubles: either refused with the reason, or every number
    /// `optimal` and `contours` produce is finite.
    @Test("extreme laws: every answer finite or refused", arguments: [
        ["aS": 1e308], ["aS": .leastNonzeroMagnitude], ["bN": 50], ["cS": 1e308], ["aD": 1e308], ["aD": .leastNonzeroMagnitude], ["bD": 50], ["bS": 1e-300],
        ["aS": 1e300, "bS": 1e300, "cS": 1e300, "bN": 1e300, "aD": 1e300, "bD": 1e300, "c": 1e300],
        ["c": 1e308], ["bN": .leastNonzeroMagnitude],
    ])
    func extremeLaws(changes: [String: Double]) throws {
        let file = try LawFile.decode(Self.lawJSON { object in
            var coefficients = Self.coefficients
            for (name, value) in changes { coefficients[name] = value }
            object["coefficients"] = coefficients
            object["bootstrap"] = nil
        }, file: "law.json")
        for cost in [CostModel.denseFLOPs, .sparseFLOPs(PruningSchedule())] {
            let query = try SparsityQuery(file: file, path: "law.json", cost: cost, maxSparsity: nil)
            for (n, c) in [(1e9, 1e21), (1e6, 1e15), (1e12, 1e25)] {
                do {
                    let answer = try query.answer(params: n, compute: c)
                    #expect(answer.optimum.isFinite)
                    let report = OptimalReport(answer: answer, query: query, lawArgument: "law.json")
                    #expect(!report.text.contains("inf") && !report.text.contains("nan"), "\(report.text)")
                    _ = try JSONRendering.text(report)
                } catch let error as QueryError {
                    #expect(error == .notFinite(params: n, compute: c), "\(error)")
                }
            }
            let levels = [0, 0.5]
            let optimizer = try #require(query.optimizer.closedForm)
            let window = ContourRanges.centered(optimizer, levels: levels, fitted: file.ranges, maxFittedSparsity: file.maxFittedSparsity)
            do {
                try query.checkContours(levels: levels, params: window.params, compute: window.compute)
            } catch {
                switch error {
                case .contourNotFinite, .denseOptimalNotFinite: break
                default: Issue.record("refused as \(error), not as a budget that is not finite")
                }
                continue
            }
            let table = optimizer.contourTable(levels: levels, params: window.params)
            #expect(!table.text(law: "x", cost: cost).contains("inf") && !table.text(law: "x", cost: cost).contains("nan"))
            let csv = contoursCSV(optimizer, levels: levels, params: logSpaced(from: window.params.lowerBound, to: window.params.upperBound, count: 8))
            #expect(!csv.contains("inf") && !csv.contains("nan"))
            // The figure is drawn without a trap, and its numbers are finite.
            let svg = ContourFigure(optimizer: optimizer, levels: levels, lawName: "x", ranges: window).svg
            #expect(!svg.contains("nan") && !svg.contains("inf"))
        }
    }

    @Test("a contour range that overflows is refused with the level and N", arguments: [(1e6, 1e140), (1e-150, 1e9), (1e6, 1e308)])
    func overflowingRange(low: Double, high: Double) throws {
        let query = try SparsityQuery(file: LawPresets.resolve("t5-c4").file, path: "t5-c4", cost: .denseFLOPs, maxSparsity: nil)
        #expect(throws: QueryError.self) { try query.checkContours(levels: [0.5], params: low...high) }
    }

    @Test("bootstrap replicates at 1e308: the optimum's interval is refused by replicate, not a trap")
    func hugeReplicates() throws {
        let file = try LawFile.decode(Self.lawJSON { object in
            object["bootstrap"] = ["requested": 2, "failed": 0, "seed": 1,
                                   "replicates": [[16, 0.7, 44, 0.24, 6.8e8, 0.2, 0.65], [1e308, 1e308, 1e308, 1e308, 1e308, 1e308, 1e308]]]
        }, file: "law.json")
        let query = try SparsityQuery(file: file, path: "law.json", cost: .denseFLOPs, maxSparsity: nil)
        #expect(throws: QueryError.replicateNotFinite(replicate: 1, params: 1e9, compute: 1e21)) { try query.answer(params: 1e9, compute: 1e21) }
    }

    @Test("percentiles of values at the edge of the doubles do not overflow")
    func percentiles() throws {
        let interval = try #require(percentileInterval([-1e308, 1e308, -1.5e308, 1.7e308]))
        #expect(interval.lowerBound.isFinite && interval.upperBound.isFinite && interval.lowerBound < interval.upperBound)
        #expect(percentileInterval([1, .nan]) == nil)
        #expect(percentileInterval([1, .infinity]) == nil)
        #expect(percentileInterval([]) == nil)
        #expect(percentile(sorted: [], 0.5).isNaN)
        // Type 7 by hand: position 0.975 * 3 = 2.925 between 1.5e308 and 1.7e308.
        #expect(abs(percentile(sorted: [-1e308, 0, 1.5e308, 1.7e308], 0.975) - (1.5e308 * 0.075 + 1.7e308 * 0.925)) < 1e294)
    }
}
