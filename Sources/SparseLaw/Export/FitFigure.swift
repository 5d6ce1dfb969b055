#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fit's figure: measured against predicted loss (log axes, colored by sparsity, held-out
/// runs ringed), and loss against data for up to six model sizes with the fitted curves.
public struct FitFigure: Sendable {
    public var law: ScalingLaw
    public var fitted: [TrainingRun]
    public var heldOut: [TrainingRun]
    public var title: String

    public init(law: ScalingLaw, fitted: [TrainingRun], heldOut: [TrainingRun] = [], title: String) {
        self.law = law
        self.fitted = fitted
        self.heldOut = heldOut
        self.title = title
    }

    let width = 1060.0, height = 610.0

    public var svg: String {
        var document = SVGDocument(width: width, height: height)
        document.add("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>")
        document.add("<text x=\"70\" y=\"30\" font-size=\"17\" font-weight=\"bold\">\(xmlEscaped(title))</text>")
        let all = fitted + heldOut
        let levels = distinctValues(all.map(\.sparsity))
        let maxLevel = max(levels.last ?? 0, 1e-9)
        func color(_ sparsity: Double) -> String { viridisColor(levels.count == 1 ? 0.4 : sparsity / maxLevel * 0.92) }

        // Panel 1: measured against predicted.
        let losses = all.map(\.loss) + all.map { law.loss(of: $0) }
        let range = LogAxis.padded(losses.min()!, losses.max()!)
        let box = (left: 70.0, top: 70.0, right: 420.0, bottom: 420.0)
        let xAxis = LogAxis(range: range, pixels: (box.left, box.right)), yAxis = LogAxis(range: range, pixels: (box.bottom, box.top))
        document.add(frame(box, xAxis: xAxis, yAxis: yAxis, xTitle: "predicted loss", yTitle: "measured loss", id: "p0"))
        var marks = ["<g clip-path=\"url(#p0)\">",
                     "<path d=\"\(svgPath([(box.left, box.bottom), (box.right, box.top)]))\" stroke=\"#888\" stroke-width=\"1\" stroke-dasharray=\"4 4\" fill=\"none\"/>"]
        for run in fitted {
            marks.append("<circle cx=\"\(svgNumber(xAxis.position(law.loss(of: run))))\" cy=\"\(svgNumber(yAxis.position(run.loss)))\" r=\"4\" fill=\"\(color(run.sparsity))\" fill-opacity=\"0.85\"/>")
        }
        for run in heldOut {
            marks.append("<circle cx=\"\(svgNumber(xAxis.position(law.loss(of: run))))\" cy=\"\(svgNumber(yAxis.position(run.loss)))\" r=\"5.5\" fill=\"\(color(run.sparsity))\" stroke=\"#d62728\" stroke-width=\"2\"/>")
        }
        marks.append("</g>")
        document.add(marks.joined(separator: "\n"))
        document.define("<clipPath id=\"p0\"><rect x=\"\(svgNumber(box.left))\" y=\"\(svgNumber(box.top))\" width=\"\(svgNumber(box.right - box.left))\" height=\"\(svgNumber(box.bottom - box.top))\"/></clipPath>")

        // Legend: sparsity levels, and held-out runs.
        var legend: [String] = []
        var legendY = 492.0
        legend.append("<text x=\"70\" y=\"\(svgNumber(legendY))\" font-size=\"12\">sparsity</text>")
        for (index, level) in levels.prefix(8).enumerated() {
            let lx = 130 + Double(index) * 62
            legend.append("<circle cx=\"\(svgNumber(lx))\" cy=\"\(svgNumber(legendY - 4))\" r=\"4.5\" fill=\"\(color(level))\"/>")
            legend.append("<text x=\"\(svgNumber(lx + 8))\" y=\"\(svgNumber(legendY))\" font-size=\"12\">\(numberText(level, significant: 4))</text>")
        }
        if !heldOut.isEmpty {
            legendY += 22
            legend.append("<circle cx=\"76\" cy=\"\(svgNumber(legendY - 4))\" r=\"5\" fill=\"white\" stroke=\"#d62728\" stroke-width=\"2\"/>")
            legend.append("<text x=\"88\" y=\"\(svgNumber(legendY))\" font-size=\"12\">held out: not used by the fit</text>")
        }
        legendY += 22
        legend.append("<text x=\"70\" y=\"\(svgNumber(legendY))\" font-size=\"12\" fill=\"#555\">dashed: predicted = measured</text>")
        document.add(legend.joined(separator: "\n"))

        // Panels 2...: loss against data, one per model size.
        let sizes = distinctValues(all.map(\.nonZeroParams))
        let shown = sizes.count <= 6 ? sizes : (0..<6).map { sizes[Int((Double($0) * Double(sizes.count - 1) / 5).rounded())] }
        let columns = shown.count <= 4 ? 2 : 3
        let panelWidth = (width - 520 - 20) / Double(columns), panelHeight = 205.0
        for (index, size) in shown.enumerated() {
            let column = index % columns, row = index / columns
            let panel = (left: 520 + Double(column) * panelWidth + 40, top: 70 + Double(row) * (panelHeight + 60),
                         right: 520 + Double(column + 1) * panelWidth - 8, bottom: 70 + Double(row) * (panelHeight + 60) + panelHeight)
            document.add(sizePanel(size: size, box: panel, id: "p\(index + 1)", color: color, document: &document))
        }
        return document.text
    }

