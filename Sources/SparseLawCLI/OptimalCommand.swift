import ArgumentParser
import SparseLaw

struct OptimalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimal",
        abstract: "The loss-minimizing sparsity for N non-zero parameters and a compute budget C.",
        discussion: """
            Under --cost dense the optimum has a closed form; under --cost sparse it is solved numerically (a grid bracket, then Brent's method) and checked against both ends. Where the optimum is the --max-sparsity cap, the output says so: more sparsity would still help. See docs/optimal-sparsity.md.
            """
    )

    @OptionGroup var law: LawOption
    @OptionGroup var costOptions: CostOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("Non-zero parameters N (e.g. 125M).", valueName: "n"), transform: Quantity.parser(.positive))
    var params: Quantity

    @Option(parsing: .unconditional, help: ArgumentHelp("Training compute C in FLOPs (e.g. 1e20).", valueName: "c"), transform: Quantity.parser(.positive))
    var compute: Quantity

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        let query = try costOptions.query(for: law)
        let answer = try answering { () throws(QueryError) in try query.answer(params: params.value, compute: compute.value) }
        let report = OptimalReport(answer: answer, query: query, lawArgument: law.law)
        try write(json ? jsonText(report) : report.text)
    }
}
