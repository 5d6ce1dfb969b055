import SparseLawCore

/// How several rows of one run (a loss curve) become the run's single point.
public enum Reduction: String, Sendable, CaseIterable {
    /// The final checkpoint: the row with the most training data, the later row on a tie.
    case last
    /// The lowest loss the run reached.
    case min
    /// Every row kept as a point, named by its run: the fit uses the whole curve, and the
    /// bootstrap resamples runs (all of a run's rows together), since a run's rows share its noise.
    case none
}

/// Everything that shapes how a log becomes runs.
public struct ReaderOptions: Sendable {
    /// nil: from the file's extension, or from its content when the extension says nothing.
    public var format: RunLogFormat?
    public var columns: [ColumnDefinition]
    public var reduce: Reduction
    /// Leave out the K runs with the highest loss (Epoch AI's treatment of the Chinchilla points).
    public var dropHighestLoss: Int
    /// The largest file read, in bytes.
    public var maxInputBytes: Int
    /// A table of runs (CSV, TSV, JSON) whose columns join each log row by run name.
    public var metadata: String?
    /// The loss column, by its exact name; nil to choose by the headers.
    public var lossColumn: String?
    /// Only rows that satisfy it are read.
    public var filter: RowFilter?

    public init(format: RunLogFormat? = nil, columns: [ColumnDefinition] = [], reduce: Reduction = .last, dropHighestLoss: Int = 0,
                metadata: String? = nil, lossColumn: String? = nil, filter: RowFilter? = nil, maxInputBytes: Int = Limits.inputBytes) {
        self.format = format
        self.columns = columns
        self.reduce = reduce
        self.dropHighestLoss = dropHighestLoss
        self.maxInputBytes = maxInputBytes
        self.metadata = metadata
        self.lossColumn = lossColumn
        self.filter = filter
    }
}
