import SparseLawCore
import SparseLawReader
import SparseLawLaws

/// Why a question of optimal sparsity has no answer.
public enum QueryError: Error, Diagnostic {
    /// The law file cannot be used.
    case data(DataError)
    /// A dense law has no sparsity term.
    case denseLaw(name: String)
    case maxSparsityOutOfRange(Double)
    /// The law or the data it implies overflows at this N and C.
    case notFinite(params: Double, compute: Double)
    /// Sparse training from the start: more sparsity always helps, and no level is ever optimal
    /// short of the cap.
    case noContours
    /// A measured training curve: its cost multiplier is kinked, and no contour has a closed form.
    case contoursNeedCostModel(profile: String)
    /// A contour level outside [0, cap].
    case levelOutsideCap(level: Double, cap: Double)
    /// More contour levels than `Limits.contourLevels`.
    case tooManyLevels(count: Int, limit: Int)
    /// A contour level given twice.
    case repeatedLevel(Double)
    /// The law has a term at 0 that the trade of sparsity against compute needs.
    case termAtZero(TermAtZero)
    /// Bootstrap replicate `replicate` (from 0) has no finite optimum at this N and C.
    case replicateNotFinite(replicate: Int, params: Double, compute: Double)
    /// The contour of `level` (of the law, or of bootstrap replicate `replicate`) is not a
    /// finite positive compute at N.
    case contourNotFinite(level: Double, params: Double, replicate: Int?)
    /// The dense compute-optimal line is not finite at N.
    case denseOptimalNotFinite(params: Double)
    /// A compute range whose ends are not finite and positive.
    case computeRangeNotFinite

    public var code: String {
        switch self {
        case .data(let error): return error.problem.code
        case .denseLaw: return "query.dense-law"
        case .maxSparsityOutOfRange: return "query.max-sparsity-out-of-range"
        // The same refusal as a law that is not finite at a query: one code for one meaning.
        case .notFinite: return LawProblem.lawNotFinite.code
        case .noContours: return "query.no-contours"
        case .contoursNeedCostModel: return "query.contours-need-cost-model"
        case .levelOutsideCap: return "query.level-outside-cap"
        case .tooManyLevels: return "query.too-many-levels"
        case .repeatedLevel: return "query.repeated-level"
        case .termAtZero(let zero): return zero.code
        // The same refusal as a replicate not finite at a prediction's query.
        case .replicateNotFinite(let replicate, _, _): return LawProblem.replicateNotFinite(replicate: replicate).code
        case .contourNotFinite: return "query.contour-not-finite"
        case .denseOptimalNotFinite: return "query.dense-optimal-not-finite"
        case .computeRangeNotFinite: return "query.compute-range-not-finite"
        }
    }

    public var values: [String: JSONValue] {
        switch self {
        case .data(let error):
            var values = error.problem.values
            values["file"] = .text(error.file)
            if let field = error.field { values["field"] = .text(field) }
            return values
        case .denseLaw(let name): return ["law": .text(name)]
        case .maxSparsityOutOfRange(let cap): return ["maxSparsity": .number(cap)]
        case let .notFinite(params, compute): return ["params": .number(params), "compute": .number(compute)]
        case .noContours, .computeRangeNotFinite: return [:]
        case .contoursNeedCostModel(let profile): return ["profile": .text(profile)]
        case let .levelOutsideCap(level, cap): return ["level": .number(level), "cap": .number(cap)]
        case let .tooManyLevels(count, limit): return ["count": .integer(count), "limit": .integer(limit)]
        case .repeatedLevel(let level): return ["level": .number(level)]
        case .termAtZero(let zero): return zero.values
        case let .replicateNotFinite(replicate, params, compute):
            return ["replicate": .integer(replicate), "params": .number(params), "compute": .number(compute)]
        case let .contourNotFinite(level, params, replicate):
            var values: [String: JSONValue] = ["level": .number(level), "params": .number(params)]
            if let replicate { values["replicate"] = .integer(replicate) }
            return values
        case .denseOptimalNotFinite(let params): return ["params": .number(params)]
        }
    }
}
