import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fit's figure. On the left, measured against predicted loss with a strip of relative
/// residuals beneath; beside it the view that suits the runs' design (see `FitDesign`): loss
/// against data for each model size, one curve per sparsity, or iso-FLOP profiles of loss
/// against size, one curve per budget. Held-out runs are ringed. Every run is in the left panel;
/// what the other panels leave out is said under the legend.
public struct FitFigure: Sendable {
    public var law: ScalingLaw
    /// The fit's q_p per structured pattern (`LawFit.patternConstants`): runs of those patterns
    /// are predicted with them.
    public var patternConstants: [String: Double]
    public var fitted: [TrainingRun]
    public var heldOut: [TrainingRun]
    public var title: String
    /// What N and D count, for the axis titles.
    public var units: LawFile.Units
    public var style: FigureStyle

    public init(law: ScalingLaw, patternConstants: [String: Double] = [:], fitted: [TrainingRun], heldOut: [TrainingRun] = [], title: String,
                units: LawFile.Units = LawFile.Units(), style: FigureStyle = .standard) {
        self.law = law
        self.patternConstants = patternConstants
        self.fitted = fitted
        self.heldOut = heldOut
        self.title = title
        self.units = units
        self.style = style
    }

    /// Size panels shown at most; with more sizes, this many evenly spaced.
    static let maxSizePanels = 10
    static let columns = 3
    static let rowHeight = 262.0

    public var svg: String { document.text }

    var all: [TrainingRun] { fitted + heldOut }

    func predicted(_ run: TrainingRun) -> Double { law.loss(of: run, patternConstants: patternConstants) }
    var design: FitDesign { FitDesign.of(all) }

    /// What colors the runs: sparsity levels, or budget groups in the iso-FLOP view.
    struct Coloring {
        var color: (TrainingRun) -> String
        var legend: FigureLegend
    }

    var document: SVGDocument {
        let width = style.pageWidth, margin = style.margin
        let content = width - 2 * margin
        // The page grows downwards; a first pass with a generous height, then the real one.
        var page = SVGDocument(width: width, height: 10_000, style: style)
        var y = margin
        y += drawWrapped(title, into: &page, left: margin, top: y, width: content, size: style.titleSize, bold: true) + 4
        let design = self.design
        y += drawWrapped(subtitle(design), into: &page, left: margin, top: y, width: content, size: style.noteSize, fill: style.muted) + 14

        let coloring = self.coloring(design)
        let cellWidth = content / Double(Self.columns)
        let gridTop = y
        drawMeasuredAgainstPredicted(into: &page, cell: PlotBox(left: margin, top: gridTop, right: margin + cellWidth, bottom: gridTop + 2 * Self.rowHeight),
                                     color: coloring.color)
        var gridBottom = gridTop + 2 * Self.rowHeight
        var notes: [String] = []
        switch design {
        case .dataCurves(let sizes, let omitted):
            let shown = Self.evenlyChosen(sizes, count: Self.maxSizePanels)
            for (index, size) in shown.enumerated() {
                let (column, row) = index < 4 ? (1 + index % 2, index / 2) : ((index - 4) % Self.columns, 2 + (index - 4) / Self.columns)
                let cell = PlotBox(left: margin + Double(column) * cellWidth, top: gridTop + Double(row) * Self.rowHeight,
                                   right: margin + Double(column + 1) * cellWidth, bottom: gridTop + Double(row + 1) * Self.rowHeight)
                drawSizePanel(size: size, into: &page, cell: cell, color: coloring.color)
                gridBottom = max(gridBottom, cell.bottom)
            }
            if shown.count < sizes.count {
                notes.append("\(shown.count) of the \(sizes.count) model sizes with several data budgets are shown, evenly spaced; every run is in the left panel.")
            }
            if omitted > 0 {
                notes.append("\(omitted) model size\(omitted == 1 ? "" : "s") with a single data budget \(omitted == 1 ? "is" : "are") in the left panel only.")
            }
            notes.append("Lines: the fitted law at each size and sparsity.")
        case .isoFLOP(let budgets, let ungrouped):
            let levels = distinctValues(budgets.flatMap { $0.runs.map(\.sparsity) })
            for (index, level) in levels.enumerated() {
                let (column, row) = index == 0 ? (1, 0) : ((index - 1) % 2 == 0 ? 0 : 1, 2 + 2 * ((index - 1) / 2))
                let cell = PlotBox(left: margin + Double(column) * cellWidth, top: gridTop + Double(row) * Self.rowHeight,
                                   right: margin + Double(column + 2) * cellWidth, bottom: gridTop + Double(row + 2) * Self.rowHeight)
                drawIsoFLOPPanel(sparsity: level, levels: levels.count, budgets: budgets, into: &page, cell: cell, color: coloring.color)
                gridBottom = max(gridBottom, cell.bottom)
            }
            notes.append("Runs are grouped by budget C = 6 N D / (1 - S), each group taking the runs within a factor \(numberText(pow(10, FitDesign.budgetTolerance), significant: 2)) of its center; lines: the fitted law at each group's mean budget.")
            if ungrouped > 0 {
                notes.append("\(ungrouped) run\(ungrouped == 1 ? "" : "s") outside any group of three sizes or more \(ungrouped == 1 ? "is" : "are") gray.")
            }
        case .scattered:
            notes.append("No model size has runs at two data budgets and no budget has runs at three sizes: measured against predicted is the only view.")
        }

        y = gridBottom + 8
        var legend = coloring.legend
        if !heldOut.isEmpty { legend.entries.append(.init(swatch: .ring(fill: "white", stroke: style.highlight), text: "held out: not used by the fit")) }
        legend.entries.append(.init(swatch: .line(style.reference, dash: "5 4"), text: "predicted = measured"))
        y += legend.draw(into: &page, left: margin, top: y, width: content) + 8
        for note in notes {
            y += drawWrapped(note, into: &page, left: margin, top: y, width: content, size: style.noteSize, fill: style.muted) + 2
        }
        page.height = (y + margin).rounded(.up)
        return page
    }

