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

/// Reads `text` as a file called `name`.
func readLog(_ text: String, name: String = "runs.csv", options: ReaderOptions = .init()) throws(DataError) -> RunLog {
    try RunLogReader.read(data: Data(text.utf8), name: name, options: options)
}

/// The refusal of reading `text`, or nil if it was read.
func refusal(_ text: String, name: String = "runs.csv", options: ReaderOptions = .init()) -> DataError? {
    do { _ = try readLog(text, name: name, options: options); return nil } catch { return error }
}

@Suite("Reader: delimited files")
struct DelimitedReaderTests {
    @Test("canonical CSV reads every field")
    func canonical() throws {
        let log = try readLog("params,sparsity,tokens,loss\n1e6,0.5,2e9,3.25\n4M,0.75,8B,2.5\n")
        #expect(log.runs.count == 2)
        #expect(log.runs[0] == TrainingRun(nonZeroParams: 1e6, sparsity: 0.5, tokens: 2e9, loss: 3.25, source: .line(2), file: "runs.csv"))
        #expect(log.runs[1].nonZeroParams == 4e6)
        #expect(log.runs[1].tokens == 8e9)
    }

    @Test("header aliases, density and total parameters")
    func aliases() throws {
        let log = try readLog("Total_Params,density,num_tokens,eval/loss\n8e6,25%,1e9,3.0\n")
        let run = try #require(log.runs.first)
        #expect(run.sparsity == 0.75)
        #expect(run.nonZeroParams == 2e6)  // 8e6 x (1 - 0.75)
        #expect(run.loss == 3.0)
        #expect(log.sources[.loss] == .column("eval/loss"))
        #expect(log.sources[.sparsity] == .complementOf("density"))
    }

    @Test("without a sparsity column the runs are dense")
    func dense() throws {
        let log = try readLog("model_size,tokens,val_loss\n1e8,2e9,3.0\n")
        #expect(log.runs[0].sparsity == 0)
        #expect(log.runs[0].nonZeroParams == 1e8)
    }

    @Test("TSV, BOM and CRLF line ends")
    func tsvBomCRLF() throws {
        let log = try readLog("\u{FEFF}params\tsparsity\ttokens\tloss\r\n1e6\t0\t1e9\t3\r\n2e6\t0.5\t1e9\t2.9\r\n", name: "runs.tsv")
        #expect(log.runs.map(\.nonZeroParams) == [1e6, 2e6])
        #expect(log.format == .tsv)
    }

    @Test("quoted fields may hold commas, quotes and line breaks; lines stay counted")
    func quoting() throws {
        let text = "run,params,sparsity,tokens,loss\n\"a, \"\"quoted\"\"\nname\",1e6,0,1e9,3\nb,2e6,0,1e9,oops\n"
        let error = try #require(refusal(text))
        #expect(error.location == .line(4))
        #expect(error.field == "\"loss\"")
        let log = try readLog(text.replacingOccurrences(of: "oops", with: "2.5"))
        #expect(log.runs[0].run == "a, \"quoted\"\nname")
    }

    @Test("blank lines are skipped but counted")
    func blankLines() throws {
        let error = try #require(refusal("params,sparsity,tokens,loss\n\n1e6,0,1e9,3\n\n1e6,0,1e9,-1\n\n"))
        #expect(error.location == .line(5))
    }

    @Test("semicolon-separated spreadsheet exports")
    func semicolons() throws {
        let log = try readLog("params;sparsity;tokens;loss\n1e6;0;1e9;3\n")
        #expect(log.runs.count == 1)
    }

