import Foundation
import Testing

@Suite("CLI: design, the runs to train next")
struct DesignCommandTests {
    static let runs = Repository.root.appendingPathComponent("data/example-runs.csv").path

    @Test("design picks runs within the budget, writes them as CSV and JSON, and the same seed gives the same runs")
    func endToEnd() throws {
        let folder = try TemporaryDirectory()
        let csv = folder.file("next.csv")
        let arguments = ["design", Self.runs, "--study-budget", "1e20", "--params", "1e9", "--compute", "1e22", "--seed", "2", "--replicates", "4", "--refits", "3", "--json", "--output", csv]
        let result = try CLI.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try jsonObject(result.stdout)
        #expect(json["schema"] as? String == "sparselaw.design/1")
        let runs = try #require(json["runs"] as? [[String: Any]])
        #expect(!runs.isEmpty)
        let overhead = try #require(json["runOverhead"] as? Double)
        #expect(abs(overhead - 1e18) < 1)
        // Recomputed here: each run's training compute 6 N D / (1 - S) plus the overhead, summed.
        var total = 0.0
        for run in runs {
            let n = run["params"] as! Double, s = run["sparsity"] as! Double, d = run["tokens"] as! Double
            #expect(abs((run["cost"] as! Double) - 6 * n * d / (1 - s)) <= 1e-9 * (run["cost"] as! Double))
            total += 6 * n * d / (1 - s) + overhead
            #expect(abs((run["cumulativeCost"] as! Double) - total) <= 1e-9 * total)
        }
        #expect(total <= 1e20 * (1 + 1e-12))
        let widths = runs.map { $0["expectedWidth"] as! Double }
        #expect(widths.allSatisfy { $0 > 0 && $0 <= (json["widthNow"] as! Double) })
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "params,sparsity,tokens,cost,varianceRemoved,cumulativeCost")
        #expect(lines.count == runs.count + 1)
        let again = try CLI.run(arguments)
        #expect(again.stdout == result.stdout)
        let svg = folder.file("design.svg")
        let text = try CLI.run(Array(arguments.dropLast(3)) + ["--svg", svg])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("Design for the optimal sparsity at N = 1e+09, C = 1e+22 FLOPs"))
        // One disc per configuration chosen, the 60 runs' points, and the legend's markers (the
        // runs so far and each sparsity chosen).
        let figure = try String(contentsOfFile: svg, encoding: .utf8)
        let configurations = Set(runs.map { "\($0["params"]!) \($0["sparsity"]!) \($0["tokens"]!)" }).count
        #expect(figure.contains("Runs to train next, over the runs so far"))
        let sparsities = Set(runs.map { $0["sparsity"] as! Double }).count
        #expect(figure.components(separatedBy: "<circle").count - 1 == 60 + configurations + 1 + sparsities)
    }

    @Test("--law takes a law fitted on the runs with its replicates; a dense law designs for its coefficients")
    func lawFile() throws {
        let folder = try TemporaryDirectory()
        let law = folder.file("law.json")
        let fit = try CLI.run(["fit", Self.runs, "--bootstrap", "6", "--output", law])
        #expect(fit.status == 0, "\(fit.stderr)")
        let result = try CLI.run(["design", Self.runs, "--law", law, "--study-budget", "1e20", "--coefficient", "bD", "--refits", "0", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try jsonObject(result.stdout)
        #expect(json["replicates"] as? Int == 6)
        #expect(json["calibrationFactor"] as? Double == 1)
        #expect((json["target"] as? [String: Any])?["coefficient"] as? String == "bD")
        let dense = try CLI.run(["design", Self.runs, "--form", "dense", "--study-budget", "1e20", "--coefficient", "alpha", "--replicates", "0", "--refits", "0", "--json"])
        #expect(dense.status == 0, "\(dense.stderr)")
        let runs = try #require(try jsonObject(dense.stdout)["runs"] as? [[String: Any]])
        #expect(!runs.isEmpty && runs.allSatisfy { $0["sparsity"] as? Double == 0 })
    }

    @Test("the gain of a plan is the target plan computes; on a profile where sparsity never pays it is refused as flat (65)")
    func planGain() throws {
        let folder = try TemporaryDirectory()
        let law = folder.file("law.json")
        #expect(try CLI.run(["fit", Self.runs, "--output", law]).status == 0)
        let plan = try jsonObject(try CLI.run(["plan", "--law", law, "--compute", "1e21", "--memory", "1GB", "--hardware", "ideal", "--json"]).stdout)
        let design = try CLI.run(["design", Self.runs, "--law", law, "--study-budget", "1e20", "--plan-compute", "1e21", "--memory", "1GB",
                                  "--cost", "sparse", "--refits", "0", "--max-runs", "2", "--json"])
        #expect(design.status == 0, "\(design.stderr)")
        let target = try #require(try jsonObject(design.stdout)["target"] as? [String: Any])
        let gain = try #require(plan["gain"] as? Double)
        #expect(gain > 0)
        #expect(abs((target["estimate"] as! Double) - gain) <= 1e-12 * gain)
        let flat = try CLI.run(["design", Self.runs, "--law", law, "--study-budget", "1e20", "--plan-compute", "1e21", "--refits", "0"])
        #expect(flat.status == 65)
        #expect(flat.stderr.hasPrefix("error: the target has no finite value at the law, or does not move with any of its coefficients"))
    }

    @Test("refusals: a dense law asked for a sparsity (64), a budget below the cheapest run (64), a bad candidates file naming line and field (65)")
    func refusals() throws {
        let dense = try CLI.run(["design", Self.runs, "--form", "dense", "--study-budget", "1e20", "--params", "1e9", "--compute", "1e22"])
        #expect(dense.status == 64)
        #expect(dense.stderr.hasPrefix("error: a dense law has no sparsity term"))
        let poor = try CLI.run(["design", Self.runs, "--study-budget", "1e10", "--coefficient", "bN", "--json"])
        #expect(poor.status == 64)
        #expect(try jsonObject(poor.stdout)["code"] as? String == "design.budget-below-cheapest")
        let folder = try TemporaryDirectory()
        let candidates = folder.file("candidates.csv", "params,sparsity,tokens\n1e7,0.5,1e10\n1e7,1.5,1e10\n")
        let bad = try CLI.run(["design", Self.runs, "--study-budget", "1e20", "--coefficient", "bN", "--candidates", candidates])
        #expect(bad.status == 65)
        #expect(bad.stderr == "error: \(candidates), line 3, field sparsity: sparsity 1.5 is outside [0, 1), the law's domain\n")
        let two = try CLI.run(["design", Self.runs, "--study-budget", "1e20", "--coefficient", "bN", "--plan-compute", "1e21"])
        #expect(two.status == 64)
        let unknown = try CLI.run(["design", Self.runs, "--study-budget", "1e20", "--coefficient", "zeta"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("no coefficient \"zeta\""))
    }
}
