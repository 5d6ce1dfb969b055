import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions

/// Words for a query a law cannot answer.
extension PredictionFailure: CustomStringConvertible {
    public var description: String { problem.message }
}
