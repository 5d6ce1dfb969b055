import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws
import Dispatch
import FoundationEssentials

/// 95% percentile intervals of a plan over bootstrap replicates of the law: each replicate is
/// asked the same question under the same profile and limits.
public struct PlanIntervals: Sendable, Equatable {
    public var replicates: Int
    /// Replicates with a plan; the others found none within the limits.
    public var planned: Int
    public var params: Interval?
    public var sparsity: Interval?
    public var tokens: Interval?
    public var loss: Interval?
    public var cost: Interval?
    /// The share of planned replicates whose best plan is sparse and beats their own dense plan
    /// (lower loss for a budget, lower cost for a target).
    public var sparseBeatsDense: Double?
    /// Each planned replicate's own `verdictGain` (its best plan against its own dense plan),
    /// for the verdict.
    public var gains: [Double] = []
    /// Planned replicates whose sparsity is the cap: there the interval's upper end is a bound.
    public var atCap: Int
    /// Structured patterns of the plan that some replicates had no constant for (left out of
    /// those replicates' plans).
    public var patternsLeftOut: [String] = []
}

extension LawEvaluator {
    /// The bootstrap replicates, each with its own pattern constants (empty for a law file that
    /// did not keep them).
    public var replicateLaws: [(law: ScalingLaw, patterns: [String: Double])] { replicates }
}

extension Planner {
    /// The budget plan of every replicate (same profile, limits, sparsity cap and serving), each
    /// with its own pattern constants.
    public func intervals(replicates: [(law: ScalingLaw, patterns: [String: Double])], compute: Double, inferenceTokens: Double = 0,
                          scope: BudgetScope = .lifetime, threads: Int? = nil) -> PlanIntervals? {
        let outcomes = replicatePlans(replicates, threads: threads) { planner in
            let plan = planner.plan(compute: compute, inferenceTokens: inferenceTokens, scope: scope)
            return plan.best.plan.map { ReplicateOutcome(plan: $0, pays: plan.sparsityPays, gain: plan.verdictGain) }
        }
        return PlanIntervals(outcomes, replicates: replicates.count, patternsLeftOut: patternsLeftOut(replicates))
    }

    /// The target-loss plan of every replicate.
    public func intervals(replicates: [(law: ScalingLaw, patterns: [String: Double])], targetLoss: Double, inferenceTokens: Double,
                          threads: Int? = nil) -> PlanIntervals? {
        let outcomes = replicatePlans(replicates, threads: threads) { planner in
            let plan = planner.plan(targetLoss: targetLoss, inferenceTokens: inferenceTokens)
            return plan.best.plan.map { ReplicateOutcome(plan: $0, pays: plan.sparsityPays, gain: plan.verdictGain) }
        }
        return PlanIntervals(outcomes, replicates: replicates.count, patternsLeftOut: patternsLeftOut(replicates))
    }

    /// At each budget, the 95% interval of the best plan's loss over the replicates (nil where
    /// fewer than half of them have a plan), each replicate asked the frontier's question; and the
    /// share of replicates whose best plan beats their own dense plan by at least `minGain`.
    public func frontierBand(replicates: [(law: ScalingLaw, patterns: [String: Double])], budgets: [Double], inferenceTokens: Double,
                             scope: BudgetScope, minGain: Double = 0, threads: Int? = nil) -> FrontierBand {
        band(replicates, count: budgets.count, minGain: minGain, threads: threads) { planner, index in
            let plan = planner.plan(compute: budgets[index], inferenceTokens: inferenceTokens, scope: scope)
            return (plan.best.plan?.loss, plan.verdictGain)
        }
    }

    /// At each target, the 95% interval of the cheapest plan's cost over the replicates, and the
    /// share of replicates whose sparse plan saves at least `minGain` of their dense plan's cost.
    public func frontierBand(replicates: [(law: ScalingLaw, patterns: [String: Double])], targets: [Double], inferenceTokens: Double,
                             minGain: Double = 0, threads: Int? = nil) -> FrontierBand {
        band(replicates, count: targets.count, minGain: minGain, threads: threads) { planner, index in
            let plan = planner.plan(targetLoss: targets[index], inferenceTokens: inferenceTokens)
            return (plan.best.plan?.cost, plan.verdictGain)
        }
    }

