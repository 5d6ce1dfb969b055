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

/// The refusal of reading `inputs`, or nil if they were read.
func refusal(_ inputs: [LogInput], _ options: ReaderOptions = .init()) -> DataError? {
    do { _ = try RunLogReader.read(inputs, options: options); return nil } catch { return error }
}

func column(_ text: String) throws -> ColumnDefinition { try ColumnDefinition.parse(text) }

/// The OLMo ladder: 25 per-step CSVs named `SIZE-MULTxC.csv`, with a metadata file this test
/// writes from the anchors README (parameter counts; budget MULT x 20 x N reached at the last step).
@Suite("Reader: the OLMo ladder folder with run metadata", .enabled(if: Anchors.available, Anchors.skipMessage))
struct OLMoLadderTests {
    static let folder = Anchors.path("olmo-ladder")
    static let c4 = "eval/c4_en-validation/CrossEntropyLoss"
    static let params: [String: Double] = ["190M": 190_354_176, "370M": 371_262_464, "760M": 758_220_288,
                                           "1B": 1_279_395_840, "3B": 3_169_537_280]

    /// Each file's stem, its last `_step` and its last C4 loss, read with plain string splitting.
    static func lastRows() throws -> [(stem: String, lastStep: Double, c4: Double)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".csv") }.sorted()
        return try names.map { name in
            let lines = try String(contentsOfFile: (folder as NSString).appendingPathComponent(name), encoding: .utf8)
                .split(whereSeparator: \.isNewline).filter { !$0.isEmpty }
            let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let last = lines[lines.count - 1].split(separator: ",", omittingEmptySubsequences: false)
            let c4Index = try #require(header.firstIndex(of: c4))
            let steps = lines.dropFirst().compactMap { Double($0.prefix { $0 != "," }) }
            return (String(name.dropLast(4)), try #require(steps.max()), try #require(Double(last[c4Index])))
        }
    }

    /// `run,params,budget,last_step`, plus a run that is in no log.
    static func writeMetadata(in scratch: TemporaryFolder) throws -> String {
        var text = "run,params,budget,last_step\n"
        for (stem, lastStep, _) in try lastRows() {
            let parts = stem.split(separator: "-")
            let n = try #require(params[String(parts[0])])
            let multiple = try #require(Double(parts[1].dropLast(2)))
            text += "\(stem),\(Int(n)),\(multiple * 20 * n),\(Int(lastStep))\n"
        }
        text += "7B-1xC,6888095744,137761914880,100000\n"
        return try scratch.write("ladder-meta.csv", text)
    }

    @Test("eleven evaluation losses: refused, listed, until one is chosen")
    func severalLosses() throws {
        let error = try #require(refusal([.path(Self.folder)]))
        #expect(error.file == Self.folder)
        #expect(error.field == "loss")
        guard case .severalEvaluationLosses(let columns) = error.problem(as: ReaderProblem.self) else { Issue.record("\(error)"); return }
        #expect(columns.count == 11)
        #expect(columns.contains(Self.c4))
        #expect(error.problem.code == "data.several-evaluation-losses")
    }

    @Test("25 runs named by their files; the final C4 loss of each; LICENSE skipped; the extra metadata row reported")
    func ladder() throws {
        let scratch = try TemporaryFolder()
        let options = ReaderOptions(columns: [try column("tokens=budget*_step/last_step")], metadata: try Self.writeMetadata(in: scratch),
                                    lossColumn: Self.c4)
        let log = try RunLogReader.read([.path(Self.folder)], options: options)
        let expected = try Self.lastRows()
        #expect(log.runs.count == 25)
        #expect(log.files.count == 25)
        #expect(log.runs.map(\.run) == expected.map(\.stem))
        for (run, row) in zip(log.runs, expected) {
            #expect(run.loss == row.c4, "\(row.stem)")
            #expect(run.file == (Self.folder as NSString).appendingPathComponent(row.stem + ".csv"))
            let multiple = Double(row.stem.split(separator: "-")[1].dropLast(2))!
            #expect(abs(run.tokens / (multiple * 20 * run.nonZeroParams) - 1) < 1e-12, "\(row.stem): the budget at the last step")
        }
        #expect(log.notes.contains(.skippedFiles(paths: [(Self.folder as NSString).appendingPathComponent("LICENSE")])))
        #expect(log.notes.contains(.metadataWithoutRuns(names: ["7B-1xC"])))
        #expect(log.notes.contains(.reducedCurves(runs: 25, reduction: .last)))
        #expect(log.notes.contains(.assumedDense))
        #expect(log.sources[.loss] == .column(Self.c4))
    }

    @Test("the dense law fitted on the four smaller sizes predicts the 3B runs' final C4 loss within about 1%")
    func predictsThreeB() throws {
        let scratch = try TemporaryFolder()
        let options = ReaderOptions(columns: [try column("tokens=budget*_step/last_step")], metadata: try Self.writeMetadata(in: scratch),
                                    lossColumn: Self.c4, filter: try RowFilter.parse("params < 3e9"))
        let smaller = try RunLogReader.read([.path(Self.folder)], options: options)
        #expect(smaller.runs.count == 20)
        let fit = try LawFitter.fit(smaller.runs, options: .init(form: .dense))
        let threeB = try RunLogReader.read([.path(Self.folder)], options: .init(
            columns: options.columns, metadata: options.metadata, lossColumn: Self.c4, filter: try RowFilter.parse("params > 3e9")))
        #expect(threeB.runs.count == 5)
        let errors = threeB.runs.map { fit.law.loss(of: $0) / $0.loss - 1 }
        let mean = errors.map(abs).reduce(0, +) / Double(errors.count)
        // Measured: mean |error| 1.09%, from -0.35% (10xC) to -2.64% (0.5xC, the shortest run).
        #expect(mean < 0.0125, "mean |relative error| \(mean)")
        #expect(errors.allSatisfy { abs($0) < 0.03 }, "\(errors)")
    }
}

