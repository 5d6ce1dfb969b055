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

    @Option(help: ArgumentHelp("Non-zero parameters N (e.g. 125M).", valueName: "n"))
    var params: Quantity

    @Option(help: ArgumentHelp("Training compute C in FLOPs (e.g. 1e20).", valueName: "c"))
    var compute: Quantity

    @Flag(help: "Print the result as JSON.")
    var json = false

    func validate() throws {
        if !(params.value > 0) { throw ValidationError("--params must be positive") }
        if !(compute.value > 0) { throw ValidationError("--compute must be positive") }
    }

    struct Report: Encodable {
        var schema = OutputSchema.optimal
        var law: String
        var cost: String
        var kappa: Double?
        var params: Double
        var compute: Double
        var sparsity: Double
        var boundary: OptimalSparsity.Boundary
        var maxSparsity: Double
        var tokens: Double
        var loss: Double
        var denseTokens: Double
        var denseLoss: Double
        var gain: Double
        var equivalentDenseParams: Double
        /// What `tokens` and `denseTokens` count: tokens, or the law's own unit under --data-unit-ok.
        var dataUnit: String
        var tokensPerUnit: Double?
        var sparsityInterval: [Double]?
        var tokensInterval: [Double]?
        var lossInterval: [Double]?
        var replicatesAtCap: Int?
        var warnings: [String]
    }

    func run() throws {
        let (optimizer, file, replicates, dataNote) = try costOptions.optimizer(for: law)
        let intervals = optimizer.intervals(replicates: replicates, params: params.value, compute: compute.value)
        let optimum = optimizer.optimum(params: params.value, compute: compute.value)
        guard optimum.isFinite, optimum.tokens > 0 else {
            printError("the law or the data it implies is not finite at N = \(numberText(params.value)), C = \(numberText(compute.value)): the query is outside what the law can describe")
            throw dataErrorExitCode
        }
        var warnings = file.extrapolationWarnings(params: params.value, tokens: optimum.tokens, maxSparsity: optimizer.maxSparsity)
        if let intervals, intervals.atCap * 10 > intervals.replicates {
            warnings.append("\(intervals.atCap) of \(intervals.replicates) bootstrap replicates put the optimum at the cap: the interval's upper end is the cap, a bound")
        }
        if optimum.boundary == .cap {
            warnings.insert("the optimum is the cap --max-sparsity \(numberText(optimizer.maxSparsity)): the loss still falls with more sparsity, so this is a bound, not an interior optimum", at: 0)
        }
        var kappa: Double? = nil
        if case .sparseFLOPs(let schedule) = optimizer.cost { kappa = schedule.meanSparsityFraction }
        let report = Report(law: file.name ?? law.law, cost: optimizer.cost.name, kappa: kappa,
                            params: optimum.params, compute: optimum.compute, sparsity: optimum.sparsity, boundary: optimum.boundary,
                            maxSparsity: optimum.maxSparsity, tokens: optimum.tokens, loss: optimum.loss,
                            denseTokens: optimum.denseTokens, denseLoss: optimum.denseLoss, gain: optimum.gain,
                            equivalentDenseParams: optimum.equivalentDenseParams,
                            dataUnit: file.dataUnit, tokensPerUnit: costOptions.dataUnit.tokensPerUnit,
                            sparsityInterval: intervals?.sparsity, tokensInterval: intervals?.tokens, lossInterval: intervals?.loss,
                            replicatesAtCap: intervals?.atCap, warnings: warnings)
        if json {
            print(try jsonText(report), terminator: "")
            return
        }
        let where_: String
        switch optimum.boundary {
        case .interior: where_ = "interior optimum"
        case .dense: where_ = "dense is best: sparsity does not pay at this budget"
        case .cap: where_ = "at the cap"
        }
        print("""
            law: \(file.title(path: law.law))
            cost: \(optimizer.cost.summary)\(dataNote.map { "\ndata: " + $0 } ?? "")
            N = \(numberText(optimum.params)) non-zero parameters, C = \(numberText(optimum.compute)) FLOPs

              optimal sparsity       \(numberText(optimum.sparsity, significant: 4)) (\(where_))
              data at that sparsity  \(numberText(optimum.tokens)) \(file.dataUnit)
              loss                   \(numberText(optimum.loss, significant: 6))
              dense model            loss \(numberText(optimum.denseLoss, significant: 6)) with \(numberText(optimum.denseTokens)) \(file.dataUnit)
              gain over dense        \(numberText(optimum.gain, significant: 3)) (\(numberText(100 * optimum.gain / optimum.denseLoss, significant: 3))%)
              equivalent dense size  \(numberText(optimum.equivalentDenseParams)) parameters
            """)
        if let intervals {
            func range(_ values: [Double], _ digits: Int) -> String { "[\(numberText(values[0], significant: digits)), \(numberText(values[1], significant: digits))]" }
            print("""

                95% bootstrap intervals (\(intervals.replicates) replicates of the law)
                  optimal sparsity       \(range(intervals.sparsity, 3))
                  data                   \(range(intervals.tokens, 3))
                  loss                   \(range(intervals.loss, 5))
                """)
        }
        for warning in warnings { print("warning: \(warning)") }
    }
}
