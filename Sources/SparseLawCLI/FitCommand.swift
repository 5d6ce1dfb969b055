import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SparseLaw

extension LawForm: ExpressibleByArgument {}
extension FitLoss.Kind: ExpressibleByArgument {}

struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit the sparse (or dense) scaling law to training runs.",
        discussion: """
            Searches the law's exponents on a lattice, solving exactly for the other coefficients at each point, then polishes the best basins with GSL's trust-region least squares. The result is the global minimum of the objective from any --seed; the output says how many starts reached it. See docs/fitting.md.
            """
    )

    @OptionGroup var log: RunLogOptions
    @OptionGroup var inputSize: InputSizeOption

    @Option(help: "The law: sparse (seven coefficients) or dense (Chinchilla's five).")
    var form: LawForm = .sparse

    @Option(help: "The objective: huber-log (residual log pred - log L), huber (pred - L) or squares.")
    var loss: FitLoss.Kind = .huberLog

    @Option(parsing: .unconditional,
            help: ArgumentHelp("The Huber threshold (default 1e-3, the published fits' convention), or auto: 1.345 x the robust scale (1.4826 x MAD) of a first fit's residuals, refitted once (see docs/fitting.md).", valueName: "delta"),
            transform: HuberDelta.parser)
    var delta: HuberDelta = .value(1e-3)

    @Option(parsing: .unconditional, help: "Seed of the search's random lattice shift.", transform: WholeNumber.seed)
    var seed: UInt64 = 0

    @Option(parsing: .unconditional, help: "How many basins the trust-region solver polishes (1 to 1000).", transform: WholeNumber.parser(1...1000))
    var starts: Int = 8

    @Option(name: .customLong("fix"), help: ArgumentHelp("Hold a coefficient at a value in the data's units, e.g. bS=0.722 (repeatable), for data too thin to determine it.", valueName: "name=value"))
    var fixes: [String] = []

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Refit on K resamples of the runs for 95% percentile intervals; the law file keeps the replicates (K at most \(Limits.bootstrapReplicates)).", valueName: "k"),
            transform: WholeNumber.parser(0...Limits.bootstrapReplicates))
    var bootstrap: Int = 0

    @Option(parsing: .unconditional, help: ArgumentHelp("Threads for the bootstrap (default: one per core, 1 to 1024); the result does not depend on it.", valueName: "n"),
            transform: WholeNumber.parser(1...1024))
    var threads: Int?

    @Option(help: ArgumentHelp("Hold out runs and report how the law fitted on the rest predicts them: largest (the largest model size), tokens (the most data), or K (the K largest sizes).", valueName: "rule"),
            transform: HoldoutRule.parser)
    var holdout: HoldoutRule?

    @Option(help: ArgumentHelp("What D counts, recorded in the law file: tokens, steps, images, examples... (default: steps, images, examples or samples when D is read from a column so named, else tokens). optimal and contours need D in tokens or --tokens-per-unit.", valueName: "unit"))
    var dataUnit: String?

    @Flag(help: "Print the law as JSON.")
    var json = false

    @Option(name: .shortAndLong, help: "Write the law (JSON) to this file, atomically.")
    var output: String?

    @Option(help: "Write a figure of the fit as SVG: measured against predicted loss with residuals, and loss against data per model size or iso-FLOP profiles, as the runs' design suits.")
    var svg: String?

    func validate() throws {
        if delta == .auto, loss == .squares { throw ValidationError("--delta auto needs a Huber loss (--loss huber-log or huber): squares has no threshold") }
        do { _ = try FixedCoefficientSyntax.parse(fixes, form: form) } catch { throw ValidationError(error.description) }
    }

    func run() throws {
        // Every destination is checked before the fit, and all are written or none.
        let outputs = try OutputFiles(inputs: log.inputPaths, outputs: [output, svg])
        let runLog = try log.read(maxInputBytes: inputSize.maxInputSize)
        try outputs.refuseInputs(runLog.files)
        // What the reader chose or left out, on standard error so that the law on standard output stays clean.
        for note in runLog.notes { printNote(note.message) }
        let options = FitOptions(form: form, loss: FitLoss(kind: loss, delta: delta.first), seed: seed, starts: starts,
                                 fixed: try FixedCoefficientSyntax.parse(fixes, form: form))
        let request = FitRequest(runs: runLog.runs, options: options, holdout: holdout, bootstrapReplicates: bootstrap, threads: threads,
                                 automaticDelta: delta == .auto)
        let progress = ProgressLine(label: "bootstrap", total: bootstrap)
        let outcome = try LawFitter.run(request, file: runLog.file, progress: bootstrap > 0 ? progress.update : nil)
        if bootstrap > 0 { progress.finish() }
        let units = LawFile.Units(fitted: form, dataUnit: dataUnit, runLog: runLog)
        let report = FitReport(outcome: outcome, data: runLog.file, units: units, seed: seed)
        let lawJSON = try jsonText(report)
        if let output { try outputs.write(lawJSON, to: output) }
        if let svg { try outputs.write(FitFigure(outcome: outcome, form: form, file: runLog.file, units: units).svg, to: svg) }
        // The runs with their predictions go to standard output only; the law file stays lean.
        var withRuns = report
        withRuns.runs = FitReport.runRows(runLog, fit: outcome.fit, heldOut: outcome.heldOut)
        let answer = json ? try jsonText(withRuns) : withRuns.text
        try outputs.commit()
        try write(answer)
    }
}

extension HoldoutRule: ExpressibleByArgument {
    static let parser: @Sendable (String) throws -> HoldoutRule = { text in
        do throws(HoldoutRuleError) { return try HoldoutRule.parse(text) } catch { throw ValidationError(error.description) }
    }
}

/// `--delta`: a threshold, or `auto` (chosen from a first fit's residuals, which starts from the default).
enum HuberDelta: Equatable {
    case value(Double)
    case auto

    /// The threshold of the (first) fit.
    var first: Double {
        if case .value(let delta) = self { return delta }
        return 1e-3
    }

    static func parser(_ text: String) throws -> HuberDelta {
        if text.lowercased() == "auto" { return .auto }
        return .value(try Quantity.parser(.positive)(text).value)
    }
}
