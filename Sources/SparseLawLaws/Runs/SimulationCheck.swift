import SparseLawCore
import SparseLawReader

/// Why runs cannot be simulated from a law.
public enum SimulationError: Error, Diagnostic {
    /// More combinations of sizes, sparsities and data than `Limits.simulatedRuns`.
    case tooManyRuns(params: Int, sparsities: Int, tokens: Int)
    /// A dense law asked for runs at a sparsity above 0: it says nothing about sparsity.
    case denseLawWithSparsity
    /// The law's loss is not a finite positive number at this run.
    case notFinite(params: Double, sparsity: Double, tokens: Double)

    public var code: String {
        switch self {
        case .tooManyRuns: return "simulate.too-many-runs"
        case .denseLawWithSparsity: return "simulate.dense-law-with-sparsity"
        case .notFinite: return "simulate.not-finite"
        }
    }

    public var values: [String: JSONValue] {
        switch self {
        case let .tooManyRuns(params, sparsities, tokens):
            return ["params": .integer(params), "sparsities": .integer(sparsities), "tokens": .integer(tokens), "limit": .integer(Limits.simulatedRuns)]
        case .denseLawWithSparsity: return [:]
        case let .notFinite(params, sparsity, tokens): return ["params": .number(params), "sparsity": .number(sparsity), "tokens": .number(tokens)]
        }
    }

    /// The runs of every combination, counted in doubles so that the product cannot overflow.
    public var runCount: Double {
        guard case let .tooManyRuns(params, sparsities, tokens) = self else { return 0 }
        return Double(params) * Double(sparsities) * Double(tokens)
    }
}

extension SyntheticRuns {
    /// Refuses more combinations of `params`, `sparsities` and `tokens` values than
    /// `Limits.simulatedRuns`, before any law is read.
    public static func checkCount(params: Int, sparsities: Int, tokens: Int) throws(SimulationError) {
        let refusal = SimulationError.tooManyRuns(params: params, sparsities: sparsities, tokens: tokens)
        if refusal.runCount > Double(Limits.simulatedRuns) { throw refusal }
    }

    /// Refuses a dense law asked for a sparsity above 0.
    public func checkLaw() throws(SimulationError) {
        if case .dense = law, sparsities.contains(where: { $0 > 0 }) { throw .denseLawWithSparsity }
    }

    /// `generate(seed:)`, refusing the runs if the law's loss at one of them is not finite and
    /// positive (the first such run, in the order generated).
    public func checkedRuns(seed: UInt64) throws(SimulationError) -> [TrainingRun] {
        let runs = generate(seed: seed)
        if let run = runs.first(where: { !($0.loss.isFinite && $0.loss > 0) }) {
            throw .notFinite(params: run.nonZeroParams, sparsity: run.sparsity, tokens: run.tokens)
        }
        return runs
    }
}
