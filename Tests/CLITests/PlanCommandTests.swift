import Foundation
import Testing

@Suite("CLI: plan, and optimal --hardware")
struct PlanCommandTests {
    static let profile = Repository.path("data/hardware/example-a100.json")

    @Test("optimal --hardware dense and ideal print exactly what --cost dense and sparse print")
    func builtinsExact() throws {
        for (hardware, cost) in [("dense", "dense"), ("ideal", "sparse")] {
            for (n, c) in [("1e8", "1e20"), ("3e6", "1e22"), ("1e9", "1e19")] {
                for format in [["--json"], []] {
                    let viaHardware = try CLI.run(["optimal", "--law", "t5-c4", "--params", n, "--compute", c, "--hardware", hardware] + format)
                    let viaCost = try CLI.run(["optimal", "--law", "t5-c4", "--params", n, "--compute", c, "--cost", cost] + format)
                    #expect(viaHardware.status == 0 && viaCost.status == 0, "\(viaHardware.stderr)")
                    #expect(viaHardware.stdout == viaCost.stdout)
                }
            }
        }
    }

    @Test("optimal --hardware with a measured profile: the sparsity within the curve, the profile named")
    func optimalMeasured() throws {
        let result = try CLI.run(["optimal", "--law", "t5-c4", "--params", "1e8", "--compute", "1e22", "--hardware", Self.profile, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try jsonObject(result.stdout)
        #expect(report["cost"] as? String == "hardware" && report["hardware"] as? String == "example-a100")
        let sparsity = try #require(report["sparsity"] as? Double)
        #expect(sparsity >= 0 && sparsity <= 0.95 && (report["maxSparsity"] as? Double) == 0.95)
        let text = try CLI.run(["optimal", "--law", "t5-c4", "--params", "1e8", "--compute", "1e22", "--hardware", Self.profile])
        #expect(text.stdout.contains("training speedup: 0.95x at 0.5"))
    }

    @Test("the lifetime question: training plus serving within --compute, said in the question line and split in JSON; --training-compute reports serving beside it")
    func lifetime() throws {
        let arguments = ["plan", "--law", "t5-c4", "--hardware", Self.profile, "--memory", "16GB", "--inference-tokens", "5e12"]
        let result = try CLI.run(arguments + ["--compute", "1e22", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try jsonObject(result.stdout)
        #expect(report["question"] as? String == "lifetime" && report["inferenceTokens"] as? Double == 5e12 && report["compute"] as? Double == 1e22)
        for plan in [report, try #require(report["dense"] as? [String: Any])] {
            let training = try #require(plan["trainingCost"] as? Double), inference = try #require(plan["inferenceCost"] as? Double)
            let cost = try #require(plan["cost"] as? Double)
            #expect(cost == training + inference && cost <= 1e22 && cost > 1e22 * (1 - 1e-12) && inference > training)
            // Serving by hand: 2 N_total T / v(S), the example profile's inference curve interpolated.
            let total = try #require(plan["totalParams"] as? Double), s = try #require(plan["sparsity"] as? Double)
            let points: [(Double, Double)] = [(0, 1), (0.5, 1.25), (0.7, 1.6), (0.8, 2.0), (0.9, 2.9), (0.95, 3.6)]
            let k = try #require(points.indices.first { points[$0].0 >= s })
            let v = k == 0 ? 1 : points[k - 1].1 + (s - points[k - 1].0) / (points[k].0 - points[k - 1].0) * (points[k].1 - points[k - 1].1)
            #expect(abs(inference / (2 * total * 5e12 / v) - 1) < 1e-12)
        }
        let options = try #require(report["options"] as? [[String: Any]])
        #expect(options.map { $0["format"] as? String } == ["dense", "unstructured"] && options.filter { $0["best"] as? Bool == true }.count == 1)
        let text = try CLI.run(arguments + ["--compute", "1e22"])
        #expect(text.stdout.contains("question: the lowest loss for 1e+22 dense FLOPs of training and serving 5e+12 tokens, weights within 16 GB"), "\(text.stdout)")
        #expect(text.stdout.contains("inference (FLOPs)") && text.stdout.contains("total (FLOPs)"))
        let training = try CLI.run(arguments + ["--training-compute", "1e22", "--json"])
        let trainingReport = try jsonObject(training.stdout)
        #expect(trainingReport["question"] as? String == "budget" && trainingReport["trainingCost"] as? Double ?? 0 > 1e22 * (1 - 1e-12))
        #expect((trainingReport["inferenceCost"] as? Double ?? 0) > 1e22 && (trainingReport["loss"] as? Double ?? 9) < (report["loss"] as? Double ?? 0))
        let trainingText = try CLI.run(arguments + ["--training-compute", "1e22"])
        #expect(trainingText.stdout.contains("dense FLOPs of training (serving 5e+12 tokens costed beside it)"), "\(trainingText.stdout)")
    }

    @Test("interpolated speedups: warned about in plan and optimal --hardware; --speedup-interpolation step reads the measured points alone")
    func interpolatedSpeedups() throws {
        let scratch = try TemporaryDirectory()
        let profile = scratch.file("p.json", #"{"name": "p", "training": [[0, 1], [0.5, 1.3], [0.75, 1.6]], "bytesPerNonzero": 2.25}"#)
        let arguments = ["plan", "--law", "t5-c4", "--hardware", profile, "--compute", "1e22", "--memory", "16GB", "--inference-tokens", "5e12", "--json"]
        let linear = try jsonObject(try CLI.run(arguments).stdout)
        let sparsity = try #require(linear["sparsity"] as? Double)
        #expect(sparsity > 0 && sparsity < 0.5)
        let warning = try #require((linear["warnings"] as? [[String: Any]])?.first { $0["code"] as? String == "plan.interpolated-speedup" })
        #expect(warning["lowerSparsity"] as? Double == 0 && warning["upperSparsity"] as? Double == 0.5 && warning["curve"] as? String == "training and inference")
        #expect((warning["upperLoss"] as? Double ?? 0) > (linear["loss"] as? Double ?? 1))
        let step = try CLI.run(arguments + ["--speedup-interpolation", "step"])
        #expect(step.status == 0, "\(step.stderr)")
        let stepped = try jsonObject(step.stdout)
        #expect(stepped["sparsity"] as? Double == 0 && stepped["sparsityPays"] as? Bool == false)
        #expect(!((stepped["warnings"] as? [[String: Any]]) ?? []).contains { $0["code"] as? String == "plan.interpolated-speedup" })
        let optimal = try CLI.run(["optimal", "--law", "t5-c4", "--params", "1e8", "--compute", "1e21", "--hardware", Self.profile, "--json"])
        let codes = try #require(try jsonObject(optimal.stdout)["warnings"] as? [[String: Any]]).compactMap { $0["code"] as? String }
        #expect(codes.contains("plan.interpolated-speedup"), "\(optimal.stdout)")
        let text = try CLI.run(["optimal", "--law", "t5-c4", "--params", "1e8", "--compute", "1e21", "--hardware", Self.profile])
        #expect(text.stdout.contains("lies between the measured points 0.7 (1.1x) and 0.8 (1.35x) of the training curve"), "\(text.stdout)")
        let refused = try CLI.run(["plan", "--law", "t5-c4", "--compute", "1e21", "--hardware", profile, "--speedup-interpolation", "cubic"])
        #expect(refused.status == 64)
    }

    @Test("contours --hardware: built-ins as --cost; a measured profile's grid is optimal --hardware at every point, its contours numerical, its figure refused")
    func contoursOnHardware() throws {
        let scratch = try TemporaryDirectory()
        for (hardware, cost) in [("dense", "dense"), ("ideal", "sparse")] {
            let a = try CLI.run(["contours", "--law", "t5-c4", "--hardware", hardware, "--csv", scratch.file("a-\(hardware).csv")])
            let b = try CLI.run(["contours", "--law", "t5-c4", "--cost", cost, "--csv", scratch.file("b-\(hardware).csv")])
            #expect(a.status == 0 && b.status == 0, "\(a.stderr)")
            #expect(try String(contentsOfFile: scratch.file("a-\(hardware).csv"), encoding: .utf8) == String(contentsOfFile: scratch.file("b-\(hardware).csv"), encoding: .utf8))
        }
        let grid = scratch.file("g.csv"), lines = scratch.file("c.csv")
        let result = try CLI.run(["contours", "--law", "t5-c4", "--hardware", Self.profile, "--grid", "3x3", "--grid-csv", grid, "--csv", lines,
                                  "--params", "1e7:1e9", "--compute", "1e17:1e23"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("contours on a measured profile, found numerically"))
        let rows = try String(contentsOfFile: grid, encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(rows.count == 9)
        for row in rows {
            let optimal = try jsonObject(try CLI.run(["optimal", "--law", "t5-c4", "--hardware", Self.profile, "--params", row[0], "--compute", row[1], "--json"]).stdout)
            // JSON's numbers are read back by Foundation, within an ulp or two of what was written.
            let sparsity = try #require(optimal["sparsity"] as? Double), loss = try #require(optimal["loss"] as? Double)
            #expect(abs(sparsity - Double(row[2])!) <= 1e-12 && abs(loss / Double(row[3])! - 1) <= 1e-12, "\(row)")
        }
        #expect(try String(contentsOfFile: lines, encoding: .utf8).hasPrefix("line,level,params,compute\ncontour,"))
        // The figure of a measured profile: the grid's optimum and its contours.
        let figure = try CLI.run(["contours", "--law", "t5-c4", "--hardware", Self.profile, "--params", "1e7:1e9", "--compute", "1e17:1e23",
                                  "--svg", scratch.file("c.svg")])
        #expect(figure.status == 0, "\(figure.stderr)")
        let svg = try String(contentsOfFile: scratch.file("c.svg"), encoding: .utf8)
        #expect(svg.hasSuffix("</svg>\n") && svg.contains("global optimum on a 64 x 96 grid") && !svg.contains("nan") && !svg.contains("inf"))
        #expect(try CLI.run(["contours", "--law", "t5-c4", "--hardware", "ideal", "--cost", "sparse"]).status == 64)
    }

    @Test("--assume-pattern: the profile's 2:4 planned as unstructured 0.45, marked in JSON and text")
    func assumedPattern() throws {
        let arguments = ["plan", "--law", "t5-c4", "--hardware", Self.profile, "--compute", "1e22", "--inference-tokens", "5e12", "--assume-pattern", "2:4=0.45"]
        let result = try CLI.run(arguments + ["--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try jsonObject(result.stdout)
        let options = try #require(report["options"] as? [[String: Any]])
        #expect(options.map { $0["format"] as? String } == ["dense", "unstructured", "2:4"] && options[2]["assumedSparsity"] as? Double == 0.45)
        let warnings = try #require(report["warnings"] as? [[String: Any]]).compactMap { $0["code"] as? String }
        #expect(warnings.contains("plan.assumed-pattern") && !warnings.contains("plan.patterns-without-constants"))
        let text = try CLI.run(arguments)
        #expect(text.stdout.contains("2:4 (assumed)") && text.stdout.contains("planned on an assumption, not a fit"))
    }

    @Test("a dense law's plan is the compute-optimal allocation, by hand from Hoffmann et al.'s formula")
    func chinchilla() throws {
        let result = try CLI.run(["plan", "--law", "chinchilla", "--compute", "5.76e23", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try jsonObject(result.stdout)
        let (A, B, alpha, beta) = (406.4, 410.7, 0.34, 0.28)
        let g = pow(alpha * A / (beta * B), 1 / (alpha + beta))
        let n = g * pow(5.76e23 / 6, beta / (alpha + beta))
        #expect(abs(try #require(report["params"] as? Double) / n - 1) < 1e-12)
        #expect(abs(try #require(report["tokens"] as? Double) * n * 6 / 5.76e23 - 1) < 1e-12)
        let dense = try #require(report["dense"] as? [String: Any])
        #expect(dense["params"] as? Double == report["params"] as? Double && report["sparsity"] as? Double == 0)
        let warnings = try #require(report["warnings"] as? [[String: Any]])
        #expect(warnings.contains { $0["code"] as? String == "plan.dense-law" })
    }

    @Test("ideal hardware, no memory limit: the best sparsity minimizes A(S) m(S)^bN whatever the budget (brute force over S)")
    func idealSparsityIndependentOfBudget() throws {
        let (aS, bS, cS, bN) = (16.8, 0.722, 45.0, 0.245), kappa = 0.625
        var best = (s: 0.0, value: Double.infinity)
        for k in 0...99_000 {
            let s = 0.99 * Double(k) / 99_000
            let value = (aS * pow(1 - s, bS) + cS) * pow((1 - kappa * s) / (1 - s), bN)
            if value < best.value { best = (s, value) }
        }
        for compute in ["1e19", "1e22", "1e25"] {
            let report = try jsonObject(try CLI.run(["plan", "--law", "t5-c4", "--hardware", "ideal", "--compute", compute, "--json"]).stdout)
            #expect(abs(try #require(report["sparsity"] as? Double) - best.s) < 2e-5, "\(compute)")
            #expect(try #require(report["gain"] as? Double) > 0 && report["sparsityPays"] as? Bool == true)
        }
    }

    @Test("the JSON of a plan: every key of the plan and of the dense plan, memory with units, costs in time and money")
    func jsonKeys() throws {
        let result = try CLI.run(["plan", "--law", "t5-c4", "--hardware", Self.profile, "--compute", "1e22", "--memory", "4GiB", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try jsonObject(result.stdout)
        #expect(report["memoryLimit"] as? Double == 4 * 1_073_741_824.0)
        let dense = try #require(report["dense"] as? [String: Any])
        for key in ["params", "sparsity", "tokens", "loss", "memory", "cost", "seconds", "money", "totalParams", "storage"] {
            #expect(report[key] != nil && !(report[key] is NSNull), "missing \(key)")
            #expect(dense[key] != nil && !(dense[key] is NSNull), "dense is missing \(key)")
        }
        #expect(try #require(report["memory"] as? Double) <= 4 * 1_073_741_824.0 * (1 + 1e-12))
        // 1e22 dense FLOPs at 3.12e14 x 0.4 FLOP/s: 8.01e7 accelerator-seconds, at 2 an hour.
        let seconds = try #require(report["seconds"] as? Double)
        #expect(abs(seconds / (1e22 / (3.12e14 * 0.4)) - 1) < 1e-9)
        #expect(abs(try #require(report["money"] as? Double) / (seconds / 3600 * 2) - 1) < 1e-12)
        let gain = try #require(report["gain"] as? Double)
        #expect(abs(gain - (try #require(dense["loss"] as? Double) - (try #require(report["loss"] as? Double)))) < 1e-15)
    }

    @Test("a target loss: the plan reaches it, training plus inference; and a target nothing reaches is null with a reason, never inf")
    func target() throws {
        let result = try CLI.run(["plan", "--law", "t5-c4", "--hardware", Self.profile, "--target-loss", "2.2", "--inference-tokens", "1e13", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try jsonObject(result.stdout)
        #expect(abs(try #require(report["loss"] as? Double) - 2.2) < 1e-12)
        let training = try #require(report["trainingCost"] as? Double), inference = try #require(report["inferenceCost"] as? Double)
        let cost = try #require(report["cost"] as? Double)
        #expect(inference > 0 && abs(cost - (training + inference)) < 1e-6 * training)
        // 2 N_total T / v(S), v from the profile's inference curve by hand.
        let s = try #require(report["sparsity"] as? Double), total = try #require(report["totalParams"] as? Double)
        let curve: [(Double, Double)] = [(0, 1), (0.5, 1.25), (0.7, 1.6), (0.8, 2), (0.9, 2.9), (0.95, 3.6)]
        let k = curve.firstIndex { $0.0 >= s }!
        let v = k == 0 ? 1 : curve[k - 1].1 + (s - curve[k - 1].0) / (curve[k].0 - curve[k - 1].0) * (curve[k].1 - curve[k - 1].1)
        #expect(abs(inference / (2 * total * 1e13 / v) - 1) < 1e-12)

        let floor = try CLI.run(["plan", "--law", "t5-c4", "--target-loss", "0.6", "--json"])
        #expect(floor.status == 0, "\(floor.stderr)")
        let impossible = try jsonObject(floor.stdout)
        #expect(impossible["params"] is NSNull && impossible["cost"] is NSNull)
        let reason = try #require(impossible["impossible"] as? [String: Any])
        #expect(reason["code"] as? String == "plan.below-irreducible-loss" && reason["irreducible"] as? Double == 0.651)
        let text = try CLI.run(["plan", "--law", "t5-c4", "--target-loss", "0.6"])
        #expect(text.stdout.contains("no plan: the target loss 0.6 is at or below the law's irreducible loss c = 0.651"))

        let memory = try jsonObject(try CLI.run(["plan", "--law", "t5-c4", "--hardware", Self.profile, "--target-loss", "2.2", "--memory", "1MB", "--json"]).stdout)
        #expect(memory["params"] is NSNull)
        let why = try #require(memory["impossible"] as? [String: Any])
        #expect(why["code"] as? String == "plan.beyond-memory" && (why["reachable"] as? Double ?? 0) > 2.2 && why["memoryLimit"] as? Double == 1e6)
    }

    @Test("--frontier, --sizes and --svg write complete files; the text says where sparsity starts to pay")
    func files() throws {
        let scratch = try TemporaryDirectory()
        let csv = scratch.file("frontier.csv"), svg = scratch.file("frontier.svg"), sizes = scratch.file("sizes.csv")
        let result = try CLI.run(["plan", "--law", "t5-c4", "--hardware", Self.profile, "--compute", "1e22", "--memory", "4GB",
                                  "--frontier", csv, "--svg", svg, "--frontier-range", "1e19:1e25", "--frontier-points", "13"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "compute,params,sparsity,pattern,tokens,loss,memory,denseParams,denseTokens,denseLoss,denseMemory,gain,assumedSparsity")
        #expect(lines.count == 14)
        #expect(try String(contentsOfFile: svg, encoding: .utf8).hasSuffix("</svg>\n"))
        #expect(result.stdout.contains("frontier (budgets 1e+19 to 1e+25): sparsity pays from "))
        let target = try CLI.run(["plan", "--law", "t5-c4", "--hardware", Self.profile, "--target-loss", "2.2", "--sizes", sizes, "--frontier", csv, "--svg", svg])
        #expect(target.status == 0, "\(target.stderr)")
        #expect(try String(contentsOfFile: sizes, encoding: .utf8).hasPrefix("params,sparsity,pattern,tokens,cost,denseTokens,denseCost,assumedSparsity\n"))
        #expect(try String(contentsOfFile: csv, encoding: .utf8).hasPrefix("targetLoss,params,"))
    }

    @Test("a law with bootstrap replicates: 95% intervals and the share of replicates where sparse beats dense")
    func intervals() throws {
        let scratch = try TemporaryDirectory()
        let law = scratch.file("law.json")
        let fit = try CLI.run(["fit", Repository.path("data/example-runs.csv"), "--bootstrap", "40", "--output", law])
        #expect(fit.status == 0, "\(fit.stderr)")
        let result = try CLI.run(["plan", "--law", law, "--hardware", "ideal", "--compute", "1e21", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try jsonObject(result.stdout)
        let intervals = try #require(report["intervals"] as? [String: Any])
        #expect(intervals["replicates"] as? Int == 40 && intervals["planned"] as? Int == 40)
        let sparsity = try #require(intervals["sparsity"] as? [Double]), share = try #require(intervals["sparseBeatsDense"] as? Double)
        #expect(sparsity.count == 2 && sparsity[0] <= sparsity[1] && share >= 0 && share <= 1)
        let text = try CLI.run(["plan", "--law", law, "--hardware", "ideal", "--target-loss", "3", "--inference-tokens", "1e12"])
        #expect(text.stdout.contains("95% bootstrap intervals (40 of 40 replicates") && text.stdout.contains("sparse beats dense in"))
    }

    @Test("refusals: usage errors exit 64, unusable profiles 65 naming the file and field, unwritable outputs 73", arguments: [
        (["plan", "--law", "t5-c4"], 64, "give one question"),
        (["plan", "--law", "t5-c4", "--compute", "1e21", "--target-loss", "2"], 64, "give one question"),
        (["plan", "--law", "t5-c4", "--compute", "1e21", "--memory", "8XB"], 64, "\"XB\" is not a unit of memory"),
        (["plan", "--law", "t5-c4", "--compute", "1e21", "--training-compute", "1e21"], 64, "give one question"),
        (["plan", "--law", "t5-c4", "--training-compute", "1e21", "--target-loss", "2"], 64, "give one question"),
        (["plan", "--law", "t5-c4", "--compute", "1e21", "--hardware", Self.profile, "--assume-pattern", "2:4"], 64, "--assume-pattern \"2:4\": give the pattern"),
        (["plan", "--law", "t5-c4", "--compute", "1e21", "--hardware", Self.profile, "--assume-pattern", "2:4=1.5"], 64, "a number in [0, 1)"),
        (["plan", "--law", "t5-c4", "--compute", "1e21", "--hardware", Self.profile, "--assume-pattern", "8:16=0.5"], 64, "the hardware profile has no such pattern (it has 2:4)"),
        (["plan", "--law", "chinchilla", "--compute", "1e21", "--hardware", Self.profile, "--assume-pattern", "2:4=0.5"], 64, "a dense law has no sparsity term"),
        (["plan", "--law", "t5-c4", "--compute", "1e21", "--cost", "sparse", "--hardware", "ideal"], 64, "give one"),
        (["plan", "--law", "t5-c4", "--compute=-1"], 64, "-1 is negative: the value must be positive"),
        (["plan", "--law", "t5-c4", "--compute", "1e21", "--hardware", "/no/such/profile.json"], 65, "/no/such/profile.json: no such profile file"),
        (["optimal", "--law", "chinchilla", "--params", "1e9", "--compute", "1e21", "--hardware", "ideal"], 64, "dense law"),
    ] as [([String], Int32, String)])
    func refusals(arguments: [String], status: Int32, message: String) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test("a law with its data term at 0 cannot be planned with (65); with aS = 0 sparsity is planned like any other choice")
    func termsAtZero() throws {
        let scratch = try TemporaryDirectory()
        let noData = scratch.file("no-data.json", #"{"form": "sparse", "coefficients": {"aS": 16.8, "bS": 0.722, "cS": 45, "bN": 0.245, "aD": 0, "bD": 0.203, "c": 0.651}}"#)
        for arguments in [["plan", "--law", noData, "--compute", "1e21"], ["optimal", "--law", noData, "--params", "1e8", "--compute", "1e21", "--hardware", Self.profile]] {
            let result = try CLI.run(arguments)
            #expect(result.status == 65 && result.stderr.contains("has aD = 0"), "\(result.stderr)")
        }
        let flat = scratch.file("flat.json", #"{"form": "sparse", "coefficients": {"aS": 0, "bS": 0.722, "cS": 61.8, "bN": 0.245, "aD": 6.9e8, "bD": 0.203, "c": 0.651}}"#)
        let result = try CLI.run(["plan", "--law", flat, "--hardware", "ideal", "--compute", "1e21", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        // With A(S) = cS the best sparsity minimizes m(S)^bN, and m(S) = (1 - kappa S) / (1 - S)
        // grows with S (the run is dense until pruning starts): the plan is dense.
        let report = try jsonObject(result.stdout)
        #expect(report["sparsity"] as? Double == 0 && report["sparsityPays"] as? Bool == false)
    }

    @Test("a profile with a bad field is refused (65) naming the file and the field; a failed write leaves nothing")
    func badProfileAndWrite() throws {
        let scratch = try TemporaryDirectory()
        let profile = scratch.file("bad.json", #"{"training": [[0, 1], [0.5, 1.3], [0.4, 2]]}"#)
        let result = try CLI.run(["plan", "--law", "t5-c4", "--compute", "1e21", "--hardware", profile])
        #expect(result.status == 65)
        #expect(result.stderr.contains("bad.json, field training[2]: sparsity 0.4 does not increase on the previous point's 0.5"), "\(result.stderr)")
        let unwritable = try CLI.run(["plan", "--law", "t5-c4", "--compute", "1e21", "--frontier", "/no/such/folder/f.csv"])
        #expect(unwritable.status == 73, "\(unwritable.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "/no/such/folder/f.csv"))
    }
}
