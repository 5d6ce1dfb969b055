import Foundation
import Testing

@Suite("CLI: fit and predict")
struct FitCommandTests {
    @Test("fit --json has the documented keys, and the same seed gives the same bytes")
    func json() throws {
        let arguments = ["fit", Repository.path("data/example-runs.csv"), "--json", "--seed", "3"]
        let first = try CLI.run(arguments), second = try CLI.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == second.stdout)
        let report = try jsonObject(first.stdout)
        #expect(report["form"] as? String == "sparse")
        let coefficients = try #require(report["coefficients"] as? [String: Double])
        #expect(Set(coefficients.keys) == ["aS", "bS", "cS", "bN", "aD", "bD", "c"])
        let fit = try #require(report["fit"] as? [String: Any])
        for key in ["objective", "loss", "delta", "points", "starts", "startsAtBest", "converged", "iterations", "rmse", "maxRelativeError"] {
            #expect(fit[key] != nil, "missing fit.\(key)")
        }
        #expect(fit["points"] as? Int == 60)
        #expect(report["standardErrors"] is [String: Double])
        #expect((report["correlation"] as? [String: Any])?["matrix"] is [[Double]])
        #expect(report["ranges"] != nil)
    }

    @Test("fit --output writes a law that predict evaluates like the library")
    func outputThenPredict() throws {
        let scratch = try TemporaryDirectory()
        let law = scratch.file("law.json")
        let fit = try CLI.run(["fit", Repository.path("data/example-runs.csv"), "--output", law])
        #expect(fit.status == 0)
        #expect(fit.stdout.contains("sparse law fitted to 60 runs"))
        let written = try jsonObject(String(contentsOfFile: law, encoding: .utf8))
        let k = try #require(written["coefficients"] as? [String: Double])
        let predicted = try CLI.run(["predict", "--law", law, "--params", "50M", "--sparsity", "0.75", "--tokens", "1e10", "--json"])
        #expect(predicted.status == 0, "\(predicted.stderr)")
        let loss = try #require(try jsonObject(predicted.stdout)["loss"] as? Double)
        let expected = (k["aS"]! * pow(0.25, k["bS"]!) + k["cS"]!) * pow(50e6, -k["bN"]!) + pow(k["aD"]! / 1e10, k["bD"]!) + k["c"]!
        #expect(abs(loss - expected) < 1e-12 * expected)
    }

    @Test("predict on a preset matches a hand computation")
    func predictPreset() throws {
        let result = try CLI.run(["predict", "--law", Repository.path("data/laws/t5-c4.json"), "--params", "1e8", "--sparsity", "50%", "--tokens", "1e10", "--json"])
        let loss = try #require(try jsonObject(result.stdout)["loss"] as? Double)
        let expected = (16.8 * pow(0.5, 0.722) + 45) * pow(1e8, -0.245) + pow(6.9e8 / 1e10, 0.203) + 0.651
        #expect(abs(loss - expected) < 1e-12)
    }

    @Test("refusals: too few runs (65), a dense law asked about sparsity (64), a bad law file (65)")
    func refusals() throws {
        let scratch = try TemporaryDirectory()
        let few = scratch.file("few.csv", "params,sparsity,tokens,loss\n1e6,0,1e9,3\n2e6,0.5,1e9,2.9\n")
        let tooFew = try CLI.run(["fit", few])
        #expect(tooFew.status == 65)
        #expect(tooFew.stderr.contains("cannot determine the 7 coefficients"))
        #expect(tooFew.stdout.isEmpty)
        let dense = try CLI.run(["predict", "--law", Repository.path("data/laws/chinchilla.json"), "--params", "1e9", "--sparsity", "0.5", "--tokens", "2e10"])
        #expect(dense.status == 64)
        let badLaw = scratch.file("bad.json", "{\"form\": \"sparse\", \"coefficients\": {\"aS\": 1}}")
        let bad = try CLI.run(["predict", "--law", badLaw, "--params", "1e9", "--tokens", "2e10"])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("coefficients.bS"))
    }

    @Test("a failed fit leaves no output file behind")
    func noPartialOutput() throws {
        let scratch = try TemporaryDirectory()
        let few = scratch.file("few.csv", "params,sparsity,tokens,loss\n1e6,0,1e9,3\n")
        let law = scratch.file("law.json")
        #expect(try CLI.run(["fit", few, "--output", law]).status == 65)
        #expect(!FileManager.default.fileExists(atPath: law))
    }

    @Test("the T5 anchor from the command line reaches below the published objective",
          .enabled(if: Repository.anchorsAvailable, "skipped: ../shared/anchors is absent"))
    func t5() throws {
        let result = try CLI.run(["fit", Repository.anchor("t5-data.csv"), "--json", "--loss", "huber-log", "--delta", "0.001",
                                  "--column", "params=169869312*scale*(1-sparsity)", "--column", "tokens=steps*65536"])
        let fit = try #require(try jsonObject(result.stdout)["fit"] as? [String: Any])
        #expect(try #require(fit["objective"] as? Double) < 7.6036e-6)
    }
}

