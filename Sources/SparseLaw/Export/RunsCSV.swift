/// Runs as CSV with the canonical header `run,params,sparsity,tokens,loss` (and `pattern` when
/// any run has one); numbers round-trip exactly.
public func runsCSV(_ runs: [TrainingRun]) -> String {
    let withPattern = runs.contains { $0.pattern != nil }
    var text = "run,params,sparsity,tokens,loss" + (withPattern ? ",pattern" : "") + "\n"
    for run in runs {
        var fields = [csvField(run.run ?? ""), exactText(run.nonZeroParams), exactText(run.sparsity), exactText(run.tokens), exactText(run.loss)]
        if withPattern { fields.append(csvField(run.pattern ?? "")) }
        text += fields.joined(separator: ",") + "\n"
    }
    return text
}

/// A CSV field, quoted when it holds a delimiter, a quote or a line break (RFC 4180).
func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

import Foundation
