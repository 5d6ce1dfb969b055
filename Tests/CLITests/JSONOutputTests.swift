import Foundation
import Testing

/// Every JSON output: its schema, and each key documented in docs/json.md.
@Suite("CLI: JSON outputs")
struct JSONOutputTests {
    /// Fits a law with replicates, a held-out size and a fixed coefficient into `scratch`: the
    /// law file's path and what `fit --json` printed.
    static func fitted(in scratch: TemporaryDirectory) throws -> (law: String, json: String) {
        let law = scratch.file("law.json")
        let result = try CLI.run(["fit", Repository.path("data/example-runs.csv"), "--bootstrap", "6", "--holdout", "largest",
                                  "--fix", "bS=0.722", "--output", law, "--json"])
        try #require(result.status == 0, "\(result.stderr)")
        return (law, result.stdout)
    }

    /// Each output kind with a command that prints it with every optional part present.
    static func outputs() throws -> [(kind: String, json: String)] {
        let scratch = try TemporaryDirectory()
        let (law, fitJSON) = try fitted(in: scratch)
        let queries = scratch.file("q.csv", "name,params,sparsity,tokens\na,1e7,0.5,1e10\nb,1e10,0.9,1e13\n")
        func run(_ arguments: [String]) throws -> String {
            let result = try CLI.run(arguments)
            try #require(result.status == 0, "\(arguments): \(result.stderr)")
            return result.stdout
        }
        return [
            ("runs", try run(["runs", Repository.path("data/example-runs.csv"), "--json"])),
            ("fit", fitJSON),
            ("laws", try run(["laws", "--json"])),
            ("optimal", try run(["optimal", "--law", law, "--params", "1e10", "--compute", "1e23", "--cost", "sparse", "--json"])),
            ("prediction", try run(["predict", "--law", law, "--params", "1e10", "--sparsity", "0.9", "--tokens", "1e13", "--json"])),
            ("predictions", try run(["predict", "--law", law, "--queries", queries, "--json"])),
            ("optimal", try run(["optimal", "--law", law, "--params", "1e8", "--compute", "1e21", "--hardware", Repository.path("data/hardware/example-a100.json"), "--json"])),
            ("plan", try run(["plan", "--law", law, "--hardware", Repository.path("data/hardware/example-a100.json"), "--compute", "1e20", "--memory", "100MB",
                              "--frontier", scratch.file("f.csv"), "--json"])),
            ("plan", try run(["plan", "--law", law, "--hardware", Repository.path("data/hardware/example-a100.json"), "--target-loss", "3",
                              "--inference-tokens", "1e12", "--memory", "100MB", "--svg", scratch.file("f.svg"), "--json"])),
            ("plan", try run(["plan", "--law", "t5-c4", "--target-loss", "2", "--memory", "1MB", "--json"])),
            ("plan", try run(["plan", "--law", law, "--hardware", Repository.path("data/hardware/example-a100.json"), "--compute", "1e20",
                              "--inference-tokens", "1e12", "--memory", "100MB", "--json"])),
            ("contours", try run(["contours", "--law", law, "--csv", scratch.file("c.csv"), "--json"])),
            ("contours", try run(["contours", "--law", law, "--hardware", Repository.path("data/hardware/example-a100.json"), "--levels", "0.5", "--json"])),
        ]
    }

    /// Every key path of a JSON value: `a.b` inside objects, `a[].b` inside arrays of objects.
    /// The children of maps keyed by coefficient, field or pattern names are not listed.
    static func keyPaths(_ value: Any, prefix: String = "") -> Set<String> {
        var paths = Set<String>()
        if let object = value as? [String: Any] {
            for (key, child) in object {
                let path = prefix.isEmpty ? key : prefix + "." + key
                paths.insert(path)
                let dynamic = ["coefficients", "standardErrors", "fixed", "intervals", "fields", "units"].contains(key) && !(child is [Any])
                if !dynamic || key == "units" { paths.formUnion(keyPaths(child, prefix: path)) }
            }
        } else if let array = value as? [Any] {
            for element in array { paths.formUnion(keyPaths(element, prefix: prefix + "[]")) }
        }
        return paths
    }

