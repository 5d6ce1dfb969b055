import SparseLawCore
import SparseLawLaws
import SparseLawDecisions

extension PlanResult {
    /// The frontier as CSV, when one was computed.
    public var frontierCSV: String? {
        budgetFrontier.map(budgetFrontierCSV) ?? targetFrontier.map(targetFrontierCSV)
    }

    /// The cost by model size as CSV, when the target can be reached (nil: no critical size).
    public var sizesCSV: String? {
        criticalSizes == nil ? nil : sizeCostCSV(sizes)
    }

    /// The frontier's figure, when one was computed.
    public func figure(lawName: String, hardware: String) -> PlanFigure? {
        switch answer {
        case .budget(let plan):
            return budgetFrontier.map { PlanFigure(budgets: $0, question: plan, lawName: lawName, hardware: hardware) }
        case .target(let plan):
            return targetFrontier.map { PlanFigure(targets: $0, question: plan, sizes: sizes, lawName: lawName, hardware: hardware) }
        }
    }
}