    func subtitle(_ design: FitDesign) -> String {
        let form = law.form == .sparse ? "sparse law" : "dense law"
        var parts = ["\(form), \(fitted.count) runs fitted" + (heldOut.isEmpty ? "" : ", \(heldOut.count) held out")]
        switch design {
        case .dataCurves: parts.append("right: loss against data for each model size")
        case .isoFLOP: parts.append("right: iso-FLOP profiles, loss against model size at a fixed budget")
        case .scattered: break
        }
        return parts.joined(separator: "; ")
    }

    func coloring(_ design: FitDesign) -> Coloring {
        if case .isoFLOP(let budgets, _) = design {
            let colors = budgets.enumerated().map { style.levelColor(rank: $0.offset, count: budgets.count) }
            let gray = "#b4b4b4"
            let color = { (run: TrainingRun) -> String in
                let logC = log10(FitDesign.compute(of: run))
                guard let index = budgets.firstIndex(where: { $0.logRange.contains(logC) && $0.runs.contains(run) }) else { return gray }
                return colors[index]
            }
            let entries = budgets.enumerated().map { FigureLegend.Entry(swatch: .marker(colors[$0.offset]), text: LogAxis.label($0.element.compute, format: .power, significant: 2)) }
            return Coloring(color: color, legend: FigureLegend(heading: "budget C (FLOPs)", entries: entries))
        }
        let levels = distinctValues(all.map(\.sparsity))
        let colors = levels.indices.map { style.levelColor(rank: $0, count: levels.count) }
        let color = { (run: TrainingRun) -> String in
            colors[levels.firstIndex { nearlyEqual($0, run.sparsity) } ?? 0]
        }
        let entries = levels.enumerated().map { FigureLegend.Entry(swatch: .marker(colors[$0.offset]), text: numberText($0.element, significant: 4)) }
        return Coloring(color: color, legend: FigureLegend(heading: "sparsity", entries: entries))
    }

    /// `count` values spread evenly through `values` (all of them when there are few enough).
    static func evenlyChosen(_ values: [Double], count: Int) -> [Double] {
        guard values.count > count, count > 1 else { return values }
        return (0..<count).map { values[Int((Double($0) * Double(values.count - 1) / Double(count - 1)).rounded())] }
    }

    // MARK: Panels

