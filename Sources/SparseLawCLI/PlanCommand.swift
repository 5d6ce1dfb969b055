import ArgumentParser
import SparseLaw

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "The run to train on your hardware: the lowest loss for a budget, or the cheapest run to a target loss.",
        discussion: """
            With --compute C: the non-zero parameters N, sparsity S and data D with the lowest loss when training, plus serving --inference-tokens T (2 N_total T / inference speedup), costs at most C dense FLOPs, and the best dense run under the same limits. With --training-compute C the budget pays for training alone, and serving T tokens is costed beside it. With --target-loss X: the cheapest (N, S, D) whose predicted loss is X, where cost is training plus serving --inference-tokens (2 N_total T / inference speedup), in dense FLOPs (and hours and price when the profile gives them). --memory caps the bytes of the weights (8GB, 8GiB, 2e10). For a dense law the answer is the compute-optimal allocation. A law fitted with --bootstrap gives 95% intervals and the share of replicates in which sparse beats dense. See docs/planning.md.
            """
    )

    @OptionGroup var law: LawOption
    @OptionGroup var hardware: HardwareOption
    @OptionGroup var costOptions: CostOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("Budget in dense FLOPs (e.g. 1e21) for training and serving --inference-tokens.", valueName: "c"),
            transform: Quantity.parser(.positive))
    var compute: Quantity?

    @Option(parsing: .unconditional, help: ArgumentHelp("Budget in dense FLOPs for training alone; serving --inference-tokens is costed beside it.", valueName: "c"),
            transform: Quantity.parser(.positive))
    var trainingCompute: Quantity?

    @Option(parsing: .unconditional, help: ArgumentHelp("Target loss: find the cheapest run that reaches it.", valueName: "x"), transform: Quantity.parser(.positive))
    var targetLoss: Quantity?

    @Option(parsing: .unconditional, help: ArgumentHelp("Limit on the memory of the weights: bytes, or with a unit (8GB, 8GiB, 512MiB).", valueName: "bytes"))
    var memory: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Tokens the model will serve: their cost, 2 N_total T / inference speedup, counts in --compute and --target-loss plans, and is reported with --training-compute.", valueName: "t"),
            transform: Quantity.parser(.nonNegative))
    var inferenceTokens: Quantity?

    @Option(parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Plan a pattern of the profile that the law has no constant for, assuming it reaches the loss of unstructured sparsity S (its constant aS (1 - S)^bS + cS); repeatable. Every output marks it as assumed.", valueName: "pattern=s"))
    var assumePattern: [String] = []

    @Option(parsing: .unconditional,
            help: ArgumentHelp("The smallest gain that counts as sparsity paying, for the verdict: loss for a budget, the share of the dense cost saved for a target (0.05: 5%; default 0: any gain).", valueName: "g"),
            transform: Quantity.parser(.nonNegative))
    var minGain: Quantity = Quantity(0)

    @Flag(help: "Print the result as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Write the frontier across a range of budgets (or target losses) as CSV.", valueName: "file.csv"))
    var frontier: String?

    @Option(help: ArgumentHelp("Write the frontier as an SVG figure: dense and best-sparse curves, and where sparsity starts to pay.", valueName: "file.svg"))
    var svg: String?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("The frontier's range (default: budgets C/100 to 100 C; target losses from half to twice the target's distance above the law's irreducible loss).", valueName: "min:max"),
            transform: PositiveRange.parser)
    var frontierRange: PositiveRange?

    @Option(parsing: .unconditional, help: ArgumentHelp("Points along the frontier (3 to 2000).", valueName: "k"), transform: WholeNumber.parser(3...2000))
    var frontierPoints: Int = 41

    @Option(help: ArgumentHelp("With --target-loss: write the cost of reaching the target against model size as CSV.", valueName: "file.csv"))
    var sizes: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Worker threads for bootstrap replicates (default: one per core, 1 to 1024).", valueName: "k"),
            transform: WholeNumber.parser(1...1024))
    var threads: Int?

    func validate() throws {
        do { _ = try request() } catch { throw ValidationError(error.description) }
    }

    func request() throws(PlanRequestError) -> PlanRequest {
        var request = try PlanRequest(compute: compute?.value, trainingCompute: trainingCompute?.value, targetLoss: targetLoss?.value, inferenceTokens: inferenceTokens?.value,
                                      memory: memory, frontier: frontier != nil, frontierRange: frontierRange?.range, frontierPoints: frontierPoints,
                                      costBySize: sizes != nil, figure: svg != nil, assumePatterns: assumePattern)
        request.minGain = minGain.value
        return request
    }

    func run() throws {
        let request = try request()
        let profile = try hardware.profile(cost: costOptions.cost)
        let (file, path, dataUnit) = try costOptions.computeLaw(for: law)
        // Every destination is checked before any work, and all are written or none.
        let outputs = try OutputFiles(inputs: [path] + (hardware.hardware.map { [$0] } ?? []), outputs: [frontier, sizes, svg])
        let evaluator = try LawEvaluator(file: file, path: path)
        if let problem = TermAtZero(law: evaluator.law, name: file.name ?? law.law, question: .plan) { throw problem }
        do throws(AssumedPatternError) {
            try Planner.checkAssumptions(request.assumedPatterns, law: evaluator.law, profile: profile, patternConstants: evaluator.patterns)
        } catch {
            throw ValidationError(error.description)
        }
        guard let planner = Planner(law: evaluator.law, profile: profile, schedule: costOptions.schedule, maxSparsity: costOptions.maxSparsity?.value ?? file.defaultMaxSparsity,
                                    memoryLimit: request.memoryLimit, patternConstants: evaluator.patterns, assumedPatterns: request.assumedPatterns) else {
            throw ValidationError("--max-sparsity must lie in (0, 1)")
        }
        let result = planner.answer(request, replicates: evaluator.replicateLaws, threads: threads)
        if let frontier, let csv = result.frontierCSV { try outputs.write(csv, to: frontier) }
        if let sizes, let csv = result.sizesCSV { try outputs.write(csv, to: sizes) }
        if let svg, let figure = result.figure(lawName: ContourFigure.lawName(file, path: law.law), hardware: profile.name) {
            try outputs.write(figure.svg, to: svg)
        }
        let report = PlanReport(lawName: file.name ?? law.law, lawTitle: file.title(path: law.law), profile: profile, schedule: costOptions.schedule, result: result,
                                warnings: planner.warnings(for: result.best, intervals: result.intervals, fitted: file, question: request.question),
                                dataUnit: dataUnit)
        var text = report.text
        if json {
            text = try report.finiteJSONText()
        } else {
            for path in [frontier, sizes, svg].compactMap({ $0 }) { text += "wrote \(path)\n" }
        }
        try outputs.commit()
        try write(text)
    }
}
