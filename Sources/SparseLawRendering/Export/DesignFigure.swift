import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawDecisions
import SparseLawDesign

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The runs a design chose over the runs so far, in (N, D): each configuration chosen is a disc
/// whose area is its share of the study budget (its repeats together, overheads included),
/// colored by sparsity; the runs so far are gray points.
public struct DesignFigure: Sendable {
    public var runs: [TrainingRun]
    public var report: DesignReport
    public var style: FigureStyle

    public init(runs: [TrainingRun], report: DesignReport, style: FigureStyle = .standard) {
        self.runs = runs
        self.report = report
        self.style = style
    }

    /// A configuration chosen, with its repeats and their share of the budget.
    struct Chosen {
        var run: DesignReport.Run
        var repeats: Int
        var share: Double
    }

    var chosen: [Chosen] {
        var result: [Chosen] = []
        for run in report.runs {
            let share = (run.cost + report.runOverhead) / report.studyBudget
            if let index = result.firstIndex(where: { $0.run.params == run.params && $0.run.sparsity == run.sparsity && $0.run.tokens == run.tokens }) {
                result[index].repeats += 1
                result[index].share += share
            } else {
                result.append(Chosen(run: run, repeats: 1, share: share))
            }
        }
        return result
    }

    public var svg: String { document.text }

    var document: SVGDocument {
        let width = style.pageWidth, margin = style.margin, content = width - 2 * margin
        var page = SVGDocument(width: width, height: 10_000, style: style)
        var y = margin
        y += drawWrapped("Runs to train next, over the runs so far", into: &page, left: margin, top: y, width: content, size: style.titleSize, bold: true) + 4
        let subtitle = "\(report.runs.count) runs for \(numberText(report.spent, significant: 3)) of \(numberText(report.studyBudget, significant: 3)) FLOPs; "
            + "expected 95% width of the target \(numberText(report.widthNow, significant: 3)) now, \(numberText(report.expectedWidth, significant: 3)) after"
        y += drawWrapped(subtitle, into: &page, left: margin, top: y, width: content, size: style.noteSize, fill: style.muted) + 14
        let configurations = chosen
        let params = runs.map(\.nonZeroParams) + configurations.map(\.run.params)
        let tokens = runs.map(\.tokens) + configurations.map(\.run.tokens)
        let xRange = LogAxis.padded(params.min()!, params.max()!, fraction: 0.08)
        let yRange = LogAxis.padded(tokens.min()!, tokens.max()!, fraction: 0.08)
        let labels = LogAxis(range: yRange, pixels: (0, 1), format: .count).ticks.compactMap(\.label)
        let cell = PlotBox(left: margin, top: y, right: margin + content, bottom: y + 0.62 * content)
        let box = PlotBox(left: cell.left + PlotFrame.leftRoom(labels: labels, style: style), top: cell.top + 8,
                          right: cell.right - 16, bottom: cell.bottom - PlotFrame.bottomRoom(style: style))
        let x = LogAxis(range: xRange, pixels: (box.left, box.right), format: .count)
        let yAxis = LogAxis(range: yRange, pixels: (box.bottom, box.top), format: .count)
        PlotFrame(box: box, x: x, y: yAxis, xTitle: "non-zero parameters N", yTitle: "data D").draw(into: &page)
        let sparsities = distinctValues(configurations.map(\.run.sparsity))
        func color(_ sparsity: Double) -> String {
            style.levelColor(rank: sparsities.firstIndex { nearlyEqual($0, sparsity) } ?? 0, count: sparsities.count)
        }
        // A disc of a tenth of the plot's height across holds the whole budget.
        let fullRadius = 0.1 * box.height
        var marks: [String] = []
        for configuration in configurations.sorted(by: { $0.share > $1.share }) {
            let radius = max(2.5, fullRadius * configuration.share.squareRoot())
            marks.append("<circle cx=\"\(svgNumber(x.position(configuration.run.params)))\" cy=\"\(svgNumber(yAxis.position(configuration.run.tokens)))\" r=\"\(svgNumber(radius))\" "
                + "fill=\"\(color(configuration.run.sparsity))\" fill-opacity=\"0.75\" stroke=\"\(color(configuration.run.sparsity))\" stroke-width=\"1.5\"/>")
        }
        // The runs so far on top, so that a disc does not hide them.
        for run in runs {
            marks.append("<circle cx=\"\(svgNumber(x.position(run.nonZeroParams)))\" cy=\"\(svgNumber(yAxis.position(run.tokens)))\" r=\"3\" fill=\"\(style.reference)\" stroke=\"white\" stroke-width=\"1\"/>")
        }
        page.add(marks.joined(separator: "\n"))
        y = cell.bottom + 8
        var entries = [FigureLegend.Entry(swatch: .marker(style.reference), text: "runs so far")]
        entries += sparsities.map { FigureLegend.Entry(swatch: .marker(color($0)), text: "chosen, S = \(numberText($0))") }
        y += FigureLegend(heading: nil, entries: entries).draw(into: &page, left: margin, top: y, width: content) + 8
        y += drawWrapped("A disc's area is its share of the study budget (its repeats together, overheads included); a disc whose radius is a tenth of the plot's height would be the whole budget.",
                         into: &page, left: margin, top: y, width: content, size: style.noteSize, fill: style.muted) + 2
        page.height = (y + margin).rounded(.up)
        return page
    }
}
