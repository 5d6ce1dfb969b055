import Foundation

// How the fit's edge cases read: coefficients at the boundary of the law's domain, and
// coefficients the data's units cannot express.

extension Degeneracy {
    /// One sentence naming the coefficient and what its value means for the law.
    public var message: String {
        switch self {
        case let .atZero(name, idle):
            let idleText = idle.isEmpty ? "" : "; \(idle.joined(separator: " and ")) then \(idle.count == 1 ? "has" : "have") no effect and \(idle.count == 1 ? "is" : "are") not fitted (the value shown is arbitrary)"
            return "\(name) = 0, at its bound: \(Self.zeroMeaning(name))" + idleText
        case let .atExponentBound(name, bound, upper):
            if upper {
                return "\(name) ran to \(numberText(bound)), the steepest exponent the fit allows, with the objective still falling: the term acts almost only on the smallest \(Self.variable(name)) in the data, and \(name) is not determined"
            }
            return "\(name) ran to \(numberText(bound)), the flattest exponent the fit allows, with the objective still falling: the term is nearly constant over the data, and \(name) is not determined"
        }
    }

    /// What a linear coefficient of 0 says about the data.
    private static func zeroMeaning(_ name: String) -> String {
        switch name {
        case "c", "E": return "the fit is best with no irreducible loss, so the law predicts a loss that keeps falling toward 0 with scale, which these data cannot confirm"
        case "aS": return "on these data sparsity does not change the loss at a fixed number of non-zero parameters"
        case "cS": return "the law then says infinitely sparse models lose nothing, which the data cannot support"
        case "aD", "B": return "on these data the loss does not fall with more training data"
        case "A": return "on these data the loss does not fall with more parameters"
        default: return "the term is absent from the best fit"
        }
    }

    private static func variable(_ exponent: String) -> String {
        switch exponent {
        case "bS": return "density (the highest sparsity)"
        case "bN", "alpha": return "model size"
        default: return "data budget"
        }
    }
}

extension FitError {
    /// A coefficient beyond the range of a double in the data's units, and how to rescale.
    func unrepresentableMessage(coefficient: String, log10Magnitude: Double, field: RunField, scale: Double) -> String {
        let symbol = field == .tokens ? "D" : "N"
        let divisor = "1e\(Int(log10(scale).rounded()))"
        return "the best fit has \(coefficient) near 1e\(Int(log10Magnitude.rounded())) in the data's units (\(symbol) near \(numberText(scale, significant: 2))), beyond what a double can hold: rescale \(symbol) with --column, e.g. --column '\(field.rawValue)=\(field.rawValue)/\(divisor)' (with the file's own column name), and fit again"
    }
}
