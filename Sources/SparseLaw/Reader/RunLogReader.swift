import Foundation

/// Reads training-run logs into runs: read -> table -> fields -> validated runs -> one per run.
public enum RunLogReader {
    /// Reads the file at `path`. Every refusal is a `DataError` naming the file, the line or
    /// record, and the field.
    public static func read(path: String, options: ReaderOptions = .init()) throws(DataError) -> RunLog {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
            throw DataError(file: path, reason: reason)
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw DataError(file: path, reason: "is a directory")
        }
        return try read(data: data, name: path, options: options)
    }

    /// Reads `data` as if it were a file called `name` (whose extension picks the format unless
    /// `options.format` does).
    public static func read(data: Data, name: String, options: ReaderOptions = .init()) throws(DataError) -> RunLog {
        let (table, format) = try table(data: data, name: name, format: options.format)
        let fields = try FieldResolver(table: table, definitions: options.columns, file: name)
        var runs: [TrainingRun] = []
        runs.reserveCapacity(table.rows.count)
        for row in table.rows { runs.append(try fields.run(from: row)) }

        var notes: [String] = []
        if fields.sources[.run].map({ if case .column = $0 { return true } else { return false } }) == true {
            let (reduced, curves) = reduce(runs, by: options.reduce)
            if curves > 0 {
                runs = reduced
                let kept = options.reduce == .last ? "the last row (most data)" : "the row of lowest loss"
                notes.append("\(curves) run\(curves == 1 ? " has" : "s have") several rows (a loss curve): kept \(kept) of each (--reduce \(options.reduce.rawValue)). Intermediate checkpoints of a run with a decaying learning-rate schedule are not points of the law: train a separate run for each data budget.")
            }
        }
        if options.dropHighestLoss > 0 {
            guard options.dropHighestLoss < runs.count else {
                throw DataError(file: name, reason: "--drop-highest-loss \(options.dropHighestLoss) would leave no runs of \(runs.count)")
            }
            let cut = runs.map(\.loss).sorted(by: >)[options.dropHighestLoss - 1]
            var dropped = 0
            runs = runs.filter { run in
                if run.loss >= cut && dropped < options.dropHighestLoss { dropped += 1; return false }
                return true
            }
            notes.append("dropped the \(options.dropHighestLoss) run\(options.dropHighestLoss == 1 ? "" : "s") of highest loss (--drop-highest-loss)")
        }
        return RunLog(file: name, format: format, runs: runs, sources: fields.sources, rowsRead: table.rows.count, notes: notes)
    }

    /// The file's bytes as a table of cells, in the given format or the one its name or content
    /// implies; a table without data rows is refused.
    static func table(data: Data, name: String, format: RunLogFormat?) throws(DataError) -> (RawTable, RunLogFormat) {
        let text = try TextDecoding.decode(data, file: name)
        let format = format ?? RunLogFormat.fromExtension(of: name) ?? RunLogFormat.sniff(text[...])
        let table: RawTable
        switch format {
        case .csv: table = try DelimitedParser.parse(text, delimiter: csvDelimiter(text), file: name)
        case .tsv: table = try DelimitedParser.parse(text, delimiter: "\t", file: name)
        case .jsonl: table = try JSONParser.parseLines(text, file: name)
        case .json: table = try JSONParser.parseDocument(text, file: name)
        }
        if table.rows.isEmpty { throw DataError(file: name, reason: "the file has a header but no data rows") }
        return (table, format)
    }

    /// Comma unless the header has none and semicolons instead (spreadsheet exports in locales
    /// where the comma is the decimal mark).
    static func csvDelimiter(_ text: String) -> Unicode.Scalar {
        let header = text.drop(while: \.isNewline).prefix { !$0.isNewline }
        return !header.contains(",") && header.contains(";") ? ";" : ","
    }

    /// Groups rows by run name, keeping the first appearance order; returns the runs and how many
    /// had more than one row.
    static func reduce(_ runs: [TrainingRun], by reduction: Reduction) -> ([TrainingRun], Int) {
        var order: [String] = []
        var best: [String: TrainingRun] = [:]
        var rowCount: [String: Int] = [:]
        var unnamed: [TrainingRun] = []
        for run in runs {
            guard let name = run.run else { unnamed.append(run); continue }
            rowCount[name, default: 0] += 1
            guard let current = best[name] else { order.append(name); best[name] = run; continue }
            switch reduction {
            case .last: if run.tokens >= current.tokens { best[name] = run }
            case .min: if run.loss < current.loss { best[name] = run }
            }
        }
        let curves = rowCount.values.filter { $0 > 1 }.count
        return (order.map { best[$0]! } + unnamed, curves)
    }
}

