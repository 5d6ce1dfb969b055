import ArgumentParser
import SparseLaw

extension LawForm: ExpressibleByArgument {}
extension FitLoss.Kind: ExpressibleByArgument {}

struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit the sparse (or dense) scaling law to training runs.",
        discussion: """
            Searches the law's exponents on a lattice, solving exactly for the other coefficients at
            each point, then polishes the best basins with GSL's trust-region least squares. The
            result is the global minimum of the objective from any --seed; the output says how many
            starts reached it. See docs/fitting.md.
            """
    )

    @OptionGroup var log: RunLogOptions

    @Option(help: "The law: sparse (seven coefficients) or dense (Chinchilla's five).")
    var form: LawForm = .sparse

    @Option(help: "The objective: huber-log (residual log pred - log L), huber (pred - L) or squares.")
    var loss: FitLoss.Kind = .huberLog

    @Option(help: "The Huber threshold.")
    var delta: Double = 1e-3

    @Option(help: "Seed of the search's random lattice shift.")
    var seed: UInt64 = 0

    @Option(help: "How many basins the trust-region solver polishes.")
    var starts: Int = 8

    @Option(help: ArgumentHelp("What D counts, for the law file (tokens, images, ...).", valueName: "unit"))
    var dataUnit: String = "tokens"

    @Flag(help: "Print the law as JSON.")
    var json = false

    @Option(name: .shortAndLong, help: "Write the law (JSON) to this file, atomically.")
    var output: String?

    func validate() throws {
        if !(delta > 0 && delta.isFinite) { throw ValidationError("--delta must be a positive number") }
        if !(1...1000).contains(starts) { throw ValidationError("--starts must lie in 1...1000") }
    }

    func run() throws {
        let runLog = try log.read()
        let options = FitOptions(form: form, loss: FitLoss(kind: loss, delta: delta), seed: seed, starts: starts)
        let result: LawFit
        do { result = try LawFitter.fit(runLog.runs, options: options) } catch {
            printError("\(runLog.file): \(error)")
            throw dataErrorExitCode
        }
        let report = FitReport(fit: result, data: runLog.file, units: .init(params: form == .sparse ? "non-zero parameters" : "parameters", tokens: dataUnit))
        let jsonText = try SparseLaw.jsonText(report)
        if let output { try emit(jsonText, to: output) }
        print(json ? jsonText : report.text, terminator: "")
    }
}
