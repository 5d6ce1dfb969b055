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
                throw DataError(file: file, field: definition.field.rawValue, problem: .fieldDefinedTwice)
            }
            defined.insert(definition.field)
            var columns: [String: Int] = [:]
            for name in definition.expression.columnNames {
                guard let index = lookup(name) else {
                    throw DataError(file: file, field: definition.field.rawValue,
                                    problem: .unknownColumn(definition: "\(definition.field.rawValue)=\(definition.text)", column: name, columns: table.columns))
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
                sources[.sparsity] = .assumedDense
            }
        }
        if numeric[.params] == nil {
            if let index = find(RunField.params.aliases) {
                numeric[.params] = .column(index, name: table.columns[index])
                sources[.params] = .column(table.columns[index])
            } else if let index = find(RunField.totalParamsAliases) {
                numeric[.params] = .total(index, name: table.columns[index])
                let dense = sources[.sparsity].map { $0 == .assumedDense } ?? true
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
            throw DataError(file: file, field: field.rawValue, problem: Self.missingField(field, columns: table.columns))
        }
        runColumn = find(RunField.run.aliases)
        patternColumn = find(RunField.pattern.aliases)
        if let runColumn { sources[.run] = .column(table.columns[runColumn]) }
        if let patternColumn { sources[.pattern] = .column(table.columns[patternColumn]) }
    }

    /// The refusal for a field no column gives, with what could define it.
    static func missingField(_ field: RunField, columns: [String]) -> DataProblem {
        let normalized = Set(columns.map(normalizedHeader))
        let steps = field == .tokens ? ["steps", "step", "train_steps", "iterations", "iters"].first(where: normalized.contains) : nil
        let hasCompute = field == .tokens && (normalized.contains("training_flop") || normalized.contains("flops") || normalized.contains("compute"))
        return .missingField(field: field, aliases: field.aliases, columns: columns, stepsColumn: steps, hasCompute: hasCompute)
    }

    func run(from row: RawTable.Row) throws(DataError) -> TrainingRun {
        let (params, sparsity, tokens) = try point(from: row, also: .loss)
        let loss = try value(.loss, row)
        guard loss > 0 else { throw fieldError(.loss, row, .notPositive(loss)) }
        return TrainingRun(nonZeroParams: params, sparsity: sparsity, tokens: tokens, loss: loss,
                           run: try label(runColumn, row), pattern: try label(patternColumn, row)?.lowercased(),
                           source: row.location)
    }

    /// N, S and D of a row, each checked: S in [0, 1), N and D positive. `also` names a field
    /// read with them, whose unreadable value is refused before N or D is found not positive
    /// (the order in which a run's problems are reported).
    func point(from row: RawTable.Row, also: RunField? = nil) throws(DataError) -> (params: Double, sparsity: Double, tokens: Double) {
        let sparsity = try value(.sparsity, row)
        guard sparsity >= 0, sparsity < 1 else { throw fieldError(.sparsity, row, .sparsityOutOfRange(sparsity)) }
        var params = try value(.params, row)
        if case .total = numeric[.params] { params *= 1 - sparsity }
        let tokens = try value(.tokens, row)
        if let also { _ = try value(also, row) }
        for (field, number) in [(RunField.params, params), (.tokens, tokens)] where !(number > 0) {
            throw fieldError(field, row, .notPositive(number))
        }
        return (params, sparsity, tokens)
    }

    private func fieldError(_ field: RunField, _ row: RawTable.Row, _ problem: DataProblem) -> DataError {
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
        guard result.isFinite else { throw fieldError(field, row, .nonFinite(text: nil, isNaN: result.isNaN)) }
        return result
    }

    private func number(_ cell: RawCell, _ row: RawTable.Row, field: RunField, column: String, allowPercent: Bool) throws(DataError) -> Double {
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

    func label(_ index: Int?, _ row: RawTable.Row) throws(DataError) -> String? {
        guard let index else { return nil }
        switch row.cells[index] {
        case .empty: return nil
        case .text(let text): return String(text.trimmingSpaces())
        case .number(let number): return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .unusable(let kind):
            throw DataError(file: file, location: row.location, field: "\"\(table.columns[index])\"", problem: .unusableValue(kind: kind, expectedName: true))
        }
    }
}