/// Decides, for one table, where each field comes from, and turns rows into runs.
struct FieldResolver {
    enum Numeric {
        case column(Int, name: String)
        case complement(Int, name: String)
        case total(Int, name: String)
        case expression(ColumnExpression, text: String, columns: [String: Int])
        case constant(Double)
    }

    let file: String
    let table: RawTable
    var sources: [RunField: FieldSource] = [:]
    var numeric: [RunField: Numeric] = [:]
    var runColumn: Int?
    var patternColumn: Int?

    /// `required`: the numeric fields the table must provide (a query of a law has no loss).
    init(table: RawTable, definitions: [ColumnDefinition], file: String,
         required: [RunField] = [.params, .tokens, .loss]) throws(DataError) {
        self.file = file
        self.table = table
        var exact: [String: Int] = [:]
        var normalized: [String: Int] = [:]
        for (index, name) in table.columns.enumerated() {
            if exact[name] == nil { exact[name] = index }
            let key = normalizedHeader(name)
            if normalized[key] == nil { normalized[key] = index }
        }
        func find(_ aliases: [String]) -> Int? { aliases.lazy.compactMap { normalized[$0] }.first }
        func lookup(_ name: String) -> Int? { exact[name] ?? normalized[normalizedHeader(name)] }

        var defined = Set<RunField>()
        for definition in definitions {
            if defined.contains(definition.field) {
                throw DataError(file: file, field: definition.field.rawValue, reason: "--column defines this field twice")
            }
            defined.insert(definition.field)
            var columns: [String: Int] = [:]
            for name in definition.expression.columnNames {
                guard let index = lookup(name) else {
                    throw DataError(file: file, field: definition.field.rawValue,
                                    reason: "--column \(definition.field.rawValue)=\(definition.text): no column \"\(name)\"; the columns are \(Self.list(table.columns))")
                }
                columns[name] = index
            }
            numeric[definition.field] = .expression(definition.expression, text: definition.text, columns: columns)
            sources[definition.field] = .expression(definition.text)
        }

        if numeric[.sparsity] == nil {
            if let index = find(RunField.sparsity.aliases) {
                numeric[.sparsity] = .column(index, name: table.columns[index])
                sources[.sparsity] = .column(table.columns[index])
            } else if let index = find(RunField.densityAliases) {
                numeric[.sparsity] = .complement(index, name: table.columns[index])
                sources[.sparsity] = .complementOf(table.columns[index])
            } else {
                numeric[.sparsity] = .constant(0)
                sources[.sparsity] = .absent("0 (no sparsity column: dense runs)")
            }
        }
        if numeric[.params] == nil {
            if let index = find(RunField.params.aliases) {
                numeric[.params] = .column(index, name: table.columns[index])
                sources[.params] = .column(table.columns[index])
            } else if let index = find(RunField.totalParamsAliases) {
                numeric[.params] = .total(index, name: table.columns[index])
                let dense = sources[.sparsity].map { if case .absent = $0 { return true } else { return false } } ?? true
                sources[.params] = dense ? .column(table.columns[index]) : .totalParams(table.columns[index])
            }
        }
        for field in [RunField.tokens, .loss] where numeric[field] == nil {
            if let index = find(field.aliases) {
                numeric[field] = .column(index, name: table.columns[index])
                sources[field] = .column(table.columns[index])
            }
        }
        for field in required where numeric[field] == nil {
            throw DataError(file: file, field: field.rawValue, reason: Self.missingFieldReason(field, columns: table.columns))
        }
        runColumn = find(RunField.run.aliases)
        patternColumn = find(RunField.pattern.aliases)
        if let runColumn { sources[.run] = .column(table.columns[runColumn]) }
        if let patternColumn { sources[.pattern] = .column(table.columns[patternColumn]) }
    }

    static func list(_ columns: [String]) -> String {
        columns.map { "\"\($0)\"" }.joined(separator: ", ")
    }

    static func missingFieldReason(_ field: RunField, columns: [String]) -> String {
        var reason = "no column for this field (looked for \(field.aliases.prefix(6).joined(separator: ", ")), ...); the columns are \(list(columns)). Define it with --column \(field.rawValue)=EXPR"
        let normalized = Set(columns.map(normalizedHeader))
        if field == .tokens, let steps = ["steps", "step", "train_steps", "iterations", "iters"].first(where: normalized.contains) {
            reason += ", e.g. --column 'tokens=\(steps)*TOKENS_PER_STEP'"
        }
        if field == .tokens, normalized.contains("training_flop") || normalized.contains("flops") || normalized.contains("compute") {
            reason += ", e.g. tokens = FLOPs / (6 * params)"
        }
        return reason
    }

