import ArgumentParser
import Foundation
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

    @Option(help: ArgumentHelp("Range of non-zero parameters N.", valueName: "min:max"))
    var params: PositiveRange = PositiveRange(argument: "1e7:1e11")!

    @Option(help: ArgumentHelp("Range of compute C in FLOPs (default: spans the contours).", valueName: "min:max"))
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
        let (optimizer, file, replicates, dataNote) = try costOptions.optimizer(for: law)
        if case .sparseFLOPs(let schedule) = optimizer.cost, schedule.meanSparsityFraction >= 1 {
            throw ValidationError("with sparse training from the start (--prune-start = --prune-end = 0), more sparsity always helps: every budget's optimum is the cap, and there are no contours")
        }
        for level in levels.values where !(level >= 0 && level <= optimizer.maxSparsity) {
            throw ValidationError("--levels must lie in [0, \(numberText(optimizer.maxSparsity))] (the sparsity cap)")
        }
        let paramsRange = params.range
        let computeRange = compute?.range ?? defaultComputeRange(optimizer, params: paramsRange)
        let sizes = logSpaced(from: paramsRange.lowerBound, to: paramsRange.upperBound, count: points)

        if let csv { try emit(contoursCSV(optimizer, levels: levels.values, params: sizes, replicates: replicates), to: csv) }
        if let svg {
            let figure = ContourFigure(optimizer: optimizer, params: paramsRange, compute: computeRange, levels: levels.values,
                                       title: "Optimal sparsity: \(file.name ?? law.law)",
                                       subtitle: optimizer.cost.summary + (replicates.isEmpty ? "" : "; dotted: 95% bootstrap band of each contour"),
                                       replicates: replicates)
            try emit(figure.svg, to: svg)
        }
        if let grid, let gridCsv {
            do {
                let writer = try AtomicStreamWriter(path: gridCsv)
                try writeGridCSV(optimizer, params: logSpaced(from: paramsRange.lowerBound, to: paramsRange.upperBound, count: grid.params),
                                 compute: logSpaced(from: computeRange.lowerBound, to: computeRange.upperBound, count: grid.compute), to: writer)
            } catch {
                printError(error.description)
                throw cannotCreateExitCode
            }
        }

        print("law: \(file.title(path: law.law))")
        print("cost: \(optimizer.cost.summary)")
        if let dataNote { print("data: \(dataNote)") }
        print("contours: straight lines of slope \(numberText(optimizer.contourSlope, significant: 4)) in log-log axes; compute at which each sparsity becomes optimal:")
        let reference = [paramsRange.lowerBound, sqrt(paramsRange.lowerBound * paramsRange.upperBound), paramsRange.upperBound]
        print("  level    " + reference.map { pad("N = " + numberText($0, significant: 3), 14) }.joined() + pad("C / C*", 12))
        for level in levels.values {
            let row = reference.map { pad(numberText(optimizer.contourCompute(level: level, params: $0), significant: 3), 14) }.joined()
            let ratio = optimizer.contourCompute(level: level, params: reference[0]) / optimizer.denseOptimalCompute(params: reference[0])
            print("  " + numberText(level, significant: 4).padding(toLength: 7, withPad: " ", startingAt: 0) + row + pad(numberText(ratio, significant: 3), 12))
        }
        print("  dense compute-optimal C*: " + reference.map { numberText(optimizer.denseOptimalCompute(params: $0), significant: 3) }.joined(separator: ", "))
        for path in [csv, svg, gridCsv].compactMap({ $0 }) { print("wrote \(path)") }
    }

    /// From a tenth of the lowest line at the smallest N to ten times the highest at the largest.
    func defaultComputeRange(_ optimizer: SparsityOptimizer, params: ClosedRange<Double>) -> ClosedRange<Double> {
        let lines: [(Double) -> Double] = levels.values.map { level in { optimizer.contourCompute(level: level, params: $0) } }
            + [{ optimizer.denseOptimalCompute(params: $0) }]
        let low = lines.map { $0(params.lowerBound) }.min()! / 10
        let high = lines.map { $0(params.upperBound) }.max()! * 10
        return pow(10, floor(log10(low)))...pow(10, ceil(log10(high)))
    }
}
