import FoundationEssentials
import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawDecisions

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A run that could be trained: N non-zero parameters, sparsity S, D tokens (the data's unit).
public struct DesignCandidate: Sendable, Hashable {
    public var params: Double
    public var sparsity: Double
    public var tokens: Double

    public init(params: Double, sparsity: Double, tokens: Double) {
        self.params = params
        self.sparsity = sparsity
        self.tokens = tokens
    }

    /// Its training compute, 6 N D m(S).
    public func compute(cost: CostModel) -> Double {
        trainingCompute(params: params, tokens: tokens, multiplier: cost.multiplier(sparsity))
    }
}

public enum DesignCandidates {
    /// The sparsities every default grid offers beside the runs' own: halving the density each
    /// step, as sparse studies do.
    public static let gridSparsities = [0.5, 0.75, 0.875, 0.9375]

    /// The default grid around and beyond the runs, for a law of `form`:
    /// - sizes from the smallest run's N up, doubling, while the cheapest run of the size (at the
    ///   fewest tokens per parameter of the runs, dense) fits the budget;
    /// - the runs' sparsities and 0.5, 0.75, 0.875, 0.9375 (a dense law: 0 alone);
    /// - tokens per parameter from the runs' smallest ratio to 4x their largest, doubling (and the
    ///   largest itself);
    /// and of those, each whose training compute fits the budget (and every run of the smallest
    /// size, which the design refuses when none fits).
    public static func grid(runs: [TrainingRun], form: LawForm, budget: Double, cost: CostModel) -> [DesignCandidate] {
        guard let smallest = runs.map(\.nonZeroParams).min() else { return [] }
        let ratios = runs.map { $0.tokens / $0.nonZeroParams }
        let lowRatio = ratios.min()!, highRatio = 4 * ratios.max()!
        var ratioSteps: [Double] = []
        var ratio = lowRatio
        while ratio < highRatio * (1 - 1e-9), ratioSteps.count < 24 {
            ratioSteps.append(ratio)
            ratio *= 2
        }
        ratioSteps.append(highRatio)
        // The smallest size always, so that a budget too small for any run is refused with the
        // cost of the cheapest one.
        var sizes = [smallest]
        var size = 2 * smallest
        while trainingCompute(params: size, tokens: size * lowRatio) <= budget, sizes.count < 40 {
            sizes.append(size)
            size *= 2
        }
        let sparsities = form == .sparse
            ? distinctSorted(runs.map(\.sparsity) + [0] + gridSparsities)
            : [0]
        var result: [DesignCandidate] = []
        for n in sizes {
            for s in sparsities {
                for r in ratioSteps {
                    let candidate = DesignCandidate(params: n, sparsity: s, tokens: n * r)
                    if candidate.compute(cost: cost) <= budget || n == smallest { result.append(candidate) }
                }
            }
        }
        return result
    }

    /// Values sorted, those within 1e-9 of the one before dropped.
    static func distinctSorted(_ values: [Double]) -> [Double] {
        var result: [Double] = []
        for value in values.sorted() where result.last.map({ abs(value - $0) > 1e-9 }) ?? true { result.append(value) }
        return result
    }

    /// Candidates from CSV text with a header naming `params`, `sparsity` and `tokens` (in any
    /// order, other columns ignored; a dense law's file may leave out `sparsity`). Numbers in the
    /// tool's syntax (1e9, 125M). Every field is checked against the law's domain: N, D positive,
    /// S in [0, 1), and S = 0 for a dense law.
    public static func parse(_ text: String, file: String, form: LawForm) throws(DataError) -> [DesignCandidate] {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        guard let headerIndex = lines.firstIndex(where: { !$0.trimmingSpaces().isEmpty }) else {
            throw DataError(file: file, problem: CandidateProblem.noRows)
        }
        let header = lines[headerIndex].split(separator: ",", omittingEmptySubsequences: false).map { String($0.trimmingSpaces()).lowercased() }
        func column(_ name: String) throws(DataError) -> Int? {
            if let index = header.firstIndex(of: name) { return index }
            if name == "sparsity", form == .dense { return nil }
            throw DataError(file: file, location: .line(headerIndex + 1), problem: CandidateProblem.missingColumn(name))
        }
        let paramsColumn = try column("params")!, tokensColumn = try column("tokens")!
        let sparsityColumn = try column("sparsity")
        var result: [DesignCandidate] = []
        for lineIndex in (headerIndex + 1)..<lines.count where !lines[lineIndex].trimmingSpaces().isEmpty {
            let fields = lines[lineIndex].split(separator: ",", omittingEmptySubsequences: false)
            func number(_ index: Int?, _ name: String, sparsity: Bool = false) throws(DataError) -> Double {
                guard let index else { return 0 }
                let location = SourceLocation.line(lineIndex + 1)
                guard index < fields.count else { throw DataError(file: file, location: location, field: name, problem: CandidateProblem.missingField) }
                let raw = fields[index].trimmingSpaces()
                guard case .success(let value) = NumberParser.parse(raw, allowPercent: sparsity), value.isFinite else {
                    throw DataError(file: file, location: location, field: name, problem: CandidateProblem.notANumber(String(raw)))
                }
                if sparsity {
                    guard value >= 0, value < 1 else { throw DataError(file: file, location: location, field: name, problem: CandidateProblem.sparsityOutsideDomain(value)) }
                    if form == .dense, value > 0 { throw DataError(file: file, location: location, field: name, problem: CandidateProblem.sparsityForDenseLaw(value)) }
                } else if !(value > 0) {
                    throw DataError(file: file, location: location, field: name, problem: CandidateProblem.notPositive(value))
                }
                return value
            }
            result.append(DesignCandidate(params: try number(paramsColumn, "params"), sparsity: try number(sparsityColumn, "sparsity", sparsity: true),
                                          tokens: try number(tokensColumn, "tokens")))
        }
        if result.isEmpty { throw DataError(file: file, problem: CandidateProblem.noRows) }
        return result
    }

    /// Reads and parses a candidates file.
    public static func read(path: String, form: LawForm, limit: Int = Limits.inputBytes) throws(DataError) -> [DesignCandidate] {
        let data = try InputFile.read(path: path, limit: limit)
        guard let text = String(data: data, encoding: .utf8) else { throw DataError(file: path, problem: FileProblem.invalidUTF8) }
        return try parse(text, file: path, form: form)
    }
}
