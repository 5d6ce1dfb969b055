import SparseLawCore

/// A table of facts about runs (their size, sparsity, token budget, config), one row per run,
/// joined to the rows of the logs by run name: its columns become columns of every row of the
/// run, usable by the field headers and by `--column` expressions like any other.
///
/// The run name is the metadata's run column (`run`, `run_id`, `name`, ...; see
/// `RunField.run`), compared with the logs' run names exactly, after trimming spaces.
struct RunMetadata {
    let file: String
    /// The columns joined, without the run column.
    let columns: [String]
    let rowsByName: [String: [RawCell]]
    /// Run names in the order of the file.
    let names: [String]

    init(table: RawTable, file: String) throws(DataError) {
        self.file = file
        guard let nameColumn = ColumnLookup(table.columns).runColumn else {
            throw DataError(file: file, problem: .metadataWithoutRunColumn(columns: table.columns))
        }
        let kept = table.columns.indices.filter { $0 != nameColumn }
        columns = kept.map { table.columns[$0] }
        var rowsByName: [String: [RawCell]] = [:]
        var firstLocation: [String: SourceLocation] = [:]
        var names: [String] = []
        for row in table.rows {
            guard let name = try FieldResolver.label(nameColumn, row, columns: table.columns, file: file) else {
                throw DataError(file: file, location: row.location, field: "\"\(table.columns[nameColumn])\"", problem: .missingValue)
            }
            if let first = firstLocation[name] {
                throw DataError(file: file, location: row.location, field: "\"\(table.columns[nameColumn])\"",
                                problem: .duplicateRunName(name: name, first: first))
            }
            firstLocation[name] = row.location
            names.append(name)
            rowsByName[name] = kept.map { row.cells[$0] }
        }
        self.rowsByName = rowsByName
        self.names = names
    }
}
