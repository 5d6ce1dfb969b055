import Foundation
import Testing

@Suite("CLI: several logs, standard input, metadata, filters")
struct LogInputsCommandTests {
    static let history = "run,step,tokens,loss,eval/loss\na,100,1e8,4.0,\na,200,2e8,3.8,3.9\nb,100,1e8,4.2,\nb,200,2e8,3.9,4.0\n"

    @Test("- reads standard input with --format; runs --json lists each run with its file and line")
    func standardInput() throws {
        let scratch = try TemporaryDirectory()
        let meta = scratch.file("meta.csv", "run,params\na,1e7\nb,2e7\n")
        let result = try CLI.run(["runs", "-", "--format", "csv", "--meta", meta, "--json"], input: Self.history)
        #expect(result.status == 0, "\(result.stderr)")
        let object = try jsonObject(result.stdout)
        let runs = try #require(object["runs"] as? [[String: Any]])
        #expect(runs.map { $0["name"] as? String } == ["a", "b"])
        #expect(runs.map { $0["params"] as? Double } == [1e7, 2e7])
        #expect(runs.map { $0["loss"] as? Double } == [3.9, 4.0])
        #expect(runs.map { $0["tokens"] as? Double } == [2e8, 2e8])
        #expect(runs.map { $0["file"] as? String } == ["<stdin>", "<stdin>"])
        #expect(runs.map { $0["line"] as? Int } == [3, 5])
        let notes = try #require(object["notes"] as? [[String: Any]])
        let codes = notes.compactMap { $0["code"] as? String }
        #expect(codes.contains("read.evaluation-loss-preferred"))
        #expect(codes.contains("read.rows-without-loss"))
        #expect(notes.first { $0["code"] as? String == "read.rows-without-loss" }?["count"] as? Int == 2)
        let fields = try #require(object["fields"] as? [String: String])
        #expect(fields["loss"] == "column \"eval/loss\"")
    }

    @Test("fit says on standard error which loss it took and what it left out")
    func fitNotes() throws {
        let scratch = try TemporaryDirectory()
        var rows = "run,step,tokens,loss,val_loss\n"
        for (index, n) in [1e6, 2e6, 4e6, 8e6].enumerated() {
            for d in [1e9, 2e9, 4e9] {
                let loss = 1.7 + 400 / pow(n, 0.34) + 400 / pow(d, 0.28)
                rows += "r\(index)-\(Int(d / 1e9)),10,\(d / 2),\(loss + 0.2),\n"
                rows += "r\(index)-\(Int(d / 1e9)),20,\(d),\(loss + 0.1),\(loss)\n"
            }
        }
        let log = scratch.file("history.csv", rows)
        let meta = scratch.file("meta.csv", (0..<4).flatMap { index in [1, 2, 4].map { "r\(index)-\($0),\([1e6, 2e6, 4e6, 8e6][index])\n" } }
            .reduce("run,params\n", +))
        let result = try CLI.run(["fit", log, "--meta", meta, "--form", "dense", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("note: the loss is the evaluation loss \"val_loss\", not the training loss \"loss\""))
        #expect(result.stderr.contains("note: 12 rows of run histories without a loss"))
        _ = try jsonObject(result.stdout)
    }

    @Test("usage errors exit 64", arguments: [
        ["runs", "-"],
        ["runs", "-", "-", "--format", "csv"],
        ["runs", "x.csv", "--where", "State = 1"],
        ["runs", "x.csv", "--where", "(a == 1"],
        ["runs", "x.csv", "--loss-column", ""],
    ])
    func usage(arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }

    @Test("--where syntax errors say where")
    func whereSyntax() throws {
        let result = try CLI.run(["runs", "x.csv", "--where", "State = 'done'"])
        #expect(result.stderr.contains("--where \"State = 'done'\": \"=\" is not a comparison: write \"==\" at position 7"))
    }

    @Test("a refusal in a folder names the file, the line and the field; exit 65")
    func folderRefusal() throws {
        let scratch = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("runs"), withIntermediateDirectories: true)
        _ = scratch.file("runs/a.csv", "params,tokens,loss\n1e6,1e9,3\n")
        let bad = scratch.file("runs/b.csv", "params,tokens,loss\n1e6,1e9,3\n2e6,x,3\n")
        let result = try CLI.run(["runs", scratch.url.appendingPathComponent("runs").path])
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "error: \(bad), line 3, field \"tokens\": \"x\" is not a number\n")
    }

    @Test("the OLMo ladder folder with metadata", .enabled(if: Repository.anchorsAvailable, "skipped: ../shared/anchors is absent"))
    func ladder() throws {
        let scratch = try TemporaryDirectory()
        let sizes: [String: Int] = ["190M": 190_354_176, "370M": 371_262_464, "760M": 758_220_288, "1B": 1_279_395_840, "3B": 3_169_537_280]
        var meta = "run,n_params,multiple\n"
        for size in sizes.keys.sorted() { for multiple in ["0.5", "1", "2", "5", "10"] { meta += "\(size)-\(multiple)xC,\(sizes[size]!),\(multiple)\n" } }
        let metaFile = scratch.file("meta.csv", meta)
        // The budget at every row: the last row of each run is its end, so reduction keeps it.
        let result = try CLI.run(["runs", Repository.anchor("olmo-ladder"), "--meta", metaFile, "--json",
                                  "--loss-column", "eval/c4_en-validation/CrossEntropyLoss", "--column", "tokens=multiple*20*n_params"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try jsonObject(result.stdout)
        #expect(object["count"] as? Int == 25)
        #expect((object["files"] as? [String])?.count == 25)
        let runs = try #require(object["runs"] as? [[String: Any]])
        let small = try #require(runs.first { $0["name"] as? String == "190M-1xC" })
        #expect(small["params"] as? Double == 190_354_176)
        #expect(small["tokens"] as? Double == Double(20 * 190_354_176))
        #expect(small["loss"] as? Double == 3.600973129272461)  // the file's last row
        #expect((small["file"] as? String)?.hasSuffix("olmo-ladder/190M-1xC.csv") == true)
        #expect(small["line"] as? Int == 38)  // 37 evaluation rows after the header
    }
}
