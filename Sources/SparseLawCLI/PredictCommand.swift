import ArgumentParser
import SparseLaw

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Evaluate a law at a model size, sparsity and amount of data, or at every query of a file.",
        discussion: """
            --queries FILE reads one query a row (CSV, TSV, JSON Lines, a JSON array of records or a pandas DataFrame as JSON) with the fields params, sparsity (default 0), tokens and optionally pattern, named as in training-run logs (see docs/formats.md), and writes one row per query in order: CSV (name,params,sparsity,tokens,pattern,loss,loss_low,loss_high,warnings), or JSON with --json. When the law carries bootstrap replicates (fit --bootstrap), each loss has its 95% interval; a query beyond the fitted range of N or D gets a note with the factor (2.2x the largest model fitted), a warning beyond 10x; above the largest fitted sparsity, a warning. The built-in laws carry the ranges of the runs they were fitted on.
            """
    )

    @OptionGroup var law: LawOption

    @Option(parsing: .unconditional, help: ArgumentHelp("Non-zero parameters N (e.g. 125M).", valueName: "n"), transform: Quantity.parser(.positive))
    var params: Quantity?

    @Option(parsing: .unconditional, help: ArgumentHelp("Sparsity S in [0, 1) (e.g. 0.75 or 75%).", valueName: "s"), transform: Quantity.parser(.sparsity, percent: true))
    var sparsity: Quantity = Quantity(0)

    @Option(parsing: .unconditional, help: ArgumentHelp("Training data D, in the law's unit (e.g. 2B).", valueName: "d"), transform: Quantity.parser(.positive))
    var tokens: Quantity?

    @Option(help: ArgumentHelp("A structured pattern the law was fitted on (e.g. 2:4): its constant replaces the sparsity term.", valueName: "n:m"))
    var pattern: String?

    @Option(help: ArgumentHelp("Evaluate every row of this file (params, sparsity, tokens, pattern) instead of one point.", valueName: "file"))
    var queries: String?

    @Option(help: "The queries file's format (\(RunLogFormat.allCases.map(\.rawValue).joined(separator: ", "))); default: from the extension.")
    var format: RunLogFormat?

    @Option(name: .customLong("column"), help: ArgumentHelp("Define a query field from the file's columns, e.g. 'tokens=steps*65536' (repeatable).", valueName: "name=expr"))
    var columns: [String] = []

    @Flag(help: "Print the result as JSON.")
    var json = false

    @Option(name: .shortAndLong, help: "Write the result to this file, atomically, instead of standard output.")
    var output: String?

    func validate() throws {
        do { _ = try request() } catch { throw ValidationError(error.description) }
    }

    func request() throws(PredictionRequestError) -> PredictionRequest {
        try PredictionRequest(params: params?.value, sparsity: sparsity.value, tokens: tokens?.value, pattern: pattern,
                              queries: queries, format: format, columns: columns)
    }

    func run() throws {
        let request = try request()
        let (file, path) = try law.loadFile()
        // The destination is checked before any work; it may be neither the law nor the queries.
        let outputs = try OutputFiles(inputs: [path] + (queries.map { [$0] } ?? []), outputs: [output])
        let evaluator = try LawEvaluator(file: file, path: path)
        let lawName = file.name ?? law.law
        switch request {
        case let .file(queries, format, columns):
            let log = try QueryReader.read(path: queries, format: format, columns: columns, maxInputBytes: law.inputSize.maxInputSize)
            let predictions = try evaluator.evaluate(log)
            let table = PredictionTable(law: lawName, queries: log.file, dataUnit: file.dataUnit, replicates: evaluator.replicateCount, predictions: predictions)
            try outputs.emit(json ? try jsonText(table) : predictionsCSV(predictions), to: output)
            if let summary = table.extrapolationSummary { printWarning(summary) }
        case .point(let query):
            let report = PredictionReport(law: lawName, dataUnit: file.dataUnit, replicates: evaluator.replicateCount,
                                          prediction: try evaluator.evaluate(query, file: path))
            try outputs.emit(json ? try jsonText(report) : report.text, to: output)
        }
    }
}

/// `--law LAW`, shared by every command that queries a law, with the limit on the file's size.
struct LawOption: ParsableArguments {
    @Option(help: ArgumentHelp("A law file written by `fit --output`, or a law by name: \(LawPresets.names.joined(separator: ", ")), or one in $SPARSELAW_LAWS (see `sparselaw laws`).", valueName: "law"))
    var law: String

    @OptionGroup var inputSize: InputSizeOption

    func loadFile() throws(DataError) -> (file: LawFile, path: String) {
        try LawPresets.resolve(law, limit: inputSize.maxInputSize)
    }

    func load() throws(DataError) -> ScalingLaw {
        let (file, path) = try loadFile()
        return try file.law(file: path)
    }
}
