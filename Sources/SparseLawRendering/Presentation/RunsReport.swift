import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions

/// The report of `sparselaw runs`: how a log was read and what its runs cover.
public struct RunsReport: Sendable, Encodable {
    private enum CodingKeys: String, CodingKey {
        case schema, file, format, files, rowsRead, count, sparsities, levels, params, tokens, loss, patterns, fields, notes, warnings, runs
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let members: [(CodingKeys, any Encodable)] = [
            (.schema, OutputSchema.runs), (.file, file), (.format, format), (.files, files), (.rowsRead, rowsRead), (.count, count),
            (.sparsities, sparsities), (.levels, levels), (.params, params), (.tokens, tokens), (.loss, loss), (.patterns, patterns),
            (.fields, fields), (.notes, notes.map(DiagnosticRecord.init)), (.warnings, warnings.map(DiagnosticRecord.init)), (.runs, runs),
        ]
        for (key, value) in members { try container.encode(value, forKey: key) }
    }

    /// The inputs as given.
    public var file: String
    /// The formats of the files read, comma-separated.
    public var format: String
    /// The files read.
    public var files: [String]
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
    public var notes: [ReaderNote]
    /// What the runs cannot support, judged for the sparse law (the one that needs the most).
    public var warnings: [CoverageWarning]
    /// Every run, in the order read.
    public var runs: [RunRow]

    /// The report of a log; nil when it holds no runs.
    public init?(runLog: RunLog) {
        guard let summary = RunSummary(runs: runLog.runs) else { return nil }
        file = runLog.file
        format = runLog.formats.map(\.rawValue).joined(separator: ", ")
        files = runLog.files
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
        warnings = summary.coverageWarnings(form: .sparse)
        runs = runLog.runs.map { RunRow(run: $0, file: runLog.file) }
    }

    public var text: String {
        let fileCount = files.count > 1 ? "\(files.count) files, " : ""
        var lines = ["\(file): \(count) run\(count == 1 ? "" : "s") (\(format), \(fileCount)\(rowsRead) data row\(rowsRead == 1 ? "" : "s"))", ""]
        lines.append("fields")
        for field in RunField.allCases {
            if let source = fields[field.rawValue] { lines.append("  \(field.rawValue.leftAligned(9)) <- \(source)") }
        }
        lines.append("")
        lines.append("sparsity levels")
        for level in levels {
            lines.append("  S = \(numberText(level.sparsity, significant: 6).leftAligned(8)) \(level.runs) run\(level.runs == 1 ? "" : "s")")
        }
        if !patterns.isEmpty { lines.append("patterns: " + patterns.joined(separator: ", ")) }
        lines.append("")
        func describe(_ name: String, _ range: RunSummary.Range) -> String {
            "  \(name.leftAligned(8)) \(numberText(range.min)) to \(numberText(range.max)) (\(range.distinct) distinct)"
        }
        lines.append("ranges")
        lines.append(describe("N", params))
        lines.append(describe("D", tokens))
        lines.append(describe("loss", loss))
        if !notes.isEmpty {
            lines.append("")
            lines += notes.map { "note: " + $0.message }
        }
        if !warnings.isEmpty {
            lines.append("")
            lines += warnings.map { "warning: " + $0.message }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
