import ArgumentParser
import SparseLaw

enum CostChoice: String, ExpressibleByArgument, CaseIterable {
    case dense, sparse

    /// The built-in profile whose training curve this cost model is.
    var profile: HardwareProfile { self == .sparse ? .ideal : .dense }
}

/// The cost model and the sparsity cap, shared by `optimal` and `contours`.
struct CostOptions: ParsableArguments {
    @Option(help: "What training costs: dense (every weight computed, C = 6ND/(1-S)), the default, or sparse (only non-zeros computed, with gradual pruning).")
    var cost: CostChoice?

    @Option(parsing: .unconditional, help: "Pruning schedule (--cost sparse, --hardware): fraction of training after which pruning starts, in [0, 1].",
            transform: Quantity.parser(.unitInterval, percent: true))
    var pruneStart: Quantity = Quantity(0.25)

    @Option(parsing: .unconditional, help: "Pruning schedule: fraction of training at which pruning reaches the final sparsity, in [0, 1].",
            transform: Quantity.parser(.unitInterval, percent: true))
    var pruneEnd: Quantity = Quantity(0.75)

    @Option(parsing: .unconditional, help: "Pruning schedule: its power (3 = cubic), positive.", transform: Quantity.parser(.positive))
    var prunePower: Quantity = Quantity(3)

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Largest sparsity considered, in (0, 1) (default: the largest the law was fitted on, or \(SparseScalingLaw.defaultMaxSparsity) for presets).", valueName: "s"),
            transform: Quantity.parser(.openUnitInterval, percent: true))
    var maxSparsity: Quantity?

    @OptionGroup var dataUnit: DataUnitOptions

    func validate() throws {
        guard pruneStart.value <= pruneEnd.value else {
            throw ValidationError("the pruning schedule needs 0 <= --prune-start <= --prune-end <= 1 (here --prune-start \(pruneStart) is after --prune-end \(pruneEnd))")
        }
    }

    var schedule: PruningSchedule { PruningSchedule(start: pruneStart.value, end: pruneEnd.value, power: prunePower.value) }

    /// The law the user named, ready for a question of compute: a law whose D is not tokens is
    /// refused unless the data-unit options say what to do.
    func computeLaw(for lawOption: LawOption) throws -> (file: LawFile, path: String, dataUnit: DataUnitResolution) {
        let (original, path) = try lawOption.loadFile()
        do throws(DataUnitError) {
            let (file, resolution) = try original.forCompute(dataUnit.choice, name: lawOption.law)
            return (file, path, resolution)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// The question of optimal sparsity for the law the user named, on `profile` (the one
    /// `--cost` names by default); a dense law is refused, since it has no sparsity term.
    func query(for lawOption: LawOption, profile: HardwareProfile? = nil) throws -> SparsityQuery {
        let (file, path, resolution) = try computeLaw(for: lawOption)
        let profile = profile ?? (cost ?? .dense).profile
        var query = try answering { () throws(QueryError) in
            try SparsityQuery(file: file, path: path, profile: profile, schedule: schedule, maxSparsity: maxSparsity?.value)
        }
        query.dataUnit = resolution
        return query
    }
}