    @Test("refusals name the line, the field and the reason", arguments: [
        ("params,sparsity,tokens,loss\n1e6,0,1e9,abc\n", 2, "\"loss\"", .number(.notANumber("abc"))),
        ("params,sparsity,tokens,loss\n1e6,0,1e9,nan\n", 2, "\"loss\"", .nonFinite(text: "nan", isNaN: true)),
        ("params,sparsity,tokens,loss\n1e6,0,inf,3\n", 2, "\"tokens\"", .nonFinite(text: "inf", isNaN: false)),
        ("params,sparsity,tokens,loss\n-1e6,0,1e9,3\n", 2, "\"params\"", .notPositive(-1e6)),
        ("params,sparsity,tokens,loss\n1e6,0,0,3\n", 2, "\"tokens\"", .notPositive(0)),
        ("params,sparsity,tokens,loss\n1e6,0,1e9,0\n", 2, "\"loss\"", .notPositive(0)),
        ("params,sparsity,tokens,loss\n1e6,1,1e9,3\n", 2, "\"sparsity\"", .sparsityOutOfRange(1)),
        ("params,sparsity,tokens,loss\n1e6,-0.1,1e9,3\n", 2, "\"sparsity\"", .sparsityOutOfRange(-0.1)),
        ("params,sparsity,tokens,loss\n1e6,50,1e9,3\n", 2, "\"sparsity\"", .sparsityOutOfRange(50)),
        ("params,sparsity,tokens,loss\n1e6,0,1e9,\n", 2, "\"loss\"", .missingValue),
        ("params,sparsity,tokens,loss\n1e6,0,1e9,3\n1e6,0,1e9\n", 3, nil, .raggedRow(count: 3, expected: 4, headerLine: 1)),
        ("params,sparsity,tokens,loss\n1e6,0,1e9,3,4\n", 2, nil, .raggedRow(count: 5, expected: 4, headerLine: 1)),
        ("params,sparsity,tokens,loss\n1e6,0,\"1e9,3\n", 2, nil, .unclosedQuote),
        ("params,loss,tokens,loss\n1e6,0,1e9,3\n", 1, nil, .duplicateHeader(name: "loss", columns: [2, 4])),
        ("params,sparsity,tokens,loss\n1e6,0,1.3BB,3\n", 2, "\"tokens\"", .number(.notANumber("1.3BB"))),
        ("params,sparsity,tokens,loss\n1e6%,0,1e9,3\n", 2, "\"params\"", .number(.percentNotAllowed("1e6%"))),
    ] as [(String, Int, String?, ReaderProblem)])
    func refusals(text: String, line: Int, field: String?, problem: ReaderProblem) throws {
        let error = try #require(refusal(text))
        #expect(error == DataError(file: "runs.csv", location: .line(line), field: field, problem: problem), "\(error)")
        #expect(error.problem.code == problem.code)
    }

    @Test("files that hold no runs are refused", arguments: [
        ("", FileProblem.empty as any InputProblem), ("   \n\n", FileProblem.onlyWhiteSpace), ("params,sparsity,tokens,loss\n", ReaderProblem.headerWithoutRows),
        ("params,sparsity,tokens,loss\n\n\n", ReaderProblem.headerWithoutRows),
    ])
    func empty(text: String, problem: any InputProblem) throws {
        let error = try #require(refusal(text))
        #expect(error.problem.isEqual(to: problem), "\(error)")
    }

    @Test("a missing field lists the columns it could be defined from")
    func missingField() throws {
        let error = try #require(refusal("scale,sparsity,steps,val-loss\n1,0,100,3\n"))
        #expect(error.field == "params")
        #expect(error.problem.code == "data.missing-field")
        guard case .missingField(let field, let aliases, let columns, _, _) = error.problem(as: ReaderProblem.self) else { Issue.record("\(error)"); return }
        #expect(field == .params)
        #expect(aliases == RunField.params.aliases)
        #expect(columns == ["scale", "sparsity", "steps", "val-loss"])
    }

