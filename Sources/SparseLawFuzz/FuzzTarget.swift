import Foundation
import SparseLaw

/// One fuzz input. The first byte picks the target (8 and 9 as they are, any other modulo 8); the
/// rest is its input:
///
/// - 0...5: the run-log reader as CSV, TSV, JSON Lines, JSON, sniffed, or TensorBoard events.
///   For any bytes, either runs whose every field is finite and in range, or a `DataError`.
/// - 6: the law-file decoder and the questions asked of a law. Either a refusal, or a law whose
///   answers (an optimum with its intervals, the contours, their table and CSV, the JSON report)
///   are all finite.
/// - 7: option values, one per line, through every parser of `ValueSyntax`. Either a value inside
///   its bounds, or a `ValueError` whose message has no raw control character.
///
/// - 8: TensorBoard events with valid checksums: the input is a sequence of records, each a
///   2-byte little-endian length and its data, framed as TFRecords with their CRCs computed, so
///   that mutations reach the Event decoder rather than stopping at a checksum.
/// - 9: a `--where` condition, the whole input: parsing fails cleanly, or gives a condition that
///   rows of every kind of cell (empty, number, text, nested JSON) can be tested with.
///
/// Always, the first line is parsed as a `--column` expression (parsing fails cleanly or gives a
/// tree that evaluates) and as a `--where` condition. Never a crash, a hang, or a NaN.
func exercise(_ data: Data) {
    let selector = Int(data.first ?? 0)
    let body = data.dropFirst()
    switch selector {
    case 8: exerciseFramedEvents(Data(body))
    case 9: exerciseCondition(Data(body))
    default:
        switch selector % 8 {
        case 6: exerciseLawFile(Data(body))
        case 7: exerciseOptionValues(Data(body))
        default: exerciseReader(Data(body), format: selector % 8)
        }
    }
    // The first line, as an expression: parsing must fail cleanly or give a tree that evaluates.
    if let text = String(data: Data(body.prefix(1024)), encoding: .utf8),
       let line = text.split(whereSeparator: \.isNewline).first,
       let expression = try? ColumnExpression.parse(String(line)) {
        _ = expression.evaluate { _ in 1.0 }
        _ = expression.columnNames
        _ = expression.description
    }
    // The first line, as a row condition: parsing must fail cleanly or give a condition that any row can be tested with.
    if let text = String(data: Data(body.prefix(256)), encoding: .utf8),
       let line = text.split(whereSeparator: \.isNewline).first,
       let condition = try? RowFilter.parse(String(line)) {
        let names = condition.columnNames
        let row = RawTable.Row(location: .line(1), cells: names.indices.map { $0 % 2 == 0 ? .number(Double($0)) : .text("x\($0)") })
        if let bound = try? BoundRowFilter(condition, columns: names) { _ = try? bound.keeps(row) }
    }
}

func exerciseReader(_ body: Data, format selector: Int) {
    let formats: [RunLogFormat?] = [.csv, .tsv, .jsonl, .json, nil, .tensorboard]
    let format = formats[selector % formats.count]
    do {
        let log = try RunLogReader.read(data: body, name: "fuzz.input", options: ReaderOptions(format: format))
        for run in log.runs {
            precondition(run.nonZeroParams > 0 && run.nonZeroParams.isFinite, "params out of range")
            precondition(run.sparsity >= 0 && run.sparsity < 1, "sparsity out of range")
            precondition(run.tokens > 0 && run.tokens.isFinite, "tokens out of range")
            precondition(run.loss > 0 && run.loss.isFinite, "loss out of range")
        }
        _ = RunSummary(runs: log.runs)
    } catch {
        checkMessage(error.description)
    }
}

