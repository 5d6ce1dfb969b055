/// Something the reader did that changes the data, reported beside the runs.
public enum ReaderNote: Diagnostic {
    /// `runs` runs had several rows (a loss curve) and were reduced to one row each.
    case reducedCurves(runs: Int, reduction: Reduction)
    /// The `count` runs of highest loss were left out.
    case droppedHighestLoss(count: Int)

    public var code: String {
        switch self {
        case .reducedCurves: return "read.reduced-curves"
        case .droppedHighestLoss: return "read.dropped-highest-loss"
        }
    }

    public var values: [String: DiagnosticValue] {
        switch self {
        case let .reducedCurves(runs, reduction): return ["runs": .integer(runs), "reduction": .text(reduction.rawValue)]
        case .droppedHighestLoss(let count): return ["count": .integer(count)]
        }
    }
}
