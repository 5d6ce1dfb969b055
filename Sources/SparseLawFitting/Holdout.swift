import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

/// Which runs to hold out of a fit, to test the law where it matters: extrapolation.
public enum HoldoutRule: Sendable, Equatable, CustomStringConvertible {
    /// The runs of the K largest model sizes (distinct N).
    case largestParams(Int)
    /// The runs of the largest amount of data.
    case longestTokens

    /// `largest`, `tokens`, or a whole number K (see `parse(_:)`).
    public init?(argument: String) {
        guard let rule = try? HoldoutRule.parse(argument) else { return nil }
        self = rule
    }

    public var description: String {
        switch self {
        case .largestParams(1): return "largest"
        case .largestParams(let count): return "\(count) largest"
        case .longestTokens: return "tokens"
        }
    }

    /// The runs to fit on and the runs held out, each in their original order.
    public func split(_ runs: [TrainingRun]) -> (fit: [TrainingRun], heldOut: [TrainingRun]) {
        let isHeldOut: (TrainingRun) -> Bool
        switch self {
        case .largestParams(let count):
            // Sizes and budgets are in any unit: only relative differences separate them.
            let sizes = distinctValues(runs.map(\.nonZeroParams), absolute: 0).suffix(count)
            isHeldOut = { run in sizes.contains { nearlyEqual($0, run.nonZeroParams, absolute: 0) } }
        case .longestTokens:
            let most = runs.map(\.tokens).max() ?? 0
            isHeldOut = { nearlyEqual($0.tokens, most, absolute: 0) }
        }
        return (runs.filter { !isHeldOut($0) }, runs.filter(isHeldOut))
    }
}

/// How a law fitted without some runs predicts them.
public struct HoldoutResult: Sendable, Encodable, Equatable {
    public struct Point: Sendable, Encodable, Equatable {
        public var params: Double
        public var sparsity: Double
        public var tokens: Double
        public var loss: Double
        public var predicted: Double
        /// predicted / loss - 1.
        public var relativeError: Double
    }

    public var rule: String
    public var fittedOn: Int
    public var points: [Point]
    /// The mean of |predicted / loss - 1| over the held-out runs.
    public var meanAbsRelError: Double

    /// `patternConstants`: the fit's q_p per structured pattern (`LawFit.patternConstants`), for
    /// held-out runs of those patterns.
    public init(rule: HoldoutRule, law: ScalingLaw, patternConstants: [String: Double] = [:], fittedOn: Int, heldOut: [TrainingRun]) {
        self.rule = rule.description
        self.fittedOn = fittedOn
        points = heldOut.map { run in
            let predicted = law.loss(of: run, patternConstants: patternConstants)
            return Point(params: run.nonZeroParams, sparsity: run.sparsity, tokens: run.tokens, loss: run.loss,
                         predicted: predicted, relativeError: predicted / run.loss - 1)
        }
        meanAbsRelError = points.map { abs($0.relativeError) }.reduce(0, +) / Double(max(points.count, 1))
    }
}
