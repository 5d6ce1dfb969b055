import SparseLawCore

/// Where a field's values come from in a particular file.
public enum FieldSource: Sendable, Equatable {
    case column(String)
    /// S = 1 - density.
    case complementOf(String)
    /// N = total * (1 - S).
    case totalParams(String)
    case expression(String)
    /// No sparsity column: the runs are taken as dense (S = 0).
    case assumedDense
}
