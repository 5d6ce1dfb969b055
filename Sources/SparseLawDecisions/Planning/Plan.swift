import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

/// One run to train: N non-zero parameters at sparsity S (unstructured, or a structured
/// pattern), trained on D, with what it costs and stores on a hardware profile. Every number is
/// computed from (N, S, D) and the profile, so that a plan can be checked on its own.
public struct Plan: Sendable, Equatable, Codable {
    /// N, non-zero parameters.
    public var params: Double
    public var sparsity: Double
    /// The structured pattern, or nil for unstructured sparsity.
    public var pattern: String?
    /// For a pattern planned on an assumption rather than a fitted constant: the unstructured
    /// sparsity whose loss it is assumed to reach.
    public var assumedSparsity: Double? = nil
    /// N_total = N / (1 - S), every weight, zero or not.
    public var totalParams: Double
    /// D, the training data.
    public var tokens: Double
    /// L(S, N, D), the law's prediction.
    public var loss: Double
    /// Bytes of the weights, memory(N, S), and the format that gives that.
    public var memory: Double
    public var storage: HardwareProfile.StorageFormat
    /// 6 N_total D E_t[1/u], in dense FLOPs.
    public var trainingCost: Double
    /// 2 N_total T / v(S) for T inference tokens, in dense FLOPs.
    public var inferenceCost: Double
    /// trainingCost + inferenceCost.
    public var cost: Double
    /// Accelerator-seconds and their price, when the profile gives a throughput (and a price).
    public var seconds: Double?
    public var money: Double?
    /// The memory limit caps N here: a larger model would have been better.
    public var memoryBinds: Bool
    /// S is the largest sparsity searched (the end of a measured curve, or the sparsity cap).
    public var atSparsityCap: Bool

    /// Every number is finite, the hours and price included when the profile gives them.
    public var isFinite: Bool {
        [params, sparsity, totalParams, tokens, loss, memory, trainingCost, inferenceCost, cost, seconds ?? 0, money ?? 0].allSatisfy(\.isFinite)
    }
}

/// Why no run within the limits reaches a target loss.
public enum PlanImpossibility: Diagnostic {
    /// The target is at or below the law's irreducible loss c: no N and D reach it.
    case belowIrreducibleLoss(target: Double, irreducible: Double)
    /// The largest model the memory holds does not reach the target even with unlimited data:
    /// the lowest loss within the limit is `reachable`.
    case beyondMemory(target: Double, memoryLimit: Double, reachable: Double)
    /// The numbers overflow at this query (N, D, the cost, or its hours or price would not be
    /// finite).
    case notFinite
    /// The best run has fewer than one non-zero parameter, `params`: the memory limit holds less
    /// than one weight, and there is no model to train.
    case belowOneParameter(params: Double, memoryLimit: Double?)

    public var code: String {
        switch self {
        case .belowIrreducibleLoss: return "plan.below-irreducible-loss"
        case .beyondMemory: return "plan.beyond-memory"
        case .notFinite: return "plan.not-finite"
        case .belowOneParameter: return "plan.below-one-parameter"
        }
    }

    public var values: [String: JSONValue] {
        switch self {
        case .belowIrreducibleLoss(let target, let irreducible): return ["target": .number(target), "irreducible": .number(irreducible)]
        case .beyondMemory(let target, let limit, let reachable): return ["target": .number(target), "memoryLimit": .number(limit), "reachable": .number(reachable)]
        case .notFinite: return [:]
        case .belowOneParameter(let params, let limit):
            var values: [String: JSONValue] = ["params": .number(params)]
            if let limit { values["memoryLimit"] = .number(limit) }
            return values
        }
    }
}

/// A plan, or why there is none.
public enum PlanOutcome: Sendable, Equatable {
    case plan(Plan)
    case impossible(PlanImpossibility)

    public var plan: Plan? {
        if case .plan(let plan) = self { return plan }
        return nil
    }

