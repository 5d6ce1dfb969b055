import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

/// Why a fit could not be made.
public enum FitError: Error, Diagnostic {
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

extension FitError {
    /// A stable identifier per case, `fit.kebab-case`.
    public var code: String {
        switch self {
        case .tooFewPoints: return "fit.too-few-points"
        case .noFiniteStart: return "fit.no-finite-start"
        case .allStartsFailed: return "fit.all-starts-failed"
        case .unknownFixedCoefficient: return "fit.unknown-fixed-coefficient"
        case .fixedValueNotPositive: return "fit.fixed-value-not-positive"
        case .everyCoefficientFixed: return "fit.every-coefficient-fixed"
        case .tooManyPatterns: return "fit.too-many-patterns"
        case .constantLoss: return "fit.constant-loss"
        case .notFinite: return "fit.not-finite"
        case .holdoutLeavesNothing: return "fit.holdout-leaves-nothing"
        case .unrepresentable: return "fit.unrepresentable"
        case .flatTermUnrepresentable: return "fit.flat-term-unrepresentable"
        }
    }

    public var values: [String: JSONValue] {
        switch self {
        case let .tooFewPoints(needed, got, form): return ["needed": .integer(needed), "runs": .integer(got), "form": .text(form.rawValue)]
        case .noFiniteStart, .everyCoefficientFixed: return [:]
        case .allStartsFailed(let reason):
            guard case .initialization(let status) = reason else { return [:] }
            return ["status": .integer(Int(status.code))]
        case let .unknownFixedCoefficient(name, form): return ["coefficient": .text(name), "form": .text(form.rawValue)]
        case let .fixedValueNotPositive(name, value): return ["coefficient": .text(name), "value": .number(value)]
        case .tooManyPatterns(let patterns): return ["patterns": .texts(patterns)]
        case .constantLoss(let loss): return ["loss": .number(loss)]
        case .notFinite(let fixed): return ["fixed": .texts(fixed.keys.sorted())]
        case let .holdoutLeavesNothing(rule, toFit): return ["rule": .text(rule.description), "leaves": .text(toFit ? "nothing-to-fit" : "nothing-to-hold-out")]
        case let .unrepresentable(coefficient, magnitude, field, scale):
            return ["coefficient": .text(coefficient), "log10Magnitude": .number(magnitude), "field": .text(field.rawValue), "scale": .number(scale)]
        case let .flatTermUnrepresentable(coefficient, magnitude, exponent, value):
            return ["coefficient": .text(coefficient), "log10Magnitude": .number(magnitude), "exponent": .text(exponent), "exponentValue": .number(value)]
        }
    }
}

/// A refused fit of the runs read from `file`: the reason, and whether runs were held out of
/// the fit (the refusal then concerns the rest). Made by `LawFitter.run(_:file:progress:)`.
public struct FitRefusal: Error, Diagnostic {
    public var reason: FitError
    public var file: String
    public var withHoldout: Bool

    public var code: String { reason.code }
    public var values: [String: JSONValue] { reason.values.merging(["file": .text(file)]) { kept, _ in kept } }
}