@Suite("CLI: bootstrap, holdout and the fit figure")
struct FitUncertaintyCommandTests {
    @Test("--bootstrap adds intervals and keeps replicates that optimal and contours use")
    func bootstrap() throws {
        let scratch = try TemporaryDirectory()
        let law = scratch.file("law.json"), svg = scratch.file("fit.svg"), csv = scratch.file("lines.csv")
        let fit = try CLI.run(["fit", Repository.path("data/example-runs.csv"), "--bootstrap", "40", "--holdout", "largest",
                               "--output", law, "--svg", svg, "--json"])
        #expect(fit.status == 0, "\(fit.stderr)")
        let report = try jsonObject(fit.stdout)
        let intervals = try #require(report["intervals"] as? [String: [Double]])
        #expect(intervals.count == 7 && intervals.values.allSatisfy { $0.count == 2 && $0[0] <= $0[1] })
        let holdout = try #require(report["holdout"] as? [String: Any])
        #expect((holdout["points"] as? [Any])?.count == 12)
        #expect(holdout["meanAbsRelError"] is Double)
        #expect(try String(contentsOfFile: svg, encoding: .utf8).contains("<svg"))

        let optimal = try CLI.run(["optimal", "--law", law, "--params", "2e7", "--compute", "1e19", "--json"])
        let answer = try jsonObject(optimal.stdout)
        let interval = try #require(answer["sparsityInterval"] as? [Double])
        #expect(interval[0] <= interval[1])
        #expect(answer["lossInterval"] is [Double] && answer["tokensInterval"] is [Double])

        let contours = try CLI.run(["contours", "--law", law, "--csv", csv, "--levels", "0.5"])
        #expect(contours.status == 0)
        #expect(try String(contentsOfFile: csv, encoding: .utf8).hasPrefix("line,level,params,compute,computeLow,computeHigh\n"))
    }

    @Test("the same seed gives byte-identical output across thread counts")
    func threads() throws {
        let base = ["fit", Repository.path("data/example-runs.csv"), "--bootstrap", "30", "--json", "--seed", "5"]
        let one = try CLI.run(base + ["--threads", "1"]), three = try CLI.run(base + ["--threads", "3"]), all = try CLI.run(base)
        #expect(one.status == 0)
        #expect(one.stdout == three.stdout && one.stdout == all.stdout)
    }

