import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions

/// Where a row came from, as JSON keys: `line` (a line of a text file), `record` (a record of a
/// JSON array) or `rowId` (a row of a pandas column-oriented object); the others absent.
struct RowLocation: Sendable {
    var line: Int?
    var record: Int?
    var rowId: String?
    var byteOffset: Int?

    init(_ location: SourceLocation?) {
        switch location?.kind {
        case .line?: line = Int(location!.value)
        case .record?: record = Int(location!.value)
        case .rowID?: rowId = location!.value
        case .byteOffset?: byteOffset = Int(location!.value)
        case nil: break
        }
    }
}

/// One answer of `predict`, as JSON.
public struct PredictionRow: Sendable, Encodable {
    public var name: String?
    public var line: Int?
    public var record: Int?
    public var rowId: String?
    public var params: Double
    public var sparsity: Double
    public var tokens: Double
    public var pattern: String?
    public var loss: Double
    /// The 95% bootstrap interval of the loss, [low, high].
    public var lossInterval: Interval?
    /// Where the query extrapolates, and what its interval is conditional on: `{"code", "message", ...values}` each.
    public var warnings: [DiagnosticRecord]

    public init(_ prediction: Prediction) {
        let query = prediction.query
        let location = RowLocation(query.source)
        name = query.name
        line = location.line
        record = location.record
        rowId = location.rowId
        params = query.params
        sparsity = query.sparsity
        tokens = query.tokens
        pattern = query.pattern
        loss = prediction.loss
        lossInterval = prediction.interval
        warnings = prediction.warnings.map(DiagnosticRecord.init) + (prediction.condition.map { [DiagnosticRecord($0)] } ?? [])
    }
}

/// `predict --json` at one point: the row's keys beside the schema, the law and the replicates.
public struct PredictionReport: Sendable, Encodable {
    public var schema = OutputSchema.prediction
    public var law: String
    public var dataUnit: String
    /// Replicates behind `lossInterval`; absent when the law has none.
    public var replicates: Int?
    public var prediction: PredictionRow

    public init(law: String, dataUnit: String, replicates: Int, prediction: Prediction) {
        self.law = law
        self.dataUnit = dataUnit
        self.replicates = replicates > 0 ? replicates : nil
        self.prediction = PredictionRow(prediction)
    }

    private enum Keys: String, CodingKey { case schema, law, dataUnit, replicates }

    /// Flat: the prediction's keys sit beside `schema`, `law`, `dataUnit` and `replicates`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(schema, forKey: .schema)
        try container.encode(law, forKey: .law)
        try container.encode(dataUnit, forKey: .dataUnit)
        try container.encodeIfPresent(replicates, forKey: .replicates)
        try prediction.encode(to: encoder)
    }
}

/// `predict --queries FILE --json`: one row per query, in the file's order.
public struct PredictionTable: Sendable, Encodable {
    public var schema = OutputSchema.predictions
    public var law: String
    public var queries: String
    public var dataUnit: String
    public var count: Int
    public var replicates: Int?
    /// Queries with at least one extrapolation warning.
    public var extrapolating: Int
    public var predictions: [PredictionRow]

    public init(law: String, queries: String, dataUnit: String, replicates: Int, predictions: [Prediction]) {
        self.law = law
        self.queries = queries
        self.dataUnit = dataUnit
        self.replicates = replicates > 0 ? replicates : nil
        count = predictions.count
        extrapolating = predictions.filter { !$0.warnings.isEmpty }.count
        self.predictions = predictions.map(PredictionRow.init)
    }
}

extension PredictionReport {
    /// The loss, its interval and the warnings, one a line, as `predict` prints them.
    public var text: String {
        var lines = [numberText(prediction.loss, significant: 6)]
        if let interval = prediction.lossInterval, let replicates {
            lines.append("95% bootstrap interval \(interval.text(significant: 6)) (\(replicates) replicates of the law)")
        }
        lines += prediction.warnings.map { $0.label + ": " + $0.message }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension PredictionTable {
    /// One line for standard error when queries extrapolate; nil when none does.
    public var extrapolationSummary: String? {
        extrapolating == 0 ? nil : "\(extrapolating) of \(count) queries extrapolate beyond what the law was fitted on (see each row's warnings)"
    }
}
