import ArgumentParser
import SparseLaw

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Evaluate a law at a model size, sparsity and amount of data."
    )

    @OptionGroup var law: LawOption

    @Option(help: ArgumentHelp("Non-zero parameters N (e.g. 125M).", valueName: "n"))
    var params: Quantity

    @Option(help: ArgumentHelp("Sparsity S in [0, 1) (e.g. 0.75 or 75%).", valueName: "s"))
    var sparsity: Quantity = Quantity(argument: "0")!

    @Option(help: ArgumentHelp("Training data D, in the law's unit (e.g. 2B).", valueName: "d"))
    var tokens: Quantity

    @Flag(help: "Print {\"loss\": ...} as JSON.")
    var json = false

    func validate() throws {
        if !(params.value > 0) { throw ValidationError("--params must be positive") }
        if !(tokens.value > 0) { throw ValidationError("--tokens must be positive") }
        if !(sparsity.value >= 0 && sparsity.value < 1) { throw ValidationError("--sparsity must lie in [0, 1)") }
    }

    func run() throws {
        let scalingLaw = try law.load()
        if case .dense = scalingLaw, sparsity.value > 0 {
            throw ValidationError("a dense law says nothing about sparsity: omit --sparsity, or use a sparse law")
        }
        let loss = scalingLaw.loss(nonZeroParams: params.value, sparsity: sparsity.value, tokens: tokens.value)
        guard loss.isFinite else {
            printError("the law is not finite at N = \(params.value), S = \(sparsity.value), D = \(tokens.value)")
            throw dataErrorExitCode
        }
        if json {
            try write(JSONRendering.text(["loss": loss]))
        } else {
            print(numberText(loss, significant: 6))
        }
    }
}

/// `--law LAW`, shared by every command that queries a law.
struct LawOption: ParsableArguments {
    @Option(help: ArgumentHelp("A law file written by `fit --output`, or a preset: \(LawPresets.names.joined(separator: ", ")) (see `sparselaw laws`).", valueName: "law"))
    var law: String

    func loadFile() throws -> (file: LawFile, path: String) {
        try reportingDataErrors { () throws(DataError) in try LawPresets.resolve(law) }
    }

    func load() throws -> ScalingLaw {
        let (file, path) = try loadFile()
        return try reportingDataErrors { () throws(DataError) in try file.law(file: path) }
    }
}
