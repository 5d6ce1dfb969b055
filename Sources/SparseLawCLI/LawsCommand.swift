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

    struct Listing: Encodable {
        var schema = OutputSchema.laws
        var laws: [Entry]
    }

    struct Entry: Encodable {
        var name: String
        var form: LawForm
        var source: String?
        var units: LawFile.Units?
        var coefficients: [String: Double]
        /// "built-in", or the law file's path.
        var origin: String
    }

    func run() throws {
        let entries = try reportingDataErrors { try LawPresets.available() }.map { entry in
            let origin: String
            switch entry.origin {
            case .builtIn: origin = "built-in"
            case .file(let path): origin = path
            }
            return Entry(name: entry.name, form: entry.file.form, source: entry.file.source, units: entry.file.units,
                         coefficients: entry.file.coefficients, origin: origin)
        }
        if json { print(try jsonText(Listing(laws: entries)), terminator: ""); return }
        for entry in entries {
            let coefficients = entry.form.coefficientNames.map { "\($0) = \(numberText(entry.coefficients[$0] ?? .nan, significant: 4))" }.joined(separator: ", ")
            print("\(entry.name) (\(entry.form.rawValue); N in \(entry.units?.params ?? "parameters"), D in \(entry.units?.tokens ?? "tokens")\(entry.origin == "built-in" ? "" : "; \(entry.origin)"))")
            print("  \(entry.source ?? "")")
            print("  \(coefficients)")
        }
    }
}
