import SparseLawCore

/// Decides, for the columns of the logs read together, where each field comes from, and turns
/// rows into runs.
///
/// A field's column is, in order: a `--column` definition; for the loss, the column named by the
/// user, else the one evaluation loss (refusing when there are several); a recognized header
/// (`RunField.aliases`, compared normalized), the first alias present winning; a dotted or
/// prefixed header whose last component is a recognized one (`model.sparsity`,
/// `config/n_params`), refused when two such headers end alike.
struct FieldResolver {
    enum Numeric {
        case column(Int, name: String)
        case complement(Int, name: String)
        case total(Int, name: String)
        case expression(ColumnExpression, text: String, columns: [String: Int])
        case constant(Double)
    }

    /// How the table is named in table-wide refusals (the inputs as given).
    let file: String
    let columns: [String]
    var sources: [RunField: FieldSource] = [:]
    var numeric: [RunField: Numeric] = [:]
    var runColumn: Int?
    var patternColumn: Int?
    /// What choosing the loss involved, when it involved a choice.
    var notes: [ReaderNote] = []

    /// `required`: the numeric fields the table must provide (a query of a law has no loss, and its
    /// loss is then not looked for).
    init(columns: [String], definitions: [ColumnDefinition], lossColumn: String? = nil, file: String,
         required: [RunField] = [.params, .tokens, .loss]) throws(DataError) {
        self.file = file
        self.columns = columns
        let lookup = ColumnLookup(columns)

        var defined = Set<RunField>()
        for definition in definitions {
            if defined.contains(definition.field) {
                throw DataError(file: file, field: definition.field.rawValue, problem: .fieldDefinedTwice)
            }
            defined.insert(definition.field)
            var indices: [String: Int] = [:]
            for name in definition.expression.columnNames {
                guard let index = lookup.index(of: name) else {
                    throw DataError(file: file, field: definition.field.rawValue,
                                    problem: .unknownColumn(definition: "\(definition.field.rawValue)=\(definition.text)", column: name,
                                                            columns: columns, suggestion: Self.splitName(name, in: definition.text, columns: columns)))
                }
                indices[name] = index
            }
            numeric[definition.field] = .expression(definition.expression, text: definition.text, columns: indices)
            sources[definition.field] = .expression(definition.text)
        }

        if numeric[.sparsity] == nil {
            if let index = try lookup.find(RunField.sparsity.aliases, for: .sparsity, file: file) {
                numeric[.sparsity] = .column(index, name: columns[index])
                sources[.sparsity] = .column(columns[index])
            } else if let index = try lookup.find(RunField.densityAliases, for: .sparsity, file: file) {
                numeric[.sparsity] = .complement(index, name: columns[index])
                sources[.sparsity] = .complementOf(columns[index])
            } else {
                numeric[.sparsity] = .constant(0)
                sources[.sparsity] = .assumedDense
                notes.append(.assumedDense)
            }
        }
        if numeric[.params] == nil {
            if let index = try lookup.find(RunField.params.aliases, for: .params, file: file) {
                numeric[.params] = .column(index, name: columns[index])
                sources[.params] = .column(columns[index])
            } else if let index = try lookup.find(RunField.totalParamsAliases, for: .params, file: file) {
                numeric[.params] = .total(index, name: columns[index])
                let dense = sources[.sparsity].map { $0 == .assumedDense } ?? true
                sources[.params] = dense ? .column(columns[index]) : .totalParams(columns[index])
            }
        }
        if numeric[.tokens] == nil, let index = try lookup.find(RunField.tokens.aliases, for: .tokens, file: file) {
            numeric[.tokens] = .column(index, name: columns[index])
            sources[.tokens] = .column(columns[index])
        }
        if numeric[.loss] == nil, required.contains(.loss), let index = try chooseLoss(lookup, named: lossColumn) {
            numeric[.loss] = .column(index, name: columns[index])
            sources[.loss] = .column(columns[index])
        }
        for field in required where numeric[field] == nil {
            throw DataError(file: file, field: field.rawValue, problem: Self.missingField(field, columns: columns))
        }
        runColumn = lookup.runColumn
        patternColumn = lookup.exact(RunField.pattern.aliases)
        if let runColumn { sources[.run] = .column(columns[runColumn]) }
        if let patternColumn { sources[.pattern] = .column(columns[patternColumn]) }
    }

