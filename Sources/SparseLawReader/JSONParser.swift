import SparseLawCore
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// JSON Lines, JSON arrays of records, and pandas' `DataFrame.to_json()` layouts.
enum JSONParser {
    static func parseLines(_ text: String, file: String) throws(DataError) -> RawTable {
        var records = RecordTable()
        var lineNumber = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            let body = line.trimmingSpaces()
            if body.isEmpty { continue }
            let location = SourceLocation.line(lineNumber)
            let value = try decode(Data(body.utf8), file: file, location: location, line: lineNumber)
            guard let object = value.objectValue else {
                throw DataError(file: file, location: location, problem: .lineNotObject)
            }
            records.append(object, at: location)
        }
        return records.table
    }

    /// Which layout a JSON document was read as, for what the reader reports.
    enum DocumentLayout: Equatable {
        case records
        case split
        case table
        case trainerState
        case nested(PandasLayout.Orientation, PandasLayout.Evidence)
    }

    /// A JSON document: a trainer state (`log_history`), pandas' `table` or `split` layout, an
    /// object holding one array of records, an array of records, or pandas' nested layouts
    /// (`columns` or `index`, told apart by `PandasLayout.orientation`; `extraNames` are the
    /// columns that `--column` expressions read).
    static func parseDocument(_ text: String, file: String, extraNames: Set<String> = []) throws(DataError) -> (RawTable, DocumentLayout) {
        let document = try decode(Data(text.utf8), file: file, location: nil, line: 1)
        switch document {
        case .array(let items):
            return (try recordsTable(items, file: file), .records)
        case .object(let object):
            do {
                if TrainerState.matches(object) { return (try TrainerState.table(object), .trainerState) }
                if PandasLayout.isTableOrient(object) { return (try PandasLayout.tableOrient(object), .table) }
            } catch {
                throw DataError(file: file, location: error.location, problem: .jsonLayout(error.problem))
            }
            if case .array(let columnValues)? = object["columns"], case .array(let data)? = object["data"] {
                return (try splitTable(columns: columnValues, data: data, index: object["index"], file: file), .split)
            }
            if object.count == 1, case .array(let items)? = object.values.first {
                return (try recordsTable(items, file: file), .records)
            }
            do {
                let (table, orientation, evidence) = try PandasLayout.nestedTable(object, extraNames: extraNames)
                return (table, .nested(orientation, evidence))
            } catch {
                guard case .nestedValueNotObject(let key) = error.problem else {
                    throw DataError(file: file, location: error.location, problem: .jsonLayout(error.problem))
                }
                throw DataError(file: file, field: "\"\(key)\"", problem: .pandasColumnNotObject)
            }
        default:
            throw DataError(file: file, problem: .singleJSONValue)
        }
    }

    /// The JSON value of `data`, which starts on line `line` of the file; a key written twice in
    /// one object is refused (see `JSONDuplicateKeys`).
    private static func decode(_ data: Data, file: String, location: SourceLocation?, line: Int) throws(DataError) -> JSONValue {
        do {
            let value = try JSONDecoder().decode(JSONValue.self, from: data)
            if let duplicate = DataError.duplicateJSONKey(in: [UInt8](data), file: file, lineOffset: line - 1) { throw duplicate }
            return value
        } catch let error as DataError {
            throw error
        } catch let DecodingError.dataCorrupted(context) {
            if let deep = DataError.jsonTooDeep(in: [UInt8](data), file: file, lineOffset: line - 1) { throw deep }
            if let overflow = numberBeyondDouble(in: data, file: file, location: location) { throw overflow }
            let detail = context.underlyingError.map { "\($0)" }
            throw DataError(file: file, location: location, problem: .invalidJSON(detail: detail))
        } catch {
            if let overflow = numberBeyondDouble(in: data, file: file, location: location) { throw overflow }
            throw DataError(file: file, location: location, problem: .invalidJSON(detail: nil))
        }
    }

    /// The decoder refuses the whole document for one number beyond the doubles (`1e400`),
    /// without saying so: the refusal that names the number and its field.
    private static func numberBeyondDouble(in data: Data, file: String, location: SourceLocation?) -> DataError? {
        guard let overflow = JSONNumberScan.firstOverflow(in: [UInt8](data)) else { return nil }
        return DataError(file: file, location: location, field: overflow.path.isEmpty ? nil : overflow.path,
                         problem: .jsonNumberBeyondDouble(overflow.literal))
    }

    private static func recordsTable(_ items: [JSONValue], file: String) throws(DataError) -> RawTable {
        var records = RecordTable()
        for (index, item) in items.enumerated() {
            let location = SourceLocation.record(index + 1)
            guard let object = item.objectValue else {
                throw DataError(file: file, location: location, problem: .recordNotObject)
            }
            records.append(object, at: location)
        }
        return records.table
    }

    /// pandas' `orient="split"` layout: `{"columns": [...], "index": [...], "data": [[...], ...]}`.
    private static func splitTable(columns columnValues: [JSONValue], data: [JSONValue], index: JSONValue?, file: String) throws(DataError) -> RawTable {
        var columns: [String] = []
        for value in columnValues {
            guard case .string(let name) = value else {
                throw DataError(file: file, field: "columns", problem: .columnNameNotString)
            }
            if columns.contains(name) { throw DataError(file: file, field: "columns", problem: .duplicateHeader(name: name, columns: [])) }
            columns.append(name)
        }
        var rows: [RawTable.Row] = []
        for (position, rowValue) in data.enumerated() {
            let location = SourceLocation.record(position + 1)
            guard case .array(let values) = rowValue else {
                throw DataError(file: file, location: location, problem: .splitRowNotArray)
            }
            guard values.count == columns.count else {
                throw DataError(file: file, location: location, problem: .raggedRow(count: values.count, expected: columns.count, headerLine: nil))
            }
            var cells: [RawCell] = []
            for value in values {
                cells.append(cell(value))
            }
            rows.append(.init(location: location, cells: cells))
        }
        return RawTable(columns: columns, rows: rows)
    }

    static func cell(_ value: JSONValue) -> RawCell {
        switch value {
        case .null: return .empty
        case .number(let number): return .number(number)
        case .integer(let count): return .number(Double(count))
        case .string(let text): return text.allSatisfy(\.isWhitespace) ? .empty : .text(text)
        // Unused columns of any kind are fine (logs carry configs and flags); only reading one
        // of these as a field is refused.
        case .bool: return .unusable("a boolean")
        case .array, .object: return .unusable("a nested JSON value")
        }
    }
}

