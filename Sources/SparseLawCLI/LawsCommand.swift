import ArgumentParser
import SparseLaw

struct LawsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "laws",
        abstract: "List the laws --law finds by name: the published laws built in, and those in $SPARSELAW_LAWS.",
        discussion: "Set SPARSELAW_LAWS to a folder of law files (NAME.json, as `fit --output` writes them) to add laws by name; a file named like a built-in law takes its place."
    )

    @Flag(help: "Print the list as JSON.")
    var json = false

    func run() throws {
        let report = try PresetsReport()
        try write(json ? jsonText(report) : report.text)
    }
}
