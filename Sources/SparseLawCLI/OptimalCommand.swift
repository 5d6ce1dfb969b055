import ArgumentParser
import SparseLaw

struct OptimalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimal",
        abstract: "The loss-minimizing sparsity for N non-zero parameters and a compute budget C.",
        discussion: """
            Under --cost dense the optimum has a closed form; under --cost sparse it is solved numerically (a grid bracket, then Brent's method) and checked against both ends. With --hardware PROFILE (measured speedups) the loss over S may have several local minima: the answer is the global minimum of a scan through every measured point, each local minimum polished by Brent's method, up to the curve's last point. Where the optimum is the cap, the output says so: more sparsity would still help. See docs/optimal-sparsity.md and docs/planning.md.
            """
    )

    @OptionGroup var law: LawOption
    @OptionGroup var costOptions: CostOptions
    @OptionGroup var hardware: HardwareOption

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
        var law: String
        var cost: String
        var hardware: String?
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
        var sparsityInterval: [Double]?
        var tokensInterval: [Double]?
        var lossInterval: [Double]?
        var replicatesAtCap: Int?
        var warnings: [String]
    }

    func run() throws {
        let profile = try hardware.profile(cost: costOptions.cost)
        let (base, file, replicates) = try costOptions.optimizer(for: law)
        guard let optimizer = ProfileOptimizer(law: base.law, profile: profile, schedule: costOptions.schedule, maxSparsity: base.maxSparsity) else {
            throw ValidationError("--max-sparsity must lie in (0, 1)")
        }
        let costModel = profile.costModel(schedule: costOptions.schedule)
        let intervals = optimizer.intervals(replicates: replicates, params: params.value, compute: compute.value)
        let optimum = optimizer.optimum(params: params.value, compute: compute.value)
        guard optimum.isFinite, optimum.tokens > 0 else {
            printError("the law or the data it implies is not finite at N = \(numberText(params.value)), C = \(numberText(compute.value)): the query is outside what the law can describe")
            throw dataErrorExitCode
        }
        var warnings = file.extrapolationWarnings(params: params.value, tokens: optimum.tokens, maxSparsity: optimizer.cap)
        if let intervals, intervals.atCap * 10 > intervals.replicates {
            warnings.append("\(intervals.atCap) of \(intervals.replicates) bootstrap replicates put the optimum at the cap: the interval's upper end is the cap, a bound")
        }
        if optimum.boundary == .cap {
            warnings.insert(optimizer.cap < optimizer.maxSparsity
                ? "the optimum is the last measured point of the profile's curve, sparsity \(numberText(optimizer.cap)): more sparsity might pay, but nothing beyond it was measured"
                : "the optimum is the cap --max-sparsity \(numberText(optimizer.cap)): the loss still falls with more sparsity, so this is a bound, not an interior optimum", at: 0)
        }
        var kappa: Double? = nil
        if case .sparseFLOPs(let schedule) = costModel { kappa = schedule.meanSparsityFraction }
        let report = Report(law: file.name ?? law.law, cost: costModel?.name ?? "hardware", hardware: hardware.hardware == nil ? nil : profile.name,
                            kappa: kappa,
                            params: optimum.params, compute: optimum.compute, sparsity: optimum.sparsity, boundary: optimum.boundary,
                            maxSparsity: optimum.maxSparsity, tokens: optimum.tokens, loss: optimum.loss,
                            denseTokens: optimum.denseTokens, denseLoss: optimum.denseLoss, gain: optimum.gain,
                            equivalentDenseParams: optimum.equivalentDenseParams,
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
            \(costModel.map { "cost: " + $0.summary } ?? profile.summary.joined(separator: "\n"))
            N = \(numberText(optimum.params)) non-zero parameters, C = \(numberText(optimum.compute)) FLOPs

              optimal sparsity       \(numberText(optimum.sparsity, significant: 4)) (\(where_))
              data at that sparsity  \(numberText(optimum.tokens))
              loss                   \(numberText(optimum.loss, significant: 6))
              dense model            loss \(numberText(optimum.denseLoss, significant: 6)) with \(numberText(optimum.denseTokens)) of data
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