@Suite("Reader: W&B exports")
struct WeightsAndBiasesTests {
    /// A run-table export: dotted config names, a state column, crashed and running runs without
    /// a final loss.
    static let runTable = """
    Name,State,Runtime,model.sparsity,model.n_params,trainer.max_tokens,val/loss
    dense-125m,finished,3600,0,125000000,2.5e9,3.31
    s50-125m,finished,3700,0.5,125000000,2.5e9,3.42
    s75-125m,crashed,100,0.75,125000000,2.5e9,
    dense-350m,running,2000,0,350000000,7e9,
    s50-350m,finished,3600,50%,350000000,7e9,3.01

    """

    @Test("dotted config names match fields by their last component; the chosen columns are the sources")
    func runTable() throws {
        let log = try readLog(Self.runTable, name: "wandb_export.csv", options: .init(filter: try RowFilter.parse(#"State == "finished""#)))
        #expect(log.runs.map(\.run) == ["dense-125m", "s50-125m", "s50-350m"])
        #expect(log.runs.map(\.nonZeroParams) == [125e6, 62.5e6, 175e6])
        #expect(log.runs.map(\.sparsity) == [0, 0.5, 0.5])
        #expect(log.runs.map(\.tokens) == [2.5e9, 2.5e9, 7e9])
        #expect(log.runs.map(\.loss) == [3.31, 3.42, 3.01])
        #expect(log.sources[.sparsity] == .column("model.sparsity"))
        #expect(log.sources[.params] == .totalParams("model.n_params"))
        #expect(log.sources[.tokens] == .column("trainer.max_tokens"))
        #expect(log.sources[.loss] == .column("val/loss"))
        #expect(log.notes.contains(.filteredRows(count: 2, read: 5)))
    }

    @Test("without --where, a crashed run's empty loss is refused at its line and field")
    func crashedRefused() throws {
        let error = try #require(refusal(Self.runTable, name: "wandb_export.csv"))
        #expect(error.file == "wandb_export.csv")
        #expect(error.location == .line(4))
        #expect(error.field == "\"loss\" (column \"val/loss\")")
        #expect(error.problem(as: ReaderProblem.self) == .missingValue)
    }

    @Test("two dotted names ending in the same field are refused, both named")
    func ambiguous() throws {
        let error = try #require(refusal("Name,model.n_params,teacher.n_params,tokens,loss\na,1e6,1e8,1e9,3\n"))
        #expect(error.problem(as: ReaderProblem.self) == .ambiguousColumns(field: .params, columns: ["model.n_params", "teacher.n_params"]))
        #expect(error.field == "params")
    }

    /// A history export: training loss every step, evaluation loss every other.
    static let history = """
    run,step,tokens,loss,eval/loss
    a,100,1e8,4.0,
    a,200,2e8,3.8,3.9
    a,300,3e8,3.6,
    a,400,4e8,3.5,3.55
    b,100,1e8,4.2,
    b,200,2e8,3.9,4.0

    """

    func historyLog(_ options: ReaderOptions) throws -> RunLog {
        let scratch = try TemporaryFolder()
        let meta = try scratch.write("meta.json", #"[{"run": "a", "params": 1e7}, {"run": "b", "params": 2e7}]"#)
        var options = options
        options.metadata = meta
        return try readLog(Self.history, name: "history.csv", options: options)
    }

    @Test("the evaluation loss is taken over the training loss, and said; rows without it are skipped and counted")
    func history() throws {
        let log = try historyLog(.init())
        #expect(log.sources[.loss] == .column("eval/loss"))
        #expect(log.notes.contains(.evaluationLossPreferred(column: "eval/loss", training: ["loss"])))
        #expect(log.notes.contains(.rowsWithoutLoss(count: 3)))
        #expect(log.notes.contains(.reducedCurves(runs: 1, reduction: .last)))  // b has one row with a loss
        #expect(log.runs.map(\.run) == ["a", "b"])
        #expect(log.runs.map(\.loss) == [3.55, 4.0])
        #expect(log.runs.map(\.tokens) == [4e8, 2e8])
        #expect(log.runs.map(\.nonZeroParams) == [1e7, 2e7])
        #expect(log.runs.map(\.source) == [.line(5), .line(7)])
    }

    @Test("--loss-column takes a name as it is; --column needs backticks for a / and says so")
    func lossColumn() throws {
        let training = try historyLog(.init(lossColumn: "loss"))
        #expect(training.runs.map(\.loss) == [3.5, 3.9])
        #expect(!training.notes.contains { if case .rowsWithoutLoss = $0 { return true } else { return false } })
        let quoted = try historyLog(.init(columns: [try column("loss=`eval/loss`")]))
        #expect(quoted.runs.map(\.loss) == [3.55, 4.0])

        let error = try #require({ () -> DataError? in
            do { _ = try historyLog(.init(columns: [try column("loss=eval/loss")])); return nil } catch let error as DataError { return error }
        }())
        guard case .unknownColumn(_, let name, _, let suggestion) = error.problem(as: ReaderProblem.self) else { Issue.record("\(error)"); return }
        #expect(name == "eval")
        #expect(suggestion == "eval/loss")
        #expect(error.problem.code == "data.unknown-column")
        let unknown = try #require(refusal(Self.history, name: "history.csv", options: .init(lossColumn: "val_loss")))
        #expect(unknown.problem(as: ReaderProblem.self) == .unknownLossColumn(name: "val_loss", columns: ["run", "step", "tokens", "loss", "eval/loss"]))
        #expect(unknown.field == "loss")
        #expect(try historyLog(.init(lossColumn: "eval_loss")).sources[.loss] == .column("eval/loss"))  // normalized, as headers are
    }

    @Test("--where over history rows and metadata columns")
    func filters() throws {
        let log = try historyLog(.init(filter: try RowFilter.parse("step <= 200 and params > 1e7 or run == 'a' and tokens < 2.5e8")))
        // a: rows of step 100 and 200 (tokens < 2.5e8); b: rows of step 100 and 200 (params 2e7).
        #expect(log.runs.map(\.tokens) == [2e8, 2e8])
        #expect(log.notes.contains(.filteredRows(count: 2, read: 6)))
        let error = try #require({ () -> DataError? in
            do { _ = try historyLog(.init(filter: try RowFilter.parse("run > 3"))); return nil } catch let error as DataError { return error }
        }())
        #expect(error.file == "history.csv")
        #expect(error.location == .line(2))
        #expect(error.problem(as: ReaderProblem.self) == .rowFilter(.notANumber(column: "run", text: "a")))
        let unknown = try #require(refusal(Self.history, name: "history.csv", options: .init(filter: try RowFilter.parse("State == 'x'"))))
        guard case .rowFilter(.unknownColumn("State", _)) = unknown.problem(as: ReaderProblem.self) else { Issue.record("\(unknown)"); return }
        let none = try #require(refusal(Self.history, name: "history.csv", options: .init(filter: try RowFilter.parse("step > 1000"))))
        #expect(none.problem(as: ReaderProblem.self) == .noRowsLeft(read: 6, filtered: 6, withoutLoss: 0, withoutData: 0))
    }
}

