import Foundation
import Testing

@Suite("CLI: optimal, contours, laws")
struct OptimumCommandTests {
    @Test("optimal under dense FLOPs matches the closed form by hand")
    func optimalDense() throws {
        let result = try CLI.run(["optimal", "--law", "t5-c4", "--params", "1e8", "--compute", "1e20", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try jsonObject(result.stdout)
        let (aS, bS, bN, aD, bD) = (16.8, 0.722, 0.245, 6.9e8, 0.203)
        let k = 6 * aD * 1e8 / 1e20
        let expected = 1 - pow(bD * pow(k, bD) * pow(1e8, bN) / (aS * bS), 1 / (bS + bD))
        #expect(abs(try #require(report["sparsity"] as? Double) - expected) < 1e-12)
        for key in ["tokens", "loss", "denseLoss", "gain", "equivalentDenseParams", "boundary"] { #expect(report[key] != nil, "missing \(key)") }
        #expect(report["boundary"] as? String == "interior")
    }

    @Test("optimal gives a verdict: from the point estimate for a preset (with a note), refused --min-gain below 0")
    func verdict() throws {
        let result = try CLI.run(["optimal", "--law", "t5-c4", "--params", "5e7", "--compute", "1e20", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let answer = try jsonObject(result.stdout)
        #expect(answer["verdict"] as? String == "sparse" && answer["verdictBasis"] as? String == "pointEstimate")
        #expect(answer["minGain"] as? Double == 0 && answer["gainInterval"] == nil)
        let codes = (answer["warnings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        #expect(codes.contains("optimum.verdict-without-replicates"))
        // A gain beyond the point estimate's turns the verdict to dense.
        let gain = try #require(answer["gain"] as? Double)
        let strict = try jsonObject(try CLI.run(["optimal", "--law", "t5-c4", "--params", "5e7", "--compute", "1e20", "--json",
                                                 "--min-gain", String(2 * gain)]).stdout)
        #expect(strict["verdict"] as? String == "dense")
        let text = try CLI.run(["optimal", "--law", "t5-c4", "--params", "5e7", "--compute", "1e20"])
        #expect(text.stdout.contains("verdict: sparse (sparsity gains), from the point estimate alone"))
        #expect(try CLI.run(["optimal", "--law", "t5-c4", "--params", "5e7", "--compute", "1e20", "--min-gain", "-1"]).status == 64)
    }

    @Test("an optimum at the cap is said to be one")
    func cap() throws {
        let result = try CLI.run(["optimal", "--law", "t5-c4", "--params", "1e7", "--compute", "1e28", "--max-sparsity", "0.9"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("at the cap"))
        #expect(result.stdout.contains("this is a bound, not an interior optimum"))
    }

    @Test("a dense law cannot answer for sparsity (64); bad schedules are usage errors", arguments: [
        ["optimal", "--law", "chinchilla", "--params", "1e9", "--compute", "1e21"],
        ["optimal", "--law", "t5-c4", "--params", "1e9", "--compute", "1e21", "--cost", "sparse", "--prune-start", "0.8", "--prune-end", "0.5"],
        ["optimal", "--law", "t5-c4", "--params", "-1", "--compute", "1e21"],
        ["optimal", "--law", "t5-c4", "--params", "1e9", "--compute", "1e21", "--max-sparsity", "1"],
        ["contours", "--law", "t5-c4", "--cost", "sparse", "--prune-start", "0", "--prune-end", "0"],
        ["contours", "--law", "t5-c4", "--grid", "10x10"],
        ["contours", "--law", "t5-c4", "--params", "1e9:1e7"],
    ])
    func refusals(arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 64, "\(result.stderr)")
    }

    @Test("contours writes CSV, SVG and grid; every file is complete")
    func contours() throws {
        let scratch = try TemporaryDirectory()
        let csv = scratch.file("lines.csv"), svg = scratch.file("figure.svg"), grid = scratch.file("grid.csv")
        let result = try CLI.run(["contours", "--law", "vit-jft", "--data-unit-ok", "--cost", "sparse", "--csv", csv, "--svg", svg,
                                  "--grid", "20x30", "--grid-csv", grid, "--levels", "0.5,0.75"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "line,level,params,compute")
        #expect(lines.count == 1 + 3 * 64)
        #expect(try String(contentsOfFile: grid, encoding: .utf8).split(separator: "\n").count == 1 + 600)
        #expect(try String(contentsOfFile: svg, encoding: .utf8).hasSuffix("</svg>\n"))
        #expect(result.stdout.contains("slope"))
    }

    @Test("a fitted law's figure is titled with the file's stem and framed on the data it was fitted on")
    func fittedContours() throws {
        let scratch = try TemporaryDirectory()
        let law = scratch.file("example-law.json"), svg = scratch.file("figure.svg"), csv = scratch.file("lines.csv")
        #expect(try CLI.run(["fit", Repository.path("data/example-runs.csv"), "--output", law]).status == 0)
        let result = try CLI.run(["contours", "--law", law, "--svg", svg, "--csv", csv, "--points", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        let figure = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(figure.contains("Optimal sparsity: example-law<"))
        #expect(!figure.contains(scratch.url.path))
        // The example runs span 2M ... 80M non-zero parameters (log10 6.3 ... 7.9): the window is
        // three decades around their middle, 10^5.6 ... 10^8.6, rounded out to 1e5 ... 1e9; not
        // the presets' 1e7 ... 1e11.
        let sizes = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { Double($0.split(separator: ",", omittingEmptySubsequences: false)[2])! }
        #expect(Set(sizes) == [1e5, 1e9])
    }

    @Test("laws lists the four presets with their sources")
    func laws() throws {
        let result = try CLI.run(["laws", "--json"])
        let entries = try #require(try jsonObject(result.stdout)["laws"] as? [[String: Any]])
        #expect(entries.compactMap { $0["name"] as? String } == ["t5-c4", "vit-jft", "chinchilla", "chinchilla-epoch"])
        #expect(entries.allSatisfy { ($0["source"] as? String)?.isEmpty == false })
    }
}

@Suite("CLI: the built-in laws need no files")
struct BuiltInLawCommandTests {
    @Test("laws and optimal --law t5-c4 work from another folder with an empty environment")
    func anywhere() throws {
        let elsewhere = try TemporaryDirectory()
        let laws = try CLI.run(["laws", "--json"], environment: [:], directory: elsewhere.url)
        #expect(laws.status == 0, "\(laws.stderr)")
        let listing = try jsonObject(laws.stdout)
        #expect(listing["schema"] as? String == "sparselaw.laws/1")
        let entries = try #require(listing["laws"] as? [[String: Any]])
        #expect(entries.compactMap { $0["origin"] as? String } == Array(repeating: "built-in", count: 4))
        let optimal = try CLI.run(["optimal", "--law", "t5-c4", "--params", "50M", "--compute", "1e20", "--json"], environment: [:], directory: elsewhere.url)
        #expect(optimal.status == 0, "\(optimal.stderr)")
        #expect(try jsonObject(optimal.stdout)["sparsity"] is Double)
    }

    @Test("SPARSELAW_LAWS adds a law by name")
    func folder() throws {
        let folder = try TemporaryDirectory()
        _ = folder.file("tiny.json", #"{"form": "dense", "coefficients": {"E": 2, "A": 300, "B": 500, "alpha": 0.3, "beta": 0.3}}"#)
        let result = try CLI.run(["predict", "--law", "tiny", "--params", "1e8", "--tokens", "1e10"], environment: ["SPARSELAW_LAWS": folder.url.path])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = 2 + 300 * pow(1e8, -0.3) + 500 * pow(1e10, -0.3)
        #expect(abs(try #require(Double(result.stdout.split(separator: "\n")[0])) - expected) < 1e-5 * expected)
        let listed = try CLI.run(["laws"], environment: ["SPARSELAW_LAWS": folder.url.path])
        #expect(listed.stdout.contains("tiny (dense"))
    }
}

@Suite("CLI: laws whose D is not tokens")
struct DataUnitCommandTests {
    @Test("optimal and contours on a law in images need --tokens-per-unit or --data-unit-ok, and say so (64)")
    func refused() throws {
        for command in [["optimal", "--law", "vit-jft", "--params", "1e8", "--compute", "1e20"], ["contours", "--law", "vit-jft"]] {
            let result = try CLI.run(command)
            #expect(result.status == 64)
            #expect(result.stderr.contains("vit-jft: D counts images, not tokens") && result.stderr.contains("--tokens-per-unit") && result.stderr.contains("--data-unit-ok"))
            #expect(result.stdout.isEmpty)
        }
        #expect(try CLI.run(["optimal", "--law", "t5-c4", "--params", "1e8", "--compute", "1e20", "--tokens-per-unit", "4"]).status == 64)
        #expect(try CLI.run(["optimal", "--law", "vit-jft", "--params", "1e8", "--compute", "1e20", "--tokens-per-unit", "4", "--data-unit-ok"]).status == 64)
    }

    @Test("--tokens-per-unit K answers as the law with aD x K, written by hand; --data-unit-ok answers in images")
    func converted() throws {
        let scratch = try TemporaryDirectory()
        let byHand = scratch.file("vit-tokens.json", """
            {"form": "sparse", "coefficients": {"aS": 294.0, "bS": 0.821, "cS": 468.0, "bN": 0.392, "aD": \(2.37e8 * 16), "bD": 0.890, "c": 4.517}}
            """)
        let query = ["--params", "1e8", "--compute", "1e21", "--json"]
        let converted = try CLI.run(["optimal", "--law", "vit-jft", "--tokens-per-unit", "16"] + query)
        #expect(converted.status == 0, "\(converted.stderr)")
        let reference = try CLI.run(["optimal", "--law", byHand] + query)
        let (a, b) = (try jsonObject(converted.stdout), try jsonObject(reference.stdout))
        for key in ["sparsity", "tokens", "loss", "denseLoss"] {
            let (x, y) = (try #require(a[key] as? Double), try #require(b[key] as? Double))
            #expect(abs(x - y) <= 1e-12 * max(abs(y), 1), "\(key): \(x) vs \(y)")
        }
        #expect(a["dataUnit"] as? String == "tokens" && a["tokensPerUnit"] as? Double == 16)
        let asIs = try CLI.run(["optimal", "--law", "vit-jft", "--data-unit-ok"] + query)
        #expect(asIs.status == 0, "\(asIs.stderr)")
        #expect(try jsonObject(asIs.stdout)["dataUnit"] as? String == "images")
        let text = try CLI.run(["optimal", "--law", "vit-jft", "--data-unit-ok", "--params", "1e8", "--compute", "1e21"])
        #expect(text.stdout.contains("data: D counts images, not tokens"))
    }

    @Test("a law fitted on steps records them, and optimal then asks for the conversion")
    func fittedOnSteps() throws {
        let scratch = try TemporaryDirectory()
        let runs = try String(contentsOfFile: Repository.path("data/example-runs.csv"), encoding: .utf8)
            .replacingOccurrences(of: "run,params,sparsity,tokens,loss", with: "run,params,sparsity,steps,loss")
        let law = scratch.file("law.json")
        let fit = try CLI.run(["fit", scratch.file("runs.csv", runs), "--column", "tokens=steps", "--output", law])
        #expect(fit.status == 0, "\(fit.stderr)")
        #expect(fit.stdout.contains("D in steps"))
        let refused = try CLI.run(["optimal", "--law", law, "--params", "30M", "--compute", "1e19"])
        #expect(refused.status == 64 && refused.stderr.contains("D counts steps"))
        #expect(try CLI.run(["optimal", "--law", law, "--params", "30M", "--compute", "1e19", "--tokens-per-unit", "1"]).status == 0)
    }
}
