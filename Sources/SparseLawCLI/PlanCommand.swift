import ArgumentParser
import SparseLaw

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "The run to train on your hardware: the lowest loss for a budget, or the cheapest run to a target loss.",
        discussion: """
            With --compute C: the non-zero parameters N, sparsity S and data D with the lowest loss for C dense FLOPs of training, and the best dense run under the same limits. With --target-loss X: the cheapest (N, S, D) whose predicted loss is X, where cost is training plus serving --inference-tokens (2 N_total T / inference speedup), in dense FLOPs (and hours and price when the profile gives them). --memory caps the bytes of the weights (8GB, 8GiB, 2e10). For a dense law the answer is the compute-optimal allocation. A law fitted with --bootstrap gives 95% intervals and the share of replicates in which sparse beats dense. See docs/planning.md.
            """
    )

    @OptionGroup var law: LawOption
    @OptionGroup var hardware: HardwareOption
    @OptionGroup var costOptions: CostOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("Training budget in dense FLOPs (e.g. 1e21).", valueName: "c"), transform: Quantity.parser(.positive))
    var compute: Quantity?

    @Option(parsing: .unconditional, help: ArgumentHelp("Target loss: find the cheapest run that reaches it.", valueName: "x"), transform: Quantity.parser(.positive))
    var targetLoss: Quantity?

    @Option(parsing: .unconditional, help: ArgumentHelp("Limit on the memory of the weights: bytes, or with a unit (8GB, 8GiB, 512MiB).", valueName: "bytes"))
    var memory: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Tokens the model will serve, with --target-loss: their cost, 2 N_total T / inference speedup, counts.", valueName: "t"),
            transform: Quantity.parser(.nonNegative))
    var inferenceTokens: Quantity?

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
        guard (compute == nil) != (targetLoss == nil) else { throw ValidationError("give one question: --compute C (the lowest loss for a budget) or --target-loss X (the cheapest run to a loss)") }
        if inferenceTokens != nil, targetLoss == nil {
            throw ValidationError("--inference-tokens goes with --target-loss: a --compute budget is spent on training alone")
        }
        if sizes != nil, targetLoss == nil { throw ValidationError("--sizes goes with --target-loss") }
        if frontierRange != nil, frontier == nil, svg == nil { throw ValidationError("--frontier-range goes with --frontier or --svg") }
        _ = try memoryLimit()
    }

    func memoryLimit() throws -> Double? {
        guard let memory else { return nil }
        switch MemoryAmount.parse(memory) {
        case .success(let amount): return amount.bytes
        case .failure(let error): throw ValidationError("--memory: " + error.message)
        }
    }

    func run() throws {
        let profile = try hardware.profile(cost: costOptions.cost)
        let (file, path, dataUnit) = try costOptions.computeLaw(for: law)
        // Every destination is checked before any work, and all are written or none.
        let outputs = try OutputFiles(inputs: [path] + (hardware.hardware.map { [$0] } ?? []), outputs: [frontier, sizes, svg])
        let evaluator = try reportingDataErrors { () throws(DataError) in try LawEvaluator(file: file, path: path) }
        let replicates = evaluator.replicateLaws
        if let problem = TermAtZero(law: evaluator.law, name: file.name ?? law.law, question: .plan) {
            printError(problem.description)
            throw dataErrorExitCode
        }
        guard let planner = Planner(law: evaluator.law, profile: profile, schedule: costOptions.schedule, maxSparsity: costOptions.maxSparsity?.value ?? file.defaultMaxSparsity,
                                    memoryLimit: try memoryLimit(), patternConstants: evaluator.patterns) else {
            throw ValidationError("--max-sparsity must lie in (0, 1)")
        }
        let answer: PlanReport.Answer
        var intervals: PlanIntervals?
        var critical: CriticalSizes?
        var frontierSummary: (pays: SparsityPays, range: ClosedRange<Double>)?
        var figure: PlanFigure?
        let lawName = ContourFigure.lawName(file, path: law.law)
        if let compute {
            let plan = planner.plan(compute: compute.value)
            answer = .budget(plan)
            if !replicates.isEmpty { intervals = planner.intervals(replicates: replicates, compute: compute.value, threads: threads) }
            if frontier != nil || svg != nil {
                let range = frontierRange?.range ?? (compute.value / 100)...(compute.value * 100)
                let budgets = logSpaced(from: range.lowerBound, to: range.upperBound, count: frontierPoints)
                let curve = planner.frontier(budgets: budgets)
                frontierSummary = (curve.sparsityPays, range)
                if let frontier { try outputs.write(budgetFrontierCSV(curve), to: frontier) }
                figure = PlanFigure(budgets: curve, question: plan, lawName: lawName, hardware: profile.name)
            }
        } else if let targetLoss {
            let target = targetLoss.value, tokens = inferenceTokens?.value ?? 0
            let plan = planner.plan(targetLoss: target, inferenceTokens: tokens)
            answer = .target(plan)
            critical = planner.criticalSizes(targetLoss: target, inferenceTokens: tokens)
            if !replicates.isEmpty { intervals = planner.intervals(replicates: replicates, targetLoss: target, inferenceTokens: tokens, threads: threads) }
            var sizeCurve: [SizeCost] = []
            if let critical, sizes != nil || svg != nil {
                sizeCurve = planner.costBySize(targetLoss: target, inferenceTokens: tokens,
                                               params: logSpaced(from: critical.sparse * 1.01, to: critical.dense * 300, count: 80))
                if let sizes { try outputs.write(sizeCostCSV(sizeCurve), to: sizes) }
            }
            if frontier != nil || svg != nil {
                // Targets spaced evenly in log(X - c), c the irreducible loss, where the cost changes.
                let irreducible = planner.irreducibleLoss
                let range = frontierRange?.range ?? (irreducible + (target - irreducible) / 2)...(irreducible + 2 * (target - irreducible))
                let lower = max(range.lowerBound, irreducible + 1e-9 * max(1, irreducible))
                let targets = range.upperBound > lower
                    ? logSpaced(from: lower - irreducible, to: range.upperBound - irreducible, count: frontierPoints).map { $0 + irreducible } : [range.upperBound]
                let curve = planner.frontier(targets: targets, inferenceTokens: tokens)
                frontierSummary = (curve.sparsityPays, range)
                if let frontier { try outputs.write(targetFrontierCSV(curve), to: frontier) }
                figure = PlanFigure(targets: curve, question: plan, sizes: sizeCurve, lawName: lawName, hardware: profile.name)
            }
        } else {
            throw ValidationError("give one question: --compute C (the lowest loss for a budget) or --target-loss X (the cheapest run to a loss)")
        }
        if let svg, let figure { try outputs.write(figure.svg, to: svg) }
        let best: Plan?
        switch answer {
        case .budget(let plan): best = plan.best.plan
        case .target(let plan): best = plan.best.plan
        }
        let report = PlanReport(lawName: file.name ?? law.law, lawTitle: file.title(path: law.law), profile: profile, schedule: costOptions.schedule, answer: answer,
                                intervals: intervals, warnings: planner.warnings(for: best, intervals: intervals, fitted: file),
                                frontier: frontierSummary, criticalSizes: critical, dataUnit: dataUnit)
        var text = report.text
        if json {
            do { text = try report.jsonText() } catch {
                printError("the answer is not finite: the query is outside what the law can describe")
                throw dataErrorExitCode
            }
        } else {
            for path in [frontier, sizes, svg].compactMap({ $0 }) { text += "wrote \(path)\n" }
        }
        try outputs.commit()
        try write(text)
    }
}
