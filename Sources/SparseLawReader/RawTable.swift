import SparseLawCore

/// One cell of an input table before any interpretation.
public enum RawCell: Sendable, Equatable {
    case text(String)
    case number(Double)
    /// An empty CSV field, a JSON `null` or a key missing from a record.
    case empty
    /// A value that cannot stand for a number or a name (a JSON boolean or nested value),
    /// refused only if a field reads it.
    case unusable(String)
}

/// A table as read from a file: header names and rows of cells aligned with them, each row
/// remembering where in the file it came from.
public struct RawTable: Sendable {
    public struct Row: Sendable {
        public var location: SourceLocation
        public var cells: RowCells

        public init(location: SourceLocation, cells: RowCells) {
            self.location = location
            self.cells = cells
        }

        public init(location: SourceLocation, cells: [RawCell]) {
            self.init(location: location, cells: RowCells(cells))
        }
    }

    public var columns: [String]
    public var rows: [Row]
}

/// The cells of one row, stored as compactly as the file allows; read and written as a
/// collection of `RawCell`s, one per column.
///
/// A table is held whole while its runs are read, so its storage is most of the reader's
/// memory. A `RawCell` is 24 bytes and a text longer than 15 bytes is a heap object of its own,
/// which made a CSV take 8 to 9 times its size. So:
/// - a delimited row keeps its fields' UTF-8 bytes in one array with the end of each field
///   (4 bytes a cell), and makes a cell's `String` only when the cell is read;
/// - a JSON record keeps the columns it has (a log whose records each bring new keys would
///   otherwise grow as records x keys);
/// - any other row is an array of cells.
/// Columns past the stored ones are empty (a table joined with wider ones), and cells written
/// after reading (metadata joined in) are kept beside the stored ones.
public struct RowCells: Sendable, Equatable, RandomAccessCollection, MutableCollection, ExpressibleByArrayLiteral {
    enum Storage: Sendable, Equatable {
        case cells([RawCell])
        /// Field i is bytes[ends[i - 1] ..< ends[i]] (from 0 for the first); a field of only
        /// white space is stored empty.
        case delimited(bytes: [UInt8], ends: [UInt32])
        /// The cells of the given columns, in increasing column order; the others are empty.
        case sparse(columns: [Int32], cells: [RawCell])
    }

    var storage: Storage
    public private(set) var count: Int
    /// Cells written after the row was read, by column.
    var written: [Int: RawCell] = [:]

    public init(_ cells: [RawCell]) {
        storage = .cells(cells)
        count = cells.count
    }

    public init(arrayLiteral cells: RawCell...) {
        self.init(cells)
    }

    /// A delimited record's fields: `bytes` holds them one after another, `ends` where each ends.
    init(delimitedBytes bytes: [UInt8], ends: [UInt32]) {
        storage = .delimited(bytes: bytes, ends: ends)
        count = ends.count
    }

    /// A row of `count` columns holding `cells` at `columns` (increasing), empty elsewhere.
    init(count: Int, sparseColumns columns: [Int32], cells: [RawCell]) {
        storage = .sparse(columns: columns, cells: cells)
        self.count = count
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(column: Int) -> RawCell {
        get {
            precondition(column >= 0 && column < count, "column \(column) of a row of \(count)")
            if !written.isEmpty, let cell = written[column] { return cell }
            switch storage {
            case .cells(let cells):
                return column < cells.count ? cells[column] : .empty
            case .delimited(let bytes, let ends):
                guard column < ends.count else { return .empty }
                let start = column == 0 ? 0 : Int(ends[column - 1]), end = Int(ends[column])
                return start == end ? .empty : .text(String(decoding: bytes[start..<end], as: UTF8.self))
            case .sparse(let columns, let cells):
                var lower = 0, upper = columns.count
                while lower < upper {
                    let middle = (lower + upper) / 2
                    if Int(columns[middle]) < column { lower = middle + 1 } else { upper = middle }
                }
                return lower < columns.count && Int(columns[lower]) == column ? cells[lower] : .empty
            }
        }
        set {
            precondition(column >= 0 && column < count, "column \(column) of a row of \(count)")
            if case .cells(var cells) = storage, written.isEmpty {
                // Unique before the write, so that the array is changed in place.
                storage = .cells([])
                if column >= cells.count { cells.append(contentsOf: repeatElement(.empty, count: column + 1 - cells.count)) }
                cells[column] = newValue
                storage = .cells(cells)
            } else {
                written[column] = newValue
            }
        }
    }

    /// The row with column i moved to `positions[i]`, in a row of `count` columns (positions
    /// distinct and below `count`): what a file's row is in a table of more files' columns.
    public func moved(to positions: [Int], count: Int) -> RowCells {
        if case .sparse(let columns, let cells) = storage, written.isEmpty {
            // The stored cells only: a record's few keys in a table of many.
            let present = zip(columns, cells).map { (Int32(positions[Int($0.0)]), $0.1) }.sorted { $0.0 < $1.0 }
            return RowCells(count: count, sparseColumns: present.map(\.0), cells: present.map(\.1))
        }
        var cells = [RawCell](repeating: .empty, count: count)
        for (position, cell) in zip(positions, self) { cells[position] = cell }
        return RowCells(cells)
    }

    /// Widens the row to `count` columns; the new ones are empty.
    public mutating func pad(to count: Int) {
        if count > self.count { self.count = count }
    }

    public mutating func append(contentsOf cells: some Sequence<RawCell>) {
        for cell in cells {
            count += 1
            if cell != .empty { self[count - 1] = cell }
        }
    }

    public static func += (row: inout RowCells, cells: some Sequence<RawCell>) {
        row.append(contentsOf: cells)
    }

    public static func == (a: RowCells, b: RowCells) -> Bool {
        a.count == b.count && a.elementsEqual(b)
    }
}
