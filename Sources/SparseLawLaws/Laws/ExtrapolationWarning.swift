import SparseLawCore
import SparseLawReader

/// A query outside what a law was fitted on, graded by how far: any N or D beyond the fitted
/// span is a note with its factor (2.2x the largest model fitted, or 3x below the smallest), and
/// a warning from more than 10x, where the law's extrapolation is rarely checked; a sparsity above the
/// largest fitted is always a warning.
public enum ExtrapolationWarning: Diagnostic {
    case paramsAboveFitted(params: Double, fittedMax: Double)
    case paramsBelowFitted(params: Double, fittedMin: Double)
    case tokensAboveFitted(tokens: Double, fittedMax: Double)
    case tokensBelowFitted(tokens: Double, fittedMin: Double)
    case sparsityBeyondFitted(fitted: Double, cap: Double)
    /// A point query (`predict`) at a sparsity above the largest fitted one.
    case sparsityAboveFitted(sparsity: Double, fittedMax: Double)

    /// How far beyond the fitted span, as a factor >= 1: query / largest above it, smallest /
    /// query below it; nil for the sparsity cases. May be infinite where the quotient overflows.
    public var factor: Double? {
        switch self {
        case let .paramsAboveFitted(params, fittedMax): return params / fittedMax
        case let .paramsBelowFitted(params, fittedMin): return fittedMin / params
        case let .tokensAboveFitted(tokens, fittedMax): return tokens / fittedMax
        case let .tokensBelowFitted(tokens, fittedMin): return fittedMin / tokens
        case .sparsityBeyondFitted, .sparsityAboveFitted: return nil
        }
    }

    /// A warning (more than `LawFile.extrapolationFactor` beyond, or any sparsity beyond the
    /// fitted ones) rather than a note.
    public var isWarning: Bool {
        guard let factor else { return true }
        return factor > LawFile.extrapolationFactor
    }

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
        var values: [String: JSONValue]
        switch self {
        case let .paramsAboveFitted(params, fittedMax): values = ["params": .number(params), "fittedMax": .number(fittedMax)]
        case let .paramsBelowFitted(params, fittedMin): values = ["params": .number(params), "fittedMin": .number(fittedMin)]
        case let .tokensAboveFitted(tokens, fittedMax): values = ["tokens": .number(tokens), "fittedMax": .number(fittedMax)]
        case let .tokensBelowFitted(tokens, fittedMin): values = ["tokens": .number(tokens), "fittedMin": .number(fittedMin)]
        case let .sparsityBeyondFitted(fitted, cap): values = ["fitted": .number(fitted), "cap": .number(cap)]
        case let .sparsityAboveFitted(sparsity, fittedMax): values = ["sparsity": .number(sparsity), "fittedMax": .number(fittedMax)]
        }
        // A factor that overflows a double is left out rather than written as infinity.
        if let factor, factor.isFinite { values["factor"] = .number(factor) }
        values["severity"] = .string(isWarning ? "warning" : "note")
        return values
    }
}

extension LawFile {
    /// The factor beyond the fitted span from which a query's note becomes a warning.
    public static let extrapolationFactor = 10.0

    /// Notes and warnings for a query at N and D outside what the law was fitted on (graded by
    /// the factor, see `ExtrapolationWarning`), and for sparsities up to `maxSparsity` beyond the
    /// largest fitted one. Nothing for a law without ranges. The ends of a span count as inside
    /// to a relative 1e-9, so that a query at the largest run fitted, printed and read back, is not flagged.
    public func extrapolationWarnings(params: Double, tokens: Double, maxSparsity: Double) -> [ExtrapolationWarning] {
        var warnings: [ExtrapolationWarning] = []
        let slack = 1 + 1e-9
        if let span = ranges?.params {
            if params > span.max * slack { warnings.append(.paramsAboveFitted(params: params, fittedMax: span.max)) }
            if params * slack < span.min { warnings.append(.paramsBelowFitted(params: params, fittedMin: span.min)) }
        }
        if let span = ranges?.tokens {
            if tokens > span.max * slack { warnings.append(.tokensAboveFitted(tokens: tokens, fittedMax: span.max)) }
            if tokens * slack < span.min { warnings.append(.tokensBelowFitted(tokens: tokens, fittedMin: span.min)) }
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
