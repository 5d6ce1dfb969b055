/// The answer of `sparselaw laws`: every law found by name, as JSON and as text.
public struct LawsListing: Sendable, Encodable {
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

    public init(_ entries: [LawPresets.Entry]) {
        laws = entries.map { entry in
            let origin: String
            switch entry.origin {
            case .builtIn: origin = "built-in"
            case .file(let path): origin = path
            }
            return Entry(name: entry.name, form: entry.file.form, source: entry.file.source, units: entry.file.units,
                         coefficients: entry.file.coefficients, origin: origin)
        }
    }

    /// Three lines a law: name, form and units (and where it came from, if not built in); source; coefficients.
    public var text: String {
        var lines: [String] = []
        for entry in laws {
            let coefficients = entry.form.coefficientNames.map { "\($0) = \(numberText(entry.coefficients[$0] ?? .nan, significant: 4))" }.joined(separator: ", ")
            lines.append("\(entry.name) (\(entry.form.rawValue); N in \(entry.units?.params ?? "parameters"), D in \(entry.units?.tokens ?? "tokens")\(entry.origin == "built-in" ? "" : "; \(entry.origin)"))")
            lines.append("  \(entry.source ?? "")")
            lines.append("  \(coefficients)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
