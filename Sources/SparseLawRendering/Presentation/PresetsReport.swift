import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions
import FoundationEssentials

/// The laws found by name, as `sparselaw laws` lists them: the built-in ones, then those of the
/// folder `$SPARSELAW_LAWS` names.
public struct PresetsReport: Sendable, Encodable {
    public struct Entry: Sendable, Encodable {
        public var name: String
        public var form: LawForm
        public var source: String?
        public var units: LawFile.Units?
        public var coefficients: [String: Double]
        /// "built-in", or the law file's path.
        public var origin: String
    }

    public var schema = OutputSchema.laws
    public var laws: [Entry]
    /// Entries of the folder that are not read: pipes, sockets, devices, names not UTF-8.
    public var skipped: [String]

    /// Every law found by name in this environment.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws(DataError) {
        laws = try LawPresets.available(environment: environment).map { entry in
            let origin: String
            switch entry.origin {
            case .builtIn: origin = "built-in"
            case .file(let path): origin = path
            }
            return Entry(name: entry.name, form: entry.file.form, source: entry.file.source, units: entry.file.units,
                         coefficients: entry.file.coefficients, origin: origin)
        }
        skipped = LawPresets.skippedFolderEntries(environment: environment)
    }

    /// Three lines a law: name, form and units (and the file, if not built in); source; coefficients.
    public var text: String {
        var lines: [String] = []
        for entry in laws {
            let coefficients = entry.form.coefficientNames.map { "\($0) = \(numberText(entry.coefficients[$0] ?? .nan, significant: 4))" }.joined(separator: ", ")
            let origin = entry.origin == "built-in" ? "" : "; \(entry.origin)"
            lines.append("\(entry.name) (\(entry.form.rawValue); N in \(entry.units?.params ?? "parameters"), D in \(entry.units?.tokens ?? "tokens")\(origin))")
            lines.append("  \(entry.source ?? "")")
            lines.append("  \(coefficients)")
        }
        if !skipped.isEmpty {
            lines.append("skipped in $\(LawPresets.folderVariable) (not regular files, links that lead nowhere, or names not UTF-8): \(abbreviatedList(skipped))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
