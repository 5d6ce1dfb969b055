import SparseLawCore
import SparseLawReader

/// What a set of runs covers, and what it cannot support.
public struct RunSummary: Sendable, Codable, Equatable {
    public struct Range: Sendable, Codable, Equatable {
        public var min: Double
        public var max: Double
        /// Distinct values (relative tolerance 1e-9).
        public var distinct: Int
    }

    public struct Level: Sendable, Codable, Equatable {
        public var sparsity: Double
        public var runs: Int
    }

    public var count: Int
    /// The distinct sparsity levels, ascending.
    public var sparsities: [Double]
    public var levels: [Level]
    public var params: Range
    public var tokens: Range
    public var loss: Range
    public var patterns: [String]

    /// The summary of one or more runs; nil for none.
    public init?(runs: [TrainingRun]) {
        guard !runs.isEmpty else { return nil }
        count = runs.count
        sparsities = distinctValues(runs.map(\.sparsity))
        levels = sparsities.map { level in
            Level(sparsity: level, runs: runs.filter { nearlyEqual($0.sparsity, level) }.count)
        }
        params = Self.range(runs.map(\.nonZeroParams))
        tokens = Self.range(runs.map(\.tokens))
        loss = Self.range(runs.map(\.loss))
        patterns = Array(Set(runs.compactMap(\.pattern))).sorted()
    }

    /// What these runs cannot pin down for a law of `form` with `coefficients` free coefficients.
    public func coverageWarnings(form: LawForm, coefficients: Int? = nil) -> [CoverageWarning] {
        var warnings: [CoverageWarning] = []
        if form == .sparse, sparsities.count < 3 {
            warnings.append(sparsities.count == 1 ? .oneSparsityLevel(sparsities[0]) : .twoSparsityLevels)
        }
        if params.distinct < 3 { warnings.append(.fewSizes(distinct: params.distinct, form: form)) }
        if tokens.distinct < 3 { warnings.append(.fewBudgets(distinct: tokens.distinct, form: form)) }
        let needed = coefficients ?? form.coefficientNames.count
        if count < needed { warnings.append(.fewRuns(count: count, coefficients: needed, form: form)) }
        return warnings
    }

    /// The range of a non-empty list. Sizes, budgets and losses are positive and in any unit
    /// (tokens can be 1e-290 of something): only relative differences separate them.
    static func range(_ values: [Double]) -> Range {
        let sorted = values.sorted()
        return Range(min: sorted[0], max: sorted[sorted.count - 1], distinct: distinctValues(sorted, absolute: 0).count)
    }
}