    /// Percentile intervals of `value` at `count` frontier points over the replicates, and the
    /// share of replicates whose gain wins there, on `threads` workers, each worker taking every
    /// workers-th replicate.
    func band(_ replicates: [(law: ScalingLaw, patterns: [String: Double])], count: Int, minGain: Double, threads: Int?,
              _ value: @escaping @Sendable (Planner, Int) -> (value: Double?, gain: Double?)) -> FrontierBand {
        guard !replicates.isEmpty else { return FrontierBand(intervals: [], winShares: []) }
        let store = Locked(Array(repeating: [(value: Double?, gain: Double?)](repeating: (nil, nil), count: count), count: replicates.count))
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, replicates.count))
        let base = self
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: replicates.count, by: workers) {
                let planner = base.replacingLaw(replicates[index].law, patternConstants: replicates[index].patterns)
                let values = (0..<count).map { value(planner, $0) }
                store.withLock { $0[index] = values }
            }
        }
        let rows = store.withLock { $0 }
        let intervals = (0..<count).map { point -> Interval? in
            let values = rows.compactMap { $0[point].value }.filter(\.isFinite)
            return values.count * 2 >= replicates.count ? percentileInterval(values) : nil
        }
        let shares = (0..<count).map { point -> Double? in
            let gains = rows.compactMap { $0[point].gain }
            return gains.isEmpty ? nil : Double(gains.filter { SparsityVerdict.wins($0, minGain: minGain) }.count) / Double(gains.count)
        }
        return FrontierBand(intervals: intervals, winShares: shares)
    }

    /// Replicates without pattern constants: their plans are unstructured.
    public func intervals(replicates: [ScalingLaw], compute: Double, inferenceTokens: Double = 0, scope: BudgetScope = .lifetime,
                          threads: Int? = nil) -> PlanIntervals? {
        intervals(replicates: replicates.map { ($0, [:]) }, compute: compute, inferenceTokens: inferenceTokens, scope: scope, threads: threads)
    }

    public func intervals(replicates: [ScalingLaw], targetLoss: Double, inferenceTokens: Double, threads: Int? = nil) -> PlanIntervals? {
        intervals(replicates: replicates.map { ($0, [:]) }, targetLoss: targetLoss, inferenceTokens: inferenceTokens, threads: threads)
    }

    /// The law's patterns that some replicate has no constant for.
    func patternsLeftOut(_ replicates: [(law: ScalingLaw, patterns: [String: Double])]) -> [String] {
        patternChoices.filter { $0.assumed == nil }.compactMap(\.option.pattern?.pattern).filter { name in
            replicates.contains { replicate in !replicate.patterns.keys.contains { $0.lowercased() == name.lowercased() } }
        }
    }

    /// `question` asked of each replicate, on `threads` workers (nil: one per core); worker w takes
    /// replicates w, w + workers, ..., so the answer does not depend on the number of threads.
    func replicatePlans(_ replicates: [(law: ScalingLaw, patterns: [String: Double])], threads: Int?,
                        _ question: @escaping @Sendable (Planner) -> ReplicateOutcome?) -> [ReplicateOutcome?] {
        let store = ReplicatePlans(count: replicates.count)
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, replicates.count))
        let base = self
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: replicates.count, by: workers) {
                store.set(question(base.replacingLaw(replicates[index].law, patternConstants: replicates[index].patterns)), at: index)
            }
        }
        return store.values
    }
}

extension PlanIntervals {
    init?(_ outcomes: [ReplicateOutcome?], replicates: Int, patternsLeftOut: [String]) {
        guard replicates > 0 else { return nil }
        let plans = outcomes.compactMap { $0 }
        self.replicates = replicates
        planned = plans.count
        gains = plans.compactMap(\.gain)
        func range(_ value: (Plan) -> Double) -> Interval? { plans.isEmpty ? nil : percentileInterval(plans.map { value($0.plan) }) }
        params = range(\.params)
        sparsity = range(\.sparsity)
        tokens = range(\.tokens)
        loss = range(\.loss)
        cost = range(\.cost)
        sparseBeatsDense = plans.isEmpty ? nil : Double(plans.filter(\.pays).count) / Double(plans.count)
        atCap = plans.filter { $0.plan.atSparsityCap }.count
        self.patternsLeftOut = patternsLeftOut
    }
}

/// A frontier's band over the replicates: at each point, the 95% interval of the best plan's
/// loss (or cost), and the share of replicates in which sparsity wins (nil: none compared).
public struct FrontierBand: Sendable, Equatable {
    public var intervals: [Interval?]
    public var winShares: [Double?]

    /// Where the verdict is sparse (`SparsityVerdict`: won in at least 95% of the replicates)
    /// along `points`, each change placed halfway (in log) between the two points around it.
    public func sparseVerdict(along points: [Double]) -> SparsityPays {
        let sparse = winShares.map { ($0 ?? 0) >= SparsityVerdict.confidence - 1e-12 }
        var switches: [Double] = []
        for index in sparse.indices.dropFirst() where sparse[index] != sparse[index - 1] {
            switches.append((points[index - 1] * points[index]).squareRoot())
        }
        return SparsityPays(atStart: sparse.first ?? false, switches: switches)
    }
}

/// One replicate's answer: its best plan, whether sparsity pays, and its verdict gain.
struct ReplicateOutcome: Sendable {
    var plan: Plan
    var pays: Bool
    var gain: Double?
}

/// Plans written by concurrent workers, each to its own slot.
private final class ReplicatePlans: Sendable {
    private let slots: Locked<[ReplicateOutcome?]>

    init(count: Int) { slots = Locked(Array(repeating: nil, count: count)) }

    func set(_ value: ReplicateOutcome?, at index: Int) {
        slots.withLock { $0[index] = value }
    }

    var values: [ReplicateOutcome?] { slots.withLock { $0 } }
}