    func drawMeasuredAgainstPredicted(into page: inout SVGDocument, cell: PlotBox, color: (TrainingRun) -> String) {
        let losses = (all.map(\.loss) + all.map(predicted)).filter { $0.isFinite && $0 > 0 }
        let range = LogAxis.padded(losses.min() ?? 1, losses.max() ?? 10)
        let residuals = all.map { 100 * ($0.loss / predicted($0) - 1) }.filter(\.isFinite)
        let spread = max((residuals.map(abs).max() ?? 0) * 1.15, 0.5)
        let probe = LogAxis(range: range, pixels: (0, 1))
        let residualProbe = LinearAxis(range: -spread...spread, pixels: (0, 1))
        let left = cell.left + PlotFrame.leftRoom(labels: (probe.ticks + residualProbe.ticks).compactMap(\.label), style: style)
        let right = cell.right - 16
        let top = cell.top + PlotFrame.topRoom(style: style)
        let stripHeight = 78.0
        let bottom = cell.bottom - PlotFrame.bottomRoom(style: style) - 8
        let main = PlotBox(left: left, top: top, right: right, bottom: bottom - stripHeight - 10)
        let strip = PlotBox(left: left, top: bottom - stripHeight, right: right, bottom: bottom)
        let x = LogAxis(range: range, pixels: (main.left, main.right)), y = LogAxis(range: range, pixels: (main.bottom, main.top))
        PlotFrame(box: main, x: x, y: y, xTitle: nil, yTitle: "measured loss", title: "measured against predicted", xTickLabels: false).draw(into: &page)
        let residualAxis = LinearAxis(range: -spread...spread, pixels: (strip.bottom, strip.top))
        PlotFrame(box: strip, x: x, y: residualAxis, xTitle: "predicted loss", yTitle: "residual (%)").draw(into: &page)

        let id = "clip-measured", stripID = "clip-residual"
        page.define(main.clipPath(id: id))
        page.define(strip.clipPath(id: stripID))
        var marks = ["<g clip-path=\"url(#\(id))\">",
                     "<path d=\"\(svgPath([(main.left, main.bottom), (main.right, main.top)]))\" stroke=\"\(style.reference)\" stroke-width=\"1.2\" stroke-dasharray=\"5 4\" fill=\"none\"/>"]
        marks += runMarks(x: { x.position(predicted($0)) }, y: { y.position($0.loss) }, color: color)
        marks.append("</g>")
        marks.append("<g clip-path=\"url(#\(stripID))\">")
        marks.append("<path d=\"M\(svgNumber(strip.left)) \(svgNumber(residualAxis.position(0))) H\(svgNumber(strip.right))\" stroke=\"\(style.reference)\" stroke-width=\"1.2\" stroke-dasharray=\"5 4\"/>")
        marks += runMarks(x: { x.position(predicted($0)) }, y: { residualAxis.position(100 * ($0.loss / predicted($0) - 1)) }, color: color)
        marks.append("</g>")
        page.add(marks.joined(separator: "\n"))
    }

    /// Circles for every run, held-out runs ringed and drawn last.
    func runMarks(x: (TrainingRun) -> Double, y: (TrainingRun) -> Double, color: (TrainingRun) -> String, among runs: [TrainingRun]? = nil) -> [String] {
        let held = Set(heldOut)
        let chosen = runs ?? all
        var marks: [String] = []
        for run in chosen where !held.contains(run) {
            marks.append("<circle cx=\"\(svgNumber(x(run)))\" cy=\"\(svgNumber(y(run)))\" r=\"\(svgNumber(style.markerRadius))\" fill=\"\(color(run))\" fill-opacity=\"0.9\"/>")
        }
        for run in chosen where held.contains(run) {
            marks.append("<circle cx=\"\(svgNumber(x(run)))\" cy=\"\(svgNumber(y(run)))\" r=\"\(svgNumber(style.markerRadius + 1.5))\" fill=\"\(color(run))\" stroke=\"\(style.highlight)\" stroke-width=\"2\"/>")
        }
        return marks
    }

    /// The plot box of a panel in `cell` whose y tick labels are `labels`.
    func panelBox(in cell: PlotBox, labels: [FigureText]) -> PlotBox {
        PlotBox(left: cell.left + PlotFrame.leftRoom(labels: labels, style: style), top: cell.top + PlotFrame.topRoom(style: style),
                right: cell.right - 16, bottom: cell.bottom - PlotFrame.bottomRoom(style: style) - 8)
    }

