import ArgumentParser
import SparseLaw

extension RunLogFormat: ExpressibleByArgument {}
extension Reduction: ExpressibleByArgument {}

/// How a training-run log is read; shared by every command that reads one.
struct RunLogOptions: ParsableArguments {
    @Argument(help: "A training-run log: CSV, TSV, JSON Lines, a JSON array of records or a pandas DataFrame as JSON.")
    var file: String

    @Option(help: "The file's format (\(RunLogFormat.allCases.map(\.rawValue).joined(separator: ", "))); default: from the extension.")
    var format: RunLogFormat?

    @Option(name: .customLong("column"),
            help: ArgumentHelp("Define a field from the file's columns, e.g. 'tokens=steps*65536' (repeatable).",
                               discussion: "Fields: params, sparsity, tokens, loss. Arithmetic: + - * / and parentheses; quote column names with spaces in backticks. At most \(Limits.expressionLength) characters, nested at most \(Limits.expressionDepth) deep.",
                               valueName: "name=expr"))
    var columns: [String] = []

    @Option(help: "For runs with several rows (a loss curve): keep the last row or the lowest loss (last, min).")
    var reduce: Reduction = .last

    @Option(parsing: .unconditional, help: ArgumentHelp("Leave out the K runs with the highest loss.", valueName: "k"),
            transform: WholeNumber.parser(0...Int.max))
    var dropHighestLoss: Int = 0

    func validate() throws {
        _ = try parsedColumns()
    }

    func parsedColumns() throws -> [ColumnDefinition] {
        var definitions: [ColumnDefinition] = []
        for specification in columns {
            do { definitions.append(try ColumnDefinition.parse(specification)) } catch { throw ValidationError(error.description) }
        }
        return definitions
    }

    func readerOptions(maxInputBytes: Int = Limits.inputBytes) throws -> ReaderOptions {
        ReaderOptions(format: format, columns: try parsedColumns(), reduce: reduce, dropHighestLoss: dropHighestLoss, maxInputBytes: maxInputBytes)
    }

    /// Reads the log, turning a refusal of the data into a message and exit status 65.
    func read(maxInputBytes: Int = Limits.inputBytes) throws -> RunLog {
        let options = try readerOptions(maxInputBytes: maxInputBytes)
        return try reportingDataErrors { () throws(DataError) in try RunLogReader.read(path: file, options: options) }
    }
}
