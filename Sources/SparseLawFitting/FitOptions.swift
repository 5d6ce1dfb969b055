import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

/// How a law is fitted.
public struct FitOptions: Sendable, Equatable {
    public var form: LawForm
    public var loss: FitLoss
    /// Seeds the random shift of the exponent lattice; any seed reaches the same minimum.
    public var seed: UInt64
    /// How many of the search's best candidates are polished by the trust-region solver.
    public var starts: Int
    /// Coefficients held at given values (in the data's units), by name.
    public var fixed: [String: Double]

    public init(form: LawForm = .sparse, loss: FitLoss = .init(), seed: UInt64 = 0, starts: Int = 8, fixed: [String: Double] = [:]) {
        self.form = form
        self.loss = loss
        self.seed = seed
        self.starts = starts
        self.fixed = fixed
    }
}
