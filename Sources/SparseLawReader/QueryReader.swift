import SparseLawCore
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The queries of a file: one per data row, in file order.
public struct QueryLog: Sendable {
    public var file: String
    public var format: RunLogFormat
    public var queries: [LawQuery]
    /// For each field, where its values came from.
    public var sources: [RunField: FieldSource]
}

/// Reads points at which to evaluate a law (N, S, D and an optional pattern) from the same
/// formats, header names and `--column` definitions as training-run logs. A loss column, if
/// any, is ignored; rows are never merged, so every row is one query.
public enum QueryReader {
    public static func read(path: String, format: RunLogFormat? = nil, columns: [ColumnDefinition] = [],
                            maxInputBytes: Int = Limits.inputBytes) throws(DataError) -> QueryLog {
        try read(data: InputFile.read(path: path, limit: maxInputBytes), name: path, format: format, columns: columns)
    }

    /// Reads `data` as if it were a file called `name`.
    public static func read(data: Data, name: String, format: RunLogFormat? = nil, columns: [ColumnDefinition] = []) throws(DataError) -> QueryLog {
        let (table, format) = try RunLogReader.table(data: data, name: name, format: format)
        let fields = try FieldResolver(table: table, definitions: columns.filter { $0.field != .loss }, file: name, required: [.params, .tokens])
        var queries: [LawQuery] = []
        queries.reserveCapacity(table.rows.count)
        for row in table.rows {
            let point = try fields.point(from: row)
            queries.append(LawQuery(params: point.params, sparsity: point.sparsity, tokens: point.tokens,
                                    pattern: try fields.label(fields.patternColumn, row)?.lowercased(),
                                    name: try fields.label(fields.runColumn, row), source: row.location))
        }
        var sources = fields.sources
        sources[.loss] = nil
        return QueryLog(file: name, format: format, queries: queries, sources: sources)
    }
}
