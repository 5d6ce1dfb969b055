import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions

/// Words for the unit of D in questions of compute.
extension DataUnitError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .notTokens(law, unit):
            return "\(law): D counts \(unit), not tokens, and compute is C = 6 N D with D in tokens. Give --tokens-per-unit K (the tokens one unit of D stands for), or --data-unit-ok to answer with D and compute in \(unit)"
        case .alreadyTokens(let law):
            return "\(law): D already counts tokens, so --tokens-per-unit does not apply"
        }
    }
}

extension DataUnitResolution {
    /// A `data:` line for reports, nil when D simply counts tokens.
    public var note: String? {
        switch self {
        case .tokens: return nil
        case let .converted(from, k):
            return "D converted from \(from) to tokens at \(numberText(k)) tokens each (--tokens-per-unit)"
        case .lawUnit(let unit):
            return "D counts \(unit), not tokens: data and compute are in the law's own units (--data-unit-ok)"
        }
    }
}