    @Test("binary and mis-encoded files are refused as such")
    func binary() throws {
        let garbage = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0xFF])
        var caught: DataError?
        do { _ = try RunLogReader.read(data: garbage, name: "x.csv") } catch { caught = error }
        let error = try #require(caught)
        #expect(error.problem(as: FileProblem.self) == .binary(nulOffset: 8), "\(error)")
        let latin1 = Data("params,sparsity,tokens,loss\n1e6,0,1e9,3\u{E9}\n".utf8).map { $0 == 0xC3 ? 0xE9 : $0 }.filter { $0 != 0xA9 }
        var latinError: DataError?
        do { _ = try RunLogReader.read(data: Data(latin1), name: "x.csv") } catch { latinError = error }
        #expect(try #require(latinError).problem(as: FileProblem.self) == .invalidUTF8)
    }

    @Test("UTF-16 with a byte-order mark")
    func utf16() throws {
        var data = Data([0xFF, 0xFE])
        data.append("params,sparsity,tokens,loss\n1e6,0,1e9,3\n".data(using: .utf16LittleEndian)!)
        let log = try RunLogReader.read(data: data, name: "x.csv")
        #expect(log.runs.count == 1)
    }

    @Test("--column definitions read other columns, exact or normalized")
    func definitions() throws {
        let options = ReaderOptions(columns: [
            try ColumnDefinition.parse("params=1000*scale*(1-sparsity)"),
            try ColumnDefinition.parse("tokens=steps*65536"),
        ])
        let log = try readLog(",sparsity,scale,val-loss,steps\n0,0.5,2,3.0,100\n", options: options)
        #expect(log.runs[0].nonZeroParams == 1000)
        #expect(log.runs[0].tokens == 6_553_600)
        let bad = ReaderOptions(columns: [try ColumnDefinition.parse("tokens=steps/zero")])
        let error = try #require(refusal("params,sparsity,steps,zero,loss\n1,0,1,0,3\n", options: bad))
        #expect(error == DataError(file: "runs.csv", location: .line(2), field: "\"tokens\" (steps/zero)", problem: .nonFinite(text: nil, isNaN: false)), "\(error)")
        let unknown = ReaderOptions(columns: [try ColumnDefinition.parse("tokens=stepz*2")])
        let unknownError = try #require(refusal("params,sparsity,steps,loss\n1,0,1,3\n", options: unknown))
        #expect(unknownError.field == "tokens")
        #expect(unknownError.problem(as: ReaderProblem.self)
                == .unknownColumn(definition: "tokens=stepz*2", column: "stepz", columns: ["params", "sparsity", "steps", "loss"], suggestion: nil))
    }
}

@Suite("Reader: JSON")
struct JSONReaderTests {
    @Test("JSON Lines, with a truncated last line refused at its line")
    func jsonLines() throws {
        let text = "{\"params\": 1e6, \"sparsity\": 0, \"tokens\": 1e9, \"loss\": 3, \"config\": {\"lr\": 1}, \"ok\": true}\n\n{\"params\": \"2M\", \"sparsity\": \"50%\", \"tokens\": 1e9, \"loss\": 2.9}\n"
        let log = try readLog(text, name: "runs.jsonl")
        #expect(log.runs.map(\.nonZeroParams) == [1e6, 2e6])
        #expect(log.runs[1].sparsity == 0.5)
        let error = try #require(refusal(text + "{\"params\": 1e6, \"spars", name: "runs.jsonl"))
        #expect(error.location == .line(4))
        #expect(error.problem(as: ReaderProblem.self) == .invalidJSON(detail: nil))
        #expect(error.problem.code == "data.invalid-json")
    }

    @Test("an array of records; a boolean where a number belongs is refused")
    func records() throws {
        let log = try readLog("[{\"params\": 1e6, \"tokens\": 1e9, \"loss\": 3}, {\"params\": 2e6, \"tokens\": 1e9, \"loss\": 2.8}]", name: "r.json")
        #expect(log.runs.count == 2)
        let error = try #require(refusal("[{\"params\": 1e6, \"tokens\": 1e9, \"loss\": 3}, {\"params\": true, \"tokens\": 1e9, \"loss\": 2.8}]", name: "r.json"))
        #expect(error.location == .record(2))
        #expect(error.field == "\"params\"")
        #expect(error.problem(as: ReaderProblem.self) == .unusableValue(kind: "a boolean", expectedName: false))
        let null = try #require(refusal("[{\"params\": 1e6, \"tokens\": 1e9, \"loss\": null}]", name: "r.json"))
        #expect(null == DataError(file: "r.json", location: .record(1), field: "\"loss\"", problem: .missingValue), "\(null)")
    }

    @Test("pandas' column layout, row ids in numeric order")
    func pandasColumns() throws {
        let text = "{\"params\":{\"10\":3e6,\"2\":2e6,\"1\":1e6},\"tokens\":{\"1\":1e9,\"2\":1e9,\"10\":1e9},\"loss\":{\"1\":3,\"2\":2.9,\"10\":null}}"
        let error = try #require(refusal(text, name: "p.json"))
        #expect(error.location == .rowID("10"))
        let log = try readLog(text.replacingOccurrences(of: "null", with: "2.8"), name: "p.json")
        #expect(log.runs.map(\.nonZeroParams) == [1e6, 2e6, 3e6])
    }

