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
    public var warnings: [String]

    public init(runs: [TrainingRun]) {
        precondition(!runs.isEmpty, "a summary needs at least one run")
        count = runs.count
        sparsities = distinctValues(runs.map(\.sparsity))
        levels = sparsities.map { level in
            Level(sparsity: level, runs: runs.filter { nearlyEqual($0.sparsity, level) }.count)
        }
        params = Self.range(runs.map(\.nonZeroParams))
        tokens = Self.range(runs.map(\.tokens))
        loss = Self.range(runs.map(\.loss))
        patterns = Array(Set(runs.compactMap(\.pattern))).sorted()

        var warnings: [String] = []
        if sparsities.count < 3 {
            warnings.append(sparsities.count == 1
                ? "one sparsity level (S = \(numberText(sparsities[0]))): the sparse law's sparsity term cannot be fitted; fit the dense law (--form dense)"
                : "only two sparsity levels: aS, bS and cS cannot all be pinned down (the sparse law needs three or more)")
        }
        if params.distinct < 3 {
            warnings.append("\(params.distinct) distinct model size\(params.distinct == 1 ? "" : "s"): the size exponent bN is poorly determined (three or more sizes are needed)")
        }
        if tokens.distinct < 3 {
            warnings.append("\(tokens.distinct) distinct data budget\(tokens.distinct == 1 ? "" : "s"): the data term (aD, bD) is poorly determined (three or more are needed)")
        }
        if count < 7 {
            warnings.append("\(count) run\(count == 1 ? "" : "s"): fewer than the sparse law's seven coefficients")
        }
        self.warnings = warnings
    }

    /// Sizes, budgets and losses are positive and in any unit (tokens can be 1e-290 of
    /// something): only relative differences separate them.
    static func range(_ values: [Double]) -> Range {
        Range(min: values.min()!, max: values.max()!, distinct: distinctValues(values, absolute: 0).count)
    }
}

/// Equal within `relative`, or within `absolute` (the default suits sparsities near zero; pass 0
/// for quantities whose unit is arbitrary).
func nearlyEqual(_ a: Double, _ b: Double, relative: Double = 1e-9, absolute: Double = 1e-12) -> Bool {
    abs(a - b) <= relative * max(abs(a), abs(b)) || abs(a - b) < absolute
}

/// Sorted distinct values, merging values that differ only by rounding.
func distinctValues(_ values: [Double], absolute: Double = 1e-12) -> [Double] {
    var result: [Double] = []
    for value in values.sorted() where result.last.map({ !nearlyEqual($0, value, absolute: absolute) }) ?? true {
        result.append(value)
    }
    return result
}
