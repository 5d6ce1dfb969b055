import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a set of runs was laid out, and so which view of the fit shows it best.
///
/// - Loss against data per model size (the view of Frantar et al.) when sizes were trained on
///   several budgets: one panel per size, one curve per sparsity.
/// - Iso-FLOP profiles (the view of Hoffmann et al.) when runs of many sizes share a compute
///   budget C = 6 N D / (1 - S): loss against N, one curve per budget.
///
/// A view must hold at least half the runs in its curves; of two that do, the one with more runs
/// per curve wins, ties going to the first. A curve needs two runs of different D (per size) or
/// three of different N (per budget), so no panel has one point.
enum FitDesign: Equatable {
    /// Panels for `sizes` (each with runs at two or more D); `omitted` sizes had a single D.
    case dataCurves(sizes: [Double], omitted: Int)
    /// Budget groups with runs at three or more sizes; `ungrouped` runs fall in none.
    case isoFLOP(budgets: [BudgetGroup], ungrouped: Int)
    /// Neither: only measured against predicted.
    case scattered

    struct BudgetGroup: Equatable {
        /// The geometric mean of the group's budgets.
        var compute: Double
        /// log10 of the smallest and largest budget in the group.
        var logRange: ClosedRange<Double>
        var runs: [TrainingRun]
    }

    /// Budgets within this many decades of a group's center join it (a factor 1.2 either way).
    static let budgetTolerance = log10(1.2)

    /// The dense-cost budget of a run, 6 N D / (1 - S): what an iso-FLOP design holds fixed.
    static func compute(of run: TrainingRun) -> Double {
        trainingCompute(params: run.nonZeroParams, tokens: run.tokens) / (1 - run.sparsity)
    }

    static func of(_ runs: [TrainingRun]) -> FitDesign {
        // Per size: curves of one sparsity over several D.
        let sizes = distinctValues(runs.map(\.nonZeroParams))
        var sizeCurves: [Int] = []
        var curvedSizes: [Double] = []
        for size in sizes {
            let ofSize = runs.filter { nearlyEqual($0.nonZeroParams, size) }
            let curves = distinctValues(ofSize.map(\.sparsity)).map { level in
                distinctValues(ofSize.filter { nearlyEqual($0.sparsity, level) }.map(\.tokens)).count
            }.filter { $0 >= 2 }
            if !curves.isEmpty { curvedSizes.append(size); sizeCurves += curves }
        }
        // Per budget: groups of close budgets, curves of one sparsity over several N.
        let groups = budgetGroups(runs)
        var budgetCurves: [Int] = []
        var profiles: [BudgetGroup] = []
        for group in groups {
            let curves = distinctValues(group.runs.map(\.sparsity)).map { level in
                distinctValues(group.runs.filter { nearlyEqual($0.sparsity, level) }.map(\.nonZeroParams)).count
            }.filter { $0 >= 3 }
            if !curves.isEmpty { profiles.append(group); budgetCurves += curves }
        }
        func mean(_ values: [Int]) -> Double { values.isEmpty ? 0 : Double(values.reduce(0, +)) / Double(values.count) }
        // A view must hold at least half the runs in its curves.
        let inSizeCurves = runs.filter { run in curvedSizes.contains { nearlyEqual($0, run.nonZeroParams) } }.count
        let inProfiles = profiles.reduce(0) { $0 + $1.runs.count }
        if 2 * inSizeCurves < runs.count { sizeCurves = [] }
        if 2 * inProfiles < runs.count { budgetCurves = [] }
        if sizeCurves.isEmpty && budgetCurves.isEmpty { return .scattered }
        if mean(sizeCurves) >= mean(budgetCurves) {
            return .dataCurves(sizes: curvedSizes, omitted: sizes.count - curvedSizes.count)
        }
        return .isoFLOP(budgets: profiles, ungrouped: runs.count - profiles.reduce(0) { $0 + $1.runs.count })
    }

    /// At most this many budget groups: more would not be told apart by color.
    static let maxBudgetGroups = 12

    /// Runs grouped by budget, densest first: the run with the most others within
    /// `budgetTolerance` decades of its budget gathers them into a group, and so on among the
    /// runs left, while a group gets three runs or more (at most `maxBudgetGroups` groups).
    /// Centering each group on a dense spot keeps budgets that were read off a plot, and so
    /// scatter around the planned ones, together. Groups come out in order of budget.
    static func budgetGroups(_ runs: [TrainingRun]) -> [BudgetGroup] {
        var left = runs.map { (log10(compute(of: $0)), $0) }.sorted { $0.0 < $1.0 }
        var groups: [BudgetGroup] = []
        while groups.count < maxBudgetGroups, left.count >= 3 {
            // Window counts by two pointers over the sorted budgets.
            var best = (count: 0, lower: 0, upper: 0)
            var lower = 0, upper = 0
            for center in left.indices {
                while left[center].0 - left[lower].0 > budgetTolerance { lower += 1 }
                if upper < center { upper = center }
                while upper + 1 < left.count, left[upper + 1].0 - left[center].0 <= budgetTolerance { upper += 1 }
                if upper - lower + 1 > best.count { best = (upper - lower + 1, lower, upper) }
            }
            guard best.count >= 3 else { break }
            let members = Array(left[best.lower...best.upper])
            let logs = members.map(\.0)
            groups.append(BudgetGroup(compute: pow(10, logs.reduce(0, +) / Double(logs.count)), logRange: logs.min()!...logs.max()!,
                                      runs: members.map(\.1)))
            left.removeSubrange(best.lower...best.upper)
        }
        return groups.sorted { $0.compute < $1.compute }
    }
}
