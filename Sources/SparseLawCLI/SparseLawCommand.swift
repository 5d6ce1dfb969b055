import ArgumentParser
import SparseLaw

@main
struct SparseLawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sparselaw",
        abstract: "Fit sparse scaling laws to training runs and find the loss-minimizing sparsity.",
        discussion: """
            The law (Frantar et al. 2023) is
              L(S, N, D) = (aS (1-S)^bS + cS) N^-bN + (aD/D)^bD + c
            with S the sparsity, N the non-zero parameters and D the training data.
            Start with `sparselaw runs FILE` to check how a log is read.
            """,
        version: "0.1.0",
        subcommands: [RunsCommand.self, FitCommand.self, PredictCommand.self, OptimalCommand.self, PlanCommand.self, ContoursCommand.self, LawsCommand.self, SimulateCommand.self, DesignCommand.self]
    )

    /// Parses, runs, and reports every failure in one style with its own exit status (see
    /// `exit(reporting:)`); temporary output files are removed if a signal ends the run. An
    /// argument that is not UTF-8 is a usage error (64) before anything is parsed.
    static func main() {
        TemporaryFiles.removeOnSignals()
        if let argument = UndecodableArgument.first(count: CommandLine.argc, arguments: CommandLine.unsafeArgv)
            ?? UndecodableArgument.firstVariable([LawPresets.folderVariable]) {
            printError(argument.description)
            printRefusalRecord(RefusalRecord(code: "usage.undecodable-argument", message: argument.description, exitStatus: 64))
            exit(withError: ExitCode(64))
        }
        var command: ParsableCommand
        do { command = try parseAsRoot() } catch { exit(reporting: error) }
        do { try command.run() } catch { exit(reporting: error, afterParsing: true) }
    }
}