    @Test("--delta auto reports the threshold and its scale in the output and the law file; with squares it is refused")
    func automaticDelta() throws {
        let scratch = try TemporaryDirectory()
        let law = scratch.file("law.json")
        let fit = try CLI.run(["fit", Repository.path("data/example-runs.csv"), "--delta", "auto", "--output", law])
        #expect(fit.status == 0, "\(fit.stderr)")
        #expect(fit.stdout.contains("(auto: 1.345 x robust scale "))
        let file = try jsonObject(try String(contentsOfFile: law, encoding: .utf8))
        let diagnostics = try #require(file["fit"] as? [String: Any])
        let auto = try #require(diagnostics["deltaAuto"] as? [String: Double])
        let delta = try #require(diagnostics["delta"] as? Double)
        #expect(auto["firstDelta"] == 1e-3 && auto["delta"] == delta)
        #expect(abs(delta - 1.345 * auto["scale"]!) <= 1e-12 * delta)
        let squares = try CLI.run(["fit", Repository.path("data/example-runs.csv"), "--delta", "auto", "--loss", "squares"])
        #expect(squares.status == 64)
        #expect(squares.stderr.contains("--delta auto needs a Huber loss"))
    }

    @Test("--reduce none fits every row of every run, and the bootstrap resamples runs (bootstrap.unit run); one row per run resamples rows")
    func everyRow() throws {
        let scratch = try TemporaryDirectory()
        // The example runs as checkpoints: the three budgets of each size and sparsity named as one run.
        let lines = try String(contentsOfFile: Repository.path("data/example-runs.csv"), encoding: .utf8).split(separator: "\n")
        let rows = lines.dropFirst().map { line -> String in
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[0] = String(fields[0][..<fields[0].range(of: "-d", options: .backwards)!.lowerBound])
            return fields.joined(separator: ",")
        }
        let runs = Set(rows.map { $0.split(separator: ",")[0] })
        let csv = scratch.file("curves.csv", ([String(lines[0])] + rows).joined(separator: "\n") + "\n")
        let law = scratch.file("law.json")
        let all = try CLI.run(["fit", csv, "--reduce", "none", "--bootstrap", "20", "--output", law, "--json"])
        #expect(all.status == 0, "\(all.stderr)")
        let report = try jsonObject(all.stdout)
        #expect((report["fit"] as? [String: Any])?["points"] as? Int == rows.count)
        #expect((report["bootstrap"] as? [String: Any])?["unit"] as? String == "run")
        let file = try jsonObject(try String(contentsOfFile: law, encoding: .utf8))
        #expect((file["bootstrap"] as? [String: Any])?["unit"] as? String == "run")
        let last = try CLI.run(["fit", csv, "--bootstrap", "20", "--json"])
        let lastReport = try jsonObject(last.stdout)
        #expect((lastReport["fit"] as? [String: Any])?["points"] as? Int == runs.count)
        #expect((lastReport["bootstrap"] as? [String: Any])?["unit"] as? String == "row")
        // The text counts rows and the runs they belong to.
        let text = try CLI.run(["fit", csv, "--reduce", "none"])
        #expect(text.stdout.hasPrefix("sparse law fitted to \(rows.count) rows of \(runs.count) runs of "), "\(text.stdout.prefix(80))")
    }

    @Test("a held-out rule that leaves nothing to fit on is refused")
    func holdoutTooMuch() throws {
        let result = try CLI.run(["fit", Repository.path("data/example-runs.csv"), "--holdout", "5"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("nothing to fit on"))
    }
}

@Suite("CLI: fixed coefficients")
struct FixCommandTests {
    @Test("--fix holds the value, marks it, and drops it from the standard errors")
    func fix() throws {
        let result = try CLI.run(["fit", Repository.path("data/example-runs.csv"), "--fix", "bS=0.722", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try jsonObject(result.stdout)
        #expect((report["coefficients"] as? [String: Double])?["bS"] == 0.722)
        #expect((report["fixed"] as? [String: Double]) == ["bS": 0.722])
        let errors = try #require(report["standardErrors"] as? [String: Double])
        #expect(errors["bS"] == nil && errors.count == 6)
    }

    @Test("--fix with an unknown name or a bad value is a usage error", arguments: ["alpha=0.3", "bS=-1", "bS", "bS=abc"])
    func refused(specification: String) throws {
        let result = try CLI.run(["fit", Repository.path("data/example-runs.csv"), "--fix", specification])
        #expect(result.status == 64, "\(result.stderr)")
    }
}
