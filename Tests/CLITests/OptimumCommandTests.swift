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
        let result = try CLI.run(["contours", "--law", "vit-jft", "--cost", "sparse", "--csv", csv, "--svg", svg,
                                  "--grid", "20x30", "--grid-csv", grid, "--levels", "0.5,0.75"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "line,level,params,compute")
        #expect(lines.count == 1 + 3 * 64)
        #expect(try String(contentsOfFile: grid, encoding: .utf8).split(separator: "\n").count == 1 + 600)
        #expect(try String(contentsOfFile: svg, encoding: .utf8).hasSuffix("</svg>\n"))
        #expect(result.stdout.contains("slope"))
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
