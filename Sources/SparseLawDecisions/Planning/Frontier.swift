import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where along a range of budgets (or target losses) the best plan is sparse and beats dense:
/// whether it does at the start of the range, and the points where that changes, each found by
/// bisection between the frontier's points to a relative 1e-6.
public struct SparsityPays: Sendable, Equatable {
    public var atStart: Bool
    public var switches: [Double]

    /// The spans of `range` where sparsity pays.
    public func spans(over range: ClosedRange<Double>) -> [ClosedRange<Double>] {
        var spans: [ClosedRange<Double>] = []
        var start: Double? = atStart ? range.lowerBound : nil
        for point in switches {
            if let begun = start { spans.append(begun...point); start = nil } else { start = point }
        }
        if let start { spans.append(start...range.upperBound) }
        return spans
    }
}

/// Budget plans along a range of budgets.
public struct BudgetFrontier: Sendable, Equatable {
    public var plans: [BudgetPlan]
    public var sparsityPays: SparsityPays
    /// Where the memory limit starts (or stops) to cap the best plan's N, in the same form.
    public var memoryBinds: SparsityPays = SparsityPays(atStart: false, switches: [])
    /// At each budget, the 95% interval of the best plan's loss over the law's bootstrap
    /// replicates (empty without replicates; nil where too few replicates have a plan).
    public var band: [Interval?] = []
    /// How many replicates the band is over.
    public var bandReplicates = 0
    /// Where the verdict over the band's replicates is sparse (nil without replicates: the
    /// figure then shades where the point estimate pays).
    public var sparseVerdict: SparsityPays?
}

/// Target-loss plans along a range of targets (increasing: hardest first).
public struct TargetFrontier: Sendable, Equatable {
    public var inferenceTokens: Double
    public var plans: [TargetPlan]
    public var sparsityPays: SparsityPays
    /// Where the memory limit starts (or stops) to cap the cheapest plan's N.
    public var memoryBinds: SparsityPays = SparsityPays(atStart: false, switches: [])
    /// At each target, the 95% interval of the cheapest plan's cost over the replicates.
    public var band: [Interval?] = []
    public var bandReplicates = 0
    /// Where the verdict over the band's replicates is sparse (see `BudgetFrontier`).
    public var sparseVerdict: SparsityPays?
}

/// At one model size, the cheapest run that reaches a target loss (the sparsity free, D what the
/// target needs) and the dense run of that size.
public struct SizeCost: Sendable, Equatable {
    public var params: Double
    public var best: Plan?
    public var dense: Plan?
}

/// The smallest models that can reach a target loss (with unlimited data): N_min = (A / (X - c))^(1/bN),
/// for the dense model (A = aS + cS) and the sparsest allowed (A smallest).
public struct CriticalSizes: Sendable, Equatable {
    public var dense: Double
    public var sparse: Double
    /// The sparsity (or pattern) of the sparse one.
    public var sparsity: Double
    public var pattern: String?
    /// The pattern's assumed equivalent sparsity, when it is planned on an assumption.
    public var assumedSparsity: Double? = nil
}

extension Planner {
    /// The plan at each budget (serving `inferenceTokens`, spent as `scope` says), and where
    /// sparsity starts (or stops) to pay.
    public func frontier(budgets: [Double], inferenceTokens: Double = 0, scope: BudgetScope = .lifetime) -> BudgetFrontier {
        let sorted = budgets.sorted()
        let plans = sorted.map { plan(compute: $0, inferenceTokens: inferenceTokens, scope: scope) }
        let pays = switches(sorted, plans.map(\.sparsityPays), logarithmic: true) {
            self.plan(compute: $0, inferenceTokens: inferenceTokens, scope: scope).sparsityPays
        }
        let binds = switches(sorted, plans.map { $0.best.plan?.memoryBinds ?? false }, logarithmic: true) {
            self.plan(compute: $0, inferenceTokens: inferenceTokens, scope: scope).best.plan?.memoryBinds ?? false
        }
        return BudgetFrontier(plans: plans, sparsityPays: pays, memoryBinds: binds)
    }