    @Test("pandas' split layout")
    func pandasSplit() throws {
        let log = try readLog("{\"columns\":[\"params\",\"tokens\",\"loss\"],\"index\":[0,1],\"data\":[[1e6,1e9,3],[2e6,1e9,2.9]]}", name: "s.json")
        #expect(log.runs.map(\.loss) == [3, 2.9])
    }

    @Test("format from content when the extension says nothing")
    func sniffing() throws {
        #expect(try readLog("{\"params\": 1, \"tokens\": 1, \"loss\": 3}\n{\"params\": 2, \"tokens\": 1, \"loss\": 2}\n", name: "log.txt").format == .jsonl)
        #expect(try readLog("params\ttokens\tloss\n1\t1\t3\n", name: "log").format == .tsv)
    }
}

@Suite("Reader: loss curves and dropped points")
struct ReductionTests {
    let curve = "run,params,sparsity,tokens,loss\na,1e6,0,1e9,3.5\na,1e6,0,2e9,3.1\na,1e6,0,3e9,3.2\nb,2e6,0,1e9,3.0\n"

    @Test("several rows per run reduce to the last row, with a note")
    func last() throws {
        let log = try readLog(curve)
        #expect(log.runs.count == 2)
        #expect(log.runs[0].tokens == 3e9)
        #expect(log.runs[0].loss == 3.2)
        #expect(log.rowsRead == 4)
        #expect(log.notes.first == .reducedCurves(runs: 1, reduction: .last))
    }

    @Test("--reduce min keeps the lowest loss")
    func minimum() throws {
        let log = try readLog(curve, options: .init(reduce: .min))
        #expect(log.runs[0].loss == 3.1)
    }

    @Test("--drop-highest-loss drops exactly that many")
    func drop() throws {
        let log = try readLog("params,tokens,loss\n1,1,5\n2,1,4\n3,1,6\n4,1,3\n", options: .init(dropHighestLoss: 2))
        #expect(log.runs.map(\.loss) == [4, 3])
        #expect(refusal("params,tokens,loss\n1,1,5\n", options: .init(dropHighestLoss: 1)) != nil)
    }
}

@Suite("Reader: anchor data sets", .enabled(if: Anchors.available, Anchors.skipMessage))
struct AnchorReaderTests {
    @Test("T5 CSV: 48 points at four sparsities")
    func t5() throws {
        let options = ReaderOptions(columns: [
            try ColumnDefinition.parse("params=169869312*scale*(1-sparsity)"),
            try ColumnDefinition.parse("tokens=steps*65536"),
        ])
        let log = try RunLogReader.read(path: Anchors.path("t5-data.csv"), options: options)
        #expect(log.runs.count == 48)
        #expect(RunSummary(runs: log.runs)?.sparsities == [0, 0.5, 0.75, 0.875])
        // Row 0 of the file: sparsity 0, scale 0.0078125, val-loss 3.1256396912691886, steps 250000.
        #expect(log.runs[0].nonZeroParams == 169869312 * 0.0078125)
        #expect(log.runs[0].tokens == 250000 * 65536)
        #expect(log.runs[0].loss == 3.1256396912691886)
        #expect(log.runs[0].source == .line(2))
    }

    @Test("ViT pandas JSON: 112 points at five sparsities")
    func vit() throws {
        let options = ReaderOptions(columns: [try ColumnDefinition.parse("params=84934656*scale*(1-sparsity)")])
        let log = try RunLogReader.read(path: Anchors.path("vit-data.json"), options: options)
        #expect(log.runs.count == 112)
        #expect(RunSummary(runs: log.runs)?.sparsities == [0, 0.5, 0.75, 0.875, 0.9375])
        #expect(log.sources[.tokens] == .column("total_examples"))
    }

    @Test("Chinchilla points: 245 dense runs, 240 after dropping the five of highest loss")
    func chinchilla() throws {
        var options = ReaderOptions(columns: [try ColumnDefinition.parse("tokens=`Training FLOP`/(6*`Model Size`)")])
        #expect(try RunLogReader.read(path: Anchors.path("chinchilla-svg-extracted.csv"), options: options).runs.count == 245)
        options.dropHighestLoss = 5
        let log = try RunLogReader.read(path: Anchors.path("chinchilla-svg-extracted.csv"), options: options)
        #expect(log.runs.count == 240)
        #expect(log.runs.allSatisfy { $0.sparsity == 0 && $0.loss < 3.5 })
    }
}