/// The records of `body` (each a 2-byte little-endian length, then that many bytes or what is
/// left) framed as a TFRecord file with valid length and data checksums, then read.
func exerciseFramedEvents(_ body: Data) {
    let bytes = [UInt8](body)
    var file: [UInt8] = []
    var records = 0
    var index = 0
    func littleEndian(_ value: UInt64, width: Int) -> [UInt8] { (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) } }
    while index < bytes.count {
        let declared = Int(bytes[index]) | (index + 1 < bytes.count ? Int(bytes[index + 1]) << 8 : 0)
        index += 2
        let end = min(bytes.count, index + declared)
        let data = index < end ? Array(bytes[index..<end]) : []
        index = end
        records += 1
        let length = littleEndian(UInt64(data.count), width: 8)
        file += length + littleEndian(UInt64(CRC32C.masked(CRC32C.checksum(length))), width: 4)
        file += data + littleEndian(UInt64(CRC32C.masked(CRC32C.checksum(data))), width: 4)
    }
    do {
        let contents = try EventFile.read(file)
        precondition(contents.records == records, "a record with valid checksums lost or invented")
        let table = try EventFile.table(contents)
        precondition(table.rows.allSatisfy { $0.cells.count == table.columns.count }, "a ragged event table")
    } catch {
        checkMessage(DataError(file: "events", location: .byteOffset(error.recordOffset), problem: .eventFile(error.problem, offset: error.offset)).description)
    }
    exerciseReader(Data(file), format: 5)
}

/// The whole input as a `--where` condition, tested with rows of every kind of cell.
func exerciseCondition(_ body: Data) {
    guard let text = String(data: body, encoding: .utf8) else { return }
    let condition: RowFilter
    do { condition = try RowFilter.parse(text) } catch { checkMessage(error.description); return }
    let names = condition.columnNames
    let kinds: [RawCell] = [.empty, .number(0), .number(-1e300), .number(3), .text("x"), .text("2.5"), .text("1e400"), .unusable("a boolean")]
    for shift in 0..<kinds.count {
        let row = RawTable.Row(location: .line(shift + 1), cells: names.indices.map { kinds[($0 + shift) % kinds.count] })
        do {
            _ = try BoundRowFilter(condition, columns: names).keeps(row)
        } catch {
            checkMessage(DataError(file: "rows", location: error.location, problem: .rowFilter(error.problem)).description)
        }
    }
}

func exerciseLawFile(_ body: Data) {
    let file: LawFile
    do { file = try LawFile.decode(body, file: "fuzz.json") } catch { checkMessage(error.description); return }
    precondition(file.maxFittedSparsity.map { $0 >= 0 && $0 < 1 } ?? true, "maxFittedSparsity accepted outside [0, 1)")
    let law: ScalingLaw
    do { law = try file.law(file: "fuzz.json") } catch { checkMessage(error.description); return }
    // A degenerate fit writes a linear coefficient of exactly 0; exponents stay positive.
    let exponents: Set<String> = ["bS", "bN", "bD", "alpha", "beta"]
    precondition(zip(law.form.coefficientNames, law.coefficients).allSatisfy { name, value in
        value.isFinite && (exponents.contains(name) ? value > 0 : value >= 0)
    }, "a coefficient accepted that is not finite, or negative, or an exponent that is not positive")
    for cost in [CostModel.denseFLOPs, .sparseFLOPs(PruningSchedule())] {
        let query: SparsityQuery
        do { query = try SparsityQuery(file: file, path: "fuzz.json", cost: cost, maxSparsity: nil) } catch { checkMessage(error.description); continue }
        do {
            let answer = try query.answer(params: 1e9, compute: 1e21)
            precondition(answer.optimum.isFinite, "an optimum that is not finite")
            for interval in [answer.intervals?.sparsity, answer.intervals?.tokens, answer.intervals?.loss].compactMap({ $0 }) {
                precondition(interval.lowerBound.isFinite && interval.upperBound.isFinite, "an interval that is not finite")
            }
            let report = OptimalReport(answer: answer, query: query, lawArgument: "fuzz.json")
            checkMessage(report.text.replacingOccurrences(of: "\n", with: " "))
            _ = try JSONRendering.text(report)
        } catch {
            checkMessage("\(error)")
        }
        let levels = [0, query.optimizer.maxSparsity / 2]
        guard let optimizer = query.optimizer.closedForm else { preconditionFailure("a cost model without its closed form") }
        let window = ContourRanges.centered(optimizer, levels: levels, fitted: query.file.ranges, maxFittedSparsity: query.file.maxFittedSparsity)
        do {
            try query.checkContours(levels: levels, params: window.params, compute: window.compute)
        } catch {
            checkMessage(error.description)
            continue
        }
        let table = optimizer.contourTable(levels: levels, params: window.params)
        precondition(table.rows.allSatisfy { $0.compute.allSatisfy { $0.isFinite && $0 > 0 } && $0.ratioToDenseOptimal.isFinite }, "a contour table that is not finite")
        precondition(table.denseOptimal.allSatisfy { $0.isFinite && $0 > 0 }, "a dense compute-optimal line that is not finite")
        let sizes = logSpaced(from: window.params.lowerBound, to: window.params.upperBound, count: 5)
        let csv = contoursCSV(optimizer, levels: levels, params: sizes, replicates: query.replicates)
        precondition(!csv.contains("nan") && !csv.contains("inf"), "a contour CSV with a value that is not finite")
    }
}

