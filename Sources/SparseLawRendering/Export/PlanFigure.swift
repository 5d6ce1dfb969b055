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

/// The planning figures, in the project's figure style.
///
/// - Budgets: the best loss against the budget for the best run and the best dense run;
///   beneath, how far below dense the best run's loss is (%), and the sparsity it chooses. The
///   budgets where sparsity pays are shaded, the budget where it starts to pay is marked and
///   labeled, and the question's own budget is dotted, its two answers drawn as points. Each
///   structured pattern is a curve of its own (and unstructured sparsity beside them); a law
///   with bootstrap replicates adds the 95% band of the best loss; where the memory limit starts
///   to cap the model is marked.
/// - Target losses: the cost of reaching each target for the best and the dense run, the saving
///   (%) and the sparsity chosen, shaded and marked in the same way; then the cost of reaching the
///   question's target against model size (the "critical model size" view: the smallest models
///   that reach it, and what each size costs, dense against the best sparsity at that size).
public struct PlanFigure: Sendable {
    enum Content: Sendable {
        case budgets(BudgetFrontier, BudgetPlan)
        case targets(TargetFrontier, TargetPlan, [SizeCost])
    }

    let content: Content
    public var title: String
    public var subtitle: String
    public var style: FigureStyle

    /// The budget figure, titled with the law's and the profile's names.
    public init(budgets: BudgetFrontier, question: BudgetPlan, lawName: String, hardware: String, style: FigureStyle = .standard) {
        content = .budgets(budgets, question)
        title = (question.countsServing
            ? "Best run for a budget of training and serving \(numberText(question.inferenceTokens, significant: 3)) tokens"
            : "Best run for a training budget") + ": \(lawName) on \(hardware)"
        subtitle = question.memoryLimit.map { "weights within \(memoryText($0))" } ?? "no memory limit"
        self.style = style
    }

    /// The target-loss figure; `sizes` (the cost against model size) may be empty.
    public init(targets: TargetFrontier, question: TargetPlan, sizes: [SizeCost], lawName: String, hardware: String, style: FigureStyle = .standard) {
        content = .targets(targets, question, sizes)
        title = "Cheapest run to a target loss: \(lawName) on \(hardware)"
        subtitle = (question.memoryLimit.map { "weights within \(memoryText($0))" } ?? "no memory limit")
            + (question.inferenceTokens > 0 ? ", serving \(numberText(question.inferenceTokens, significant: 3)) tokens" : "")
        self.style = style
    }

    public var svg: String { document.text }

    var bestColor: String { style.scaleColor(0.55) }
    var denseColor: String { style.ink }
    var payingFill: String { lightened(style.scaleColor(0.9), by: 0.8) }
    var switchColor: String { style.scaleColor(0.05) }
    var limitColor: String { "#b2182b" }
    var bandFill: String { lightened(bestColor, by: 0.7) }
    /// The color and dash of the k-th option curve other than dense and the best.
    func optionStyle(_ k: Int) -> (color: String, dash: String) {
        let colors = ["#d95f02", "#7570b3", "#e7298a", "#66a61e", "#a6761d"]
        return (colors[k % colors.count], ["4 3", "1.5 3", "8 3 2 3"][k % 3])
    }

    /// One panel: its axes, lines (NaN breaks a line), shaded spans of x, vertical markers, points.
    struct Panel {
        var box: PlotBox
        var x: any PlotAxis
        var y: any PlotAxis
        var xTitle: String?
        var yTitle: String
        var title: String?
        var xTickLabels: Bool
        var lines: [(points: [(Double, Double)], color: String, dash: String?)] = []
        /// Shaded bands between a low and a high curve (NaN breaks a band).
        var bands: [(points: [(x: Double, low: Double, high: Double)], color: String)] = []
        /// Vertical markers of where the memory limit starts or stops to bind.
        var limits: [Double] = []
        var spans: [ClosedRange<Double>] = []
        var switches: [Double] = []
        var question: Double?
        var points: [(Double, Double, String)] = []
    }

