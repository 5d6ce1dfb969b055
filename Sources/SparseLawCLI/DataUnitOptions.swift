import ArgumentParser
import SparseLaw

/// What to do with a law whose D does not count tokens, for every command that turns D into
/// compute (C = 6 N D holds for D in tokens).
struct DataUnitOptions: ParsableArguments {
    @Option(help: ArgumentHelp("For a law whose D counts steps, images or examples: tokens in one unit of D, so that compute C = 6 N D is in FLOPs.", valueName: "k"))
    var tokensPerUnit: Double?

    @Flag(help: "Answer for a law whose D is not tokens without converting it: C = 6 N D with D in the law's own unit.")
    var dataUnitOk = false

    func validate() throws {
        if let tokensPerUnit, !(tokensPerUnit > 0 && tokensPerUnit.isFinite) { throw ValidationError("--tokens-per-unit must be a positive number") }
        if tokensPerUnit != nil && dataUnitOk { throw ValidationError("--tokens-per-unit and --data-unit-ok exclude each other") }
    }

    /// The law with D in tokens, or as it is when D already counts tokens or --data-unit-ok
    /// accepts its unit; otherwise a usage error that says which option to give.
    func applied(to file: LawFile, name: String) throws -> LawFile {
        if file.dataCountsTokens {
            if tokensPerUnit != nil { throw ValidationError("\(name): D already counts tokens, so --tokens-per-unit does not apply") }
            return file
        }
        if let tokensPerUnit { return file.dataInTokens(tokensPerUnit: tokensPerUnit) }
        if dataUnitOk { return file }
        let unit = file.dataUnit
        throw ValidationError("\(name): D counts \(unit), not tokens, and compute is C = 6 N D with D in tokens. Give --tokens-per-unit K (the tokens one unit of D stands for), or --data-unit-ok to answer with D and compute in \(unit)")
    }

    /// A line for the report when D is not plain tokens, nil otherwise.
    func note(original: LawFile) -> String? {
        guard !original.dataCountsTokens else { return nil }
        if let tokensPerUnit { return "D converted from \(original.dataUnit) to tokens at \(numberText(tokensPerUnit)) tokens each (--tokens-per-unit)" }
        return "D counts \(original.dataUnit), not tokens: data and compute are in the law's own units (--data-unit-ok)"
    }
}
