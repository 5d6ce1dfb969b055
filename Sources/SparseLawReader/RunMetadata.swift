import SparseLawCore

/// A table of facts about runs (their size, sparsity, token budget, config), one row per run,
/// joined to the rows of the logs by run name: its columns become columns of every row of the
/// run, usable by the field headers and by `--column` expressions like any other.
///
/// The run name is the metadata's run column (`run`, `run_id`, `name`, ...; see
/// `RunField.run`), compared with the logs' run names exactly, after trimming spaces: by their
/// bytes, so that `café` in NFC and in NFD name two runs, as they do in the logs.
struct RunMetadata {
    let file: String
    /// The columns joined, without the run column.
    let columns: [String]
    private let rowsByName: [[UInt8]: [RawCell]]
    /// Run names in the order of the file.
    let names: [String]

    init(table: RawTable, file: String) throws(DataError) {
        self.file = file
        guard let nameColumn = ColumnLookup(table.columns).runColumn else {
            throw DataError(file: file, problem: .metadataWithoutRunColumn(columns: table.columns))
        }
        let kept = table.columns.indices.filter { $0 != nameColumn }
        columns = kept.map { table.columns[$0] }
        var rowsByName: [[UInt8]: [RawCell]] = [:]
        var firstLocation: [[UInt8]: SourceLocation] = [:]
        var names: [String] = []
        for row in table.rows {
            guard let name = try FieldResolver.label(nameColumn, row, columns: table.columns, file: file) else {
                throw DataError(file: file, location: row.location, field: "\"\(table.columns[nameColumn])\"", problem: .missingValue)
            }
            let key = Array(name.utf8)
            if let first = firstLocation[key] {
                throw DataError(file: file, location: row.location, field: "\"\(table.columns[nameColumn])\"",
                                problem: .duplicateRunName(name: name, first: first))
            }
            firstLocation[key] = row.location
            names.append(name)
            rowsByName[key] = kept.map { row.cells[$0] }
        }
        self.rowsByName = rowsByName
        self.names = names
    }

    /// The joined cells of the run named exactly `name`.
    func row(named name: String) -> [RawCell]? { rowsByName[Array(name.utf8)] }
}