    func run(from row: RawTable.Row) throws(DataError) -> TrainingRun {
        let point = try point(from: row)
        let loss = try value(.loss, row)
        guard loss > 0 else { throw fieldError(.loss, row, "\(loss) is not positive") }
        return TrainingRun(nonZeroParams: point.params, sparsity: point.sparsity, tokens: point.tokens, loss: loss,
                           run: try label(runColumn, row), pattern: try label(patternColumn, row)?.lowercased(),
                           source: row.location)
    }

    /// N, S and D of a row, each checked: S in [0, 1), N and D positive.
    func point(from row: RawTable.Row) throws(DataError) -> (params: Double, sparsity: Double, tokens: Double) {
        let sparsity = try value(.sparsity, row)
        guard sparsity >= 0, sparsity < 1 else {
            var reason = "sparsity \(sparsity) is outside [0, 1)"
            if sparsity > 1, sparsity < 100 { reason += "; if it is a percentage, write \(sparsity)% or --column 'sparsity=COLUMN/100'" }
            if sparsity == 1 { reason += " (a fully pruned model has no parameters)" }
            throw fieldError(.sparsity, row, reason)
        }
        var params = try value(.params, row)
        if case .total = numeric[.params] { params *= 1 - sparsity }
        let tokens = try value(.tokens, row)
        for (field, number) in [(RunField.params, params), (.tokens, tokens)] where !(number > 0) {
            throw fieldError(field, row, "\(number) is not positive")
        }
        return (params, sparsity, tokens)
    }

    func fieldError(_ field: RunField, _ row: RawTable.Row, _ reason: String) -> DataError {
        DataError(file: file, location: row.location, field: describe(field), reason: reason)
    }

    private func describe(_ field: RunField) -> String {
        switch sources[field] {
        case .column(let name)? where name == field.rawValue: return "\"\(field.rawValue)\""
        case let source?: return "\"\(field.rawValue)\" (\(source))"
        case nil: return "\"\(field.rawValue)\""
        }
    }

    /// A finite number for the field, or a refusal naming the row, the field and the column.
    private func value(_ field: RunField, _ row: RawTable.Row) throws(DataError) -> Double {
        let result: Double
        switch numeric[field]! {
        case .constant(let value):
            result = value
        case .column(let index, let name):
            result = try number(row.cells[index], row, field: field, column: name, allowPercent: field == .sparsity)
        case .complement(let index, let name):
            result = 1 - (try number(row.cells[index], row, field: field, column: name, allowPercent: true))
        case .total(let index, let name):
            result = try number(row.cells[index], row, field: field, column: name, allowPercent: false)
        case .expression(let expression, _, let columns):
            result = try expression.evaluate { name throws(DataError) in
                try number(row.cells[columns[name]!], row, field: field, column: table.columns[columns[name]!], allowPercent: true)
            }
        }
        guard result.isFinite else { throw fieldError(field, row, result.isNaN ? "the value is NaN" : "the value is infinite") }
        return result
    }

    private func number(_ cell: RawCell, _ row: RawTable.Row, field: RunField, column: String, allowPercent: Bool) throws(DataError) -> Double {
        let where_ = column == field.rawValue ? "\"\(field.rawValue)\"" : "\"\(field.rawValue)\" (column \"\(column)\")"
        switch cell {
        case .number(let value):
            guard value.isFinite else { throw DataError(file: file, location: row.location, field: where_, reason: "the value is \(value.isNaN ? "NaN" : "infinite")") }
            return value
        case .empty:
            throw DataError(file: file, location: row.location, field: where_, reason: "the value is missing")
        case .unusable(let kind):
            throw DataError(file: file, location: row.location, field: where_, reason: "\(kind) where a number was expected")
        case .text(let text):
            switch NumberParser.parse(text, allowPercent: allowPercent) {
            case .success(let value):
                guard value.isFinite else { throw DataError(file: file, location: row.location, field: where_, reason: "the value \(quotedExcerpt(text)) is \(value.isNaN ? "NaN" : "infinite")") }
                return value
            case .failure(let failure):
                throw DataError(file: file, location: row.location, field: where_, reason: failure.description)
            }
        }
    }

    func label(_ index: Int?, _ row: RawTable.Row) throws(DataError) -> String? {
        guard let index else { return nil }
        switch row.cells[index] {
        case .empty: return nil
        case .text(let text): return String(text.trimmingSpaces())
        case .number(let number): return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .unusable(let kind):
            throw DataError(file: file, location: row.location, field: "\"\(table.columns[index])\"", reason: "\(kind) where a name was expected")
        }
    }
}
