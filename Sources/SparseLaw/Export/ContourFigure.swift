#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The optimal-sparsity figure: log-log axes of non-zero parameters N against compute C, the
/// optimal sparsity as a color field, labeled iso-contours, and the dense compute-optimal line
/// dashed.
///
/// Every contour is a straight line of the same slope in these axes, and the optimal sparsity
/// grows with C at fixed N, so the field is drawn exactly as bands between the contours of
/// sparsities 0, 0.01 x cap, ..., cap (a 1% quantization of the color scale), clipped to the plot.
public struct ContourFigure: Sendable {
    public var optimizer: SparsityOptimizer
    public var params: ClosedRange<Double>
    public var compute: ClosedRange<Double>
    public var levels: [Double]
    public var title: String
    public var subtitle: String
    /// Bootstrap replicates of the law: each contour is drawn with its 95% band.
    public var replicates: [SparseScalingLaw]

    public init(optimizer: SparsityOptimizer, params: ClosedRange<Double>, compute: ClosedRange<Double>, levels: [Double], title: String, subtitle: String, replicates: [SparseScalingLaw] = []) {
        self.replicates = replicates
        self.optimizer = optimizer
        self.params = params
        self.compute = compute
        self.levels = levels
        self.title = title
        self.subtitle = subtitle
    }

    let width = 780.0, height = 580.0
    let left = 92.0, right = 640.0, top = 74.0, bottom = 500.0

    func x(_ n: Double) -> Double {
        left + (log10(n) - log10(params.lowerBound)) / (log10(params.upperBound) - log10(params.lowerBound)) * (right - left)
    }

    func y(_ c: Double) -> Double {
        bottom - (log10(c) - log10(compute.lowerBound)) / (log10(compute.upperBound) - log10(compute.lowerBound)) * (bottom - top)
    }

    /// The contour of `level` as a segment across the whole plot width.
    func line(level: Double) -> ((Double, Double), (Double, Double)) {
        ((left, y(optimizer.contourCompute(level: level, params: params.lowerBound))),
         (right, y(optimizer.contourCompute(level: level, params: params.upperBound))))
    }

    public var svg: String {
        var document = SVGDocument(width: width, height: height)
        document.define("<clipPath id=\"plot\"><rect x=\"\(svgNumber(left))\" y=\"\(svgNumber(top))\" width=\"\(svgNumber(right - left))\" height=\"\(svgNumber(bottom - top))\"/></clipPath>")
        let cap = optimizer.maxSparsity
        document.add("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>")
        document.add("<text x=\"\(svgNumber(left))\" y=\"30\" font-size=\"17\" font-weight=\"bold\">\(xmlEscaped(title))</text>")
        document.add("<text x=\"\(svgNumber(left))\" y=\"52\" font-size=\"12\" fill=\"#444\">\(xmlEscaped(subtitle))</text>")

        // Color field: below the S = 0 contour dense is best; above the cap contour the cap binds.
        var field = ["<g clip-path=\"url(#plot)\" shape-rendering=\"crispEdges\">"]
        let far = 1e5
        let bandCount = 100
        let zero = line(level: 0)
        field.append(band(lower: ((left, bottom + far), (right, bottom + far)), upper: zero, color: viridisColor(0)))
        var previous = zero
        for k in 1...bandCount {
            let next = line(level: cap * Double(k) / Double(bandCount))
            field.append(band(lower: previous, upper: next, color: viridisColor((Double(k) - 0.5) / Double(bandCount))))
            previous = next
        }
        field.append(band(lower: previous, upper: ((left, top - far), (right, top - far)), color: viridisColor(1)))
        field.append("</g>")
        document.add(field.joined(separator: "\n"))

        addAxes(to: &document)

        // Contours, then the dense compute-optimal line, each labeled where it crosses the plot.
        var overlay = ["<g clip-path=\"url(#plot)\" fill=\"none\">"]
        var labels: [String] = []
        if !replicates.isEmpty {
            let sizes = logSpaced(from: params.lowerBound, to: params.upperBound, count: 24)
            for level in levels {
                let band = optimizer.contourBand(level: level, params: sizes, replicates: replicates)
                // Replicates with extreme exponents can put a band edge at an astronomic C.
                let clamp = { (value: Double) in min(max(value.isFinite ? value : (value > 0 ? 1e6 : -1e6), -1e6), 1e6) }
                // Dotted edges rather than filled bands: wide, overlapping bands would hide the field.
                for edge in [band.map { (x($0.params), clamp(y($0.high))) }, band.map { (x($0.params), clamp(y($0.low))) }] {
                    overlay.append("<path d=\"\(svgPath(edge))\" stroke=\"white\" stroke-width=\"1\" stroke-dasharray=\"1.5 3\" stroke-opacity=\"0.9\"/>")
                }
            }
        }
        for level in levels {
            let segment = line(level: level)
            overlay.append("<path d=\"\(svgPath([segment.0, segment.1]))\" stroke=\"white\" stroke-width=\"1.6\"/>")
            if let label = label(for: segment, text: "S = \(numberText(level, significant: 4))", at: 0.82) { labels.append(label) }
        }
        let dense = ((left, y(optimizer.denseOptimalCompute(params: params.lowerBound))), (right, y(optimizer.denseOptimalCompute(params: params.upperBound))))
        overlay.append("<path d=\"\(svgPath([dense.0, dense.1]))\" stroke=\"black\" stroke-width=\"1.8\" stroke-dasharray=\"7 5\"/>")
        if let label = label(for: dense, text: "dense compute-optimal", at: 0.3) { labels.append(label) }
        overlay.append("</g>")
        document.add(overlay.joined(separator: "\n"))
        document.add(labels.joined(separator: "\n"))

        addLegend(to: &document, cap: cap)
        return document.text
    }

