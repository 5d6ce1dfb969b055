import ArgumentParser
import SparseLaw

extension RunLogFormat: ExpressibleByArgument {}
extension Reduction: ExpressibleByArgument {}

/// How training-run logs are read; shared by every command that reads them.
struct RunLogOptions: ParsableArguments {
    @Argument(help: ArgumentHelp(
        "Training-run logs: files, folders of logs or of run folders, or - for standard input (with --format).",
        discussion: "CSV, TSV, JSON Lines, JSON (records, pandas layouts, Hugging Face trainer_state.json) and TensorBoard event files.",
        valueName: "path"))
    var files: [String]

    @Option(help: "The format (\(RunLogFormat.allCases.map(\.rawValue).joined(separator: ", "))); default: from each file's name, else its content.")
    var format: RunLogFormat?

    @Option(name: .customLong("column"),
            help: ArgumentHelp("Define a field from the logs' columns, e.g. 'tokens=steps*65536' (repeatable).",
                               discussion: "Fields: params, sparsity, tokens, loss. Arithmetic: + - * / and parentheses; quote column names with spaces or / in backticks. At most \(Limits.expressionLength) characters, nested at most \(Limits.expressionDepth) deep.",
                               valueName: "name=expr"))
    var columns: [String] = []

    @Option(help: ArgumentHelp("A table of runs (CSV, TSV, JSON) joined to the logs by run name; its columns can be used like the logs'.", valueName: "file"))
    var meta: String?

    @Option(help: ArgumentHelp("The loss column, by its exact name (no quoting needed).", valueName: "name"))
    var lossColumn: String?

    @Option(name: .customLong("where"),
            help: ArgumentHelp("Keep the rows that satisfy a condition, e.g. 'State == \"finished\"' (repeatable: all must hold).",
                               discussion: "Comparisons == != < <= > >= of columns, numbers and quoted text, joined with and, or, not.",
                               valueName: "condition"))
    var conditions: [String] = []

    @Option(help: "For runs with several rows (a loss curve): keep the last row or the lowest loss, or fit every row (last, min, none; with none the bootstrap resamples whole runs).")
    var reduce: Reduction = .last

    @Option(parsing: .unconditional, help: ArgumentHelp("Leave out the K runs with the highest loss.", valueName: "k"),
            transform: WholeNumber.parser(0...Int.max))
    var dropHighestLoss: Int = 0

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one log (a file, a folder, or - for standard input)") }
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be read once") }
        if files.contains("-"), format == nil { throw ValidationError("reading standard input (-) needs --format") }
        if let lossColumn, lossColumn.isEmpty { throw ValidationError("--loss-column needs a column name") }
        _ = try parsedColumns()
        _ = try filter()
    }

    func parsedColumns() throws -> [ColumnDefinition] {
        var definitions: [ColumnDefinition] = []
        for specification in columns {
            do { definitions.append(try ColumnDefinition.parse(specification)) } catch { throw ValidationError(error.description) }
        }
        return definitions
    }

    /// The `--where` conditions, all of which must hold.
    func filter() throws -> RowFilter? {
        var combined: RowFilter?
        for condition in conditions {
            let parsed: RowFilter
            do { parsed = try RowFilter.parse(condition) } catch { throw ValidationError(error.description) }
            combined = combined.map { .and($0, parsed) } ?? parsed
        }
        return combined
    }

    func readerOptions(maxInputBytes: Int = Limits.inputBytes) throws -> ReaderOptions {
        ReaderOptions(format: format, columns: try parsedColumns(), reduce: reduce, dropHighestLoss: dropHighestLoss,
                      metadata: meta, lossColumn: lossColumn, filter: try filter(), maxInputBytes: maxInputBytes)
    }

    /// The paths given (not standard input), which no output of the run may replace.
    var inputPaths: [String] {
        files.filter { $0 != "-" } + (meta.map { [$0] } ?? [])
    }

    /// Reads the logs; a refusal of the data is a `DataError` (status 65). No file larger than
    /// `maxInputBytes` is read.
    func read(maxInputBytes: Int = Limits.inputBytes) throws -> RunLog {
        let options = try readerOptions(maxInputBytes: maxInputBytes)
        let inputs = try files.map { path throws(DataError) in path == "-" ? try LogInput.standardInput(limit: maxInputBytes) : LogInput.path(path) }
        return try RunLogReader.read(inputs, options: options)
    }
}