    /// The loss column: the named one; else the single evaluation loss (several are refused, a
    /// training loss beside it is noted); else the recognized headers.
    private mutating func chooseLoss(_ lookup: ColumnLookup, named name: String?) throws(DataError) -> Int? {
        if let name {
            guard let index = columns.firstIndex(of: name) ?? lookup.index(of: name) else {
                throw DataError(file: file, field: RunField.loss.rawValue, problem: .unknownLossColumn(name: name, columns: columns))
            }
            return index
        }
        let evaluation = columns.indices.filter { Self.isEvaluationLoss(columns[$0]) }
        if evaluation.count > 1 {
            throw DataError(file: file, field: RunField.loss.rawValue, problem: .severalEvaluationLosses(columns: evaluation.map { columns[$0] }))
        }
        if let index = evaluation.first {
            let training = columns.filter(Self.isTrainingLoss)
            if !training.isEmpty { notes.append(.evaluationLossPreferred(column: columns[index], training: training)) }
            return index
        }
        return try lookup.find(RunField.loss.aliases, for: .loss, file: file)
    }

    static let evaluationMarkers: Set<Substring> = ["eval", "evaluation", "val", "valid", "validation", "test", "dev", "heldout"]

    /// A header naming a loss on held-out data: one of its words is an evaluation marker and one
    /// ends in `loss` (`val_loss`, `eval/loss`, `eval/c4_en-validation/CrossEntropyLoss`).
    static func isEvaluationLoss(_ header: String) -> Bool {
        let words = normalizedHeader(header).split(separator: "_")
        return words.contains(where: evaluationMarkers.contains) && words.contains { $0.hasSuffix("loss") }
    }

    /// A header naming the training loss: `loss`, `train_loss`, `training_loss`, or one of those
    /// after a prefix (`train/loss`).
    static func isTrainingLoss(_ header: String) -> Bool {
        let names: Set<String> = ["loss", "train_loss", "training_loss"]
        return !isEvaluationLoss(header) && (names.contains(normalizedHeader(header)) || lastNameComponent(header).map(names.contains) == true)
    }

    /// A column that an expression's text names but its grammar split at an operator: for `eval`
    /// read from `eval/loss`, the column `eval/loss`.
    static func splitName(_ name: String, in expression: String, columns: [String]) -> String? {
        columns.first { column in
            column != name && column.hasPrefix(name) && column.contains(where: { "+-*/ ()".contains($0) }) && expression.contains(column)
        }
    }

    /// The refusal for a field no column gives, with what could define it.
    static func missingField(_ field: RunField, columns: [String]) -> ReaderProblem {
        let normalized = Set(columns.map(normalizedHeader))
        let steps = field == .tokens ? ["steps", "step", "train_steps", "iterations", "iters", "global_step"].first(where: normalized.contains) : nil
        let hasCompute = field == .tokens && (normalized.contains("training_flop") || normalized.contains("flops") || normalized.contains("compute"))
        return .missingField(field: field, aliases: field.aliases, columns: columns, stepsColumn: steps, hasCompute: hasCompute)
    }

    /// Resolves the fields of one table.
    init(table: RawTable, definitions: [ColumnDefinition], file: String, required: [RunField] = [.params, .tokens, .loss]) throws(DataError) {
        try self.init(columns: table.columns, definitions: definitions, file: file, required: required)
    }

