import Foundation

/// The planning figures, as SVG.
///
/// - Budgets: the best loss against the training budget for the best run and the best dense run,
///   the sparsity chosen below it, the budgets where sparsity pays shaded and the question's
///   budget marked.
/// - Target losses: the cost of reaching each target for the best and the dense run, the sparsity
///   chosen, where sparse runs are cheaper shaded; and the cost of reaching the question's target
///   against model size (the "critical model size" view: the smallest models that reach it, and
///   what each size costs).
public struct PlanFigure: Sendable {
    enum Content: Sendable {
        case budgets(BudgetFrontier, BudgetPlan)
        case targets(TargetFrontier, TargetPlan, [SizeCost])
    }

    let content: Content
    public var title: String
    public var subtitle: String

    public init(budgets: BudgetFrontier, question: BudgetPlan, title: String, subtitle: String) {
        content = .budgets(budgets, question)
        self.title = title
        self.subtitle = subtitle
    }

    public init(targets: TargetFrontier, question: TargetPlan, sizes: [SizeCost], title: String, subtitle: String) {
        content = .targets(targets, question, sizes)
        self.title = title
        self.subtitle = subtitle
    }

    static let sparseColor = "#1f9e89"
    static let denseColor = "#333333"
    static let paysColor = "#c26a00"

    /// The spans of a frontier's range where sparsity pays.
    static func payingSpans(_ pays: SparsityPays, range: ClosedRange<Double>) -> [ClosedRange<Double>] {
        var spans: [ClosedRange<Double>] = []
        var start: Double? = pays.atStart ? range.lowerBound : nil
        for point in pays.switches {
            if let begun = start { spans.append(begun...point); start = nil } else { start = point }
        }
        if let start { spans.append(start...range.upperBound) }
        return spans
    }

