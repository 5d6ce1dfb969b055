import Foundation
import Testing

@Suite("CLI: simulate, its combinations and its refusals")
struct SimulateRefusalTests {
    @Test("every combination becomes a run, in order; the same seed gives the same bytes")
    func combinations() throws {
        let arguments = ["simulate", "--law", "t5-c4", "--params", "2M,8M", "--sparsities", "0,0.5", "--tokens", "1e9,1e10", "--seed", "3"]
        let first = try CLI.run(arguments), second = try CLI.run(arguments)
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout)
        let rows = first.stdout.split(separator: "\n")
        #expect(rows.first == "run,params,sparsity,tokens,loss")
        #expect(rows.count == 1 + 2 * 2 * 2)
    }

    @Test("a dense law with a sparsity is a usage error (64); a law not finite at a run is the data's (65)")
    func refusals() throws {
        let dense = try CLI.run(["simulate", "--law", "chinchilla", "--params", "2M", "--tokens", "1e9", "--sparsities", "0,0.5"])
        #expect(dense.status == 64)
        #expect(dense.stderr == "error: a dense law says nothing about sparsity: omit --sparsities, or use a sparse law\n")
        let denseAtZero = try CLI.run(["simulate", "--law", "chinchilla", "--params", "2M", "--tokens", "1e9"])
        #expect(denseAtZero.status == 0)
        let tiny = try CLI.run(["simulate", "--law", "t5-c4", "--params", "1e-300", "--tokens", "1e-300"])
        #expect(tiny.status == 65)
        #expect(tiny.stderr.hasPrefix("error: the law is not finite at N = 1e-300, S = 0, D = 1e-300"))
        #expect(tiny.stdout.isEmpty)
    }
}