    /// The section of docs/json.md for `sparselaw.<kind>/1`: from its heading to the next.
    static func section(_ kind: String, heading: String? = nil) throws -> String {
        let page = try String(contentsOfFile: Repository.path("docs/json.md"), encoding: .utf8)
        let heading = heading ?? "## `sparselaw.\(kind)/1`"
        guard let start = page.range(of: heading) else { return "" }
        let rest = page[start.upperBound...]
        let end = rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    @Test("every JSON output carries its schema, and docs/json.md documents every key of it in the section of its kind")
    func schemasAndDocumentation() throws {
        let outputs = try Self.outputs()
        #expect(Set(outputs.map(\.kind)) == ["runs", "fit", "laws", "optimal", "prediction", "predictions", "plan", "contours"])
        for (kind, json) in outputs {
            #expect(try jsonObject(json)["schema"] as? String == "sparselaw.\(kind)/1", "\(kind)")
            let section = try Self.section(kind)
            #expect(!section.isEmpty, "docs/json.md has no section for sparselaw.\(kind)/1")
            // A warning's or note's own values are documented once, by code, in the shared section.
            let diagnostics = try Self.section("warnings and notes", heading: "## Warnings and notes")
            let missing = Self.keyPaths(try JSONSerialization.jsonObject(with: Data(json.utf8))).filter { path in
                if let range = path.range(of: #"(warnings|notes)\[\]\.(?!code$|message$)"#, options: .regularExpression) {
                    return !diagnostics.contains("`\(path[range.upperBound...])`")
                }
                return !section.contains("`\(path)`")
            }
            #expect(missing.isEmpty, "sparselaw.\(kind)/1: undocumented keys \(missing.sorted())")
        }
    }

    @Test("a refusal under --json is also a sparselaw.error/1 object on standard output: its code, the stderr sentence, the exit status, the file, line and field; documented key by key")
    func refusals() throws {
        let scratch = try TemporaryDirectory()
        let noLoss = scratch.file("no-loss.csv", "params,sparsity,tokens\n1e6,0,1e9\n")
        let badCell = scratch.file("bad.csv", "params,sparsity,tokens,loss\n1e6,0,1e9,3\n2e6,0,1e9,abc\n")
        let law = scratch.file("law.json", #"{"schema": "sparselaw.fit/1", "form": "dense", "coefficients": {"E": 2, "A": 300, "B": 500, "alpha": 0.3}}"#)
        struct Case { var arguments: [String]; var status: Int32; var code: String; var file: String?; var line: Int?; var field: String? }
        let cases = [
            Case(arguments: ["fit", noLoss], status: 65, code: "data.missing-field", file: noLoss, line: nil, field: "loss"),
            Case(arguments: ["runs", badCell], status: 65, code: "data.not-a-number", file: badCell, line: 3, field: "\"loss\""),
            Case(arguments: ["predict", "--law", law, "--params", "1e9", "--tokens", "1e10"], status: 65, code: "law.missing-coefficient", file: law, line: nil, field: "coefficients.beta"),
            Case(arguments: ["fit", Repository.path("data/example-runs.csv"), "--bogus"], status: 64, code: "usage.arguments", file: nil, line: nil, field: nil),
            Case(arguments: ["plan", "--law", "t5-c4", "--compute", "1e20", "--target-loss", "2"], status: 64, code: "usage.arguments", file: nil, line: nil, field: nil),
            Case(arguments: ["fit", Repository.path("data/example-runs.csv"), "--output", scratch.file("missing/law.json")], status: 73, code: "output.no-directory",
                 file: scratch.file("missing/law.json"), line: nil, field: nil),
        ]
        let section = try Self.section("error")
        for test in cases {
            let result = try CLI.run(test.arguments + ["--json"])
            #expect(result.status == test.status, "\(test.arguments): \(result.stderr)")
            let object = try jsonObject(result.stdout)
            #expect(object["schema"] as? String == "sparselaw.error/1")
            #expect(object["code"] as? String == test.code, "\(test.arguments)")
            #expect(object["exitStatus"] as? Int == Int(test.status))
            let sentence = try #require(result.stderr.split(separator: "\n").first.map(String.init))
            #expect("error: " + (object["message"] as? String ?? "") == sentence)
            #expect(object["file"] as? String == test.file, "\(test.arguments)")
            #expect(object["line"] as? Int == test.line, "\(test.arguments)")
            #expect(object["field"] as? String == test.field, "\(test.arguments)")
            let missing = Self.keyPaths(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))).filter { !section.contains("`\($0)`") }
            #expect(missing.isEmpty, "sparselaw.error/1: undocumented keys \(missing.sorted())")
            // Without --json, standard output stays empty.
            #expect(try CLI.run(test.arguments).stdout.isEmpty)
        }
    }

