import ArgumentParser
import SparseLaw

struct OptimalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimal",
        abstract: "The loss-minimizing sparsity for N non-zero parameters and a compute budget C.",
        discussion: """
            Under --cost dense the optimum has a closed form; under --cost sparse it is solved numerically (a grid bracket, then Brent's method) and checked against both ends. With --hardware PROFILE (measured speedups) the loss need not have one minimum over S: the answer is the global minimum of a scan through every measured point, each local minimum polished by Brent's method, up to the curve's last point. Where the optimum is the cap, the output says so: more sparsity would still help. See docs/optimal-sparsity.md and docs/planning.md.
            """
    )

    @OptionGroup var law: LawOption
    @OptionGroup var costOptions: CostOptions
    @OptionGroup var hardware: HardwareOption

    @Option(parsing: .unconditional, help: ArgumentHelp("Non-zero parameters N (e.g. 125M).", valueName: "n"), transform: Quantity.parser(.positive))
    var params: Quantity

    @Option(parsing: .unconditional, help: ArgumentHelp("Training compute C in FLOPs (e.g. 1e20).", valueName: "c"), transform: Quantity.parser(.positive))
    var compute: Quantity

    @Option(parsing: .unconditional,
            help: ArgumentHelp("The smallest gain in loss over dense that counts as sparsity paying, for the verdict (default 0: any gain).", valueName: "loss"),
            transform: Quantity.parser(.nonNegative))
    var minGain: Quantity = Quantity(0)

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        let query = try costOptions.query(for: law, profile: hardware.profile(cost: costOptions.cost))
        let answer = try answering { () throws(QueryError) in try query.answer(params: params.value, compute: compute.value, minGain: minGain.value) }
        let report = OptimalReport(answer: answer, query: query, lawArgument: law.law)
        try write(json ? jsonText(report) : report.text)
    }
}
