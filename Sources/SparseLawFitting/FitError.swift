import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

/// Why a fit could not be made.
public enum FitError: Error, Sendable, Equatable {
    case tooFewPoints(needed: Int, got: Int, form: LawForm)
    case noFiniteStart
    /// Every trust-region solve failed; GSL's reason for the last failure.
    case allStartsFailed(NonlinearLeastSquaresError?)
    case unknownFixedCoefficient(name: String, form: LawForm)
    case fixedValueNotPositive(name: String, value: Double)
    case everyCoefficientFixed
    case tooManyPatterns([String])
    case constantLoss(Double)
    /// The best coefficients make the law overflow on the runs (its predictions, or a
    /// coefficient, are not finite); `fixed` are the coefficients the fit held, by name.
    case notFinite(fixed: [String: Double])
    /// The hold-out rule leaves no runs to fit on (`toFit`), or none to hold out.
    case holdoutLeavesNothing(rule: HoldoutRule, toFit: Bool)
    /// The best coefficient `coefficient` is beyond what a double holds in the data's units
    /// (10^log10Magnitude): `field`, whose geometric mean is `scale`, must be rescaled.
    case unrepresentable(coefficient: String, log10Magnitude: Double, field: RunField, scale: Double)
    /// The best coefficient `coefficient` is beyond a double whatever the unit, because its
    /// exponent is so small that the term is nearly constant: aD = (aD^bD)^(1 / bD).
    case flatTermUnrepresentable(coefficient: String, log10Magnitude: Double, exponent: String, exponentValue: Double)
}
