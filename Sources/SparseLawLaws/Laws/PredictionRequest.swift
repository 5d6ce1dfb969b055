import SparseLawCore
import SparseLawReader

/// What to evaluate a law at: one point, or every query of a file.
///
/// The rules: a file of queries carries N, S, D and the pattern itself, so none of them is also
/// given as a point; a format and column definitions describe a file, so they need one; a point
/// needs N and D (S defaults to 0). Column definitions are `NAME=EXPR`, as a run log's.
public enum PredictionRequest: Sendable, Equatable {
    case point(LawQuery)
    case file(path: String, format: RunLogFormat?, columns: [ColumnDefinition])

    /// - Parameter sparsity: 0 when not given: a point's default, and the only value a file of
    ///   queries allows beside it.
    public init(params: Double?, sparsity: Double, tokens: Double?, pattern: String?,
                queries: String?, format: RunLogFormat?, columns: [String]) throws(PredictionRequestError) {
        if let queries {
            if params != nil || tokens != nil || pattern != nil || sparsity != 0 { throw .pointWithQueries }
            var definitions: [ColumnDefinition] = []
            for specification in columns {
                do throws(ColumnDefinition.ParseError) { definitions.append(try ColumnDefinition.parse(specification)) } catch {
                    throw .column(error)
                }
            }
            self = .file(path: queries, format: format, columns: definitions)
            return
        }
        if format != nil || !columns.isEmpty { throw .fileOptionsWithoutQueries }
        guard let params, let tokens else { throw .incompletePoint }
        self = .point(LawQuery(params: params, sparsity: sparsity, tokens: tokens, pattern: pattern))
    }
}

/// Why a prediction's request was refused.
public enum PredictionRequestError: Error, Diagnostic {
    /// A point's coordinates beside a file of queries.
    case pointWithQueries
    /// A format or column definitions without a file of queries.
    case fileOptionsWithoutQueries
    /// A point without N or D.
    case incompletePoint
    case column(ColumnDefinition.ParseError)
    /// A sparsity asked of a dense law, which has no sparsity term.
    case denseLawWithSparsity
    /// `--pattern` of a structured pattern without a sparsity (or at 0, a dense run).
    case patternWithoutSparsity(String)

    public var code: String {
        switch self {
        case .pointWithQueries: return "predict.point-with-queries"
        case .fileOptionsWithoutQueries: return "predict.file-options-without-queries"
        case .incompletePoint: return "predict.incomplete-point"
        case .column: return "predict.column"
        case .denseLawWithSparsity: return "predict.dense-law-with-sparsity"
        case .patternWithoutSparsity: return "predict.pattern-without-sparsity"
        }
    }

    public var values: [String: JSONValue] { [:] }
}

/// A point the law cannot be asked about (the request's fault) or cannot answer (the law file's).
public enum PredictionRefusal: Error, Sendable, Equatable {
    case request(PredictionRequestError)
    case data(DataError)
}

extension LawEvaluator {
    /// `evaluate(_:)` for the law read from `file`: a sparsity asked of a dense law is refused as
    /// a request, any other failure as the law file's data.
    public func evaluate(_ query: LawQuery, file: String) throws(PredictionRefusal) -> Prediction {
        do { return try evaluate(query) } catch {
            if case .denseLawWithSparsity = error { throw .request(.denseLawWithSparsity) }
            if case .patternWithoutSparsity(let pattern) = error { throw .request(.patternWithoutSparsity(pattern)) }
            throw .data(DataError(file: file, problem: error.problem))
        }
    }
}
