/// How several rows of one run (a loss curve) become the run's single point.
public enum Reduction: String, Sendable, CaseIterable {
    /// The final checkpoint: the row with the most training data, the later row on a tie.
    case last
    /// The lowest loss the run reached.
    case min
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

    public init(format: RunLogFormat? = nil, columns: [ColumnDefinition] = [], reduce: Reduction = .last, dropHighestLoss: Int = 0,
                maxInputBytes: Int = Limits.inputBytes) {
        self.format = format
        self.columns = columns
        self.reduce = reduce
        self.dropHighestLoss = dropHighestLoss
        self.maxInputBytes = maxInputBytes
    }
}
