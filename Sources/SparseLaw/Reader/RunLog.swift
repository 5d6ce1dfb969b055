/// The runs read from one file, with what the reader did to get them.
public struct RunLog: Sendable {
    public var file: String
    public var format: RunLogFormat
    public var runs: [TrainingRun]
    /// For each field, where its values came from.
    public var sources: [RunField: FieldSource]
    /// Data rows in the file, before runs with several rows were reduced and points dropped.
    public var rowsRead: Int
    /// What the reader did that changes the data (reduction, dropped points).
    public var notes: [ReaderNote]
}
