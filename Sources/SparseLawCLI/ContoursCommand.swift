import ArgumentParser
import SparseLaw

struct ContoursCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contours",
        abstract: "Where in the N x C plane each sparsity is optimal: contour lines, a grid, a figure.",
        discussion: """
            The contour of sparsity s is the exact solution of dL/dS = 0 at S = s, a straight line in log-log axes; the dense compute-optimal line is parallel to it. With --hardware PROFILE (measured speedups) L(S) need not have one minimum: the grid's sparsity at every point is the global optimum optimal --hardware gives there, and each contour (--csv, and the table) is the least budget of the range at which that optimum reaches its level, found numerically, and the figure draws that grid's optimum. --csv writes the lines (line,level,params,compute), --grid NxM --grid-csv FILE the optimal sparsity on a grid (params,compute,sparsity,loss), --svg the figure. Every value written is finite: a range or a law for which a contour or a grid point overflows is refused.
            """
    )

    @OptionGroup var law: LawOption
    @OptionGroup var costOptions: CostOptions
    @OptionGroup var hardware: HardwareOption

    @Option(parsing: .unconditional, help: ArgumentHelp("Sparsity levels of the contours, comma-separated, in [0, cap].", valueName: "list"),
            transform: NumberList.parser(.sparsity, percent: true))
    var levels: NumberList = NumberList([0, 0.5, 0.75, 0.875])

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Range of non-zero parameters N (default: the fitted sizes with half a decade either side, or 1e7:1e11 for a law without ranges).", valueName: "min:max"),
            transform: PositiveRange.parser)
    var params: PositiveRange?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Range of compute C in FLOPs (default: from a decade below the dense compute-optimal line to the highest contour, at most four decades above it).", valueName: "min:max"),
            transform: PositiveRange.parser)
    var compute: PositiveRange?

    @Option(parsing: .unconditional, help: ArgumentHelp("Points per contour line in the CSV (2 to \(Limits.contourPoints)).", valueName: "k"),
            transform: WholeNumber.parser(2...Limits.contourPoints))
    var points: Int = 64

    @Option(help: "Write the contour lines and the dense compute-optimal line as CSV.")
    var csv: String?

    @Option(help: "Write the figure as SVG.")
    var svg: String?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Grid of optimal sparsities, NxM points along N and C (with --grid-csv; at least 2 along each, at most \(Limits.gridPoints) in all).", valueName: "NxM"),
            transform: GridSize.parser)
    var grid: GridSize?

    @Option(help: "Write the grid as CSV (params,compute,sparsity,loss).")
    var gridCsv: String?

    @Flag(help: "Print the table as JSON (sparselaw.contours/1), and the files written.")
    var json = false

    func validate() throws {
        if (grid == nil) != (gridCsv == nil) { throw ValidationError("--grid and --grid-csv go together") }
    }

    func run() throws {
        let query = try costOptions.query(for: law, profile: hardware.profile(cost: costOptions.cost))
        if query.optimizer.closedForm == nil { return try runMeasured(query) }
        let optimizer = try answering { () throws(QueryError) in try query.contourOptimizer(levels: levels.values) }
        let outputs = try OutputFiles(inputs: [query.path], outputs: [csv, svg, gridCsv])
        let centered = ContourRanges.centered(optimizer, levels: levels.values, fitted: query.file.ranges,
                                              maxFittedSparsity: query.file.maxFittedSparsity)
        let paramsRange = params?.range ?? centered.params
        let computeRange = compute?.range
            ?? (params == nil ? centered.compute : ContourRanges.compute(optimizer, levels: levels.values, params: paramsRange))
        // Everything drawn and written is finite, or nothing is.
        try answering { () throws(QueryError) in try query.checkContours(levels: levels.values, params: paramsRange, compute: computeRange) }
        let sizes = logSpaced(from: paramsRange.lowerBound, to: paramsRange.upperBound, count: points)

        if let csv { try outputs.write(contoursCSV(optimizer, levels: levels.values, params: sizes, replicates: query.replicates), to: csv) }
        if let svg {
            let figure = ContourFigure(optimizer: optimizer, levels: levels.values, lawName: ContourFigure.lawName(query.file, path: law.law),
                                       ranges: ContourRanges(params: paramsRange, compute: computeRange), replicates: query.replicates)
            try outputs.write(figure.svg, to: svg)
        }
        if let grid, let gridCsv, let writer = outputs.writer(for: gridCsv) {
            do {
                try writeGridCSV(query.optimizer, params: logSpaced(from: paramsRange.lowerBound, to: paramsRange.upperBound, count: grid.params),
                                 compute: logSpaced(from: computeRange.lowerBound, to: computeRange.upperBound, count: grid.compute), to: writer)
            } catch {
                outputs.discard()
                throw error
            }
        }
        try outputs.commit()
        let table = optimizer.contourTable(levels: levels.values, params: paramsRange), files = [csv, svg, gridCsv].compactMap { $0 }
        // The bands of the CSV and the figure come from the replicates: say what they assume.
        let warnings = query.replicates.isEmpty ? [] : [query.file.bootstrapCondition].compactMap { $0.map(DiagnosticRecord.init) }
        if json {
            var report = ContourReport(law: law.law, table: table, cost: optimizer.cost, dataUnit: query.dataUnit, files: files)
            report.warnings = warnings
            return try write(jsonText(report))
        }
        var text = table.text(law: query.file.title(path: law.law), cost: optimizer.cost, dataUnit: query.dataUnit)
        for warning in warnings { text += "\(warning.label): \(warning.message)\n" }
        for path in files { text += "wrote \(path)\n" }
        try write(text)
    }

    /// Contours on a measured profile: the grid of global optima, and contours found numerically
    /// over the window a dense-FLOPs figure of the same law would frame.
    func runMeasured(_ query: SparsityQuery) throws {
        let optimizer = query.optimizer
        for level in levels.values where !(level >= 0 && level <= optimizer.cap) {
            throw ValidationError(QueryError.levelOutsideCap(level: level, cap: optimizer.cap).description)
        }
        guard let dense = SparsityOptimizer(law: optimizer.law, cost: .denseFLOPs, maxSparsity: optimizer.cap) else {
            throw ValidationError("--max-sparsity must lie in (0, 1)")
        }
        let outputs = try OutputFiles(inputs: [query.path] + (hardware.hardware.map { [$0] } ?? []), outputs: [csv, svg, gridCsv])
        let centered = ContourRanges.centered(dense, levels: levels.values, fitted: query.file.ranges, maxFittedSparsity: query.file.maxFittedSparsity)
        let paramsRange = params?.range ?? centered.params
        let computeRange = compute?.range ?? (params == nil ? centered.compute : ContourRanges.compute(dense, levels: levels.values, params: paramsRange))
        if let csv {
            try outputs.write(contoursCSV(optimizer, levels: levels.values, params: logSpaced(from: paramsRange.lowerBound, to: paramsRange.upperBound, count: points),
                                          compute: computeRange), to: csv)
        }
        if let svg {
            let figure = ContourFigure(measured: optimizer, levels: levels.values, lawName: ContourFigure.lawName(query.file, path: law.law),
                                       ranges: ContourRanges(params: paramsRange, compute: computeRange))
            try outputs.write(figure.svg, to: svg)
        }
        if let grid, let gridCsv, let writer = outputs.writer(for: gridCsv) {
            do {
                try writeGridCSV(optimizer, params: logSpaced(from: paramsRange.lowerBound, to: paramsRange.upperBound, count: grid.params),
                                 compute: logSpaced(from: computeRange.lowerBound, to: computeRange.upperBound, count: grid.compute), to: writer)
            } catch {
                outputs.discard()
                throw error
            }
        }
        try outputs.commit()
        let table = MeasuredContourTable(optimizer, levels: levels.values, params: paramsRange, compute: computeRange), files = [csv, svg, gridCsv].compactMap { $0 }
        if json { return try write(jsonText(ContourReport(law: law.law, table: table, dataUnit: query.dataUnit, files: files))) }
        var text = table.text(law: query.file.title(path: law.law), dataUnit: query.dataUnit)
        for path in files { text += "wrote \(path)\n" }
        try write(text)
    }
}