    public var svg: String {
        let width = 760.0, left = 100.0, right = 720.0
        switch content {
        case .budgets(let frontier, let question):
            var document = header(width: width, height: 770)
            let budgets = frontier.plans.map(\.compute)
            guard let first = budgets.first, let last = budgets.last else { return document.text }
            let xScale = ChartPanel.Scale.log(first...last)
            let best = frontier.plans.map { ($0.compute, $0.best.plan?.loss ?? .nan) }
            let dense = frontier.plans.map { ($0.compute, $0.dense.plan?.loss ?? .nan) }
            let spans = Self.payingSpans(frontier.sparsityPays, range: first...last)
            let markers = frontier.sparsityPays.switches.map { ChartPanel.Marker(x: $0, label: "sparsity pays from " + numberText($0, significant: 3), color: Self.paysColor) }
                + [ChartPanel.Marker(x: question.compute, label: nil, color: "#888888", dash: "2 3")]
            var lossPanel = ChartPanel(frame: (left, 80, right, 380), x: xScale, y: .linear(ChartPanel.range(best.map(\.1) + dense.map(\.1), log: false)),
                                       xTitle: nil, yTitle: "predicted loss", clipID: "loss")
            lossPanel.lines = [ChartPanel.Line(points: dense.map { (x: $0.0, y: $0.1) }, color: Self.denseColor, dash: "7 5", label: "best dense run"),
                               ChartPanel.Line(points: best.map { (x: $0.0, y: $0.1) }, color: Self.sparseColor, label: "best run (any sparsity)")]
            lossPanel.spans = spans
            lossPanel.markers = markers
            lossPanel.legend = true
            if let plan = question.best.plan { lossPanel.dots.append(.init(x: question.compute, y: plan.loss, color: Self.sparseColor)) }
            if let plan = question.dense.plan { lossPanel.dots.append(.init(x: question.compute, y: plan.loss, color: Self.denseColor)) }
            lossPanel.render(into: &document)
            let gains = frontier.plans.map { plan in (x: plan.compute, y: plan.gain.flatMap { gain in plan.dense.plan.map { 100 * gain / $0.loss } } ?? .nan) }
            var gainPanel = ChartPanel(frame: (left, 400, right, 530), x: xScale, y: .linear(ChartPanel.range(gains.map(\.y) + [0], log: false)),
                                       xTitle: nil, yTitle: "loss below dense (%)", clipID: "gain")
            gainPanel.lines = [ChartPanel.Line(points: gains, color: Self.sparseColor, label: "")]
            gainPanel.spans = spans
            gainPanel.markers = markers.map { var m = $0; m.label = nil; return m }
            gainPanel.render(into: &document)
            let cap = max(frontier.plans.compactMap { $0.best.plan?.sparsity }.max() ?? 0, 0.1)
            var sparsityPanel = ChartPanel(frame: (left, 550, right, 690), x: xScale, y: .linear(0...min(1, cap * 1.08)),
                                           xTitle: "training budget C (dense FLOPs)", yTitle: "sparsity of best run", clipID: "sparsity")
            sparsityPanel.lines = [ChartPanel.Line(points: frontier.plans.map { (x: $0.compute, y: $0.best.plan?.sparsity ?? .nan) }, color: Self.sparseColor, label: "")]
            sparsityPanel.spans = spans
            sparsityPanel.markers = markers.map { var m = $0; m.label = nil; return m }
            sparsityPanel.render(into: &document)
            return document.text

        case .targets(let frontier, let question, let sizes):
            let height = sizes.isEmpty ? 770.0 : 1070.0
            var document = header(width: width, height: height)
            let targets = frontier.plans.map(\.targetLoss)
            guard let first = targets.first, let last = targets.last else { return document.text }
            let xScale = ChartPanel.Scale.linear(first...last)
            let best = frontier.plans.map { ($0.targetLoss, $0.best.plan?.cost ?? .nan) }
            let dense = frontier.plans.map { ($0.targetLoss, $0.dense.plan?.cost ?? .nan) }
            let spans = Self.payingSpans(frontier.sparsityPays, range: first...last)
            var paying = frontier.sparsityPays.atStart
            let markers = frontier.sparsityPays.switches.map { point -> ChartPanel.Marker in
                paying.toggle()
                return ChartPanel.Marker(x: point, label: (paying ? "sparse cheaper above " : "sparse cheaper below ") + numberText(point, significant: 4), color: Self.paysColor)
            } + [ChartPanel.Marker(x: question.targetLoss, label: nil, color: "#888888", dash: "2 3")]
            var costPanel = ChartPanel(frame: (left, 80, right, 380), x: xScale, y: .log(ChartPanel.range(best.map(\.1) + dense.map(\.1), log: true)),
                                       xTitle: nil, yTitle: "cost (dense FLOPs)", clipID: "cost")
            costPanel.lines = [ChartPanel.Line(points: dense.map { (x: $0.0, y: $0.1) }, color: Self.denseColor, dash: "7 5", label: "cheapest dense run"),
                               ChartPanel.Line(points: best.map { (x: $0.0, y: $0.1) }, color: Self.sparseColor, label: "cheapest run (any sparsity)")]
            costPanel.spans = spans
            costPanel.markers = markers
            costPanel.legend = true
            if let plan = question.best.plan { costPanel.dots.append(.init(x: question.targetLoss, y: plan.cost, color: Self.sparseColor)) }
            if let plan = question.dense.plan { costPanel.dots.append(.init(x: question.targetLoss, y: plan.cost, color: Self.denseColor)) }
            costPanel.render(into: &document)
            // Where dense cannot reach a target at all, the saving is not a percentage: left blank.
            let savings = frontier.plans.map { plan in (x: plan.targetLoss, y: plan.saving.flatMap { saving in plan.dense.plan.map { 100 * saving / $0.cost } } ?? .nan) }
            var savingPanel = ChartPanel(frame: (left, 400, right, 530), x: xScale, y: .linear(ChartPanel.range(savings.map(\.y) + [0], log: false)),
                                         xTitle: nil, yTitle: "saving over dense (%)", clipID: "saving")
            savingPanel.lines = [ChartPanel.Line(points: savings, color: Self.sparseColor, label: "")]
            savingPanel.spans = spans
            savingPanel.markers = markers.map { var m = $0; m.label = nil; return m }
            savingPanel.render(into: &document)
            let cap = max(frontier.plans.compactMap { $0.best.plan?.sparsity }.max() ?? 0, 0.1)
            var sparsityPanel = ChartPanel(frame: (left, 550, right, 690), x: xScale, y: .linear(0...min(1, cap * 1.08)),
                                           xTitle: "target loss", yTitle: "sparsity of best run", clipID: "sparsity")
            sparsityPanel.lines = [ChartPanel.Line(points: frontier.plans.map { (x: $0.targetLoss, y: $0.best.plan?.sparsity ?? .nan) }, color: Self.sparseColor, label: "")]
            sparsityPanel.spans = spans
            sparsityPanel.markers = markers.map { var m = $0; m.label = nil; return m }
            sparsityPanel.render(into: &document)
            if !sizes.isEmpty {
                let sizeBest = sizes.map { (x: $0.params, y: $0.best?.cost ?? .nan) }
                let sizeDense = sizes.map { (x: $0.params, y: $0.dense?.cost ?? .nan) }
                // Near the smallest sizes the cost grows without bound: show up to 30x the cheapest.
                let cheapest = (sizeBest.map(\.y) + sizeDense.map(\.y)).filter { $0.isFinite }.min() ?? 1
                var sizePanel = ChartPanel(frame: (left, 780, right, 1000), x: .log(sizes.first!.params...sizes.last!.params),
                                           y: .log(LogAxis.padded(cheapest, cheapest * 30)),
                                           xTitle: "non-zero parameters N, at target loss \(numberText(question.targetLoss, significant: 4))",
                                           yTitle: "cost (dense FLOPs)", clipID: "sizes")
                sizePanel.lines = [ChartPanel.Line(points: sizeDense, color: Self.denseColor, dash: "7 5", label: "dense"),
                                   ChartPanel.Line(points: sizeBest, color: Self.sparseColor, label: "best sparsity at that size")]
                sizePanel.legend = true
                if let smallestDense = sizes.first(where: { $0.dense != nil }) {
                    sizePanel.markers.append(.init(x: smallestDense.params, label: "smallest dense model", color: Self.denseColor, dash: "2 3"))
                }
                if let plan = question.best.plan { sizePanel.dots.append(.init(x: plan.params, y: plan.cost, color: Self.sparseColor)) }
                if let plan = question.dense.plan { sizePanel.dots.append(.init(x: plan.params, y: plan.cost, color: Self.denseColor)) }
                sizePanel.render(into: &document)
                document.add("<text x=\"\(svgNumber(left))\" y=\"770\" font-size=\"13\" font-weight=\"bold\">Cost against model size at the target: the smallest models that reach it, and what each size costs</text>")
            }
            return document.text
        }
    }

    private func header(width: Double, height: Double) -> SVGDocument {
        var document = SVGDocument(width: width, height: height)
        document.add("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>")
        document.add("<text x=\"100\" y=\"30\" font-size=\"17\" font-weight=\"bold\">\(xmlEscaped(title))</text>")
        document.add("<text x=\"100\" y=\"52\" font-size=\"12\" fill=\"#444\">\(xmlEscaped(subtitle)); shaded: where sparsity pays; dots: the question's answer</text>")
        return document
    }
}
