import ArgumentParser
import SparseLaw

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Generate training runs from a known law, with log-normal noise on the loss.",
        discussion: """
            Every combination of --params, --sparsities and --tokens becomes one run, with loss = law(N, S, D) x exp(noise x z), z standard normal drawn from --seed. Writes CSV (run,params,sparsity,tokens,loss) that `runs` and `fit` read as is.
            """
    )

    @OptionGroup var law: LawOption

    @Option(help: ArgumentHelp("Non-zero parameter counts, comma-separated (e.g. 2M,8M,32M).", valueName: "list"))
    var params: NumberList

    @Option(help: ArgumentHelp("Sparsity levels in [0, 1), comma-separated.", valueName: "list"))
    var sparsities: NumberList = NumberList(argument: "0")!

    @Option(help: ArgumentHelp("Training data amounts, comma-separated.", valueName: "list"))
    var tokens: NumberList

    @Option(help: "Standard deviation of the multiplicative noise on the loss.")
    var noise: Quantity = Quantity(0.005)

    @Option(help: "Seed of the noise.")
    var seed: UInt64 = 1

    @Option(name: .shortAndLong, help: "Write the CSV here (atomically) instead of standard output.")
    var output: String?

    func validate() throws {
        if params.values.contains(where: { $0 <= 0 }) { throw ValidationError("--params must all be positive") }
        if tokens.values.contains(where: { $0 <= 0 }) { throw ValidationError("--tokens must all be positive") }
        if sparsities.values.contains(where: { !($0 >= 0 && $0 < 1) }) { throw ValidationError("--sparsities must lie in [0, 1)") }
        if !(noise.value >= 0 && noise.value < 1) { throw ValidationError("--noise must lie in [0, 1)") }
    }

    func run() throws {
        let scalingLaw = try law.load()
        let runs = SyntheticRuns(law: scalingLaw, params: params.values, sparsities: sparsities.values,
                                 tokens: tokens.values, noise: noise.value).generate(seed: seed)
        try emit(runsCSV(runs), to: output)
    }
}

/// Prints `text`, or writes it atomically to `path`; a write failure exits with status 73.
func emit(_ text: String, to path: String?) throws {
    guard let path else { print(text, terminator: ""); return }
    do { try writeAtomically(text, to: path) } catch {
        printError(error.description)
        throw cannotCreateExitCode
    }
}