/// Records made into a table as they are read: the columns are every key, in the order they
/// first appear (each record's new keys sorted), and each row keeps only the keys its record has,
/// so that records bringing keys of their own cost what they hold, not records x keys.
struct RecordTable {
    private(set) var columns: [String] = []
    private var columnIndex: [String: Int32] = [:]
    private var rows: [RawTable.Row] = []

    mutating func append(_ object: [String: JSONValue], at location: SourceLocation) {
        var present: [(column: Int32, cell: RawCell)] = []
        present.reserveCapacity(object.count)
        for key in object.keys.sorted() {
            let column: Int32
            if let known = columnIndex[key] {
                column = known
            } else {
                column = Int32(columns.count)
                columnIndex[key] = column
                columns.append(key)
            }
            let cell = JSONParser.cell(object[key]!)
            if cell != .empty { present.append((column, cell)) }
        }
        present.sort { $0.column < $1.column }
        rows.append(.init(location: location, cells: RowCells(count: 0, sparseColumns: present.map(\.column), cells: present.map(\.cell))))
    }

    /// The table, every row as wide as the columns.
    var table: RawTable {
        let width = columns.count
        return RawTable(columns: columns, rows: rows.map { row in
            var row = row
            row.cells.pad(to: width)
            return row
        })
    }
}
