import ArgumentParser
import SparseLaw

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Evaluate a law at a model size, sparsity and amount of data."
    )

    @OptionGroup var law: LawOption

    @Option(parsing: .unconditional, help: ArgumentHelp("Non-zero parameters N (e.g. 125M).", valueName: "n"), transform: Quantity.parser(.positive))
    var params: Quantity

    @Option(parsing: .unconditional, help: ArgumentHelp("Sparsity S in [0, 1) (e.g. 0.75 or 75%).", valueName: "s"), transform: Quantity.parser(.sparsity, percent: true))
    var sparsity: Quantity = Quantity(0)

    @Option(parsing: .unconditional, help: ArgumentHelp("Training data D, in the law's unit (e.g. 2B).", valueName: "d"), transform: Quantity.parser(.positive))
    var tokens: Quantity

    @Flag(help: "Print {\"loss\": ...} as JSON.")
    var json = false

    func run() throws {
        let scalingLaw = try law.load()
        if case .dense = scalingLaw, sparsity.value > 0 {
            throw ValidationError("a dense law says nothing about sparsity: omit --sparsity, or use a sparse law")
        }
        let loss = scalingLaw.loss(nonZeroParams: params.value, sparsity: sparsity.value, tokens: tokens.value)
        guard loss.isFinite else {
            printError("the law is not finite at N = \(numberText(params.value)), S = \(numberText(sparsity.value)), D = \(numberText(tokens.value)): the point is outside what the law can describe")
            throw dataErrorExitCode
        }
        try write(json ? jsonText(["loss": loss]) : numberText(loss, significant: 6) + "\n")
    }
}

/// `--law LAW`, shared by every command that queries a law, with the limit on the file's size.
struct LawOption: ParsableArguments {
    @Option(help: ArgumentHelp("A law file written by `fit --output`, or a preset: \(LawPresets.names.joined(separator: ", ")) (see `sparselaw laws`).", valueName: "law"))
    var law: String

    @OptionGroup var inputSize: InputSizeOption

    func loadFile() throws -> (file: LawFile, path: String) {
        try reportingDataErrors { () throws(DataError) in try LawPresets.resolve(law, limit: inputSize.maxInputSize) }
    }

    func load() throws -> ScalingLaw {
        let (file, path) = try loadFile()
        return try reportingDataErrors { () throws(DataError) in try file.law(file: path) }
    }
}