    @Test("contours --json: at each level's budget, optimal --json finds that level optimal; bound-held replicates are a warning; a refusal is an error object")
    func contoursJSON() throws {
        let result = try CLI.run(["contours", "--law", "t5-c4", "--levels", "0.5,0.75", "--json"])
        try #require(result.status == 0, "\(result.stderr)")
        let report = try jsonObject(result.stdout)
        let params = try #require(report["params"] as? [Double])
        let levels = try #require(report["levels"] as? [[String: Any]])
        #expect(levels.count == 2)
        for level in levels {
            let sparsity = try #require(level["level"] as? Double), compute = try #require(level["compute"] as? [Double])
            for (n, c) in zip(params, compute) {
                let optimum = try jsonObject(CLI.run(["optimal", "--law", "t5-c4", "--params", "\(n)", "--compute", "\(c)", "--json"]).stdout)
                #expect(abs(try #require(optimum["sparsity"] as? Double) - sparsity) < 1e-6)
            }
        }
        // Replicates that hold a coefficient at its bound make the bands, and plans, conditional.
        let scratch = try TemporaryDirectory()
        let (law, _) = try Self.fitted(in: scratch)
        var file = try jsonObject(String(contentsOfFile: law, encoding: .utf8))
        var bootstrap = try #require(file["bootstrap"] as? [String: Any])
        bootstrap["heldAtBound"] = ["c": 2]
        file["bootstrap"] = bootstrap
        let held = scratch.file("held.json")
        try JSONSerialization.data(withJSONObject: file).write(to: URL(fileURLWithPath: held))
        for arguments in [["contours", "--law", held, "--json"], ["plan", "--law", held, "--compute", "1e20", "--json"]] {
            let output = try jsonObject(CLI.run(arguments).stdout)
            let codes = try #require(output["warnings"] as? [[String: Any]]).compactMap { $0["code"] as? String }
            #expect(codes.contains("law.intervals-conditional-on-bound"), "\(arguments[0])")
        }
        // A refusal under --json is an error object with its code.
        let refused = try CLI.run(["contours", "--law", "t5-c4", "--levels", "0.995", "--json"])
        #expect(refused.status != 0)
        #expect(try jsonObject(refused.stdout)["schema"] as? String == "sparselaw.error/1")
    }

    @Test("runs --json lists every run with its file and line, as the CSV has it")
    func runs() throws {
        let result = try CLI.run(["runs", Repository.path("data/example-runs.csv"), "--json"])
        let rows = try #require(try jsonObject(result.stdout)["runs"] as? [[String: Any]])
        let lines = try String(contentsOfFile: Repository.path("data/example-runs.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(rows.count == lines.count)
        for (index, (row, line)) in zip(rows, lines).enumerated() {
            let cells = line.split(separator: ",").map(String.init)
            #expect(row["name"] as? String == cells[0])
            // Foundation's JSON parser may round the last bit of a number: compare to 1e-15.
            for (key, column) in [("params", 1), ("sparsity", 2), ("tokens", 3), ("loss", 4)] {
                let (got, want) = (try #require(row[key] as? Double), try #require(Double(cells[column])))
                #expect(abs(got - want) <= 1e-15 * want, "\(key), line \(index + 2)")
            }
            #expect(row["line"] as? Int == index + 2)
            #expect(row["file"] as? String == Repository.path("data/example-runs.csv"))
        }
    }

    @Test("fit --json gives each run the law's prediction, computed here from the printed coefficients, and the residual")
    func fitRuns() throws {
        let scratch = try TemporaryDirectory()
        let fitted = try Self.fitted(in: scratch)
        let object = try jsonObject(fitted.json)
        let c = try #require(object["coefficients"] as? [String: Double])
        let rows = try #require(object["runs"] as? [[String: Any]])
        #expect(rows.count == 60)
        #expect(rows.filter { $0["heldOut"] as? Bool == true }.count == 12)
        for row in rows {
            let (n, s, d) = (row["params"] as! Double, row["sparsity"] as! Double, row["tokens"] as! Double)
            let loss = row["loss"] as! Double
            let law = (c["aS"]! * pow(1 - s, c["bS"]!) + c["cS"]!) * pow(n, -c["bN"]!) + pow(c["aD"]! / d, c["bD"]!) + c["c"]!
            let predicted = try #require(row["predicted"] as? Double)
            #expect(abs(predicted - law) < 1e-12 * law)
            #expect(abs(try #require(row["residual"] as? Double) - (loss - predicted)) < 1e-14)
            #expect(abs(try #require(row["relativeError"] as? Double) - (predicted / loss - 1)) < 1e-14)
        }
        // The law file stays lean: no runs in it.
        #expect(try jsonObject(try String(contentsOfFile: fitted.law, encoding: .utf8))["runs"] == nil)
    }

    @Test("a law file of another schema is refused, naming the field (65)")
    func foreignSchema() throws {
        let scratch = try TemporaryDirectory()
        let law = scratch.file("law.json", #"{"schema": "sparselaw.fit/2", "form": "dense", "coefficients": {"E": 2, "A": 300, "B": 500, "alpha": 0.3, "beta": 0.3}}"#)
        let result = try CLI.run(["predict", "--law", law, "--params", "1e8", "--tokens", "1e10"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("field schema: \"sparselaw.fit/2\" is not a law file this version reads (sparselaw.fit/1)"))
    }
}
