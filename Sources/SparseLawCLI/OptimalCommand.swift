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

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        let profile = try hardware.profile(cost: costOptions.cost)
        let report: OptimalReport
        if let model = profile.costModel(schedule: costOptions.schedule) {
            // dense and ideal are the two cost models: the same answer as --cost, exactly.
            let query = try costOptions.query(for: law, model: model)
            let answer = try answering { () throws(QueryError) in try query.answer(params: params.value, compute: compute.value) }
            report = OptimalReport(answer: answer, query: query, lawArgument: law.law)
        } else {
            let (file, path, resolution) = try costOptions.computeLaw(for: law)
            var query = try answering { () throws(QueryError) in
                try HardwareSparsityQuery(file: file, path: path, profile: profile, schedule: costOptions.schedule, maxSparsity: costOptions.maxSparsity?.value)
            }
            query.dataUnit = resolution
            let answer = try answering { () throws(QueryError) in try query.answer(params: params.value, compute: compute.value) }
            report = OptimalReport(answer: answer, query: query, lawArgument: law.law)
        }
        try write(json ? jsonText(report) : report.text)
    }
}
