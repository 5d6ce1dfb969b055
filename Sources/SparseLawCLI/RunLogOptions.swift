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
                               discussion: "Fields: params, sparsity, tokens, loss. Arithmetic: + - * / and parentheses; quote column names with spaces in backticks.",
                               valueName: "name=expr"))
    var columns: [String] = []

    @Option(help: "For runs with several rows (a loss curve): keep the last row or the lowest loss (last, min).")
    var reduce: Reduction = .last

    @Option(help: ArgumentHelp("Leave out the K runs with the highest loss.", valueName: "k"))
    var dropHighestLoss: Int = 0

    func validate() throws {
        if dropHighestLoss < 0 { throw ValidationError("--drop-highest-loss must be zero or more") }
        _ = try parsedColumns()
    }

    func parsedColumns() throws -> [ColumnDefinition] {
        var definitions: [ColumnDefinition] = []
        for specification in columns {
            do { definitions.append(try ColumnDefinition.parse(specification)) } catch { throw ValidationError(error.description) }
        }
        return definitions
    }

    func readerOptions() throws -> ReaderOptions {
        ReaderOptions(format: format, columns: try parsedColumns(), reduce: reduce, dropHighestLoss: dropHighestLoss)
    }

    /// Reads the log, turning a refusal of the data into a message and exit status 65.
    func read() throws -> RunLog {
        let options = try readerOptions()
        return try reportingDataErrors { () throws(DataError) in try RunLogReader.read(path: file, options: options) }
    }
}