    private func band(lower: ((Double, Double), (Double, Double)), upper: ((Double, Double), (Double, Double)), color: String) -> String {
        "<path d=\"\(svgPath([lower.0, lower.1, upper.1, upper.0], closed: true))\" fill=\"\(color)\" stroke=\"\(color)\" stroke-width=\"0.6\"/>"
    }

    /// A label along the visible part of a segment, at `fraction` of its length, rotated with it.
    private func label(for segment: ((Double, Double), (Double, Double)), text: String, at fraction: Double) -> String? {
        guard let visible = clip(segment) else { return nil }
        let px = visible.0.0 + (visible.1.0 - visible.0.0) * fraction
        let py = visible.0.1 + (visible.1.1 - visible.0.1) * fraction
        let angle = atan2(segment.1.1 - segment.0.1, segment.1.0 - segment.0.0) * 180 / .pi
        return "<text x=\"\(svgNumber(px))\" y=\"\(svgNumber(py - 4))\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(\(svgNumber(angle)) \(svgNumber(px)) \(svgNumber(py)))\" fill=\"black\" stroke=\"white\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">\(xmlEscaped(text))</text>"
    }

    /// The part of a segment inside the plot (Liang–Barsky), or nil when it misses the plot.
    private func clip(_ segment: ((Double, Double), (Double, Double))) -> ((Double, Double), (Double, Double))? {
        let (x0, y0) = segment.0, dx = segment.1.0 - segment.0.0, dy = segment.1.1 - segment.0.1
        var t0 = 0.0, t1 = 1.0
        for (p, q) in [(-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)] {
            if p == 0 { if q < 0 { return nil }; continue }
            let t = q / p
            if p < 0 { t0 = max(t0, t) } else { t1 = min(t1, t) }
        }
        guard t0 < t1 else { return nil }
        return ((x0 + t0 * dx, y0 + t0 * dy), (x0 + t1 * dx, y0 + t1 * dy))
    }

    private func addAxes(to document: inout SVGDocument) {
        var axes = ["<g stroke=\"black\" stroke-width=\"1\" fill=\"none\">",
                    "<rect x=\"\(svgNumber(left))\" y=\"\(svgNumber(top))\" width=\"\(svgNumber(right - left))\" height=\"\(svgNumber(bottom - top))\"/>"]
        var text: [String] = []
        for tick in LogAxis(range: params, pixels: (left, right)).ticks {
            let px = x(tick.value)
            axes.append("<path d=\"M\(svgNumber(px)) \(svgNumber(bottom)) v\(tick.label == nil ? 4 : 7)\"/>")
            if let label = tick.label { text.append("<text x=\"\(svgNumber(px))\" y=\"\(svgNumber(bottom + 24))\" text-anchor=\"middle\" font-size=\"13\">\(label)</text>") }
        }
        for tick in LogAxis(range: compute, pixels: (bottom, top)).ticks {
            let py = y(tick.value)
            axes.append("<path d=\"M\(svgNumber(left)) \(svgNumber(py)) h-\(tick.label == nil ? 4 : 7)\"/>")
            if let label = tick.label { text.append("<text x=\"\(svgNumber(left - 11))\" y=\"\(svgNumber(py + 4.5))\" text-anchor=\"end\" font-size=\"13\">\(label)</text>") }
        }
        axes.append("</g>")
        text.append("<text x=\"\(svgNumber((left + right) / 2))\" y=\"\(svgNumber(bottom + 52))\" text-anchor=\"middle\" font-size=\"14\">non-zero parameters N</text>")
        text.append("<text transform=\"translate(24 \(svgNumber((top + bottom) / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"14\">training compute C (FLOPs)</text>")
        document.add(axes.joined(separator: "\n"))
        document.add(text.joined(separator: "\n"))
    }

    private func addLegend(to document: inout SVGDocument, cap: Double) {
        let barLeft = right + 42, barWidth = 18.0
        var stops: [String] = []
        for k in 0...10 {
            let t = Double(k) / 10
            stops.append("<stop offset=\"\(svgNumber(t * 100))%\" stop-color=\"\(viridisColor(1 - t))\"/>")
        }
        document.define("<linearGradient id=\"scale\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\">\(stops.joined())</linearGradient>")
        var legend = ["<text x=\"\(svgNumber(barLeft - 6))\" y=\"\(svgNumber(top - 7))\" font-size=\"13\">optimal sparsity</text>",
                      "<rect x=\"\(svgNumber(barLeft))\" y=\"\(svgNumber(top))\" width=\"\(svgNumber(barWidth))\" height=\"\(svgNumber(bottom - top))\" fill=\"url(#scale)\" stroke=\"black\" stroke-width=\"1\"/>"]
        var ticks = stride(from: 0.0, through: cap + 1e-9, by: 0.25).map { $0 }
        if cap - (ticks.last ?? 0) > 0.06 { ticks.append(cap) } else if let last = ticks.last, last != cap { ticks[ticks.count - 1] = cap }
        for value in ticks {
            let py = bottom - value / cap * (bottom - top)
            legend.append("<path d=\"M\(svgNumber(barLeft + barWidth)) \(svgNumber(py)) h5\" stroke=\"black\"/>")
            let label = value == cap && cap < 1 ? "\(numberText(value, significant: 3)) (cap)" : numberText(value, significant: 3)
            legend.append("<text x=\"\(svgNumber(barLeft + barWidth + 8))\" y=\"\(svgNumber(py + 4))\" font-size=\"12\">\(label)</text>")
        }
        document.add(legend.joined(separator: "\n"))
    }
}
