import ArgumentParser
import SparseLaw

struct LawsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "laws",
        abstract: "List the built-in published laws, with their source and units."
    )

    @Flag(help: "Print the list as JSON.")
    var json = false

    struct Entry: Encodable {
        var name: String
        var form: LawForm
        var source: String?
        var units: LawFile.Units?
        var coefficients: [String: Double]
        var path: String
    }

    func run() throws {
        var entries: [Entry] = []
        for name in LawPresets.names {
            let (file, path) = try reportingDataErrors { () throws(DataError) in try LawPresets.resolve(name) }
            entries.append(Entry(name: name, form: file.form, source: file.source, units: file.units, coefficients: file.coefficients, path: path))
        }
        if json { try write(jsonText(entries)); return }
        var text = ""
        for entry in entries {
            let coefficients = entry.form.coefficientNames.map { "\($0) = \(numberText(entry.coefficients[$0] ?? .nan, significant: 4))" }.joined(separator: ", ")
            text += "\(entry.name) (\(entry.form.rawValue); N in \(entry.units?.params ?? "parameters"), D in \(entry.units?.tokens ?? "tokens"))\n"
            text += "  \(entry.source ?? "")\n"
            text += "  \(coefficients)\n"
        }
        try write(text)
    }
}
