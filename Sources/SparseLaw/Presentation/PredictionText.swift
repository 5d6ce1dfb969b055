/// Terminal and JSON text for predictions: extrapolation warnings and refusals.
extension Extrapolation: Encodable {
    /// One sentence: the query's value, the fitted limit, and that the answer extrapolates.
    public var message: String {
        switch self {
        case let .paramsAbove(params, fittedMax):
            return "N = \(numberText(params)) is \(numberText(params / fittedMax, significant: 3))x the largest model the law was fitted on (\(numberText(fittedMax))): this extrapolates"
        case let .paramsBelow(params, fittedMin):
            return "N = \(numberText(params)) is far below the smallest model the law was fitted on (\(numberText(fittedMin)))"
        case let .tokensAbove(tokens, fittedMax):
            return "D = \(numberText(tokens)) is \(numberText(tokens / fittedMax, significant: 3))x the most data the law was fitted on (\(numberText(fittedMax))): this extrapolates"
        case let .tokensBelow(tokens, fittedMin):
            return "D = \(numberText(tokens)) is far below the least data the law was fitted on (\(numberText(fittedMin)))"
        case let .sparsityAbove(sparsity, fittedMax):
            return "S = \(numberText(sparsity)) is above the largest sparsity the law was fitted on (\(numberText(fittedMax))): this extrapolates"
        }
    }

    private enum Keys: String, CodingKey { case code, message, value, limit }

    /// `{"code", "message", "value", "limit"}`: the query's value and the fitted limit it passes.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(code, forKey: .code)
        try container.encode(message, forKey: .message)
        try container.encode(values.value, forKey: .value)
        try container.encode(values.limit, forKey: .limit)
    }
}

extension PredictionFailure: CustomStringConvertible {
    public var description: String {
        switch self {
        case .denseLawWithSparsity(let sparsity):
            return "sparsity \(numberText(sparsity)): a dense law says nothing about sparsity (use a sparse law, or sparsity 0)"
        case let .unknownPattern(pattern, known):
            return "the law has no constant for pattern \"\(pattern)\" (" + (known.isEmpty ? "it was fitted on unstructured runs only" : "its patterns: " + known.joined(separator: ", ")) + ")"
        case .notFinite:
            return "the law is not finite here: the query is outside what it can describe"
        }
    }
}
