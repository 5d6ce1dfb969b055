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

/// The contours found numerically on a profile (`ProfileOptimizer.contourCompute`), in the
/// columns of `contoursCSV` without bands: `line,level,params,compute`; a size at which no budget
/// of `compute` reaches a level has no row for it. The dense compute-optimal line does not
/// depend on the profile (at S = 0 every speedup is 1).
public func contoursCSV(_ optimizer: ProfileOptimizer, levels: [Double], params: [Double], compute: ClosedRange<Double>) -> String {
    var text = "line,level,params,compute\n"
    for level in levels {
        for n in params {
            guard let c = optimizer.contourCompute(level: level, params: n, within: compute) else { continue }
            text += "contour,\(exactText(level)),\(exactText(n)),\(exactText(c))\n"
        }
    }
    let dense = SparsityOptimizer(law: optimizer.law, cost: .denseFLOPs, maxSparsity: optimizer.maxSparsity)
    for point in dense?.denseOptimalLine(params: params) ?? [] {
        text += "dense-optimal,,\(exactText(point.params)),\(exactText(point.compute))\n"
    }
    return text
}

/// The optimal sparsity on an N x C grid (N and C log-spaced), streamed row by row:
/// `params,compute,sparsity,loss`, each point the global optimum on the profile (the answer of
/// `optimal --hardware`; under a closed-form cost, `SparsityOptimizer`'s own). A point where the
/// optimum is not finite (the law overflows, or the budget buys no data) stops the grid with
/// `.notFinite`: the caller discards the file.
public func writeGridCSV(_ optimizer: ProfileOptimizer, params: [Double], compute: [Double], to writer: AtomicStreamWriter) throws(GridError) {
    try writeGrid(params: params, compute: compute, to: writer) { optimizer.optimum(params: $0, compute: $1) }
}

/// The grid under one of the paper's cost models.
public func writeGridCSV(_ optimizer: SparsityOptimizer, params: [Double], compute: [Double], to writer: AtomicStreamWriter) throws(GridError) {
    try writeGrid(params: params, compute: compute, to: writer) { optimizer.optimum(params: $0, compute: $1) }
}

private func writeGrid(params: [Double], compute: [Double], to writer: AtomicStreamWriter,
                       _ optimumAt: (Double, Double) -> OptimalSparsity) throws(GridError) {
    func put(_ text: String) throws(GridError) {
        do { try writer.write(text) } catch { throw .output(error) }
    }
    try put("params,compute,sparsity,loss\n")
    for n in params {
        for c in compute {
            let optimum = optimumAt(n, c)
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
