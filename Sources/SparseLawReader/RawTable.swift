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
        public var cells: [RawCell]

        public init(location: SourceLocation, cells: [RawCell]) {
            self.location = location
            self.cells = cells
        }
    }

    public var columns: [String]
    public var rows: [Row]
}
