import Foundation
import Testing

@Suite("CLI: runs")
struct RunsCommandTests {
    @Test("the bundled example reads as 60 runs at four sparsities")
    func example() throws {
        let result = try CLI.run(["runs", Repository.path("data/example-runs.csv"), "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try jsonObject(result.stdout)
        #expect(object["count"] as? Int == 60)
        #expect(object["sparsities"] as? [Double] == [0, 0.5, 0.75, 0.875])
    }

    @Test("the human summary names the fields and the levels")
    func text() throws {
        let result = try CLI.run(["runs", Repository.path("data/example-runs.csv")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("60 runs"))
        #expect(result.stdout.contains("loss      <- column \"loss\""))
        #expect(result.stdout.contains("S = 0.875"))
    }

    @Test("bad data exits 65 with file, line and field on standard error, nothing on standard output")
    func dataError() throws {
        let scratch = try TemporaryDirectory()
        let file = scratch.file("bad.csv", "params,sparsity,tokens,loss\n1e6,0,1e9,3\n1e6,0,1e9,NaN\n")
        let result = try CLI.run(["runs", file])
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "error: \(file), line 3, field \"loss\": the value \"NaN\" is NaN\n")
    }

    @Test("usage errors exit 64", arguments: [
        ["runs"],
        ["runs", "x.csv", "--column", "flops=1"],
        ["runs", "x.csv", "--column", "tokens=(1"],
        ["runs", "x.csv", "--reduce", "median"],
        ["runs", "x.csv", "--drop-highest-loss", "-1"],
    ])
    func usage(arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }

    @Test("a missing file exits 65 and says so")
    func missingFile() throws {
        let result = try CLI.run(["runs", "/nonexistent/runs.csv"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("no such file"))
    }

    @Test("the T5 anchor through --column", .enabled(if: Repository.anchorsAvailable, "skipped: ../shared/anchors is absent"))
    func t5() throws {
        let result = try CLI.run(["runs", Repository.anchor("t5-data.csv"), "--json",
                                  "--column", "params=169869312*scale*(1-sparsity)", "--column", "tokens=steps*65536"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try jsonObject(result.stdout)
        #expect(object["count"] as? Int == 48)
    }
}

@Suite("CLI: simulate")
struct SimulateCommandTests {
    @Test("the documented command regenerates the bundled example byte for byte")
    func regenerates() throws {
        let scratch = try TemporaryDirectory()
        let output = scratch.file("runs.csv")
        let result = try CLI.run(["simulate", "--law", Repository.path("data/laws/t5-c4.json"),
                                  "--params", "2M,5M,12M,30M,80M", "--sparsities", "0,0.5,0.75,0.875",
                                  "--tokens", "8e9,2e10,5e10", "--noise", "0.003", "--seed", "7", "--output", output])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == Data(contentsOf: URL(fileURLWithPath: Repository.path("data/example-runs.csv"))))
    }
}
