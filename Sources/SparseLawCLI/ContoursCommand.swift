import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SparseLaw

/// `MIN:MAX`, both positive, with the reader's number syntax.
struct PositiveRange: ExpressibleByArgument {
    var range: ClosedRange<Double>

    init?(argument: String) {
        let parts = argument.split(separator: ":")
        guard parts.count == 2,
              case .success(let low) = NumberParser.parse(String(parts[0]), allowPercent: false),
              case .success(let high) = NumberParser.parse(String(parts[1]), allowPercent: false),
              low > 0, high > low, high.isFinite
        else { return nil }
        range = low...high
    }

    var defaultValueDescription: String { "\(numberText(range.lowerBound)):\(numberText(range.upperBound))" }
}

/// `NxM`, the grid's points along N and along C.
struct GridSize: ExpressibleByArgument {
    var params: Int
    var compute: Int

    init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x")
        guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), a >= 2, b >= 2, a * b <= 100_000_000 else { return nil }
        params = a
        compute = b
    }
}

struct ContoursCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contours",
        abstract: "Where in the N x C plane each sparsity is optimal: contour lines, a grid, a figure.",
        discussion: """
            The contour of sparsity s is the exact solution of dL/dS = 0 at S = s, a straight line in log-log axes; the dense compute-optimal line is parallel to it. --csv writes the lines (line,level,params,compute), --grid NxM --grid-csv FILE the optimal sparsity on a grid (params,compute,sparsity,loss), --svg the figure.
            """
    )

    @OptionGroup var law: LawOption
    @OptionGroup var costOptions: CostOptions

    @Option(help: ArgumentHelp("Sparsity levels of the contours, comma-separated.", valueName: "list"))
    var levels: NumberList = NumberList(argument: "0,0.5,0.75,0.875")!

    @Option(help: ArgumentHelp("Range of non-zero parameters N (default: the fitted sizes with half a decade either side, or 1e7:1e11 for a preset).", valueName: "min:max"))
    var params: PositiveRange?

    @Option(help: ArgumentHelp("Range of compute C in FLOPs (default: from a decade below the dense compute-optimal line to the highest contour, at most four decades above it).", valueName: "min:max"))
    var compute: PositiveRange?

    @Option(help: ArgumentHelp("Points per contour line in the CSV.", valueName: "k"))
    var points: Int = 64

    @Option(help: "Write the contour lines and the dense compute-optimal line as CSV.")
    var csv: String?

    @Option(help: "Write the figure as SVG.")
    var svg: String?

    @Option(help: ArgumentHelp("Grid of optimal sparsities, NxM points along N and C (with --grid-csv).", valueName: "NxM"))
    var grid: GridSize?

    @Option(help: "Write the grid as CSV (params,compute,sparsity,loss).")
    var gridCsv: String?

    func validate() throws {
        if (grid == nil) != (gridCsv == nil) { throw ValidationError("--grid and --grid-csv go together") }
        if !(2...100_000).contains(points) { throw ValidationError("--points must lie in 2...100000") }
    }

    func run() throws {
        let query = try costOptions.query(for: law)
        try answering { () throws(QueryError) in try query.checkContourLevels(levels.values) }
        let centered = ContourRanges.centered(query.optimizer, levels: levels.values, fitted: query.file.ranges,
                                              maxFittedSparsity: query.file.maxFittedSparsity)
        let paramsRange = params?.range ?? centered.params
        let computeRange = compute?.range
            ?? (params == nil ? centered.compute : ContourRanges.compute(query.optimizer, levels: levels.values, params: paramsRange))
        let sizes = logSpaced(from: paramsRange.lowerBound, to: paramsRange.upperBound, count: points)

        if let csv { try emit(contoursCSV(query.optimizer, levels: levels.values, params: sizes, replicates: query.replicates), to: csv) }
        if let svg {
            let figure = ContourFigure(optimizer: query.optimizer, levels: levels.values, lawName: ContourFigure.lawName(query.file, path: law.law),
                                       ranges: ContourRanges(params: paramsRange, compute: computeRange), replicates: query.replicates)
            try emit(figure.svg, to: svg)
        }
        if let grid, let gridCsv {
            do {
                let writer = try AtomicStreamWriter(path: gridCsv)
                try writeGridCSV(query.optimizer, params: logSpaced(from: paramsRange.lowerBound, to: paramsRange.upperBound, count: grid.params),
                                 compute: logSpaced(from: computeRange.lowerBound, to: computeRange.upperBound, count: grid.compute), to: writer)
            } catch {
                printError(error.description)
                throw cannotCreateExitCode
            }
        }
        var text = query.contourTable(levels: levels.values, params: paramsRange).text(law: query.file.title(path: law.law), cost: query.optimizer.cost, dataUnit: query.dataUnit)
        for path in [csv, svg, gridCsv].compactMap({ $0 }) { text += "wrote \(path)\n" }
        try write(text)
    }
}
