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
/// `params,compute,sparsity,loss`.
public func writeGridCSV(_ optimizer: SparsityOptimizer, params: [Double], compute: [Double], to writer: AtomicStreamWriter) throws(OutputError) {
    try writer.write("params,compute,sparsity,loss\n")
    for n in params {
        for c in compute {
            let optimum = optimizer.optimum(params: n, compute: c)
            try writer.write("\(exactText(n)),\(exactText(c)),\(exactText(optimum.sparsity)),\(exactText(optimum.loss))\n")
        }
    }
    try writer.commit()
}
