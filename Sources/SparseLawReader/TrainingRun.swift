import SparseLawCore

/// One point of a scaling law: a finished training run.
public struct TrainingRun: Sendable, Hashable {
    /// N, the number of non-zero parameters (> 0).
    public var nonZeroParams: Double
    /// S, the fraction of weights that are zero, in [0, 1).
    public var sparsity: Double
    /// D, the training data seen (> 0), in the data's own unit.
    public var tokens: Double
    /// The final loss (> 0).
    public var loss: Double
    public var run: String?
    public var pattern: String?
    /// Where the run was read from, for messages; nil for runs made in code.
    public var source: SourceLocation?
    /// The file it was read from; nil for runs made in code.
    public var file: String?

    public init(nonZeroParams: Double, sparsity: Double, tokens: Double, loss: Double,
                run: String? = nil, pattern: String? = nil, source: SourceLocation? = nil, file: String? = nil) {
        self.nonZeroParams = nonZeroParams
        self.sparsity = sparsity
        self.tokens = tokens
        self.loss = loss
        self.run = run
        self.pattern = pattern
        self.source = source
        self.file = file
    }
}
