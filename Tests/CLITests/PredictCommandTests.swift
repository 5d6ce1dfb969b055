import Foundation
import Testing

@Suite("CLI: predict")
struct PredictCommandTests {
    /// The T5/C4 law written out by hand.
    static func t5Loss(_ n: Double, _ s: Double, _ d: Double) -> Double {
        (16.8 * pow(1 - s, 0.722) + 45.0) * pow(n, -0.245) + pow(6.90e8 / d, 0.203) + 0.651
    }

    /// The CSV rows (after the header) as dictionaries by column name.
    static func rows(_ csv: String) -> [[String: String]] {
        let lines = csv.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        }
    }

    @Test("--queries CSV: one row per query, in order, equal to the law by hand")
    func queriesCSV() throws {
        let scratch = try TemporaryDirectory()
        let queries = scratch.file("q.csv", "run,params,sparsity,tokens\nsmall,1e7,0,1e9\nmid,125M,50%,2e10\nbig,3e9,0.875,4e11\n")
        let result = try CLI.run(["predict", "--law", "t5-c4", "--queries", queries])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("name,params,sparsity,tokens,pattern,loss,loss_low,loss_high,warnings\n"))
        let rows = Self.rows(result.stdout)
        #expect(rows.map { $0["name"] } == ["small", "mid", "big"])
        // Flagged against the released T5 runs' ranges (N up to 84,934,656; D from 1.6384e10 to 6.5536e10).
        let flagged = ["law.tokens-below-fitted", "law.params-above-fitted", "law.params-above-fitted;law.tokens-above-fitted"]
        for ((row, (n, s, d)), codes) in zip(zip(rows, [(1e7, 0.0, 1e9), (125e6, 0.5, 2e10), (3e9, 0.875, 4e11)]), flagged) {
            let loss = try #require(Double(row["loss"] ?? ""))
            #expect(abs(loss - Self.t5Loss(n, s, d)) < 1e-13 * loss)
            #expect(row["loss_low"] == "" && row["loss_high"] == "" && row["warnings"] == codes)
        }
    }

    @Test("--queries with --json and a law with replicates: every row has its interval and its warnings")
    func queriesJSONWithReplicates() throws {
        let scratch = try TemporaryDirectory()
        // T5/C4 with three replicates that differ in c only (0.60, 0.65, 0.70), fitted on N in
        // [1e7, 1e8] and D in [1e9, 1e10] up to S = 0.75.
        let replicates = [0.60, 0.65, 0.70].map { "[16.8, 0.722, 45.0, 0.245, 6.9e8, 0.203, \($0)]" }.joined(separator: ", ")
        let law = scratch.file("law.json", """
            {"form": "sparse", "name": "t5-replicated", "maxFittedSparsity": 0.75,
             "coefficients": {"aS": 16.8, "bS": 0.722, "cS": 45.0, "bN": 0.245, "aD": 6.9e8, "bD": 0.203, "c": 0.651},
             "ranges": {"params": {"min": 1e7, "max": 1e8}, "tokens": {"min": 1e9, "max": 1e10}},
             "bootstrap": {"requested": 3, "failed": 0, "seed": 1, "replicates": [\(replicates)]}}
            """)
        let queries = scratch.file("q.json", #"[{"params": 5e7, "sparsity": 0.5, "tokens": 5e9}, {"params": 5e9, "sparsity": 0.9, "tokens": 5e9}]"#)
        let result = try CLI.run(["predict", "--law", law, "--queries", queries, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try jsonObject(result.stdout)
        #expect(object["schema"] as? String == "sparselaw.predictions/1")
        #expect(object["replicates"] as? Int == 3 && object["count"] as? Int == 2 && object["extrapolating"] as? Int == 1)
        let predictions = try #require(object["predictions"] as? [[String: Any]])
        for (row, (n, s, d)) in zip(predictions, [(5e7, 0.5, 5e9), (5e9, 0.9, 5e9)]) {
            let base = Self.t5Loss(n, s, d) - 0.651
            let interval = try #require(row["lossInterval"] as? [Double])
            // Type-7 percentiles of three values: positions 0.05 and 1.95.
            #expect(abs(interval[0] - (base + 0.6025)) < 1e-12 && abs(interval[1] - (base + 0.6975)) < 1e-12)
            #expect(abs(try #require(row["loss"] as? Double) - (base + 0.651)) < 1e-12)
        }
        #expect(predictions[0]["record"] as? Int == 1)
        #expect((predictions[0]["warnings"] as? [Any])?.isEmpty == true)
        let warnings = try #require(predictions[1]["warnings"] as? [[String: Any]])
        #expect(warnings.compactMap { $0["code"] as? String } == ["law.params-above-fitted", "law.sparsity-above-fitted"])
        #expect(warnings[0]["params"] as? Double == 5e9 && warnings[0]["fittedMax"] as? Double == 1e8)
        #expect(warnings[1]["sparsity"] as? Double == 0.9 && warnings[1]["fittedMax"] as? Double == 0.75)
        #expect(result.stderr == "warning: 1 of 2 queries extrapolate beyond what the law was fitted on (see each row's warnings)\n")
    }

    @Test("a law fitted with --bootstrap gives intervals that hold the point prediction, at one point and at many")
    func fittedBootstrap() throws {
        let scratch = try TemporaryDirectory()
        let law = scratch.file("law.json")
        let fit = try CLI.run(["fit", Repository.path("data/example-runs.csv"), "--bootstrap", "12", "--output", law])
        try #require(fit.status == 0, "\(fit.stderr)")
        let single = try CLI.run(["predict", "--law", law, "--params", "30M", "--sparsity", "0.5", "--tokens", "2e10", "--json"])
        let object = try jsonObject(single.stdout)
        #expect(object["schema"] as? String == "sparselaw.prediction/1" && object["replicates"] as? Int == 12)
        let loss = try #require(object["loss"] as? Double), interval = try #require(object["lossInterval"] as? [Double])
        #expect(interval[0] < loss && loss < interval[1])
        let text = try CLI.run(["predict", "--law", law, "--params", "30M", "--sparsity", "0.5", "--tokens", "2e10"])
        #expect(text.stdout.contains("95% bootstrap interval ["))

        // Thousands of queries in one process.
        var csv = "params,sparsity,tokens\n"
        for i in 0..<3000 { csv += "\(2e6 * Double(1 + i % 40)),\(Double(i % 8) / 10),\(8e9 * Double(1 + i % 6))\n" }
        let many = try CLI.run(["predict", "--law", law, "--queries", scratch.file("many.csv", csv)])
        #expect(many.status == 0, "\(many.stderr)")
        let rows = Self.rows(many.stdout)
        #expect(rows.count == 3000)
        #expect(rows.allSatisfy { row in
            guard let loss = Double(row["loss"] ?? ""), let low = Double(row["loss_low"] ?? ""), let high = Double(row["loss_high"] ?? "") else { return false }
            return low <= loss && loss <= high
        })
    }

    @Test("refusals: a pattern the law lacks, sparsity for a dense law (65, file and line); mixed options (64)")
    func refusals() throws {
        let scratch = try TemporaryDirectory()
        let patterned = scratch.file("p.csv", "params,sparsity,tokens,pattern\n1e8,0.5,1e10,\n1e8,0.5,1e10,2:4\n")
        let unknown = try CLI.run(["predict", "--law", "t5-c4", "--queries", patterned])
        #expect(unknown.status == 65)
        #expect(unknown.stdout.isEmpty)
        #expect(unknown.stderr == "error: \(patterned), line 3, field \"pattern\": the law has no constant for pattern \"2:4\" (it was fitted on unstructured runs only)\n")
        let sparse = scratch.file("s.csv", "params,sparsity,tokens\n1e8,0,1e10\n1e8,0.5,1e10\n")
        let dense = try CLI.run(["predict", "--law", "chinchilla", "--queries", sparse])
        #expect(dense.status == 65)
        #expect(dense.stderr.hasPrefix("error: \(sparse), line 3, field \"sparsity\":"))
        for arguments in [["predict", "--law", "t5-c4", "--queries", sparse, "--params", "1e8"],
                          ["predict", "--law", "t5-c4", "--params", "1e8"],
                          ["predict", "--law", "t5-c4", "--params", "1e8", "--tokens", "1e9", "--column", "tokens=steps"]] {
            #expect(try CLI.run(arguments).status == 64, "\(arguments)")
        }
    }
}