@Suite("Reader: run metadata")
struct RunMetadataTests {
    @Test("runs without metadata and metadata without runs are reported; the logs' own values win where they have one")
    func report() throws {
        let scratch = try TemporaryFolder()
        try scratch.write("logs/r1.csv", "step,tokens,loss\n1,1e9,3.5\n2,2e9,3.2\n")
        try scratch.write("logs/r2.csv", "step,tokens,loss,params\n1,1e9,3.4\n2,2e9,3.1,5e6\n".replacingOccurrences(of: "3.4\n", with: "3.4,5e6\n"))
        let meta = try scratch.write("meta.tsv", "run_name\tparams\tlr\nr1\t1e6\t3e-4\nr9\t9e6\t1e-4\n")
        let log = try RunLogReader.read([.path(scratch.path("logs"))], options: .init(metadata: meta))
        #expect(log.runs.map(\.run) == ["r1", "r2"])
        #expect(log.runs.map(\.nonZeroParams) == [1e6, 5e6])
        #expect(log.notes.contains(.runsWithoutMetadata(names: ["r2"])))
        #expect(log.notes.contains(.metadataWithoutRuns(names: ["r9"])))
        #expect(log.notes.contains(.metadataColumnsShadowed(columns: ["params"])))
    }

    @Test("a run the metadata does not give a needed field is refused at its row")
    func missingField() throws {
        let scratch = try TemporaryFolder()
        try scratch.write("logs/r1.csv", "step,tokens,loss\n1,1e9,3.5\n")
        try scratch.write("logs/r2.csv", "step,tokens,loss\n1,1e9,3.4\n")
        let meta = try scratch.write("meta.csv", "run,params\nr1,1e6\n")
        let error = try #require(refusal([.path(scratch.path("logs"))], .init(metadata: meta)))
        #expect(error.file == scratch.path("logs/r2.csv"))
        #expect(error.location == .line(2))
        #expect(error.field == "\"params\"")
        #expect(error.problem(as: ReaderProblem.self) == .missingValue)
    }

