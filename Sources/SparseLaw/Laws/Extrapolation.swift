/// A query outside what a law was fitted on: the law still answers, but the answer extrapolates.
/// N and D count as outside when more than `LawFile.extrapolationFactor` beyond the fitted span;
/// S when above the largest fitted sparsity at all.
public enum Extrapolation: Sendable, Equatable {
    case paramsAbove(params: Double, fittedMax: Double)
    case paramsBelow(params: Double, fittedMin: Double)
    case tokensAbove(tokens: Double, fittedMax: Double)
    case tokensBelow(tokens: Double, fittedMin: Double)
    case sparsityAbove(sparsity: Double, fittedMax: Double)

    /// A stable identifier, for programs.
    public var code: String {
        switch self {
        case .paramsAbove: return "extrapolation.params-above"
        case .paramsBelow: return "extrapolation.params-below"
        case .tokensAbove: return "extrapolation.tokens-above"
        case .tokensBelow: return "extrapolation.tokens-below"
        case .sparsityAbove: return "extrapolation.sparsity-above"
        }
    }

    /// The query's value and the fitted limit it passes.
    public var values: (value: Double, limit: Double) {
        switch self {
        case let .paramsAbove(value, limit), let .paramsBelow(value, limit), let .tokensAbove(value, limit),
             let .tokensBelow(value, limit), let .sparsityAbove(value, limit):
            return (value, limit)
        }
    }
}

extension LawFile {
    /// How far beyond the fitted span of N or D a query may lie before it is said to extrapolate.
    public static let extrapolationFactor = 10.0

    /// Where a query at N, S and D lies outside the law's fitted ranges (nothing is known, and
    /// nothing said, for a law without recorded ranges, such as a published one).
    public func extrapolations(params: Double, sparsity: Double, tokens: Double) -> [Extrapolation] {
        let factor = Self.extrapolationFactor
        var found: [Extrapolation] = []
        if let span = ranges?.params {
            if params > factor * span.max { found.append(.paramsAbove(params: params, fittedMax: span.max)) }
            if params < span.min / factor { found.append(.paramsBelow(params: params, fittedMin: span.min)) }
        }
        if let span = ranges?.tokens {
            if tokens > factor * span.max { found.append(.tokensAbove(tokens: tokens, fittedMax: span.max)) }
            if tokens < span.min / factor { found.append(.tokensBelow(tokens: tokens, fittedMin: span.min)) }
        }
        if form == .sparse, let fitted = maxFittedSparsity, sparsity > fitted + 1e-9 {
            found.append(.sparsityAbove(sparsity: sparsity, fittedMax: fitted))
        }
        return found
    }
}
