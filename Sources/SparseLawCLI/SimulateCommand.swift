import ArgumentParser
import SparseLaw

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Generate training runs from a known law, with log-normal noise on the loss.",
        discussion: """
            Every combination of --params, --sparsities and --tokens becomes one run, with loss = law(N, S, D) x exp(noise x z), z standard normal drawn from --seed. Writes CSV (run,params,sparsity,tokens,loss) that `runs` and `fit` read as is. At most \(Limits.simulatedRuns) runs.
            """
    )

    @OptionGroup var law: LawOption

    @Option(parsing: .unconditional, help: ArgumentHelp("Non-zero parameter counts, comma-separated (e.g. 2M,8M,32M).", valueName: "list"),
            transform: NumberList.parser(.positive))
    var params: NumberList

    @Option(parsing: .unconditional, help: ArgumentHelp("Sparsity levels in [0, 1), comma-separated (a sparse law only).", valueName: "list"),
            transform: NumberList.parser(.sparsity, percent: true))
    var sparsities: NumberList = NumberList([0])

    @Option(parsing: .unconditional, help: ArgumentHelp("Training data amounts, comma-separated.", valueName: "list"),
            transform: NumberList.parser(.positive))
    var tokens: NumberList

    @Option(parsing: .unconditional, help: "Standard deviation of the multiplicative noise on the loss, in [0, 1).",
            transform: Quantity.parser(ValueBounds(lower: 0, lowerIncluded: true, upper: 1, upperIncluded: false)))
    var noise: Quantity = Quantity(0.005)

    @Option(parsing: .unconditional, help: "Seed of the noise.", transform: WholeNumber.seed)
    var seed: UInt64 = 1

    @Option(name: .shortAndLong, help: "Write the CSV here (atomically) instead of standard output.")
    var output: String?

    func validate() throws {
        // In doubles, so that the product cannot overflow.
        let runs = Double(params.values.count) * Double(sparsities.values.count) * Double(tokens.values.count)
        if runs > Double(Limits.simulatedRuns) {
            throw ValidationError("\(params.values.count) x \(sparsities.values.count) x \(tokens.values.count) = \(numberText(runs, significant: 17)) runs: a simulation writes at most \(Limits.simulatedRuns)")
        }
    }

    func run() throws {
        let (file, path) = try law.loadFile()
        let scalingLaw = try reportingDataErrors { () throws(DataError) in try file.law(file: path) }
        if case .dense = scalingLaw, sparsities.values.contains(where: { $0 > 0 }) {
            throw ValidationError("a dense law says nothing about sparsity: omit --sparsities, or use a sparse law")
        }
        let outputs = try OutputFiles(inputs: [path], outputs: [output])
        let runs = SyntheticRuns(law: scalingLaw, params: params.values, sparsities: sparsities.values,
                                 tokens: tokens.values, noise: noise.value).generate(seed: seed)
        if let run = runs.first(where: { !($0.loss.isFinite && $0.loss > 0) }) {
            printError("the law is not finite at N = \(numberText(run.nonZeroParams)), S = \(numberText(run.sparsity)), D = \(numberText(run.tokens)): the run is outside what the law can describe")
            throw dataErrorExitCode
        }
        let text = runsCSV(runs)
        guard let output else { try write(text); return }
        try outputs.write(text, to: output)
        try outputs.commit()
    }
}
