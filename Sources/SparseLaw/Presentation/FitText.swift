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
        case let .exponentAtEdge(name, value):
            return "the exponent \(name) = \(numberText(value)) ran to the edge of what is plausible: the data cannot pin it down"
        case .sparsityTermVanishes:
            return "aS is effectively zero: on these data sparsity does not change the loss"
        case .denseLimitVanishes:
            return "cS is effectively zero: the law then says infinitely sparse models lose nothing, which the data cannot support"
        case .notConverged(let reason):
            return "the trust-region solver stopped before its convergence test held (\(reason ?? "unknown reason")): the coefficients may not be at the minimum"
        case .singleStartAtBest(let starts):
            return "only one of \(starts) starts reached the best objective: try more --starts to confirm it is the global minimum"
        case let .bootstrapFailures(failed, requested):
            return "\(failed) of \(requested) bootstrap refits failed and are left out of the intervals"
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
            return "the trust-region solver failed from every start: \(reason)"
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
