import SparseLawCore

/// The runs read from the logs given, with what the reader did to get them.
public struct RunLog: Sendable {
    /// The inputs as given (paths, folders), for messages and reports.
    public var file: String
    /// The files read, in order.
    public var files: [String]
    /// The formats of the files read, each once, in order of first use.
    public var formats: [RunLogFormat]
    public var runs: [TrainingRun]
    /// For each field, where its values came from.
    public var sources: [RunField: FieldSource]
    /// Data rows in the files, before rows were filtered, runs reduced and points dropped.
    public var rowsRead: Int
    /// What the reader did that changes the data (reduction, dropped points, choices made).
    public var notes: [ReaderNote]

    /// The format of the first file.
    public var format: RunLogFormat { formats[0] }
}
