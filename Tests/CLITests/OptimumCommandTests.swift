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
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(entries.compactMap { $0["name"] as? String } == ["t5-c4", "vit-jft", "chinchilla", "chinchilla-epoch"])
        #expect(entries.allSatisfy { ($0["source"] as? String)?.isEmpty == false })
    }
}
