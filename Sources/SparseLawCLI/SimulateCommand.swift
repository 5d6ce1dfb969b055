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
        do throws(SimulationError) {
            try SyntheticRuns.checkCount(params: params.values.count, sparsities: sparsities.values.count, tokens: tokens.values.count)
        } catch { throw ValidationError(error.description) }
    }

    func run() throws {
        let (file, path) = try law.loadFile()
        let simulation = SyntheticRuns(law: try file.law(file: path), params: params.values, sparsities: sparsities.values,
                                       tokens: tokens.values, noise: noise.value)
        try simulation.checkLaw()
        let outputs = try OutputFiles(inputs: [path], outputs: [output])
        let text = runsCSV(try simulation.checkedRuns(seed: seed))
        guard let output else { try write(text); return }
        try outputs.write(text, to: output)
        try outputs.commit()
    }
}
