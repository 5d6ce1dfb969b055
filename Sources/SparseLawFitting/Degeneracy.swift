import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

/// A coefficient the data do not determine because the objective is lowest at the edge of what
/// the law allows: a linear coefficient at its bound 0, or an exponent at the search's plausible
/// range (the objective still falling toward 0 or infinity there).
///
/// A fit with one of these is degenerate: its objective is the true minimum (or the infimum, to
/// within the bound), but some coefficient is a boundary value, not an estimate.
public enum Degeneracy: Diagnostic, Hashable {
    /// A linear coefficient at exactly 0, where the objective is lowest. `idleExponents` are the
    /// exponents that shape only terms now absent: their values are arbitrary, not fitted.
    case atZero(coefficient: String, idleExponents: [String])
    /// An exponent held at a bound of the plausible range, toward which the objective was
    /// still falling; `upper` tells which bound.
    case atExponentBound(exponent: String, bound: Double, upper: Bool)
    /// An exponent whose term is present but which changes nothing on these runs: the objective
    /// is the same (to a relative 1e-9) at both bounds of the plausible range, `lower` and
    /// `upper`, as where the fit left it, as bS is when every run is dense. Its value is
    /// arbitrary, held where it was.
    case withoutEffect(exponent: String, lower: Double, upper: Double)

    /// A stable identifier for programs reading the output.
    public var code: String {
        switch self {
        case .atZero: return "fit.coefficient-at-zero"
        case .atExponentBound: return "fit.exponent-at-bound"
        case .withoutEffect: return "fit.exponent-without-effect"
        }
    }

    public var values: [String: JSONValue] {
        switch self {
        case let .atZero(name, idle):
            return ["coefficient": .text(name), "idle": .texts(idle)]
        case let .atExponentBound(name, bound, upper):
            return ["coefficient": .text(name), "bound": .number(bound), "side": .text(upper ? "upper" : "lower")]
        case let .withoutEffect(name, lower, upper):
            return ["coefficient": .text(name), "lower": .number(lower), "upper": .number(upper)]
        }
    }

    /// The coefficient concerned.
    public var coefficient: String {
        switch self {
        case .atZero(let name, _): return name
        case .atExponentBound(let name, _, _): return name
        case .withoutEffect(let name, _, _): return name
        }
    }
}
