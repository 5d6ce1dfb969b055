import SparseLawCore
import SparseLawReader

/// The two forms the project fits and queries.
public enum LawForm: String, Sendable, Codable, CaseIterable {
    case sparse
    case dense

    public var coefficientNames: [String] {
        switch self {
        case .sparse: return SparseScalingLaw.coefficientNames
        case .dense: return DenseScalingLaw.coefficientNames
        }
    }

    /// The exponents, which must be positive; the other coefficients may also be 0 (a term
    /// the fit found absent).
    public var exponentNames: [String] {
        switch self {
        case .sparse: return ["bS", "bN", "bD"]
        case .dense: return ["alpha", "beta"]
        }
    }

    /// Whether `value` is allowed for coefficient `name`: finite, positive for an exponent,
    /// non-negative otherwise.
    public func admits(_ value: Double, for name: String) -> Bool {
        value.isFinite && (exponentNames.contains(name) ? value > 0 : value >= 0)
    }
}

/// A law of either form.
public enum ScalingLaw: Sendable, Equatable, Hashable {
    case sparse(SparseScalingLaw)
    case dense(DenseScalingLaw)

    /// The law of `form` from its coefficients in `form.coefficientNames` order; nil when the
    /// count does not match the form.
    public init?(form: LawForm, coefficients: [Double]) {
        switch form {
        case .sparse: guard let law = SparseScalingLaw(coefficients: coefficients) else { return nil }; self = .sparse(law)
        case .dense: guard let law = DenseScalingLaw(coefficients: coefficients) else { return nil }; self = .dense(law)
        }
    }

    public var form: LawForm {
        switch self {
        case .sparse: return .sparse
        case .dense: return .dense
        }
    }

    public var coefficients: [Double] {
        switch self {
        case .sparse(let law): return law.coefficients
        case .dense(let law): return law.coefficients
        }
    }

    /// The predicted loss of a run; a dense law ignores sparsity.
    public func loss(nonZeroParams: Double, sparsity: Double, tokens: Double) -> Double {
        switch self {
        case .sparse(let law): return law.loss(nonZeroParams: nonZeroParams, sparsity: sparsity, tokens: tokens)
        case .dense(let law): return law.loss(params: nonZeroParams, tokens: tokens)
        }
    }

    public func loss(of run: TrainingRun) -> Double {
        loss(nonZeroParams: run.nonZeroParams, sparsity: run.sparsity, tokens: run.tokens)
    }

    /// The loss of a run with the fitted constant q_p of its structured pattern in place of
    /// aS (1-S)^bS + cS, where `patternConstants` (keyed by the lower-cased pattern name, as
    /// `LawFit.patterns` names them) has one; otherwise `loss(of:)`.
    public func loss(of run: TrainingRun, patternConstants: [String: Double]) -> Double {
        if case .sparse(let sparse) = self, run.sparsity > 0, let pattern = run.pattern?.lowercased(), let q = patternConstants[pattern] {
            return sparse.loss(sparsityFactor: q, nonZeroParams: run.nonZeroParams, tokens: run.tokens)
        }
        return loss(of: run)
    }
}