    func drawSizePanel(size: Double, into page: inout SVGDocument, cell: PlotBox, color: (TrainingRun) -> String) {
        let runs = all.filter { nearlyEqual($0.nonZeroParams, size) }
        let tokensRange = LogAxis.padded(runs.map(\.tokens).min()!, runs.map(\.tokens).max()!, fraction: 0.08)
        let levels = distinctValues(runs.map(\.sparsity))
        let curveTokens = logSpaced(from: tokensRange.lowerBound, to: tokensRange.upperBound, count: 40)
        let curves = levels.map { level in curveTokens.map { law.loss(nonZeroParams: size, sparsity: level, tokens: $0) } }
        let values = runs.map(\.loss) + curves.flatMap { $0 }.filter { $0.isFinite && $0 > 0 }
        let lossRange = LogAxis.padded(values.min()!, values.max()!, fraction: 0.06)
        let box = panelBox(in: cell, labels: LogAxis(range: lossRange, pixels: (0, 1)).ticks.compactMap(\.label))
        let x = LogAxis(range: tokensRange, pixels: (box.left, box.right), format: .count)
        let y = LogAxis(range: lossRange, pixels: (box.bottom, box.top))
        PlotFrame(box: box, x: x, y: y, xTitle: "data D (\(units.tokens))", yTitle: "loss",
                  title: "N = \(LogAxis.label(size, format: .count, significant: 3))").draw(into: &page)
        let id = "clip-size-\(svgNumber(log10(size)).replacing(".", with: "-"))"
        page.define(box.clipPath(id: id))
        var marks = ["<g clip-path=\"url(#\(id))\" fill=\"none\">"]
        for (level, curve) in zip(levels, curves) {
            let points = zip(curveTokens, curve).filter { $0.1.isFinite && $0.1 > 0 }.map { (x.position($0.0), y.position($0.1)) }
            let sample = runs.first { nearlyEqual($0.sparsity, level) }!
            marks.append("<path d=\"\(svgPath(points))\" stroke=\"\(color(sample))\" stroke-width=\"\(svgNumber(style.lineWidth * 0.8))\"/>")
        }
        marks += runMarks(x: { x.position($0.tokens) }, y: { y.position($0.loss) }, color: color, among: runs)
        marks.append("</g>")
        page.add(marks.joined(separator: "\n"))
    }

    func drawIsoFLOPPanel(sparsity: Double, levels: Int, budgets: [FitDesign.BudgetGroup], into page: inout SVGDocument, cell: PlotBox,
                          color: (TrainingRun) -> String) {
        let grouped = budgets.map { group in (group, group.runs.filter { nearlyEqual($0.sparsity, sparsity) }) }
            .filter { distinctValues($0.1.map(\.nonZeroParams)).count >= 3 }
        let members = Set(grouped.flatMap(\.1))
        let others = all.filter { nearlyEqual($0.sparsity, sparsity) && !members.contains($0) }
        let shown = grouped.flatMap(\.1) + others
        let paramsRange = LogAxis.padded(shown.map(\.nonZeroParams).min()!, shown.map(\.nonZeroParams).max()!, fraction: 0.04)
        let curves = grouped.map { (group, runs) -> [(Double, Double)] in
            let span = LogAxis.padded(runs.map(\.nonZeroParams).min()!, runs.map(\.nonZeroParams).max()!, fraction: 0.1)
            return logSpaced(from: span.lowerBound, to: span.upperBound, count: 48).map { n in
                (n, law.loss(nonZeroParams: n, sparsity: sparsity, tokens: group.compute * (1 - sparsity) / trainingCompute(params: n, tokens: 1)))
            }.filter { $0.1.isFinite && $0.1 > 0 }
        }
        let values = shown.map(\.loss) + curves.flatMap { $0.map(\.1) }
        let lossRange = LogAxis.padded(values.min()!, values.max()!, fraction: 0.04)
        let box = panelBox(in: cell, labels: LogAxis(range: lossRange, pixels: (0, 1)).ticks.compactMap(\.label))
        let x = LogAxis(range: paramsRange, pixels: (box.left, box.right), format: .count)
        let y = LogAxis(range: lossRange, pixels: (box.bottom, box.top))
        let title = levels > 1 ? "sparsity \(numberText(sparsity, significant: 4)): loss at a fixed budget" : "loss at a fixed budget"
        PlotFrame(box: box, x: x, y: y, xTitle: units.params + " N", yTitle: "loss", title: title).draw(into: &page)
        let id = "clip-budget-\(String(Int((sparsity * 10_000).rounded())))"
        page.define(box.clipPath(id: id))
        var marks = ["<g clip-path=\"url(#\(id))\" fill=\"none\">"]
        for ((_, runs), curve) in zip(grouped, curves) {
            marks.append("<path d=\"\(svgPath(curve.map { (x.position($0.0), y.position($0.1)) }))\" stroke=\"\(color(runs[0]))\" stroke-width=\"\(svgNumber(style.lineWidth * 0.8))\"/>")
        }
        marks += runMarks(x: { x.position($0.nonZeroParams) }, y: { y.position($0.loss) }, color: color, among: others + grouped.flatMap(\.1))
        marks.append("</g>")
        page.add(marks.joined(separator: "\n"))
    }
}
