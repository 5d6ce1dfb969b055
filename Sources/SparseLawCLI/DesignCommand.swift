import ArgumentParser
import SparseLaw

struct DesignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "design",
        abstract: "Which runs to train next: the runs a study budget buys that narrow a decision's interval most.",
        discussion: """
            Fits the runs (or takes --law, fitted on them, with its replicates), then picks runs greedily from candidates (a grid around and beyond the runs, or --candidates), each step the run that removes the largest share of the target's linearized variance per FLOP, averaged over the law and its bootstrap replicates, until the budget is spent. Predicted widths are calibrated by refits of simulated runs. The target: --params and --compute (the optimal sparsity there), --plan-compute (what the best plan gains over dense), or --coefficient. See docs/design.md.
            """
    )

    @OptionGroup var log: RunLogOptions
    @OptionGroup var inputSize: InputSizeOption

    @Option(help: "The law fitted to the runs: sparse or dense.")
    var form: LawForm = .sparse
    @Option(help: ArgumentHelp("A law file fitted on these runs (fit --output, with --bootstrap for replicates), instead of fitting them.", valueName: "file"))
    var law: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("FLOPs to spend on new runs, their overheads included.", valueName: "c"), transform: Quantity.parser(.positive))
    var studyBudget: Quantity
    @Option(parsing: .unconditional, help: ArgumentHelp("Target: the optimal sparsity at N non-zero parameters (with --compute).", valueName: "n"), transform: Quantity.parser(.positive))
    var params: Quantity?
    @Option(parsing: .unconditional, help: ArgumentHelp("Target: ... and C FLOPs of training (with --params).", valueName: "c"), transform: Quantity.parser(.positive))
    var compute: Quantity?
    @Option(help: "What training costs, for the runs and the optimal sparsity: dense (C = 6ND/(1-S)), the default, or sparse (gradual pruning).")
    var cost: CostChoice?
    @Option(parsing: .unconditional, help: ArgumentHelp("Target: what the best plan for C FLOPs gains over the best dense one.", valueName: "c"), transform: Quantity.parser(.positive))
    var planCompute: Quantity?
    @Option(help: ArgumentHelp("The plan's memory limit (8GB, 8GiB, 2e10 bytes).", valueName: "m"))
    var memory: String?
    @OptionGroup var hardware: HardwareOption
    @Option(help: ArgumentHelp("Target: one coefficient of the law, e.g. bN.", valueName: "name"))
    var coefficient: String?
    @Option(help: ArgumentHelp("Candidate runs: CSV with columns params, sparsity, tokens (default: a grid around the runs).", valueName: "file"))
    var candidates: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("FLOPs charged per run beside its training (default 1% of the study budget).", valueName: "c"), transform: Quantity.parser(.nonNegative))
    var runOverhead: Quantity?
    @Option(parsing: .unconditional, help: "How many times one configuration may be chosen (1 to 1000).", transform: WholeNumber.parser(1...1000))
    var maxRepeats: Int = 3
    @Option(parsing: .unconditional, help: ArgumentHelp("At most this many runs.", valueName: "k"), transform: WholeNumber.parser(1...100_000))
    var maxRuns: Int?
    @Option(parsing: .unconditional, help: "Seed of the fit, its bootstrap and the calibration's simulated noise.", transform: WholeNumber.seed)
    var seed: UInt64 = 0
    @Option(parsing: .unconditional, help: ArgumentHelp("Bootstrap replicates the runs' scores are averaged over, when the runs are fitted (0 to 20; of a --law file's, the first 20).", valueName: "k"), transform: WholeNumber.parser(0...DesignRequest.maxReplicates))
    var replicates: Int = DesignRequest.maxReplicates
    @Option(parsing: .unconditional, help: ArgumentHelp("Simulated refits that calibrate the widths, at the runs now and again with the chosen runs (0 to 1000; 0: uncalibrated).", valueName: "k"), transform: WholeNumber.parser(0...1000))
    var refits: Int = 12
    @Flag(help: "Print the design as JSON.")
    var json = false
    @Option(name: .shortAndLong, help: "Write the chosen runs as CSV (params, sparsity, tokens, cost, varianceRemoved, cumulativeCost) to this file, atomically.")
    var output: String?
    @Option(help: "Write a figure as SVG: the chosen runs over the runs so far in (N, D), sized by their share of the budget.")
    var svg: String?

    func validate() throws {
        let targets = [params != nil || compute != nil, planCompute != nil, coefficient != nil].filter { $0 }.count
        guard targets == 1 else { throw ValidationError("give one target: --params and --compute, --plan-compute, or --coefficient") }
        if (params == nil) != (compute == nil) { throw ValidationError("the optimal sparsity's target needs both --params and --compute") }
        if memory != nil, planCompute == nil { throw ValidationError("--memory is a limit of a plan: it needs --plan-compute") }
        if hardware.hardware != nil, planCompute == nil { throw ValidationError("--hardware names the profile of a plan: it needs --plan-compute (the optimal sparsity is designed for with --cost)") }
    }

    func run() throws {
        let outputs = try OutputFiles(inputs: log.inputPaths + [law, candidates].compactMap { $0 }, outputs: [output, svg])
        let runLog = try log.read(maxInputBytes: inputSize.maxInputSize)
        try outputs.refuseInputs(runLog.files)
        for note in runLog.notes { printNote(note.message) }
        let start: DesignLaw
        if let law {
            let (file, path) = try LawPresets.resolve(law, limit: inputSize.maxInputSize)
            start = try DesignLaw(file: file, path: path, seed: seed)
        } else {
            start = try DesignLaw(fitting: runLog.runs, options: FitOptions(form: form, seed: seed), replicates: replicates)
        }
        let costModel: CostModel = cost == .sparse ? .sparseFLOPs(PruningSchedule()) : .denseFLOPs
        let target: DesignTarget
        if let params, let compute {
            target = .optimalSparsity(params: params.value, compute: compute.value, cost: costModel)
        } else if let planCompute {
            let request = try PlanRequest(compute: planCompute.value, targetLoss: nil, memory: memory)
            target = .planGain(compute: planCompute.value, memoryLimit: request.memoryLimit, profile: try hardware.profile(cost: cost), schedule: PruningSchedule())
        } else {
            target = try DesignTarget.coefficient(named: coefficient ?? "", form: start.law.form)
        }
        let candidateRuns = try candidates.map { path throws(DataError) in try DesignCandidates.read(path: path, form: start.law.form, limit: inputSize.maxInputSize) }
        let request = DesignRequest(runs: runLog.runs, law: start.law, replicates: start.replicates, fitOptions: start.fitOptions, target: target,
                                    studyBudget: studyBudget.value, runOverhead: runOverhead?.value, maxRepeats: maxRepeats, maxRuns: maxRuns,
                                    candidates: candidateRuns, cost: costModel, seed: seed, calibrationRefits: refits)
        let report = DesignReport(design: try ExperimentDesigner.design(request))
        if let output { try outputs.write(report.csv, to: output) }
        if let svg { try outputs.write(DesignFigure(runs: runLog.runs, report: report).svg, to: svg) }
        try outputs.commit()
        try write(json ? jsonText(report) : report.text)
    }
}
