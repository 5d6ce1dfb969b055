import SparseLawCore

/// The input layouts the reader understands.
public enum RunLogFormat: String, Sendable, CaseIterable {
    case csv
    case tsv
    /// One JSON object a line (`.jsonl`, `.ndjson`).
    case jsonl
    /// A JSON array of records, pandas' `DataFrame.to_json()` layouts (`columns`, `index`,
    /// `split`, `records`, `table`), or Hugging Face's `trainer_state.json`.
    case json
    /// TensorBoard event files (`events.out.tfevents.*`): TFRecords of Event protocol buffers.
    case tensorboard

    /// The format implied by a file name's extension, if it implies one.
    public static func fromExtension(of path: String) -> RunLogFormat? {
        if LogInputs.isEventFileName(path) { return .tensorboard }
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "csv": return .csv
        case "tsv", "tab": return .tsv
        case "jsonl", "ndjson": return .jsonl
        case "json": return .json
        default: return nil
        }
    }

    /// A guess from the content, for files whose extension says nothing (`.txt`, `.log`, none).
    static func sniff(_ text: Substring) -> RunLogFormat {
        let body = text.drop(while: \.isWhitespace)
        if body.first == "[" { return .json }
        if body.first == "{" {
            let lines = body.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }
            let recordLines = lines.prefix(3).filter { $0.trimmingSpaces().hasPrefix("{") && $0.trimmingSpaces().hasSuffix("}") }
            return lines.count > 1 && recordLines.count == min(lines.count, 3) ? .jsonl : .json
        }
        let header = body.prefix { !$0.isNewline }
        return header.filter { $0 == "\t" }.count > header.filter { $0 == "," }.count ? .tsv : .csv
    }
}