func exerciseOptionValues(_ body: Data) {
    guard let text = String(data: body, encoding: .utf8) else { return }
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(64).map(String.init) {
        check(try ValueSyntax.number(line, allowPercent: true)) { $0.isFinite }
        for bounds in [ValueBounds.positive, .sparsity, .unitInterval, .openUnitInterval] {
            check(try ValueSyntax.number(line, in: bounds)) { bounds.contains($0) && $0.isFinite }
        }
        check(try ValueSyntax.wholeNumber(line, in: 2...100_000)) { (2...100_000).contains($0) }
        check(try ValueSyntax.wholeNumber(line, in: 0...Int.max)) { $0 >= 0 }
        check(try ValueSyntax.seed(line)) { _ in true }
        check(try ValueSyntax.list(line) { item throws(ValueError) in try ValueSyntax.number(item, in: .positive) }) { values in
            !values.isEmpty && values.allSatisfy { $0 > 0 && $0.isFinite }
        }
        check(try ValueSyntax.positiveRange(line)) { $0.lowerBound > 0 && $0.lowerBound < $0.upperBound && $0.upperBound.isFinite }
        check(try ValueSyntax.grid(line)) { $0.first >= 2 && $0.second >= 2 && $0.first * $0.second <= Limits.gridPoints }
        do { _ = try ColumnDefinition.parse(line) } catch { checkMessage(error.description) }
    }
}

/// A parse either gives a value that satisfies `contract` or throws a `ValueError` with a clean message.
func check<T>(_ parse: @autoclosure () throws -> T, _ contract: (T) -> Bool) {
    do {
        let value = try parse()
        precondition(contract(value), "a value accepted outside its bounds: \(value)")
    } catch let error as ValueError {
        checkMessage(error.description)
    } catch {
        preconditionFailure("an error that is not a ValueError: \(error)")
    }
}

/// A message for people: not empty, no raw control character, not a flood.
func checkMessage(_ message: String) {
    precondition(!message.isEmpty, "an empty message")
    precondition(!message.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "a raw control character in: \(message.debugDescription)")
}

#if FUZZING
/// libFuzzer's driver (from its `fuzzer_no_main` runtime), entered from our own `main`, since
/// SwiftPM links every executable's `main` itself.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@main
struct FuzzDriver {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv) { bytes, count in
            exercise(bytes.map { Data(bytes: $0, count: count) } ?? Data())
            return 0
        })
    }
}
#else
/// Without libFuzzer: replays the files or folders given (a corpus, or a crash to reproduce).
@main
struct ReplayCorpus {
    static func main() {
        var count = 0
        for argument in CommandLine.arguments.dropFirst() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                FileHandle.standardError.write(Data("no such file: \(argument)\n".utf8))
                exit(66)
            }
            let paths = isDirectory.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []).sorted().map { argument + "/" + $0 }
                : [argument]
            for path in paths {
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                exercise(data)
                count += 1
            }
        }
        print("replayed \(count) inputs")
    }
}
#endif