    /// The plan at each target loss, and where sparse plans start (or stop) to be the cheaper.
    public func frontier(targets: [Double], inferenceTokens: Double) -> TargetFrontier {
        let sorted = targets.sorted()
        let plans = sorted.map { plan(targetLoss: $0, inferenceTokens: inferenceTokens) }
        let pays = switches(sorted, plans.map(\.sparsityPays), logarithmic: false) {
            self.plan(targetLoss: $0, inferenceTokens: inferenceTokens).sparsityPays
        }
        let binds = switches(sorted, plans.map { $0.best.plan?.memoryBinds ?? false }, logarithmic: false) {
            self.plan(targetLoss: $0, inferenceTokens: inferenceTokens).best.plan?.memoryBinds ?? false
        }
        return TargetFrontier(inferenceTokens: inferenceTokens, plans: plans, sparsityPays: pays, memoryBinds: binds)
    }

    func switches(_ points: [Double], _ pays: [Bool], logarithmic: Bool, _ test: (Double) -> Bool) -> SparsityPays {
        var result = SparsityPays(atStart: pays.first ?? false, switches: [])
        for index in pays.indices.dropFirst() where pays[index] != pays[index - 1] {
            var (low, high) = (points[index - 1], points[index])
            let before = pays[index - 1]
            for _ in 0..<60 where (high - low) > 1e-6 * abs(high) {
                let middle = logarithmic ? (low * high).squareRoot() : (low + high) / 2
                if test(middle) == before { low = middle } else { high = middle }
            }
            result.switches.append(logarithmic ? (low * high).squareRoot() : (low + high) / 2)
        }
        return result
    }

    /// Cost against model size at a target loss: at each N, the cheapest sparsity and the dense run.
    public func costBySize(targetLoss: Double, inferenceTokens: Double, params: [Double]) -> [SizeCost] {
        let grid = inferenceTokens > 0 ? servingGrid : trainingGrid
        let cap = inferenceTokens > 0 ? servingCap : trainingCap
        return params.map { n in
            let objective = { (option: SparsityOption, factor: Double) -> Plan? in
                self.sizedRun(option, factor: factor, params: n, target: targetLoss, inferenceTokens: inferenceTokens)
            }
            let dense = grid.first.flatMap { objective($0, sparseLaw.sparsityFactor(0)) }
            return SizeCost(params: n, best: search(grid, cap: cap, objective: objective, key: \.cost), dense: dense)
        }
    }

    /// The run of N non-zeros at one sparsity that reaches the target: D = aD / (X - c - A N^-bN)^(1/bD).
    func sizedRun(_ option: SparsityOption, factor: Double, params: Double, target: Double, inferenceTokens: Double) -> Plan? {
        let law = sparseLaw
        let q = target - law.c - factor * pow(params, -law.bN)
        guard q > 0 else { return nil }
        if let memoryLimit, params * option.bytesPerNonzero > memoryLimit { return nil }
        return run(option, factor: factor, params: params, tokens: exp(log(law.aD) - log(q) / law.bD), inferenceTokens: inferenceTokens, memoryBinds: false)
    }

    /// The smallest dense and sparse models that reach `targetLoss`; nil when the target is at or
    /// below the irreducible loss.
    public func criticalSizes(targetLoss: Double, inferenceTokens: Double = 0) -> CriticalSizes? {
        let law = sparseLaw
        let w = targetLoss - law.c
        guard w > 0 else { return nil }
        let cap = inferenceTokens > 0 ? servingCap : trainingCap
        let size = { (factor: Double) in pow(factor / w, 1 / law.bN) }
        var result = CriticalSizes(dense: size(law.sparsityFactor(0)), sparse: size(law.sparsityFactor(cap)), sparsity: cap, pattern: nil)
        for choice in patternChoices where size(choice.constant) < result.sparse {
            result.sparse = size(choice.constant)
            result.sparsity = choice.option.sparsity
            result.pattern = choice.option.pattern?.pattern
            result.assumedSparsity = choice.assumed
        }
        return result
    }
}
