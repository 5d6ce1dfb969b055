import ArgumentParser
import SparseLaw

enum CostChoice: String, ExpressibleByArgument, CaseIterable {
    case dense, sparse
}

/// The cost model and the sparsity cap, shared by `optimal` and `contours`.
struct CostOptions: ParsableArguments {
    @Option(help: "What training costs: dense (every weight computed, C = 6ND/(1-S)), the default, or sparse (only non-zeros computed, with gradual pruning).")
    var cost: CostChoice?

    @Option(help: "Pruning schedule (--cost sparse, --hardware): fraction of training after which pruning starts.")
    var pruneStart: Quantity = Quantity(0.25)

    @Option(help: "Pruning schedule: fraction of training at which pruning reaches the final sparsity.")
    var pruneEnd: Quantity = Quantity(0.75)

    @Option(help: "Pruning schedule: its power (3 = cubic).")
    var prunePower: Quantity = Quantity(3)

    @Option(help: ArgumentHelp("Largest sparsity considered (default: the largest the law was fitted on, or 0.99 for presets).", valueName: "s"))
    var maxSparsity: Quantity?

    func validate() throws {
        guard pruneStart.value >= 0, pruneEnd.value <= 1, pruneStart.value <= pruneEnd.value else {
            throw ValidationError("the pruning schedule needs 0 <= --prune-start <= --prune-end <= 1")
        }
        guard prunePower.value > 0 else { throw ValidationError("--prune-power must be positive") }
        if let maxSparsity, !(maxSparsity.value > 0 && maxSparsity.value < 1) { throw ValidationError("--max-sparsity must lie in (0, 1)") }
    }

    var schedule: PruningSchedule { PruningSchedule(start: pruneStart.value, end: pruneEnd.value, power: prunePower.value) }

    var model: CostModel {
        cost == .sparse ? .sparseFLOPs(schedule) : .denseFLOPs
    }

    /// The question of optimal sparsity for the law the user named; a dense law is refused,
    /// since it has no sparsity term.
    func query(for lawOption: LawOption, model: CostModel? = nil) throws -> SparsityQuery {
        let (file, path) = try lawOption.loadFile()
        let model = model ?? self.model
        return try answering { () throws(QueryError) in
            try SparsityQuery(file: file, path: path, cost: model, maxSparsity: maxSparsity?.value)
        }
    }
}
