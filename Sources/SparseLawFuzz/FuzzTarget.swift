import Foundation
import SparseLaw

/// One fuzz input: the reader in every format (the first byte picks it), the `--column`
/// expression language and the `--where` condition language. The
/// property checked is the reader's contract: for any bytes, either runs whose every field is
/// finite and in range, or a `DataError`; never a crash, a hang or a NaN.
func exercise(_ data: Data) {
    let formats: [RunLogFormat?] = [.csv, .tsv, .jsonl, .json, nil, .tensorboard]
    let format = formats[Int(data.first ?? 0) % formats.count]
    let body = data.dropFirst()
    if let log = try? RunLogReader.read(data: Data(body), name: "fuzz.input", options: ReaderOptions(format: format)) {
        for run in log.runs {
            precondition(run.nonZeroParams > 0 && run.nonZeroParams.isFinite, "params out of range")
            precondition(run.sparsity >= 0 && run.sparsity < 1, "sparsity out of range")
            precondition(run.tokens > 0 && run.tokens.isFinite, "tokens out of range")
            precondition(run.loss > 0 && run.loss.isFinite, "loss out of range")
        }
        _ = RunSummary(runs: log.runs)
    }
    // The first line, as an expression: parsing must fail cleanly or give a tree that evaluates.
    if let text = String(data: Data(body.prefix(256)), encoding: .utf8),
       let line = text.split(whereSeparator: \.isNewline).first,
       let expression = try? ColumnExpression.parse(String(line)) {
        _ = expression.evaluate { _ in 1.0 }
        _ = expression.columnNames
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
