import ArgumentParser
import SparseLaw

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "Read a training-run log and summarize the runs it holds.",
        discussion: "Shows how each field was read, the sparsity levels, the ranges of N, D and loss, and what the data cannot support."
    )

    @OptionGroup var log: RunLogOptions
    @OptionGroup var inputSize: InputSizeOption

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func run() throws {
        let runLog = try log.read(maxInputBytes: inputSize.maxInputSize)
        // The reader refuses a log without runs, so the report exists.
        guard let report = RunsReport(runLog: runLog) else { throw dataErrorExitCode }
        try write(json ? jsonText(report) : report.text)
    }
}
