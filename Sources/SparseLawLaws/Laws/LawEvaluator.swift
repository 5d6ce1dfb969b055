import SparseLawCore
import SparseLawReader

/// A law file ready to answer many queries: the law, its pattern constants, and its bootstrap
/// replicates for intervals.
public struct LawEvaluator: Sendable {
    public let file: LawFile
    public let law: ScalingLaw
    /// Each structured pattern's constant q_p.
    public let patterns: [String: Double]
    /// The replicate laws, each with its own pattern constants.
    package let replicates: [(law: ScalingLaw, patterns: [String: Double])]

    /// Reads the law and its replicates from `file`, refusing (naming `path`) anything missing,
    /// an exponent not positive, or another coefficient below 0.
    public init(file: LawFile, path: String) throws(DataError) {
        self.file = file
        law = try file.law(file: path)
        let constants = file.patterns ?? []
        var patterns: [String: Double] = [:]
        for (index, constant) in constants.enumerated() {
            // A pattern constant may be 0: a fit found that pattern's size term absent.
            guard constant.q.isFinite, constant.q >= 0 else {
                throw DataError(file: path, field: "patterns[\(index)].q", problem: .coefficientNegative(constant.q))
            }
            patterns[constant.pattern.lowercased()] = constant.q
        }
        self.patterns = patterns
        let laws = try file.replicateLaws(file: path)
        let patternReplicates = file.bootstrap?.patternReplicates
        if let patternReplicates, patternReplicates.count != laws.count {
            throw DataError(file: path, field: "bootstrap.patternReplicates", problem: .replicateCount(count: patternReplicates.count, expected: laws.count))
        }
        var replicates: [(law: ScalingLaw, patterns: [String: Double])] = []
        for (index, replicate) in laws.enumerated() {
            var own: [String: Double] = [:]
            if let row = patternReplicates?[index] {
                guard row.count == constants.count, row.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                    throw DataError(file: path, field: "bootstrap.patternReplicates[\(index)]", problem: .replicateShape(expected: constants.count))
                }
                for (constant, q) in zip(constants, row) { own[constant.pattern.lowercased()] = q }
            }
            replicates.append((replicate, own))
        }
        self.replicates = replicates
    }

    /// How many replicate laws the intervals come from (0: no intervals).
    public var replicateCount: Int { replicates.count }

    /// The loss at a query, its 95% interval over the replicates (when the law has them), and
    /// where the query extrapolates. A replicate that overflows at the query refuses it, as
    /// `optimal` refuses one with no finite optimum: an interval without it would be too narrow,
    /// and none at all would say nothing.
    public func evaluate(_ query: LawQuery) throws(PredictionFailure) -> Prediction {
        let loss = try Self.loss(law, patterns: patterns, query)
        var interval: Interval? = nil
        if !replicates.isEmpty {
            var losses: [Double] = []
            losses.reserveCapacity(replicates.count)
            for (index, replicate) in replicates.enumerated() {
                do throws(PredictionFailure) {
                    losses.append(try Self.loss(replicate.law, patterns: replicate.patterns, query))
                } catch .notFinite {
                    throw .replicateNotFinite(replicate: index)
                } catch {
                    // A replicate without the pattern's constant (a law file from before they
                    // were kept) cannot contribute, and an interval without it would say nothing:
                    // refused, as a replicate that overflows is.
                    throw .replicatesWithoutPattern(pattern: query.structuredPattern ?? "")
                }
            }
            interval = percentileInterval(losses)
        }
        return Prediction(query: query, loss: loss, interval: interval,
                          warnings: file.extrapolationWarnings(params: query.params, sparsity: query.sparsity, tokens: query.tokens),
                          condition: interval == nil ? nil : file.bootstrapCondition)
    }

    /// Every query of a file, in order; the first the law cannot answer is refused, naming the
    /// file, its line and the field.
    public func evaluate(_ log: QueryLog) throws(DataError) -> [Prediction] {
        var predictions: [Prediction] = []
        predictions.reserveCapacity(log.queries.count)
        for query in log.queries {
            do throws(PredictionFailure) { predictions.append(try evaluate(query)) } catch {
                throw DataError(file: log.file, location: query.source, field: error.field, problem: error.problem)
            }
        }
        return predictions
    }

    static func loss(_ law: ScalingLaw, patterns: [String: Double], _ query: LawQuery) throws(PredictionFailure) -> Double {
        // A pattern's constant describes its sparse runs; at sparsity 0 the run is dense, and
        // answering for the dense model would drop the pattern without a word.
        if let pattern = query.structuredPattern, query.sparsity == 0 { throw .patternWithoutSparsity(pattern) }
        let loss: Double
        switch law {
        case .dense(let dense):
            guard query.sparsity == 0 else { throw .denseLawWithSparsity(sparsity: query.sparsity) }
            loss = dense.loss(params: query.params, tokens: query.tokens)
        case .sparse(let sparse):
            if let pattern = query.structuredPattern, query.sparsity > 0 {
                guard let q = patterns[pattern] else { throw .unknownPattern(pattern, known: patterns.keys.sorted()) }
                loss = sparse.loss(sparsityFactor: q, nonZeroParams: query.params, tokens: query.tokens)
            } else {
                loss = sparse.loss(nonZeroParams: query.params, sparsity: query.sparsity, tokens: query.tokens)
            }
        }
        guard loss.isFinite else { throw .notFinite }
        return loss
    }
}

/// A law's answer at one query.
public struct Prediction: Sendable, Equatable {
    public var query: LawQuery
    public var loss: Double
    /// The 95% percentile interval of the loss over the law's bootstrap replicates.
    public var interval: Interval?
    /// Where the query lies outside what the law was fitted on.
    public var warnings: [ExtrapolationWarning]
    /// What the interval assumes, when replicates hold a coefficient at its bound.
    public var condition: BootstrapCondition? = nil
}

/// Why a law cannot answer a query.
public enum PredictionFailure: Error, Sendable, Equatable {
    /// A dense law has no sparsity term.
    case denseLawWithSparsity(sparsity: Double)
    /// A structured pattern the law has no constant for.
    case unknownPattern(String, known: [String])
    /// The law overflows or underflows at the query.
    case notFinite
    /// Bootstrap replicate `replicate` (from 0) overflows or underflows at the query.
    case replicateNotFinite(replicate: Int)
    /// The law's replicates have no constant for the query's pattern.
    case replicatesWithoutPattern(pattern: String)
    /// A structured pattern at sparsity 0, where a run is dense.
    case patternWithoutSparsity(String)

    /// The same, as a refusal of the query's data.
    public var problem: LawProblem {
        switch self {
        case .denseLawWithSparsity(let sparsity): return .sparsityForDenseLaw(sparsity)
        case let .unknownPattern(pattern, known): return .unknownPattern(pattern: pattern, known: known)
        case .notFinite: return .lawNotFinite
        case .replicateNotFinite(let replicate): return .replicateNotFinite(replicate: replicate)
        case .replicatesWithoutPattern(let pattern): return .replicatesWithoutPattern(pattern: pattern)
        case .patternWithoutSparsity(let pattern): return .patternWithoutSparsity(pattern: pattern)
        }
    }

    /// The field of a query that is refused, as messages name it.
    public var field: String? {
        switch self {
        case .denseLawWithSparsity: return "\"sparsity\""
        case .unknownPattern: return "\"pattern\""
        case .replicatesWithoutPattern: return "\"pattern\""
        case .patternWithoutSparsity: return "\"sparsity\""
        case .notFinite, .replicateNotFinite: return nil
        }
    }
}
