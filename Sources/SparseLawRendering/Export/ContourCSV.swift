import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions

/// The contour lines and the dense compute-optimal line as CSV: `line,level,params,compute`,
/// with `line` either `contour` or `dense-optimal` (whose `level` is empty). With bootstrap
/// replicates, `computeLow,computeHigh` give each contour point's 95% band.
public func contoursCSV(_ optimizer: SparsityOptimizer, levels: [Double], params: [Double], replicates: [SparseScalingLaw] = []) -> String {
    let bands = !replicates.isEmpty
    var text = "line,level,params,compute" + (bands ? ",computeLow,computeHigh" : "") + "\n"
    for level in levels {
        let band = bands ? optimizer.contourBand(level: level, params: params, replicates: replicates) : []
        for (index, point) in optimizer.contour(level: level, params: params).points.enumerated() {
            text += "contour,\(exactText(level)),\(exactText(point.params)),\(exactText(point.compute))"
            text += bands ? ",\(exactText(band[index].low)),\(exactText(band[index].high))\n" : "\n"
        }
    }
    for point in optimizer.denseOptimalLine(params: params) {
        text += "dense-optimal,,\(exactText(point.params)),\(exactText(point.compute))" + (bands ? ",,\n" : "\n")
    }
    return text
}

/// The optimal sparsity on an N x C grid (N and C log-spaced), streamed row by row:
/// `params,compute,sparsity,loss`. A point where the optimum is not finite (the law overflows,
/// or the budget buys no data) stops the grid with `.notFinite`: the caller discards the file.
public func writeGridCSV(_ optimizer: SparsityOptimizer, params: [Double], compute: [Double], to writer: AtomicStreamWriter) throws(GridError) {
    func put(_ text: String) throws(GridError) {
        do { try writer.write(text) } catch { throw .output(error) }
    }
    try put("params,compute,sparsity,loss\n")
    for n in params {
        for c in compute {
            let optimum = optimizer.optimum(params: n, compute: c)
            guard optimum.isFinite, optimum.tokens > 0 else { throw .notFinite(.notFinite(params: n, compute: c)) }
            try put("\(exactText(n)),\(exactText(c)),\(exactText(optimum.sparsity)),\(exactText(optimum.loss))\n")
        }
    }
}

/// Why a grid was not written: its file could not be, or a point has no finite answer.
public enum GridError: Error, Sendable, Equatable {
    case output(OutputError)
    case notFinite(QueryError)
}
