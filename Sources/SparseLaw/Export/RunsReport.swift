/// The report of `sparselaw runs`: how a log was read and what its runs cover.
public struct RunsReport: Sendable, Encodable {
    public var schema = OutputSchema.runs
    public var file: String
    public var format: String
    public var rowsRead: Int
    public var count: Int
    public var sparsities: [Double]
    public var levels: [RunSummary.Level]
    public var params: RunSummary.Range
    public var tokens: RunSummary.Range
    public var loss: RunSummary.Range
    public var patterns: [String]
    /// Field name to where its values came from.
    public var fields: [String: String]
    public var notes: [String]
    public var warnings: [String]
    /// Every run, in the order read.
    public var runs: [RunRow]

    public init(runLog: RunLog) {
        let summary = RunSummary(runs: runLog.runs)
        file = runLog.file
        format = runLog.format.rawValue
        rowsRead = runLog.rowsRead
        count = summary.count
        sparsities = summary.sparsities
        levels = summary.levels
        params = summary.params
        tokens = summary.tokens
        loss = summary.loss
        patterns = summary.patterns
        fields = Dictionary(uniqueKeysWithValues: runLog.sources.map { ($0.key.rawValue, $0.value.description) })
        notes = runLog.notes
        warnings = summary.warnings
        runs = runLog.runs.map { RunRow(run: $0, file: runLog.file) }
    }

    public var text: String {
        var lines = ["\(file): \(count) run\(count == 1 ? "" : "s") (\(format), \(rowsRead) data row\(rowsRead == 1 ? "" : "s"))", ""]
        lines.append("fields")
        for field in RunField.allCases {
            if let source = fields[field.rawValue] { lines.append("  \(field.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) <- \(source)") }
        }
        lines.append("")
        lines.append("sparsity levels")
        for level in levels {
            lines.append("  S = \(numberText(level.sparsity, significant: 6).padding(toLength: 8, withPad: " ", startingAt: 0)) \(level.runs) run\(level.runs == 1 ? "" : "s")")
        }
        if !patterns.isEmpty { lines.append("patterns: " + patterns.joined(separator: ", ")) }
        lines.append("")
        func describe(_ name: String, _ range: RunSummary.Range) -> String {
            "  \(name.padding(toLength: 8, withPad: " ", startingAt: 0)) \(numberText(range.min)) to \(numberText(range.max)) (\(range.distinct) distinct)"
        }
        lines.append("ranges")
        lines.append(describe("N", params))
        lines.append(describe("D", tokens))
        lines.append(describe("loss", loss))
        if !notes.isEmpty {
            lines.append("")
            lines += notes.map { "note: " + $0 }
        }
        if !warnings.isEmpty {
            lines.append("")
            lines += warnings.map { "warning: " + $0 }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
