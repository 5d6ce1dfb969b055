import ArgumentParser
import SparseLaw

enum CostChoice: String, ExpressibleByArgument, CaseIterable {
    case dense, sparse
}

/// The cost model and the sparsity cap, shared by `optimal` and `contours`.
struct CostOptions: ParsableArguments {
    @Option(help: "What training costs: dense (every weight computed, C = 6ND/(1-S)), the default, or sparse (only non-zeros computed, with gradual pruning). The same as --hardware dense or ideal.")
    var cost: CostChoice?

    @Option(help: "Sparse cost: fraction of training after which pruning starts.")
    var pruneStart: Double = 0.25

    @Option(help: "Sparse cost: fraction of training at which pruning reaches the final sparsity.")
    var pruneEnd: Double = 0.75

    @Option(help: "Sparse cost: power of the pruning schedule (3 = cubic).")
    var prunePower: Double = 3

    @Option(help: ArgumentHelp("Largest sparsity considered (default: the largest the law was fitted on, or 0.99 for presets).", valueName: "s"))
    var maxSparsity: Double?

    func validate() throws {
        guard pruneStart >= 0, pruneEnd <= 1, pruneStart <= pruneEnd else {
            throw ValidationError("the pruning schedule needs 0 <= --prune-start <= --prune-end <= 1")
        }
        guard prunePower > 0, prunePower.isFinite else { throw ValidationError("--prune-power must be positive") }
        if let maxSparsity, !(maxSparsity > 0 && maxSparsity < 1) { throw ValidationError("--max-sparsity must lie in (0, 1)") }
    }

    var schedule: PruningSchedule { PruningSchedule(start: pruneStart, end: pruneEnd, power: prunePower) }

    var model: CostModel {
        cost == .sparse ? .sparseFLOPs(schedule) : .denseFLOPs
    }

    /// The largest sparsity to search: --max-sparsity, or the largest the law was fitted on, or 0.99.
    func sparsityCap(for file: LawFile) -> Double {
        maxSparsity ?? file.maxFittedSparsity.flatMap { $0 > 0 && $0 < 1 ? $0 : nil } ?? 0.99
    }

    /// The optimizer for a sparse law; a dense law is refused, since it has no sparsity term.
    func optimizer(for lawOption: LawOption) throws -> (SparsityOptimizer, LawFile, replicates: [SparseScalingLaw]) {
        let (file, path) = try lawOption.loadFile()
        let law = try reportingDataErrors { try file.law(file: path) }
        guard case .sparse(let sparse) = law else {
            throw ValidationError("\(lawOption.law) is a dense law: it has no sparsity term. Use a sparse law (t5-c4, vit-jft, or one fitted with --form sparse)")
        }
        let replicates = try reportingDataErrors { try file.replicateLaws(file: path) }.compactMap { law -> SparseScalingLaw? in
            if case .sparse(let sparse) = law { return sparse } else { return nil }
        }
        return (SparsityOptimizer(law: sparse, cost: model, maxSparsity: sparsityCap(for: file)), file, replicates)
    }
}

extension LawFile {
    /// "name (source)" or the path, for titles.
    func title(path: String) -> String {
        name.map { n in source.map { "\(n) (\($0))" } ?? n } ?? path
    }

    /// Warnings for a query at N and D far outside what the law was fitted on (a factor 10),
    /// and for sparsities beyond the largest fitted one.
    func extrapolationWarnings(params: Double, tokens: Double, maxSparsity: Double) -> [String] {
        var warnings: [String] = []
        if let span = ranges?.params {
            if params > 10 * span.max { warnings.append("N = \(numberText(params)) is \(numberText(params / span.max, significant: 3))x the largest model the law was fitted on (\(numberText(span.max))): this extrapolates") }
            if params < span.min / 10 { warnings.append("N = \(numberText(params)) is far below the smallest model the law was fitted on (\(numberText(span.min)))") }
        }
        if let span = ranges?.tokens {
            if tokens > 10 * span.max { warnings.append("D = \(numberText(tokens)) is \(numberText(tokens / span.max, significant: 3))x the most data the law was fitted on (\(numberText(span.max))): this extrapolates") }
            if tokens < span.min / 10 { warnings.append("D = \(numberText(tokens)) is far below the least data the law was fitted on (\(numberText(span.min)))") }
        }
        if let fitted = maxFittedSparsity, maxSparsity > fitted + 1e-9 {
            warnings.append("sparsities above \(numberText(fitted)) (up to the cap \(numberText(maxSparsity))) were never fitted: the law extrapolates there")
        }
        return warnings
    }
}
