import ArgumentParser
import SparseLaw

/// What to do with a law whose D does not count tokens, for every command that turns D into
/// compute (C = 6 N D holds for D in tokens).
struct DataUnitOptions: ParsableArguments {
    @Option(parsing: .unconditional,
            help: ArgumentHelp("For a law whose D counts steps, images or examples: tokens in one unit of D, so that compute C = 6 N D is in FLOPs.", valueName: "k"),
            transform: Quantity.parser(.positive))
    var tokensPerUnit: Quantity?

    @Flag(help: "Answer for a law whose D is not tokens without converting it: C = 6 N D with D in the law's own unit.")
    var dataUnitOk = false

    func validate() throws {
        if tokensPerUnit != nil && dataUnitOk { throw ValidationError("--tokens-per-unit and --data-unit-ok exclude each other") }
    }

    var choice: DataUnitChoice {
        if let tokensPerUnit { return .tokensPerUnit(tokensPerUnit.value) }
        return dataUnitOk ? .lawUnit : .tokensOnly
    }
}
