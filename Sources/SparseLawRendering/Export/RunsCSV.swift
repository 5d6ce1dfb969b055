import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions

/// Runs as CSV with the canonical header `run,params,sparsity,tokens,loss` (and `pattern` when
/// any run has one); numbers round-trip exactly. An unnamed run is named by its coordinates,
/// `n2M-s0.5-d1B`.
public func runsCSV(_ runs: [TrainingRun]) -> String {
    let withPattern = runs.contains { $0.pattern != nil }
    var text = "run,params,sparsity,tokens,loss" + (withPattern ? ",pattern" : "") + "\n"
    for run in runs {
        var fields = [csvField(run.run ?? coordinateName(run)), exactText(run.nonZeroParams), exactText(run.sparsity), exactText(run.tokens), exactText(run.loss)]
        if withPattern { fields.append(csvField(run.pattern ?? "")) }
        text += fields.joined(separator: ",") + "\n"
    }
    return text
}

/// `n<N>-s<S>-d<D>` with N and D in compact form.
func coordinateName(_ run: TrainingRun) -> String {
    "n\(compactCount(run.nonZeroParams))-s\(numberText(run.sparsity, significant: 4))-d\(compactCount(run.tokens))"
}

/// A CSV field, quoted when it holds a delimiter, a quote or a line break (RFC 4180); other
/// control characters are written as visible escapes.
func csvField(_ raw: String) -> String {
    let text = escapingControlCharacters(raw, keeping: ["\n", "\r", "\t"])
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
    return "\"" + text.replacing("\"", with: "\"\"") + "\""
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
