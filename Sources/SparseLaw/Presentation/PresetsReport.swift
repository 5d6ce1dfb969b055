/// The built-in laws, as `sparselaw laws` lists them.
public struct PresetsReport: Sendable, Encodable {
    public struct Entry: Sendable, Encodable {
        public var name: String
        public var form: LawForm
        public var source: String?
        public var units: LawFile.Units?
        public var coefficients: [String: Double]
        public var path: String
    }

    public var entries: [Entry]

    /// Every preset, read where `LawPresets` finds it.
    public init() throws(DataError) {
        entries = []
        for name in LawPresets.names {
            let (file, path) = try LawPresets.resolve(name)
            entries.append(Entry(name: name, form: file.form, source: file.source, units: file.units, coefficients: file.coefficients, path: path))
        }
    }

    public func encode(to encoder: Encoder) throws {
        try entries.encode(to: encoder)
    }

    public var text: String {
        var lines: [String] = []
        for entry in entries {
            let coefficients = entry.form.coefficientNames.map { "\($0) = \(numberText(entry.coefficients[$0] ?? .nan, significant: 4))" }.joined(separator: ", ")
            lines.append("\(entry.name) (\(entry.form.rawValue); N in \(entry.units?.params ?? "parameters"), D in \(entry.units?.tokens ?? "tokens"))")
            lines.append("  \(entry.source ?? "")")
            lines.append("  \(coefficients)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