    private func sizePanel(size: Double, box: (left: Double, top: Double, right: Double, bottom: Double), id: String,
                           color: (Double) -> String, document: inout SVGDocument) -> String {
        let runs = (fitted + heldOut).filter { nearlyEqual($0.nonZeroParams, size) }
        let held = Set(heldOut.filter { nearlyEqual($0.nonZeroParams, size) }.map { "\($0.sparsity)/\($0.tokens)/\($0.loss)" })
        let tokensRange = LogAxis.padded(runs.map(\.tokens).min()!, runs.map(\.tokens).max()!, fraction: 0.08)
        let levels = distinctValues(runs.map(\.sparsity))
        let curveTokens = logSpaced(from: tokensRange.lowerBound, to: tokensRange.upperBound, count: 40)
        let curves = levels.map { level in curveTokens.map { law.loss(nonZeroParams: size, sparsity: level, tokens: $0) } }
        let values = runs.map(\.loss) + curves.flatMap { $0 }.filter(\.isFinite)
        let lossRange = LogAxis.padded(values.min()!, values.max()!, fraction: 0.06)
        let xAxis = LogAxis(range: tokensRange, pixels: (box.left, box.right)), yAxis = LogAxis(range: lossRange, pixels: (box.bottom, box.top))
        document.define("<clipPath id=\"\(id)\"><rect x=\"\(svgNumber(box.left))\" y=\"\(svgNumber(box.top))\" width=\"\(svgNumber(box.right - box.left))\" height=\"\(svgNumber(box.bottom - box.top))\"/></clipPath>")
        var parts = [frame(box, xAxis: xAxis, yAxis: yAxis, xTitle: "data D", yTitle: "loss", id: id, small: true),
                     "<text x=\"\(svgNumber((box.left + box.right) / 2))\" y=\"\(svgNumber(box.top - 8))\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"bold\">N = \(compactCount(size))</text>",
                     "<g clip-path=\"url(#\(id))\">"]
        for (level, curve) in zip(levels, curves) {
            let points = zip(curveTokens, curve).filter { $0.1.isFinite }.map { (xAxis.position($0.0), yAxis.position($0.1)) }
            parts.append("<path d=\"\(svgPath(points))\" stroke=\"\(color(level))\" stroke-width=\"1.6\" fill=\"none\"/>")
        }
        for run in runs {
            let isHeld = held.contains("\(run.sparsity)/\(run.tokens)/\(run.loss)")
            parts.append("<circle cx=\"\(svgNumber(xAxis.position(run.tokens)))\" cy=\"\(svgNumber(yAxis.position(run.loss)))\" r=\"\(isHeld ? 4.5 : 3.5)\" fill=\"\(color(run.sparsity))\"\(isHeld ? " stroke=\"#d62728\" stroke-width=\"2\"" : "")/>")
        }
        parts.append("</g>")
        return parts.joined(separator: "\n")
    }

    /// Axes box, ticks, tick labels and titles.
    private func frame(_ box: (left: Double, top: Double, right: Double, bottom: Double), xAxis: LogAxis, yAxis: LogAxis,
                       xTitle: String, yTitle: String, id: String, small: Bool = false) -> String {
        let font = small ? 10.0 : 12.0
        var parts = ["<rect x=\"\(svgNumber(box.left))\" y=\"\(svgNumber(box.top))\" width=\"\(svgNumber(box.right - box.left))\" height=\"\(svgNumber(box.bottom - box.top))\" fill=\"none\" stroke=\"black\"/>"]
        for tick in xAxis.ticks {
            let px = xAxis.position(tick.value)
            parts.append("<path d=\"M\(svgNumber(px)) \(svgNumber(box.bottom)) v\(tick.label == nil ? 3 : 6)\" stroke=\"black\"/>")
            if let label = tick.label {
                parts.append("<text x=\"\(svgNumber(px))\" y=\"\(svgNumber(box.bottom + font + 8))\" text-anchor=\"middle\" font-size=\"\(svgNumber(font))\">\(label)</text>")
            }
        }
        for tick in yAxis.ticks {
            let py = yAxis.position(tick.value)
            parts.append("<path d=\"M\(svgNumber(box.left)) \(svgNumber(py)) h-\(tick.label == nil ? 3 : 6)\" stroke=\"black\"/>")
            if let label = tick.label {
                parts.append("<text x=\"\(svgNumber(box.left - 9))\" y=\"\(svgNumber(py + font / 3))\" text-anchor=\"end\" font-size=\"\(svgNumber(font))\">\(label)</text>")
            }
        }
        parts.append("<text x=\"\(svgNumber((box.left + box.right) / 2))\" y=\"\(svgNumber(box.bottom + font + 26))\" text-anchor=\"middle\" font-size=\"\(svgNumber(font + 1))\">\(xTitle)</text>")
        parts.append("<text transform=\"translate(\(svgNumber(box.left - (small ? 38 : 50))) \(svgNumber((box.top + box.bottom) / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"\(svgNumber(font + 1))\">\(yTitle)</text>")
        return parts.joined(separator: "\n")
    }
}