    /// N, S and D of a row of the table, each checked: S in [0, 1), N and D positive.
    func point(from row: RawTable.Row) throws(DataError) -> (params: Double, sparsity: Double, tokens: Double) {
        let sparsity = try value(.sparsity, row, file: file)
        guard sparsity >= 0, sparsity < 1 else { throw fieldError(.sparsity, row, file, .sparsityOutOfRange(sparsity)) }
        var params = try value(.params, row, file: file)
        if case .total = numeric[.params] { params *= 1 - sparsity }
        let tokens = try value(.tokens, row, file: file)
        for (field, number) in [(RunField.params, params), (.tokens, tokens)] where !(number > 0) {
            throw fieldError(field, row, file, .notPositive(number))
        }
        return (params, sparsity, tokens)
    }

    /// The text of a name column's cell in a row of the table; nil when empty.
    func label(_ index: Int?, _ row: RawTable.Row) throws(DataError) -> String? {
        try Self.label(index, row, columns: columns, file: file)
    }

    /// What a row gives.
    enum RowOutcome {
        case run(TrainingRun)
        /// A row of a history without a loss (a step between evaluations).
        case noLoss
        /// A row of a history at zero data (an evaluation before training).
        case noData
    }

    /// The run of one row; in a history (`isHistory`), rows without a loss or at zero data are
    /// not points and are left out. `file` is the row's file, `name` its run's name.
    func run(from row: RawTable.Row, file: String, name: String?, isHistory: Bool) throws(DataError) -> RowOutcome {
        let loss: Double
        do {
            loss = try value(.loss, row, file: file)
        } catch {
            if isHistory, error.problem(as: ReaderProblem.self) == .missingValue { return .noLoss }
            throw error
        }
        let sparsity = try value(.sparsity, row, file: file)
        guard sparsity >= 0, sparsity < 1 else { throw fieldError(.sparsity, row, file, .sparsityOutOfRange(sparsity)) }
        var params = try value(.params, row, file: file)
        if case .total = numeric[.params] { params *= 1 - sparsity }
        let tokens = try value(.tokens, row, file: file)
        if isHistory, tokens == 0 { return .noData }
        for (field, number) in [(RunField.params, params), (.tokens, tokens), (.loss, loss)] where !(number > 0) {
            throw fieldError(field, row, file, .notPositive(number))
        }
        return .run(TrainingRun(nonZeroParams: params, sparsity: sparsity, tokens: tokens, loss: loss,
                                run: name, pattern: try Self.label(patternColumn, row, columns: columns, file: file)?.lowercased(),
                                source: row.location, file: file))
    }

    private func fieldError(_ field: RunField, _ row: RawTable.Row, _ file: String, _ problem: ReaderProblem) -> DataError {
        DataError(file: file, location: row.location, field: describe(field), problem: problem)
    }

    private func describe(_ field: RunField) -> String {
        switch sources[field] {
        case .column(let name)? where name == field.rawValue: return "\"\(field.rawValue)\""
        case let source?: return "\"\(field.rawValue)\" (\(source))"
        case nil: return "\"\(field.rawValue)\""
        }
    }

    /// A finite number for the field, or a refusal naming the row, the field and the column.
    private func value(_ field: RunField, _ row: RawTable.Row, file: String) throws(DataError) -> Double {
        let result: Double
        switch numeric[field]! {
        case .constant(let value):
            result = value
        case .column(let index, let name):
            result = try number(row.cells[index], row, file: file, field: field, column: name, allowPercent: field == .sparsity)
        case .complement(let index, let name):
            result = 1 - (try number(row.cells[index], row, file: file, field: field, column: name, allowPercent: true))
        case .total(let index, let name):
            result = try number(row.cells[index], row, file: file, field: field, column: name, allowPercent: false)
        case .expression(let expression, _, let indices):
            result = try expression.evaluate { name throws(DataError) in
                try number(row.cells[indices[name]!], row, file: file, field: field, column: columns[indices[name]!], allowPercent: true)
            }
        }
        guard result.isFinite else { throw fieldError(field, row, file, .nonFinite(text: nil, isNaN: result.isNaN)) }
        return result
    }

