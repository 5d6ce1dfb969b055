import ArgumentParser
import SparseLaw

struct LawsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "laws",
        abstract: "List the built-in published laws, with their source and units."
    )

    @Flag(help: "Print the list as JSON.")
    var json = false

    func run() throws {
        let report = try reportingDataErrors { () throws(DataError) in try PresetsReport() }
        try write(json ? JSONRendering.text(report) : report.text)
    }
}
