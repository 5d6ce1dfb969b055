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

/// Why a fit could not be made.
public enum FitError: Error, Sendable, Equatable, CustomStringConvertible {
    case tooFewPoints(needed: Int, got: Int, form: LawForm)
    case noFiniteStart
    case allStartsFailed(String)
    case invalidFix(String)
    case tooManyPatterns([String])
    case constantLoss(Double)
    /// The best coefficient `coefficient` is beyond what a double holds in the data's units
    /// (10^log10Magnitude): `field` (whose scale is near `scale`) must be rescaled.
    case unrepresentable(coefficient: String, log10Magnitude: Double, field: RunField, scale: Double)

    public var description: String {
        switch self {
        case let .tooFewPoints(needed, got, form):
            return "\(got) run\(got == 1 ? "" : "s") cannot determine the \(needed) coefficients of the \(form.rawValue) law: at least \(needed) are needed, and more for uncertainties"
        case .noFiniteStart:
            return "the search found no coefficients for which the law is finite on these runs"
        case .allStartsFailed(let reason):
            return "the trust-region solver failed from every start: \(reason)"
        case .invalidFix(let reason):
            return "--fix: \(reason)"
        case .constantLoss(let loss):
            return "every run has the same loss (\(numberText(loss, significant: 6))): there is no trend for a law to fit"
        case let .unrepresentable(coefficient, magnitude, field, scale):
            return unrepresentableMessage(coefficient: coefficient, log10Magnitude: magnitude, field: field, scale: scale)
        case .tooManyPatterns(let patterns):
            return "\(patterns.count) structured patterns (\(patterns.joined(separator: ", "))): at most 4 can be fitted at once, each with its own constant"
        }
    }
}
