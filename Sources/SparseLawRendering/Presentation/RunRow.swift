import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions

/// One run as JSON: where it was read from, its point and loss, and, in a fit's output, what the
/// law predicts for it.
public struct RunRow: Sendable, Encodable {
    public var name: String?
    public var file: String
    /// The line of a text file, the record of a JSON array, or the row id of a pandas column
    /// layout the run was read from (its last row, for a run reduced from a loss curve).
    public var line: Int?
    public var record: Int?
    public var rowId: String?
    /// The byte offset of the event record (of its step's first) in a TensorBoard event file.
    public var byteOffset: Int?
    public var params: Double
    public var sparsity: Double
    public var tokens: Double
    public var pattern: String?
    public var loss: Double
    /// The fitted law's loss for the run (with its pattern's constant, for a structured run).
    public var predicted: Double?
    /// loss - predicted.
    public var residual: Double?
    /// predicted / loss - 1.
    public var relativeError: Double?
    /// Whether the run was held out of the fit (`--holdout`).
    public var heldOut: Bool?

    public init(run: TrainingRun, file: String, predicted: Double? = nil, heldOut: Bool? = nil) {
        let location = RowLocation(run.source)
        name = run.run
        self.file = run.file ?? file
        line = location.line
        record = location.record
        rowId = location.rowId
        byteOffset = location.byteOffset
        params = run.nonZeroParams
        sparsity = run.sparsity
        tokens = run.tokens
        pattern = run.pattern
        loss = run.loss
        if let predicted {
            self.predicted = predicted
            residual = run.loss - predicted
            relativeError = predicted / run.loss - 1
        }
        self.heldOut = heldOut
    }
}