    func draw(_ panel: Panel, id: String, into page: inout SVGDocument) {
        let box = panel.box
        page.define(box.clipPath(id: id))
        var marks = ["<g clip-path=\"url(#\(id))\" fill=\"none\">"]
        for span in panel.spans {
            let a = min(max(panel.x.position(span.lowerBound), box.left), box.right)
            let b = min(max(panel.x.position(span.upperBound), box.left), box.right)
            marks.append("<rect x=\"\(svgNumber(min(a, b)))\" y=\"\(svgNumber(box.top))\" width=\"\(svgNumber(abs(b - a)))\" height=\"\(svgNumber(box.height))\" fill=\"\(payingFill)\" stroke=\"none\"/>")
        }
        for band in panel.bands {
            var segments: [[(Double, Double, Double)]] = [[]]
            for point in band.points {
                let px = panel.x.position(point.x), low = panel.y.position(point.low), high = panel.y.position(point.high)
                if px.isFinite, low.isFinite, high.isFinite {
                    segments[segments.count - 1].append((px, low, high))
                } else if !(segments.last?.isEmpty ?? true) {
                    segments.append([])
                }
            }
            for segment in segments where segment.count > 1 {
                let outline = segment.map { ($0.0, $0.2) } + segment.reversed().map { ($0.0, $0.1) }
                marks.append("<path d=\"\(svgPath(outline))Z\" fill=\"\(band.color)\" stroke=\"none\"/>")
            }
        }
        for value in panel.switches {
            let x = panel.x.position(value)
            marks.append("<path d=\"M\(svgNumber(x)) \(svgNumber(box.top)) V\(svgNumber(box.bottom))\" stroke=\"\(switchColor)\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>")
        }
        for value in panel.limits {
            let x = panel.x.position(value)
            marks.append("<path d=\"M\(svgNumber(x)) \(svgNumber(box.top)) V\(svgNumber(box.bottom))\" stroke=\"\(limitColor)\" stroke-width=\"1.5\" stroke-dasharray=\"1.5 3\"/>")
        }
        if let question = panel.question {
            let x = panel.x.position(question)
            marks.append("<path d=\"M\(svgNumber(x)) \(svgNumber(box.top)) V\(svgNumber(box.bottom))\" stroke=\"\(style.reference)\" stroke-width=\"1.2\" stroke-dasharray=\"2 3\"/>")
        }
        for line in panel.lines {
            var segments: [[(Double, Double)]] = [[]]
            for (x, y) in line.points {
                let px = panel.x.position(x), py = panel.y.position(y)
                if x.isFinite, y.isFinite, px.isFinite, py.isFinite {
                    segments[segments.count - 1].append((px, py))
                } else if !(segments.last?.isEmpty ?? true) {
                    segments.append([])
                }
            }
            for segment in segments where segment.count > 1 {
                marks.append("<path d=\"\(svgPath(segment))\" stroke=\"\(line.color)\" stroke-width=\"\(svgNumber(style.lineWidth))\" stroke-linejoin=\"round\"" + (line.dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>")
            }
        }
        for (x, y, color) in panel.points where x.isFinite && y.isFinite {
            marks.append("<circle cx=\"\(svgNumber(panel.x.position(x)))\" cy=\"\(svgNumber(panel.y.position(y)))\" r=\"\(svgNumber(style.markerRadius + 1))\" fill=\"\(color)\" stroke=\"white\" stroke-width=\"1.5\"/>")
        }
        marks.append("</g>")
        page.add(marks.joined(separator: "\n"))
        PlotFrame(box: box, x: panel.x, y: panel.y, xTitle: panel.xTitle, yTitle: panel.yTitle, title: panel.title,
                  xTickLabels: panel.xTickLabels).draw(into: &page)
    }

    /// A label for a vertical marker inside the top of a panel, beside the line on whichever side
    /// it fits clear of other text; left out when it fits on neither.
    func label(_ text: String, at value: Double, in panel: Panel, into page: inout SVGDocument, row: Int = 0, color: String? = nil) {
        let size = style.noteSize
        let x = panel.x.position(value), y = panel.box.top + 6 + size * TextMetrics.ascent + Double(row) * (size + 4)
        for (anchor, offset) in [(TextAnchor.start, 6.0), (.end, -6.0)] {
            let box = TextBox(text: FigureText(text), x: x + offset, y: y, size: size, anchor: anchor)
            let bounds = box.bounds
            guard bounds.minX >= panel.box.left + 2, bounds.maxX <= panel.box.right - 2, !page.collides(box) else { continue }
            page.text(FigureText(text), x: x + offset, y: y, size: size, anchor: anchor, fill: color ?? switchColor, halo: true)
            return
        }
    }

    /// A linear range that holds the finite values (and `include`), padded by 6%.
    static func linearRange(_ values: [Double], include: [Double] = []) -> ClosedRange<Double> {
        let finite = (values + include).filter(\.isFinite)
        guard var low = finite.min(), var high = finite.max() else { return 0...1 }
        if high - low < 1e-12 * max(abs(high), 1) { low -= max(abs(low) * 0.01, 1e-6); high += max(abs(high) * 0.01, 1e-6) }
        let margin = (high - low) * 0.06
        return (low - margin)...(high + margin)
    }

    /// A logarithmic range that holds the finite positive values.
    static func logRange(_ values: [Double]) -> ClosedRange<Double> {
        let finite = values.filter { $0.isFinite && $0 > 0 }
        guard let low = finite.min(), let high = finite.max() else { return 1...10 }
        return LogAxis.padded(low, high)
    }

    var document: SVGDocument {
        let width = style.pageWidth, margin = style.margin
        var page = SVGDocument(width: width, height: 10_000, style: style)
        page.add("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>")
        var top = margin
        top += drawWrapped(title, into: &page, left: margin, top: top, width: width - 2 * margin, size: style.titleSize, bold: true) + 4
        top += drawWrapped(subtitle, into: &page, left: margin, top: top, width: width - 2 * margin, size: style.noteSize, fill: style.muted) + 16

        // The stacked panels of the frontier: (values along x, main curve, its title and axis kind,
        // relative advantage, sparsity).
        let frontier: PlotFrontier
        var sizes: [SizeCost] = []
        var targetLoss = 0.0
        var questionPlans: (Plan?, Plan?) = (nil, nil)
        var bandReplicates = 0
        var byVerdict = false
        switch content {
        case .budgets(let curve, let question):
            // Shaded where the verdict over the replicates is sparse, not wherever the point
            // estimate gains; the point estimate's comparison without replicates.
            frontier = PlotFrontier(curve.plans, pays: curve.sparseVerdict ?? curve.sparsityPays, question: question, memoryBinds: curve.memoryBinds, band: curve.band)
            bandReplicates = curve.bandReplicates
            byVerdict = curve.sparseVerdict != nil
        case .targets(let curve, let question, let sizeCurve):
            frontier = PlotFrontier(curve.plans, pays: curve.sparseVerdict ?? curve.sparsityPays, question: question, memoryBinds: curve.memoryBinds, band: curve.band)
            bandReplicates = curve.bandReplicates
            byVerdict = curve.sparseVerdict != nil
            sizes = sizeCurve
            targetLoss = question.targetLoss
            questionPlans = (question.best.plan, question.dense.plan)
        }
        let (mainTitle, advantageTitle) = (frontier.titles.main, frontier.titles.advantage)
        var xTitle = frontier.titles.x
        if case .budgets(_, let question) = content, question.countsServing { xTitle = "budget C of training and serving (dense FLOPs)" }
        let (logMain, logX, switchText) = (frontier.titles.logMain, !frontier.titles.logMain, frontier.titles.switchText)
        guard let first = frontier.xs.first, let last = frontier.xs.last, last > first else { page.height = top + margin; return page }

        let plotted = frontier.best + frontier.dense + frontier.options.flatMap(\.values) + frontier.band.flatMap { $0.map { [$0.lowerBound, $0.upperBound] } ?? [] }
        let mainRange = logMain ? Self.logRange(plotted) : Self.linearRange(plotted)
        let advantageRange = Self.linearRange(frontier.advantage, include: [0])
        let sparsityRange = 0...min(1, max(0.1, (frontier.sparsity.filter(\.isFinite).max() ?? 0) * 1.08))
        // Room for the widest y labels of every panel, so that the panels align.
        func probe(_ range: ClosedRange<Double>, log: Bool, suffix: String = "") -> any PlotAxis {
            log ? LogAxis(range: range, pixels: (0, 1), format: .power) : LinearAxis(range: range, pixels: (0, 1), suffix: suffix)
        }
        var labels = [probe(mainRange, log: logMain), probe(advantageRange, log: false, suffix: "%"), probe(sparsityRange, log: false)].flatMap { $0.ticks.compactMap(\.label) }
        let costs = sizes.flatMap { [$0.best?.cost, $0.dense?.cost] }.compactMap { $0 }
        let cheapest = costs.min() ?? 1
        let sizeCostRange = LogAxis.padded(cheapest, cheapest * 30)
        if !sizes.isEmpty { labels += probe(sizeCostRange, log: true).ticks.compactMap(\.label) }
        let left = margin + PlotFrame.leftRoom(labels: labels, style: style)
        let right = width - margin - 8
        let xAxis = { (box: PlotBox) -> any PlotAxis in
            logX ? LogAxis(range: first...last, pixels: (box.left, box.right), format: .power) : LinearAxis(range: first...last, pixels: (box.left, box.right))
        }
        let yAxis = { (range: ClosedRange<Double>, box: PlotBox, log: Bool, suffix: String) -> any PlotAxis in
            log ? LogAxis(range: range, pixels: (box.bottom, box.top), format: .power) : LinearAxis(range: range, pixels: (box.bottom, box.top), suffix: suffix)
        }
        let spans = frontier.pays.spans(over: first...last)
        let gap = 14.0
        var y = top
        let mainBox = PlotBox(left: left, top: y, right: right, bottom: y + 330)
        y = mainBox.bottom + gap
        let advantageBox = PlotBox(left: left, top: y, right: right, bottom: y + 150)
        y = advantageBox.bottom + gap
        let sparsityBox = PlotBox(left: left, top: y, right: right, bottom: y + 150)

        var main = Panel(box: mainBox, x: xAxis(mainBox), y: yAxis(mainRange, mainBox, logMain, ""), xTitle: nil, yTitle: mainTitle, title: nil, xTickLabels: false)
        main.lines = [(Array(zip(frontier.xs, frontier.dense)), denseColor, "7 5")]
        for (k, option) in frontier.options.enumerated() {
            main.lines.append((Array(zip(frontier.xs, option.values)), optionStyle(k).color, optionStyle(k).dash))
        }
        main.lines.append((Array(zip(frontier.xs, frontier.best)), bestColor, nil))
        if !frontier.band.isEmpty {
            main.bands = [(zip(frontier.xs, frontier.band).map { (x: $0, low: $1?.lowerBound ?? .nan, high: $1?.upperBound ?? .nan) }, bandFill)]
        }
        main.spans = spans
        main.switches = frontier.pays.switches
        main.limits = frontier.memoryBinds.switches
        main.question = frontier.question
        main.points = [(frontier.question, frontier.questionDense ?? .nan, denseColor), (frontier.question, frontier.questionBest ?? .nan, bestColor)]
        var advantage = Panel(box: advantageBox, x: xAxis(advantageBox), y: yAxis(advantageRange, advantageBox, false, "%"), xTitle: nil,
                              yTitle: advantageTitle, title: nil, xTickLabels: false)
        advantage.lines = [(Array(zip(frontier.xs, frontier.advantage)), bestColor, nil)]
        advantage.spans = spans
        advantage.switches = frontier.pays.switches
        advantage.question = frontier.question
        var sparsity = Panel(box: sparsityBox, x: xAxis(sparsityBox), y: yAxis(sparsityRange, sparsityBox, false, ""), xTitle: xTitle,
                             yTitle: "sparsity chosen", title: nil, xTickLabels: true)
        sparsity.lines = [(Array(zip(frontier.xs, frontier.sparsity)), bestColor, nil)]
        sparsity.spans = spans
        sparsity.switches = frontier.pays.switches
        sparsity.question = frontier.question
        for (index, panel) in [main, advantage, sparsity].enumerated() { draw(panel, id: "plan-panel-\(index)", into: &page) }
        var paying = frontier.pays.atStart
        for value in frontier.pays.switches {
            paying.toggle()
            label(switchText(value, paying), at: value, in: main, into: &page)
        }
        var binding = frontier.memoryBinds.atStart
        for value in frontier.memoryBinds.switches {
            binding.toggle()
            let text = logX
                ? (binding ? "memory limit binds from " : "memory limit stops binding at ") + LogAxis.label(value, format: .power, significant: 3)
                : (binding ? "memory limit binds above loss " : "memory limit binds below loss ") + numberText(value, significant: 4)
            label(text, at: value, in: main, into: &page, row: 1, color: limitColor)
        }
        y = sparsityBox.bottom + PlotFrame.bottomRoom(style: style) + 12

        if let smallest = sizes.first, let largest = sizes.last, largest.params > smallest.params {
            y += PlotFrame.topRoom(style: style)
            let sizeBox = PlotBox(left: left, top: y, right: right, bottom: y + 280)
            var sizePanel = Panel(box: sizeBox, x: LogAxis(range: smallest.params...largest.params, pixels: (sizeBox.left, sizeBox.right), format: .count),
                                  y: yAxis(sizeCostRange, sizeBox, true, ""), xTitle: "non-zero parameters N",
                                  yTitle: "cost (dense FLOPs)", title: "Cost of reaching loss \(numberText(targetLoss, significant: 4)) against model size", xTickLabels: true)
            sizePanel.lines = [(sizes.map { ($0.params, $0.dense?.cost ?? .nan) }, denseColor, "7 5"),
                               (sizes.map { ($0.params, $0.best?.cost ?? .nan) }, bestColor, nil)]
            if let smallestDense = sizes.first(where: { $0.dense != nil }) { sizePanel.switches = [smallestDense.params] }
            if let plan = questionPlans.1 { sizePanel.points.append((plan.params, plan.cost, denseColor)) }
            if let plan = questionPlans.0 { sizePanel.points.append((plan.params, plan.cost, bestColor)) }
            draw(sizePanel, id: "plan-sizes", into: &page)
            if let smallestDense = sizes.first(where: { $0.dense != nil }) {
                label("smallest dense model", at: smallestDense.params, in: sizePanel, into: &page)
            }
            y = sizeBox.bottom + PlotFrame.bottomRoom(style: style) + 12
        }

        let isBudget: Bool
        if case .budgets = content { isBudget = true } else { isBudget = false }
        var entries: [FigureLegend.Entry] = [
            .init(swatch: .line(bestColor, dash: nil), text: isBudget ? "best run, any format" : "cheapest run, any format"),
            .init(swatch: .line(denseColor, dash: "7 5"), text: isBudget ? "best dense run" : "cheapest dense run"),
        ]
        for (k, option) in frontier.options.enumerated() {
            entries.append(.init(swatch: .line(optionStyle(k).color, dash: optionStyle(k).dash), text: option.name))
        }
        if !frontier.band.isEmpty {
            entries.append(.init(swatch: .band(bestColor), text: "95% of \(bandReplicates) bootstrap replicates' best " + (isBudget ? "loss" : "cost")))
        }
        entries.append(.init(swatch: .band(lightened(style.scaleColor(0.9), by: 0.2)),
                             text: byVerdict ? "where sparsity pays in at least 95% of the \(bandReplicates) replicates" : "where sparsity pays (the point estimate)"))
        if !frontier.memoryBinds.switches.isEmpty {
            entries.append(.init(swatch: .line(limitColor, dash: "1.5 3"), text: "where the memory limit starts to cap the model"))
        }
        entries.append(.init(swatch: .marker(style.reference), text: "the question's answers (dotted line)"))
        let legend = FigureLegend(heading: nil, entries: entries)
        y += legend.draw(into: &page, left: margin, top: y, width: width - 2 * margin) + 6
        page.height = (y + margin).rounded(.up)
        return page
    }
}

/// A point of a frontier as the planning figure draws it: its position on the x axis, the
/// quantity the plans are compared by, and the best plan's improvement over the dense one.
private protocol FrontierPoint {
    var frontierX: Double { get }
    var best: PlanOutcome { get }
    var dense: PlanOutcome { get }
    var options: [PlanOption] { get }
    var improvement: Double? { get }
    static func measure(_ plan: Plan) -> Double
    static var titles: FrontierTitles { get }
}

/// The words and axes of a frontier's panels: budgets run along a logarithmic x axis against a
/// linear loss, target losses along a linear x axis against a logarithmic cost.
struct FrontierTitles: Sendable {
    var x: String
    var main: String
    var advantage: String
    var logMain: Bool
    /// The note at a point where sparsity starts (true) or stops paying.
    var switchText: @Sendable (Double, Bool) -> String

    static let budgets = FrontierTitles(x: "training budget C (dense FLOPs)", main: "predicted loss", advantage: "loss below dense", logMain: false) {
        ($1 ? "sparsity pays from " : "sparsity stops paying at ") + LogAxis.label($0, format: .power, significant: 3)
    }
    static let targets = FrontierTitles(x: "target loss", main: "cost (dense FLOPs)", advantage: "saving over dense", logMain: true) {
        ($1 ? "sparsity pays above loss " : "sparsity pays below loss ") + numberText($0, significant: 4)
    }
}

extension BudgetPlan: FrontierPoint {
    var frontierX: Double { compute }
    var improvement: Double? { gain }
    static func measure(_ plan: Plan) -> Double { plan.loss }
    static var titles: FrontierTitles { .budgets }
}

extension TargetPlan: FrontierPoint {
    var frontierX: Double { targetLoss }
    var improvement: Double? { saving }
    static func measure(_ plan: Plan) -> Double { plan.cost }
    static var titles: FrontierTitles { .targets }
}

/// A frontier's curves (NaN where a point has no plan) and the question's point on them.
private struct PlotFrontier {
    var xs: [Double]
    var best: [Double]
    var dense: [Double]
    /// The improvement over dense, in percent of the dense plan's measure.
    var advantage: [Double]
    var sparsity: [Double]
    var pays: SparsityPays
    var question: Double
    var questionBest: Double?
    var questionDense: Double?
    var titles: FrontierTitles
    /// The formats other than dense drawn as curves of their own: each pattern, and unstructured
    /// sparsity beside them (alone it is the best curve wherever sparsity pays).
    var options: [(name: String, values: [Double])]
    var memoryBinds: SparsityPays
    var band: [Interval?]

    init<Point: FrontierPoint>(_ points: [Point], pays: SparsityPays, question: Point, memoryBinds: SparsityPays, band: [Interval?]) {
        xs = points.map(\.frontierX)
        best = points.map { $0.best.plan.map(Point.measure) ?? .nan }
        dense = points.map { $0.dense.plan.map(Point.measure) ?? .nan }
        advantage = points.map { point in point.improvement.flatMap { gain in point.dense.plan.map { 100 * gain / Point.measure($0) } } ?? .nan }
        sparsity = points.map { $0.best.plan?.sparsity ?? .nan }
        self.pays = pays
        self.question = question.frontierX
        questionBest = question.best.plan.map(Point.measure)
        questionDense = question.dense.plan.map(Point.measure)
        titles = Point.titles
        self.memoryBinds = memoryBinds
        self.band = band.count == points.count ? band : []
        var formats: [PlanFormat] = []
        for point in points { for option in point.options where option.format != .dense && !formats.contains(option.format) { formats.append(option.format) } }
        if !formats.contains(where: { if case .pattern = $0 { return true } else { return false } }) { formats = [] }
        options = formats.map { format in
            let assumed = points.contains { $0.options.contains { $0.format == format && $0.outcome.plan?.assumedSparsity != nil } }
            return (format.name + (assumed ? " (assumed)" : ""),
                    points.map { point in point.options.first { $0.format == format }?.outcome.plan.map(Point.measure) ?? .nan })
        }
    }
}
