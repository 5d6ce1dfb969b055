import SparseLawGSL
import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CoverageWarning {
    public var message: String {
        switch self {
        case .oneSparsityLevel(let sparsity):
            return "one sparsity level (S = \(numberText(sparsity))): the sparse law's sparsity term cannot be fitted; fit the dense law (--form dense)"
        case .twoSparsityLevels:
            return "only two sparsity levels: aS, bS and cS cannot all be pinned down (the sparse law needs three or more)"
        case let .fewSizes(distinct, form):
            return "\(distinct) distinct model size\(distinct == 1 ? "" : "s"): the size exponent \(form.sizeExponentName) is poorly determined (three or more sizes are needed)"
        case let .fewBudgets(distinct, form):
            return "\(distinct) distinct data budget\(distinct == 1 ? "" : "s"): the data term (\(form.dataTermNames.joined(separator: ", "))) is poorly determined (three or more are needed)"
        case let .fewRuns(count, coefficients, form):
            return "\(count) run\(count == 1 ? "" : "s"): fewer than the \(form.rawValue) law's \(countWord(coefficients)) coefficients"
        }
    }
}

extension FitWarning {
    public var message: String {
        switch self {
        case .coverage(let warning): return warning.message
        case .rankDeficient:
            return "the data do not determine every coefficient (the Jacobian is rank deficient at the solution): some standard errors are not meaningful"
        case let .nearlyInterchangeable(first, second, correlation):
            return "\(first) and \(second) are nearly interchangeable on these data (correlation \(numberText(correlation, significant: 4))): the data pin down a combination of them, not each"
        case .interpolates:
            return "as many runs as free coefficients: the law interpolates the runs, and no uncertainty can be estimated"
        case .sparsityTermVanishes:
            return "aS is effectively zero: on these data sparsity does not change the loss"
        case .denseLimitVanishes:
            return "cS is effectively zero: the law then says infinitely sparse models lose nothing, which the data cannot support"
        case .notConverged(let status):
            return "the trust-region solver stopped before its convergence test held (\(status?.message ?? "unknown reason")): the coefficients may not be at the minimum"
        case .singleStartAtBest(let starts):
            return "only one of \(starts) starts reached the best objective: try more --starts to confirm it is the global minimum"
        case let .bootstrapFailures(failed, requested):
            return "\(failed) of \(requested) bootstrap refits failed and are left out of the intervals"
        case .bootstrapConditional(let condition):
            return condition.message
        case .degenerate(let degeneracy): return degeneracy.message
        }
    }
}

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
        case let .withoutEffect(name, lower, upper):
            return "\(name) has no effect on these runs: the fit is as good with \(name) at \(numberText(lower)) or at \(numberText(upper)), the ends of the range the fit allows, as where it stands\(Self.noEffectReason(name)), so \(name) is not fitted (the value shown is arbitrary)"
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

    /// Why an exponent can have no effect, where the law says.
    private static func noEffectReason(_ exponent: String) -> String {
        switch exponent {
        case "bS": return " (it shapes only how loss changes with sparsity, and these runs do not show one)"
        default: return ""
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

extension FitError: CustomStringConvertible {
    public var description: String { escapedForMessage(text) }

    private var text: String {
        switch self {
        case let .tooFewPoints(needed, got, form):
            return "\(got) run\(got == 1 ? "" : "s") cannot determine the \(needed) coefficients of the \(form.rawValue) law: at least \(needed) are needed, and more for uncertainties"
        case .noFiniteStart:
            return "the search found no coefficients for which the law is finite on these runs"
        case .allStartsFailed(let reason):
            return "the trust-region solver failed from every start: \(reason?.message ?? "no solve could start")"
        case let .unknownFixedCoefficient(name, form):
            return "--fix: \(name) is not a coefficient of the \(form.rawValue) law (\(form.coefficientNames.joined(separator: ", ")))"
        case let .fixedValueNotPositive(name, value):
            return "--fix: \(name) = \(value): coefficients are positive"
        case .everyCoefficientFixed:
            return "--fix: every coefficient is fixed: there is nothing to fit"
        case .constantLoss(let loss):
            return "every run has the same loss (\(numberText(loss, significant: 6))): there is no trend for a law to fit"
        case .notFinite(let fixed):
            let held = fixed.sorted { $0.key < $1.key }.map { "\($0.key) = \(numberText($0.value))" }.joined(separator: ", ")
            return "the fitted law is not finite on these runs" + (held.isEmpty ? "" : " with \(held) held fixed (--fix)")
                + ": its predictions overflow; " + (held.isEmpty ? "rescale the data" : "hold the coefficients at values in the data's range")
        case .tooManyPatterns(let patterns):
            return "\(patterns.count) structured patterns (\(patterns.joined(separator: ", "))): at most 4 can be fitted at once, each with its own constant"
        case let .holdoutLeavesNothing(rule, toFit):
            return "--holdout \(rule) leaves \(toFit ? "nothing to fit on" : "nothing to hold out")"
        case let .unrepresentable(coefficient, magnitude, field, scale):
            let symbol = field == .tokens ? "D" : "N"
            let divisor = "1e\(Int(log10(scale).rounded()))"
            return "the best fit has \(coefficient) near 1e\(Int(magnitude.rounded())) in the data's units (\(symbol) near \(numberText(scale, significant: 2))), beyond what a double can hold: rescale \(symbol) with --column, e.g. --column '\(field.rawValue)=\(field.rawValue)/\(divisor)' (with the file's own column name), and fit again"
        case let .flatTermUnrepresentable(coefficient, magnitude, exponent, value):
            return "the best fit has \(exponent) = \(numberText(value)) and \(coefficient) near 1e\(Int(magnitude.rounded())), beyond what a double can hold in any unit: the term is nearly constant over these runs (the loss barely depends on it); hold the exponent where the data can carry it, e.g. --fix \(exponent)=0.05, and the fit finds the term's size there"
        }
    }

    /// The refusal of a fit of the runs in `file`, saying when the held-out runs were left out.
    public func message(file: String, withHoldout: Bool) -> String {
        if case .holdoutLeavesNothing = self { return "\(file): \(description)" }
        return "\(file)\(withHoldout ? " (without the held-out runs)" : ""): \(description)"
    }
}

/// "five", "seven": small counts in words, as prose wants them.
func countWord(_ count: Int) -> String {
    let words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
    return words.indices.contains(count) ? words[count] : String(count)
}

extension FitFigure {
    /// "Sparse law fitted to runs.csv": the figure's title for a fit of the runs in `file`.
    public static func title(form: LawForm, file: String) -> String {
        "\(form == .sparse ? "Sparse" : "Dense") law fitted to \(lastComponent(of: file))"
    }
}