    public var impossibility: PlanImpossibility? {
        if case .impossible(let reason) = self { return reason }
        return nil
    }
}

/// A format a run can take: dense, unstructured sparsity, or a structured (n:m) pattern.
public enum PlanFormat: Sendable, Equatable, Hashable {
    case dense
    case unstructured
    case pattern(String)

    /// "dense", "unstructured", or the pattern's name ("2:4").
    public var name: String {
        switch self {
        case .dense: return "dense"
        case .unstructured: return "unstructured"
        case .pattern(let name): return name
        }
    }
}

/// The best plan in one format, or why there is none.
public struct PlanOption: Sendable, Equatable {
    public var format: PlanFormat
    public var outcome: PlanOutcome
}

/// What a budget pays for.
public enum BudgetScope: String, Sendable, Equatable {
    /// Training alone; serving, when tokens are given, is costed beside the budget.
    case training
    /// Training plus serving the model's inference tokens: the lifetime question (Sardana et al.
    /// 2024, "Beyond Chinchilla-Optimal"). With no tokens to serve it is the training budget.
    case lifetime
}

/// The loss-minimizing run for a budget, and the best dense run under the same limits.
public struct BudgetPlan: Sendable, Equatable {
    public var compute: Double
    /// Tokens the model serves (0: none).
    public var inferenceTokens: Double = 0
    /// What `compute` pays for.
    public var scope: BudgetScope = .training
    public var memoryLimit: Double?
    public var best: PlanOutcome
    public var dense: PlanOutcome
    /// The best plan of every format the law and the profile allow, side by side: dense,
    /// unstructured (a sparse law), each pattern the law has a constant for. `best` is the best
    /// of them.
    public var options: [PlanOption] = []

    /// dense loss - best loss (>= 0), when both exist.
    public var gain: Double? {
        guard let best = best.plan, let dense = dense.plan else { return nil }
        return dense.loss - best.loss
    }

    /// The plan is sparse and better than dense.
    public var sparsityPays: Bool { (best.plan?.sparsity ?? 0) > 0 && (gain ?? 0) > 0 }

    /// The gain a verdict weighs (`SparsityVerdict`): the loss the best plan saves over the best
    /// dense one, 0 when the best is dense; nil when either is impossible.
    public var verdictGain: Double? {
        guard let gain, let best = best.plan else { return nil }
        return best.sparsity > 0 ? gain : 0
    }

    /// The budget pays for serving too: the lifetime question with tokens to serve.
    public var countsServing: Bool { scope == .lifetime && inferenceTokens > 0 }
}

/// The cheapest run that reaches a target loss, training plus serving T tokens, and the cheapest
/// dense run under the same limits.
public struct TargetPlan: Sendable, Equatable {
    public var targetLoss: Double
    public var inferenceTokens: Double
    public var memoryLimit: Double?
    public var best: PlanOutcome
    public var dense: PlanOutcome
    /// The cheapest plan of every format, side by side (see `BudgetPlan.options`).
    public var options: [PlanOption] = []

    /// dense cost - best cost (>= 0), when both exist.
    public var saving: Double? {
        guard let best = best.plan, let dense = dense.plan else { return nil }
        return dense.cost - best.cost
    }

    /// The gain a verdict weighs (`SparsityVerdict`): the share of the dense plan's cost the best
    /// plan saves, (C_dense - C_best) / C_dense, 0 when the best is dense and 1 when only a sparse
    /// run reaches the target; nil when no run does.
    public var verdictGain: Double? {
        guard let best = best.plan else { return nil }
        guard best.sparsity > 0 else { return 0 }
        guard let dense = dense.plan else { return 1 }
        return (dense.cost - best.cost) / dense.cost
    }

    /// The plan is sparse and cheaper than dense (or dense is impossible and it is not).
    public var sparsityPays: Bool {
        guard let best = best.plan, best.sparsity > 0 else { return false }
        guard let dense = dense.plan else { return true }
        return best.cost < dense.cost
    }
}