    private func number(_ cell: RawCell, _ row: RawTable.Row, file: String, field: RunField, column: String, allowPercent: Bool) throws(DataError) -> Double {
        let where_ = column == field.rawValue ? "\"\(field.rawValue)\"" : "\"\(field.rawValue)\" (column \"\(column)\")"
        switch cell {
        case .number(let value):
            guard value.isFinite else { throw DataError(file: file, location: row.location, field: where_, problem: .nonFinite(text: nil, isNaN: value.isNaN)) }
            return value
        case .empty:
            throw DataError(file: file, location: row.location, field: where_, problem: .missingValue)
        case .unusable(let kind):
            throw DataError(file: file, location: row.location, field: where_, problem: .unusableValue(kind: kind, expectedName: false))
        case .text(let text):
            switch NumberParser.parse(text, allowPercent: allowPercent) {
            case .success(let value):
                guard value.isFinite else { throw DataError(file: file, location: row.location, field: where_, problem: .nonFinite(text: text, isNaN: value.isNaN)) }
                return value
            case .failure(let failure):
                throw DataError(file: file, location: row.location, field: where_, problem: .number(failure))
            }
        }
    }

    /// The text of a name column's cell (a run name, a pattern); nil when empty.
    static func label(_ index: Int?, _ row: RawTable.Row, columns: [String], file: String) throws(DataError) -> String? {
        guard let index else { return nil }
        switch row.cells[index] {
        case .empty: return nil
        case .text(let text):
            let trimmed = String(text.trimmingSpaces())
            return trimmed.isEmpty ? nil : trimmed
        case .number(let number): return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .unusable(let kind):
            throw DataError(file: file, location: row.location, field: "\"\(columns[index])\"", problem: .unusableValue(kind: kind, expectedName: true))
        }
    }
}

/// Finds columns by name: exactly, normalized, or by the last component of a dotted name.
struct ColumnLookup {
    let columns: [String]
    private var exactIndex: [String: Int] = [:]
    private var normalizedIndex: [String: Int] = [:]

    init(_ columns: [String]) {
        self.columns = columns
        for (index, name) in columns.enumerated() {
            if exactIndex[name] == nil { exactIndex[name] = index }
            let key = normalizedHeader(name)
            if normalizedIndex[key] == nil { normalizedIndex[key] = index }
        }
    }

    /// A column named `name` exactly, else after normalization.
    func index(of name: String) -> Int? { exactIndex[name] ?? normalizedIndex[normalizedHeader(name)] }

    /// The first alias present as a whole (normalized) header.
    func exact(_ aliases: [String]) -> Int? { aliases.lazy.compactMap { normalizedIndex[$0] }.first }

    /// The column of run names: a whole header only, never a last component (`model.name` is a
    /// model's name, not the run's).
    var runColumn: Int? { exact(RunField.run.aliases) }

    /// A whole header first; else, alias by alias, the one header whose last component is it
    /// (aliases of one letter do not count there: `optimizer.n` is not a parameter count).
    func find(_ aliases: [String], for field: RunField, file: String) throws(DataError) -> Int? {
        if let index = exact(aliases) { return index }
        for alias in aliases where alias.count > 1 {
            let matches = columns.indices.filter { lastNameComponent(columns[$0]) == alias }
            if matches.count > 1 {
                throw DataError(file: file, field: field.rawValue, problem: .ambiguousColumns(field: field, columns: matches.map { columns[$0] }))
            }
            if let match = matches.first { return match }
        }
        return nil
    }

    /// Whether the columns hold a step counter (`step`, `_step`, `global_step`,
    /// `trainer/global_step`, `iteration`): the table is a run's history.
    var hasStepColumn: Bool {
        columns.contains { RunField.stepAliases.contains(normalizedHeader($0)) || lastNameComponent($0).map(RunField.stepAliases.contains) == true }
    }
}
