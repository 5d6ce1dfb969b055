import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

/// Something a plan's reader should know: where it is a bound rather than an optimum, where the
/// law extrapolates, what was left out.
public enum PlanWarning: Diagnostic {
    /// The plan's sparsity is the largest searched: more might pay, but nothing beyond it was
    /// measured (`curveEnd`) or allowed (the sparsity cap).
    case atSparsityCap(cap: Double, curveEnd: Bool)
    /// A dense law: the plan is the compute-optimal allocation, with no sparsity.
    case denseLaw
    /// Patterns of the profile the law has no constant for: left out.
    case patternsWithoutConstants([String])
    /// A pattern planned on an assumption, not a fit: it reaches the loss of unstructured
    /// `sparsity`, which gives it the law's `constant`.
    case assumedPattern(pattern: String, sparsity: Double, constant: Double)
    /// Bootstrap replicates without these patterns' constants (a law file from before they were
    /// kept): their plans leave the patterns out.
    case patternsLeftOutOfReplicates([String])
    /// Replicates that found no plan within the limits (left out of the intervals).
    case replicatesWithoutPlan(count: Int, replicates: Int)
    /// Replicates whose plan sits at the sparsity cap: the sparsity interval's upper end is a bound.
    case replicatesAtCap(count: Int, replicates: Int)
    /// The plan's N, D or sparsity beyond what the law was fitted on: graded as queries are (a
    /// note with the factor, a warning beyond 10x; a sparsity above the fitted ones a warning).
    case extrapolation(ExtrapolationWarning)
    /// The intervals come from replicates some of which hold a coefficient at its bound.
    case conditional(BootstrapCondition)
    /// The plan's sparsity lies strictly between two measured points of a curve it uses.
    case interpolatedSpeedup(InterpolatedSpeedup)

    public var code: String {
        switch self {
        case .atSparsityCap: return "plan.at-sparsity-cap"
        case .denseLaw: return "plan.dense-law"
        case .patternsWithoutConstants: return "plan.patterns-without-constants"
        case .assumedPattern: return "plan.assumed-pattern"
        case .patternsLeftOutOfReplicates: return "plan.patterns-left-out-of-replicates"
        case .replicatesWithoutPlan: return "plan.replicates-without-plan"
        case .replicatesAtCap: return "plan.replicates-at-cap"
        case .extrapolation(let warning): return warning.code
        case .conditional(let condition): return condition.code
        case .interpolatedSpeedup(let warning): return warning.code
        }
    }

    public var values: [String: JSONValue] {
        switch self {
        case .atSparsityCap(let cap, let curveEnd): return ["cap": .number(cap), "curveEnd": .text(curveEnd ? "yes" : "no")]
        case .denseLaw: return [:]
        case .assumedPattern(let pattern, let sparsity, let constant):
            return ["pattern": .text(pattern), "sparsity": .number(sparsity), "constant": .number(constant)]
        case .patternsWithoutConstants(let names), .patternsLeftOutOfReplicates(let names): return ["patterns": .texts(names)]
        case .replicatesWithoutPlan(let count, let replicates), .replicatesAtCap(let count, let replicates):
            return ["count": .integer(count), "replicates": .integer(replicates)]
        case .extrapolation(let warning): return warning.values
        case .conditional(let condition): return condition.values
        case .interpolatedSpeedup(let warning): return warning.values
        }
    }
}

extension Planner {
    /// The warnings for a plan (and its intervals), given what the law was fitted on and the
    /// question it answers (which says what the plan at a measured point is).
    public func warnings(for plan: Plan?, intervals: PlanIntervals? = nil, fitted: LawFile? = nil, question: PlanRequest.Question? = nil) -> [PlanWarning] {
        var warnings: [PlanWarning] = []
        if law.form == .dense { warnings.append(.denseLaw) }
        if let plan, plan.atSparsityCap {
            let curveEnd = [profile.training.lastSparsity, profile.inference.lastSparsity].contains { $0 == plan.sparsity }
            warnings.append(.atSparsityCap(cap: plan.sparsity, curveEnd: curveEnd))
        }
        if let plan, plan.pattern == nil, let question {
            warnings += interpolationWarnings(sparsity: plan.sparsity, question: question).map(PlanWarning.interpolatedSpeedup)
        }
        if !patternsWithoutConstants.isEmpty { warnings.append(.patternsWithoutConstants(patternsWithoutConstants)) }
        for assumption in assumptions { warnings.append(.assumedPattern(pattern: assumption.pattern, sparsity: assumption.sparsity, constant: assumption.constant)) }
        if let intervals {
            if !intervals.patternsLeftOut.isEmpty { warnings.append(.patternsLeftOutOfReplicates(intervals.patternsLeftOut)) }
            if intervals.planned < intervals.replicates {
                warnings.append(.replicatesWithoutPlan(count: intervals.replicates - intervals.planned, replicates: intervals.replicates))
            }
            if intervals.atCap * 10 > intervals.planned { warnings.append(.replicatesAtCap(count: intervals.atCap, replicates: intervals.planned)) }
        }
        if let plan, let fitted {
            // A structured pattern's loss is its fitted constant's, whatever its sparsity.
            let sparsity = plan.pattern == nil ? plan.sparsity : 0
            warnings += fitted.extrapolationWarnings(params: plan.params, sparsity: sparsity, tokens: plan.tokens).map(PlanWarning.extrapolation)
        }
        if intervals != nil, let condition = fitted?.bootstrapCondition { warnings.append(.conditional(condition)) }
        return warnings
    }
}
