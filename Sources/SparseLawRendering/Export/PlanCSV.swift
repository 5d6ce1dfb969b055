import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions

/// The frontier of budget plans as CSV, one row per budget:
/// `compute,params,sparsity,pattern,tokens,loss,memory,denseParams,denseTokens,denseLoss,denseMemory,gain,assumedSparsity`,
/// the last the unstructured sparsity an assumed pattern is taken to match (empty for a fitted
/// one). Cells of a plan that does not exist are empty.
public func budgetFrontierCSV(_ frontier: BudgetFrontier) -> String {
    var text = "compute,params,sparsity,pattern,tokens,loss,memory,denseParams,denseTokens,denseLoss,denseMemory,gain,assumedSparsity\n"
    for plan in frontier.plans {
        let best = plan.best.plan, dense = plan.dense.plan
        text += [exactText(plan.compute), cell(best?.params), cell(best?.sparsity), best?.pattern ?? "", cell(best?.tokens), cell(best?.loss),
                 cell(best?.memory), cell(dense?.params), cell(dense?.tokens), cell(dense?.loss), cell(dense?.memory), cell(plan.gain),
                 cell(best?.assumedSparsity)]
            .joined(separator: ",") + "\n"
    }
    return text
}

/// The frontier of target-loss plans as CSV, one row per target:
/// `targetLoss,params,sparsity,pattern,tokens,cost,memory,denseParams,denseTokens,denseCost,denseMemory,saving,impossible,denseImpossible,assumedSparsity`,
/// `impossible` and `denseImpossible` the codes of why a plan does not exist, `assumedSparsity` as
/// in the budget frontier.
public func targetFrontierCSV(_ frontier: TargetFrontier) -> String {
    var text = "targetLoss,params,sparsity,pattern,tokens,cost,memory,denseParams,denseTokens,denseCost,denseMemory,saving,impossible,denseImpossible,assumedSparsity\n"
    for plan in frontier.plans {
        let best = plan.best.plan, dense = plan.dense.plan
        text += [exactText(plan.targetLoss), cell(best?.params), cell(best?.sparsity), best?.pattern ?? "", cell(best?.tokens), cell(best?.cost),
                 cell(best?.memory), cell(dense?.params), cell(dense?.tokens), cell(dense?.cost), cell(dense?.memory), cell(plan.saving),
                 plan.best.impossibility?.code ?? "", plan.dense.impossibility?.code ?? "", cell(best?.assumedSparsity)]
            .joined(separator: ",") + "\n"
    }
    return text
}

/// Cost against model size at a target loss, one row per size:
/// `params,sparsity,pattern,tokens,cost,denseTokens,denseCost,assumedSparsity` (empty where the size
/// cannot reach it; `assumedSparsity` as in the budget frontier).
public func sizeCostCSV(_ sizes: [SizeCost]) -> String {
    var text = "params,sparsity,pattern,tokens,cost,denseTokens,denseCost,assumedSparsity\n"
    for size in sizes {
        text += [exactText(size.params), cell(size.best?.sparsity), size.best?.pattern ?? "", cell(size.best?.tokens), cell(size.best?.cost),
                 cell(size.dense?.tokens), cell(size.dense?.cost), cell(size.best?.assumedSparsity)].joined(separator: ",") + "\n"
    }
    return text
}

private func cell(_ value: Double?) -> String { value.map(exactText) ?? "" }