    static let metadataRefusals: [(String, SparseLaw.SourceLocation?, String?, ReaderProblem)] = [
        ("run,params\na,1\nb,2\na,3\n", .line(4), "\"run\"", .duplicateRunName(name: "a", first: .line(2))),
        ("size,params\na,1\n", nil, nil, .metadataWithoutRunColumn(columns: ["size", "params"])),
        ("run,params\n,1\n", .line(2), "\"run\"", .missingValue),
    ]

    @Test("refusals of the metadata name its line and field", arguments: metadataRefusals)
    func refusals(text: String, location: SparseLaw.SourceLocation?, field: String?, problem: ReaderProblem) throws {
        let scratch = try TemporaryFolder()
        let meta = try scratch.write("meta.csv", text)
        let error = try #require(refusal([.data(Data("run,step,tokens,loss\na,1,1e9,3\n".utf8), name: "log.csv")], .init(metadata: meta)))
        #expect(error.file == meta)
        #expect(error.location == location)
        #expect(error.field == field)
        #expect(error.problem(as: ReaderProblem.self) == problem)
    }
}

@Suite("Reader: folders")
struct LogFolderTests {
    /// A trainer state whose history has training entries, evaluation entries and the summary.
    static func trainerState(steps: [Int], evalLoss: (Int) -> Double) -> String {
        var entries: [String] = []
        for step in steps {
            entries.append(#"{"epoch": \#(Double(step) / 1000), "grad_norm": 1.5, "learning_rate": 1e-4, "loss": \#(evalLoss(step) + 0.1), "step": \#(step)}"#)
            entries.append(#"{"epoch": \#(Double(step) / 1000), "eval_loss": \#(evalLoss(step)), "eval_runtime": 9.8, "step": \#(step)}"#)
        }
        entries.append(#"{"epoch": 1.0, "step": \#(steps.last!), "total_flos": 1e15, "train_loss": 3.0, "train_runtime": 600}"#)
        return #"{"best_metric": null, "global_step": \#(steps.last!), "log_history": [\#(entries.joined(separator: ",\n"))], "max_steps": 1000}"#
    }

    @Test("Hugging Face run folders: the trainer state, or the latest checkpoint's; other JSON files skipped")
    func huggingFace() throws {
        let scratch = try TemporaryFolder()
        try scratch.write("hf/run-a/trainer_state.json", Self.trainerState(steps: [500, 1000]) { 3.0 - Double($0) / 2000 })
        try scratch.write("hf/run-a/checkpoint-500/trainer_state.json", Self.trainerState(steps: [500]) { _ in 9 })
        try scratch.write("hf/run-a/config.json", #"{"n_layer": 12}"#)
        try scratch.write("hf/run-b/checkpoint-500/trainer_state.json", Self.trainerState(steps: [500]) { _ in 9 })
        try scratch.write("hf/run-b/checkpoint-1000/trainer_state.json", Self.trainerState(steps: [500, 1000]) { 3.2 - Double($0) / 2000 })
        try scratch.write("hf/run-b/tokenizer.json", #"{"model": {}}"#)
        try scratch.write("hf/notes.txt", "lr sweep")
        let meta = try scratch.write("meta.csv", "run,n_params,tokens_per_step\nrun-a,1e7,8192\nrun-b,2e7,8192\n")
        let log = try RunLogReader.read([.path(scratch.path("hf"))], options: .init(columns: [try column("tokens=step*tokens_per_step")], metadata: meta))
        #expect(log.files == [scratch.path("hf/run-a/trainer_state.json"), scratch.path("hf/run-b/checkpoint-1000/trainer_state.json")])
        #expect(log.runs.map(\.run) == ["run-a", "run-b"])
        #expect(log.runs.map(\.loss) == [2.5, 2.7])
        #expect(log.runs.map(\.tokens) == [8_192_000, 8_192_000])
        #expect(log.runs.map(\.nonZeroParams) == [1e7, 2e7])
        #expect(log.runs.map(\.source) == [.record(4), .record(4)])
        #expect(log.sources[.loss] == .column("eval_loss"))
        #expect(log.notes.contains(.evaluationLossPreferred(column: "eval_loss", training: ["loss", "train_loss"])))
        // Per file: two training entries and the summary.
        #expect(log.notes.contains(.rowsWithoutLoss(count: 6)))
        #expect(log.notes.contains(.skippedFiles(paths: [scratch.path("hf/notes.txt"), scratch.path("hf/run-a/config.json"), scratch.path("hf/run-b/tokenizer.json")])))
        #expect(log.formats == [.json])
    }

    /// An event file of a run: training loss every 100 steps, evaluation loss every 500, a
    /// histogram beside them.
    static func eventFile(steps: StrideThrough<Int>, eval: (Int) -> Float) -> [UInt8] {
        var events = [EventBytes.fileVersionEvent()]
        for step in steps {
            var values = [EventBytes.simpleValue("train/loss", eval(step) + 0.25)]
            if step % 500 == 0 { values.append(EventBytes.tensorValue("eval/loss", EventBytes.floatTensor(eval(step)))) }
            values.append(EventBytes.tensorValue("weights", EventBytes.tensor(dataType: 1, shape: [2], fields: EventBytes.bytesField(4, [UInt8](repeating: 0, count: 8)))))
            events.append(EventBytes.event(step: Int64(step), values: values))
        }
        return EventBytes.file(events)
    }

    @Test("TensorBoard run folders: a run resumed in a second file, named by its folder")
    func tensorBoard() throws {
        let scratch = try TemporaryFolder()
        try scratch.write("tb/exp1/events.out.tfevents.1700000000.host.1.0", bytes: Self.eventFile(steps: stride(from: 0, through: 1000, by: 100)) { 4 - Float($0) / 1000 })
        try scratch.write("tb/exp2/events.out.tfevents.1700000000.host.2.0", bytes: Self.eventFile(steps: stride(from: 0, through: 600, by: 100)) { _ in 9 })
        try scratch.write("tb/exp2/events.out.tfevents.1700009000.host.2.0", bytes: Self.eventFile(steps: stride(from: 500, through: 1000, by: 100)) { 4.5 - Float($0) / 1000 })
        let meta = try scratch.write("meta.csv", "run,n_params,sparsity,tokens_per_step\nexp1,1e7,0,4096\nexp2,2e7,0.5,4096\n")
        let log = try RunLogReader.read([.path(scratch.path("tb"))], options: .init(columns: [try column("tokens=step*tokens_per_step")], metadata: meta))
        #expect(log.formats == [.tensorboard])
        #expect(log.runs.map(\.run) == ["exp1", "exp2"])
        #expect(log.runs.map(\.loss) == [3, 3.5])
        #expect(log.runs.map(\.tokens) == [4_096_000, 4_096_000])
        #expect(log.runs.map(\.nonZeroParams) == [1e7, 1e7])  // 2e7 x (1 - 0.5)
        #expect(log.runs[1].file == scratch.path("tb/exp2/events.out.tfevents.1700009000.host.2.0"))
        #expect(log.runs.allSatisfy { $0.source?.kind == .byteOffset })
        #expect(log.sources[.loss] == .column("eval/loss"))
        #expect(log.notes.contains(.evaluationLossPreferred(column: "eval/loss", training: ["train/loss"])))
        #expect(log.notes.contains(.skippedSummaries(file: scratch.path("tb/exp1/events.out.tfevents.1700000000.host.1.0"), tags: ["weights"])))
        #expect(log.notes.contains(.rowsWithoutData(count: 2)))  // the evaluations at step 0 of the first two files
    }

    @Test("a damaged event file is refused with its file and the record's byte offset")
    func damagedEventFile() throws {
        let scratch = try TemporaryFolder()
        var bytes = Self.eventFile(steps: stride(from: 0, through: 300, by: 100)) { _ in 3 }
        let firstRecord = EventBytes.record(EventBytes.fileVersionEvent()).count
        bytes[firstRecord + 20] ^= 0x40
        let path = try scratch.write("run/events.out.tfevents.1.host", bytes: bytes)
        let error = try #require(refusal([.path(scratch.path("run"))]))
        #expect(error.file == path)
        #expect(error.location == .byteOffset(firstRecord))
        guard case .eventFile(.dataChecksumMismatch, let offset) = error.problem(as: ReaderProblem.self) else { Issue.record("\(error)"); return }
        #expect(offset > firstRecord)
        #expect(error.problem.code == "data.event-file")
    }

    @Test("one level deep; deeper folders and other files skipped and listed; a folder of no logs refused")
    func depth() throws {
        let scratch = try TemporaryFolder()
        try scratch.write("runs/top.csv", "run,params,tokens,loss\nt,1e6,1e9,3\n")
        try scratch.write("runs/group/inner.csv", "run,params,tokens,loss\ni,1e6,2e9,2.9\n")
        try scratch.write("runs/group/deeper/far.csv", "run,params,tokens,loss\nf,1e6,4e9,2.8\n")
        try scratch.write("runs/README.md", "# runs")
        try scratch.write("runs/.hidden.csv", "not read")
        let log = try RunLogReader.read([.path(scratch.path("runs"))])
        #expect(log.runs.map(\.run) == ["t", "i"])
        #expect(log.notes.contains(.skippedFiles(paths: [scratch.path("runs/README.md"), scratch.path("runs/group/deeper") + "/"])))

        try scratch.write("empty/README.md", "nothing")
        let error = try #require(refusal([.path(scratch.path("empty"))]))
        #expect(error.file == scratch.path("empty"))
        #expect(error.problem(as: ReaderProblem.self) == .noLogsInFolder(skipped: [scratch.path("empty/README.md")]))
        #expect(refusal([.path(scratch.path("nowhere"))])?.problem(as: FileProblem.self) == .noSuchFile)
    }

    @Test("several paths read as one table; a table of runs without a run column keeps its rows as runs")
    func severalPaths() throws {
        let scratch = try TemporaryFolder()
        let a = try scratch.write("a.csv", "params,tokens,loss\n1e6,1e9,3\n2e6,1e9,2.9\n")
        let b = try scratch.write("b.tsv", "params\ttokens\tloss\n4e6\t1e9\t2.8\n")
        let log = try RunLogReader.read([.path(a), .path(b)])
        #expect(log.runs.map(\.nonZeroParams) == [1e6, 2e6, 4e6])
        #expect(log.runs.allSatisfy { $0.run == nil })
        #expect(log.runs.map(\.file) == [a, a, b])
        #expect(log.formats == [.csv, .tsv])
        #expect(log.file == "\(a), \(b)")
        // Columns are matched by name across files: b's val_loss is the loss of every file, and a has none.
        let c = try scratch.write("c.tsv", "params\ttokens\tval_loss\n4e6\t1e9\t2.8\n")
        let error = try #require(refusal([.path(a), .path(c)]))
        #expect(error.file == a)
        #expect(error.location == .line(2))
        #expect(error.field == "\"loss\" (column \"val_loss\")")
        #expect(error.problem(as: ReaderProblem.self) == .missingValue)
    }
}

@Suite("Reader: pandas layouts and standard input")
struct PandasReaderTests {
    @Test("orient=index is read with rows as rows, and said")
    func index() throws {
        let text = #"{"r1":{"params":1e6,"tokens":1e9,"loss":3.5},"r2":{"params":2e6,"tokens":2e9,"loss":3.25}}"#
        let log = try readLog(text, name: "frame.json")
        #expect(log.runs.map(\.nonZeroParams) == [1e6, 2e6])
        #expect(log.runs.map(\.source) == [.rowID("r1"), .rowID("r2")])
        #expect(log.notes == [.pandasOrientation(file: "frame.json", rowsAreOuterKeys: true, decidedByDefault: false), .assumedDense])
    }

    @Test("orient=table, from bytes named like standard input with a format")
    func table() throws {
        let text = #"{"schema":{"fields":[{"name":"index","type":"integer"},{"name":"params","type":"number"},{"name":"tokens","type":"number"},{"name":"loss","type":"number"}],"primaryKey":["index"],"pandas_version":"1.4.0"},"data":[{"index":0,"params":1e6,"tokens":1e9,"loss":3.5},{"index":1,"params":2e6,"tokens":1e9,"loss":null}]}"#
        let error = try #require(refusal([.data(Data(text.utf8), name: "<stdin>")], .init(format: .json)))
        #expect(error.file == "<stdin>")
        #expect(error.location == .record(2))
        #expect(error.problem(as: ReaderProblem.self) == .missingValue)
        let log = try RunLogReader.read([.data(Data(text.utf8).prefix(text.utf8.count), name: "<stdin>")], options: .init(format: .json, filter: try RowFilter.parse("loss != ''")))
        #expect(log.runs.map(\.nonZeroParams) == [1e6])
    }
}
