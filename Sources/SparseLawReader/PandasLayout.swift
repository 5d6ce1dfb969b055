import SparseLawCore

/// pandas' `DataFrame.to_json()` layouts that need more than reading records:
///
/// - `orient="columns"` (the default), `{"column": {"row id": value}}`, and `orient="index"`,
///   `{"row id": {"column": value}}`: the same nesting with the roles of the keys swapped, so
///   the reader decides which level holds the column names (see `orientation`).
/// - `orient="table"`: `{"schema": {"fields": [{"name": ..., "type": ...}], "primaryKey": [...]},
///   "data": [{...}, ...]}` (Table Schema, frictionlessdata.io), with the columns in the schema's
///   order. The index is one of the fields (`index` when unnamed) and is kept as a column.
///
/// `split` and `records` are read by `JSONParser`; `values` (rows without column names) cannot be.
enum PandasLayout {
    enum Orientation: Equatable, Sendable {
        /// Outer keys are column names.
        case columns
        /// Outer keys are row ids.
        case index
    }

    /// What decided the orientation.
    enum Evidence: Equatable, Sendable {
        /// One level has more names the reader recognizes as fields than the other.
        case fieldNames
        /// One level's keys are all integers (pandas' default row ids) and the other's are not.
        case integerRowIDs
        /// Nothing told the levels apart: pandas' default, `columns`, was assumed.
        case pandasDefault
    }

    /// Header names the reader recognizes, normalized (`normalizedHeader`).
    static let recognizedNames: Set<String> = Set(RunField.allCases.flatMap(\.aliases)
        + RunField.totalParamsAliases + RunField.densityAliases)

    /// Whether `object` is pandas' nested layout: every value an object.
    static func isNested(_ object: [String: JSONValue]) -> Bool {
        !object.isEmpty && object.values.allSatisfy { $0.objectValue != nil }
    }

    /// Which level of `{"a": {"b": value}}` holds the column names. First the names: the level
    /// with more recognized field names (`extraNames`, normalized, count too: the columns that
    /// `--column` expressions read) holds the columns. Then the row ids: a level whose keys are all
    /// integers while the other's are not holds the rows (a frame with a default index). Failing
    /// both, pandas' default.
    static func orientation(outer: some Collection<String>, inner: Set<String>, extraNames: Set<String> = []) -> (Orientation, Evidence) {
        let names = recognizedNames.union(extraNames)
        let outerNames = outer.filter { names.contains(normalizedHeader($0)) }.count
        let innerNames = inner.filter { names.contains(normalizedHeader($0)) }.count
        if outerNames != innerNames { return (outerNames > innerNames ? .columns : .index, .fieldNames) }
        let outerIntegers = outer.allSatisfy { Int($0) != nil }
        let innerIntegers = inner.allSatisfy { Int($0) != nil }
        if outerIntegers != innerIntegers { return (outerIntegers ? .index : .columns, .integerRowIDs) }
        return (.columns, .pandasDefault)
    }

    /// The table of a nested layout, rows in row-id order (integers numerically, before other
    /// ids), columns in alphabetical order (JSON objects have no order a reader may rely on).
    /// Each row's location is its row id.
    static func nestedTable(_ object: [String: JSONValue], extraNames: Set<String> = []) throws(JSONLayoutError) -> (RawTable, Orientation, Evidence) {
        var nested: [String: [String: JSONValue]] = [:]
        var innerKeys = Set<String>()
        for (key, value) in object {
            guard let inner = value.objectValue else { throw JSONLayoutError(problem: .nestedValueNotObject(key: key)) }
            nested[key] = inner
            innerKeys.formUnion(inner.keys)
        }
        let (orientation, evidence) = self.orientation(outer: nested.keys, inner: innerKeys, extraNames: extraNames)
        let rowIDs = orientation == .columns ? Array(innerKeys) : Array(nested.keys)
        let columns = (orientation == .columns ? Array(nested.keys) : Array(innerKeys)).sorted()
        func value(row: String, column: String) -> JSONValue {
            (orientation == .columns ? nested[column]?[row] : nested[row]?[column]) ?? .null
        }
        let rows = sortedRowIDs(rowIDs).map { id in
            RawTable.Row(location: .rowID(id), cells: columns.map { JSONParser.cell(value(row: id, column: $0)) })
        }
        return (RawTable(columns: columns, rows: rows), orientation, evidence)
    }

    /// Integer ids in numeric order, then the others in text order.
    static func sortedRowIDs(_ ids: [String]) -> [String] {
        ids.sorted { lhs, rhs in
            switch (Int(lhs), Int(rhs)) {
            case let (l?, r?): return l < r
            case (nil, nil): return lhs < rhs
            case (_?, nil): return true
            case (nil, _?): return false
            }
        }
    }

    /// Whether `object` is pandas' `orient="table"` layout.
    static func isTableOrient(_ object: [String: JSONValue]) -> Bool {
        guard case .object(let schema)? = object["schema"], case .array? = schema["fields"],
              case .array? = object["data"] else { return false }
        return true
    }

    /// The table of an `orient="table"` document; each row's location is its 1-based position in
    /// `data`. Keys a record has beyond the schema are not read (pandas writes none).
    static func tableOrient(_ object: [String: JSONValue]) throws(JSONLayoutError) -> RawTable {
        guard case .object(let schema)? = object["schema"], case .array(let fields)? = schema["fields"],
              case .array(let data)? = object["data"] else { return RawTable(columns: [], rows: []) }
        var columns: [String] = []
        for (index, field) in fields.enumerated() {
            guard case .string(let name)? = field.objectValue?["name"] else {
                throw JSONLayoutError(problem: .schemaFieldWithoutName(index: index))
            }
            guard !columns.contains(name) else { throw JSONLayoutError(problem: .duplicateSchemaField(name)) }
            columns.append(name)
        }
        var rows: [RawTable.Row] = []
        rows.reserveCapacity(data.count)
        for (index, entry) in data.enumerated() {
            guard let record = entry.objectValue else {
                throw JSONLayoutError(location: .record(index + 1), problem: .dataEntryNotObject)
            }
            rows.append(.init(location: .record(index + 1), cells: columns.map { JSONParser.cell(record[$0] ?? .null) }))
        }
        return RawTable(columns: columns, rows: rows)
    }
}
