import SparseLawCore
import SparseLawReader

/// A query outside what a law was fitted on: more than a factor 10 beyond the fitted model
/// sizes or data, or sparsities above the largest fitted one.
public enum ExtrapolationWarning: Diagnostic {
    case paramsAboveFitted(params: Double, fittedMax: Double)
    case paramsBelowFitted(params: Double, fittedMin: Double)
    case tokensAboveFitted(tokens: Double, fittedMax: Double)
    case tokensBelowFitted(tokens: Double, fittedMin: Double)
    case sparsityBeyondFitted(fitted: Double, cap: Double)
    /// A point query (`predict`) at a sparsity above the largest fitted one.
    case sparsityAboveFitted(sparsity: Double, fittedMax: Double)

    public var code: String {
        switch self {
        case .paramsAboveFitted: return "law.params-above-fitted"
        case .paramsBelowFitted: return "law.params-below-fitted"
        case .tokensAboveFitted: return "law.tokens-above-fitted"
        case .tokensBelowFitted: return "law.tokens-below-fitted"
        case .sparsityBeyondFitted: return "law.sparsity-beyond-fitted"
        case .sparsityAboveFitted: return "law.sparsity-above-fitted"
        }
    }

    public var values: [String: JSONValue] {
        switch self {
        case let .paramsAboveFitted(params, fittedMax): return ["params": .number(params), "fittedMax": .number(fittedMax)]
        case let .paramsBelowFitted(params, fittedMin): return ["params": .number(params), "fittedMin": .number(fittedMin)]
        case let .tokensAboveFitted(tokens, fittedMax): return ["tokens": .number(tokens), "fittedMax": .number(fittedMax)]
        case let .tokensBelowFitted(tokens, fittedMin): return ["tokens": .number(tokens), "fittedMin": .number(fittedMin)]
        case let .sparsityBeyondFitted(fitted, cap): return ["fitted": .number(fitted), "cap": .number(cap)]
        case let .sparsityAboveFitted(sparsity, fittedMax): return ["sparsity": .number(sparsity), "fittedMax": .number(fittedMax)]
        }
    }
}

extension LawFile {
    /// The factor beyond the fitted span at which a query is said to extrapolate.
    static let extrapolationFactor = 10.0

    /// Warnings for a query at N and D far outside what the law was fitted on, and for sparsities
    /// up to `maxSparsity` beyond the largest fitted one. Nothing for a law without ranges.
    public func extrapolationWarnings(params: Double, tokens: Double, maxSparsity: Double) -> [ExtrapolationWarning] {
        var warnings: [ExtrapolationWarning] = []
        let factor = Self.extrapolationFactor
        if let span = ranges?.params {
            if params > factor * span.max { warnings.append(.paramsAboveFitted(params: params, fittedMax: span.max)) }
            if params < span.min / factor { warnings.append(.paramsBelowFitted(params: params, fittedMin: span.min)) }
        }
        if let span = ranges?.tokens {
            if tokens > factor * span.max { warnings.append(.tokensAboveFitted(tokens: tokens, fittedMax: span.max)) }
            if tokens < span.min / factor { warnings.append(.tokensBelowFitted(tokens: tokens, fittedMin: span.min)) }
        }
        if let fitted = maxFittedSparsity, maxSparsity > fitted + 1e-9 {
            warnings.append(.sparsityBeyondFitted(fitted: fitted, cap: maxSparsity))
        }
        return warnings
    }

    /// Warnings for a query at one point: N and D as `extrapolationWarnings(params:tokens:maxSparsity:)`
    /// judges them, and S above the largest fitted sparsity (for a sparse law).
    public func extrapolationWarnings(params: Double, sparsity: Double, tokens: Double) -> [ExtrapolationWarning] {
        var warnings = extrapolationWarnings(params: params, tokens: tokens, maxSparsity: 0)
        if form == .sparse, let fitted = maxFittedSparsity, sparsity > fitted + 1e-9 {
            warnings.append(.sparsityAboveFitted(sparsity: sparsity, fittedMax: fitted))
        }
        return warnings
    }

    /// The largest sparsity a query should consider by default: the largest fitted one, or
    /// `SparseScalingLaw.defaultMaxSparsity` for a law that does not record it (the presets).
    public var defaultMaxSparsity: Double {
        maxFittedSparsity.flatMap { $0 > 0 && $0 < 1 ? $0 : nil } ?? SparseScalingLaw.defaultMaxSparsity
    }
}
