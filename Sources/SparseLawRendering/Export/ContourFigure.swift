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

/// The optimal-sparsity figure: log-log axes of non-zero parameters N against compute C, the
/// optimal sparsity as a light color field, each contour in its level's color with its bootstrap
/// band shaded in the same color, and the dense compute-optimal line dashed.
///
/// Colors follow the density 1 - S on a log scale, t = log(1 - S) / log(1 - cap): halving the
/// density is one step, so the usual levels 0.5, 0.75, 0.875, 0.9375 are evenly spaced on the
/// map. Every contour is a straight line of the same slope in these axes and the optimum grows
/// with C at fixed N, so the field is drawn exactly as bands between the contours at
/// t = 0, 0.01, ..., 1 (a 1% quantization of the scale), clipped to the plot.
public struct ContourFigure: Sendable {
    public var optimizer: SparsityOptimizer
    public var params: ClosedRange<Double>
    public var compute: ClosedRange<Double>
    public var levels: [Double]
    /// The law's name for the title: a preset's name or a law file's stem, not its path.
    public var lawName: String
    /// Bootstrap replicates of the law: each contour is drawn with its 95% band.
    public var replicates: [SparseScalingLaw]
    public var style: FigureStyle

    /// A figure over `ranges`, by default `ContourRanges.centered` without fitted data.
    public init(optimizer: SparsityOptimizer, levels: [Double], lawName: String, ranges: ContourRanges? = nil,
                replicates: [SparseScalingLaw] = [], style: FigureStyle = .standard) {
        let window = ranges ?? ContourRanges.centered(optimizer, levels: levels, fitted: nil)
        self.optimizer = optimizer
        self.params = window.params
        self.compute = window.compute
        self.levels = levels
        self.lawName = lawName
        self.replicates = replicates
        self.style = style
    }

    public var svg: String { document.text }

    /// The name a figure gives a law: its recorded name (a preset's), else the file's stem.
    public static func lawName(_ file: LawFile, path: String) -> String {
        if let name = file.name, !name.isEmpty { return name }
        let file = lastComponent(of: path)
        guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return file }
        return String(file[..<dot])
    }

    /// The color field's lightening: the field is pale so the contours and their bands stand out.
    static let fieldLightening = 0.45

    /// Position of a sparsity on the color scale.
    func scalePosition(_ sparsity: Double) -> Double {
        let cap = optimizer.maxSparsity
        return min(max(log1p(-min(sparsity, cap)) / log1p(-cap), 0), 1)
    }

    /// The sparsity at scale position t.
    func sparsity(atScale t: Double) -> Double { -expm1(t * log1p(-optimizer.maxSparsity)) }

    func levelColor(_ level: Double) -> String { style.scaleColor(scalePosition(level)) }

    /// Plot geometry, fixed once the title's height is known.
    struct Layout {
        var plot: PlotBox
        var barLeft: Double
        var barWidth = 18.0
        var x: LogAxis
        var y: LogAxis
    }

    var document: SVGDocument {
        let width = style.pageWidth, margin = style.margin
        var page = SVGDocument(width: width, height: 10_000, style: style)
        page.add("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>")
        var top = margin
        top += drawWrapped("Optimal sparsity: \(lawName)", into: &page, left: margin, top: top, width: width - 2 * margin,
                           size: style.titleSize, bold: true) + 4
        top += drawWrapped(subtitle, into: &page, left: margin, top: top, width: width - 2 * margin, size: style.noteSize, fill: style.muted) + 18

        let probeY = LogAxis(range: compute, pixels: (0, 1), format: .power)
        let barLabels = colorbarTicks.map { FigureText($0.label) }
        let barLabelWidth = barLabels.map { $0.width(size: style.tickSize, bold: false) }.max() ?? 0
        let barWidth = 18.0
        let barLeft = width - margin - barLabelWidth - 10 - barWidth
        let plotLeft = margin + PlotFrame.leftRoom(labels: probeY.ticks.compactMap(\.label), style: style)
        let plotTop = top + style.tickSize * 2
        let plot = PlotBox(left: plotLeft, top: plotTop, right: barLeft - 36, bottom: plotTop + 520)
        let layout = Layout(plot: plot, barLeft: barLeft, barWidth: barWidth,
                            x: LogAxis(range: params, pixels: (plot.left, plot.right), format: .count),
                            y: LogAxis(range: compute, pixels: (plot.bottom, plot.top), format: .power))

        page.define(plot.clipPath(id: "plot"))
        drawField(into: &page, layout)
        PlotFrame(box: plot, x: layout.x, y: layout.y, xTitle: "non-zero parameters N", yTitle: "training compute C (FLOPs)").draw(into: &page)
        drawLines(into: &page, layout)
        drawColorbar(into: &page, layout)

        var y = plot.bottom + PlotFrame.bottomRoom(style: style) + 12
        y += legend.draw(into: &page, left: margin, top: y, width: width - 2 * margin) + 6
        page.height = (y + margin).rounded(.up)
        return page
    }

    var subtitle: String {
        var text = optimizer.cost.summary
        text += "; contours: the budget at which each sparsity becomes optimal"
        if !replicates.isEmpty { text += "; shaded: the 95% band over \(replicates.count) bootstrap refits" }
        return text
    }

    var legend: FigureLegend {
        var entries = levels.map { level in
            FigureLegend.Entry(swatch: replicates.isEmpty ? .line(levelColor(level), dash: nil) : .band(levelColor(level)),
                               text: "S = \(numberText(level, significant: 4))" + (replicates.isEmpty ? "" : " and its 95% band"))
        }
        entries.append(.init(swatch: .line(style.ink, dash: "7 5"), text: "dense compute-optimal C*(N)"))
        return FigureLegend(heading: "contours", entries: entries)
    }

    /// The contour of `level` as a segment across the whole plot width, in pixels.
    func line(level: Double, _ layout: Layout) -> ((Double, Double), (Double, Double)) {
        ((layout.plot.left, layout.y.position(optimizer.contourCompute(level: level, params: params.lowerBound))),
         (layout.plot.right, layout.y.position(optimizer.contourCompute(level: level, params: params.upperBound))))
    }

    func drawField(into page: inout SVGDocument, _ layout: Layout) {
        let plot = layout.plot
        let far = 1e5
        let bandCount = 100
        func color(_ t: Double) -> String { lightened(style.scaleColor(t), by: Self.fieldLightening) }
        var field = ["<g clip-path=\"url(#plot)\" shape-rendering=\"crispEdges\">"]
        let zero = line(level: 0, layout)
        field.append(band(lower: ((plot.left, plot.bottom + far), (plot.right, plot.bottom + far)), upper: zero, color: color(0)))
        var previous = zero
        for k in 1...bandCount {
            let next = line(level: sparsity(atScale: Double(k) / Double(bandCount)), layout)
            field.append(band(lower: previous, upper: next, color: color((Double(k) - 0.5) / Double(bandCount))))
            previous = next
        }
        field.append(band(lower: previous, upper: ((plot.left, plot.top - far), (plot.right, plot.top - far)), color: color(1)))
        field.append("</g>")
        page.add(field.joined(separator: "\n"))
    }

    private func band(lower: ((Double, Double), (Double, Double)), upper: ((Double, Double), (Double, Double)), color: String) -> String {
        "<path d=\"\(svgPath([lower.0, lower.1, upper.1, upper.0], closed: true))\" fill=\"\(color)\" stroke=\"\(color)\" stroke-width=\"0.6\"/>"
    }

    func drawLines(into page: inout SVGDocument, _ layout: Layout) {
        var overlay = ["<g clip-path=\"url(#plot)\" fill=\"none\">"]
        if !replicates.isEmpty {
            let sizes = logSpaced(from: params.lowerBound, to: params.upperBound, count: 32)
            // A replicate with extreme exponents can put a band edge at an astronomic C.
            let limit = 1e5
            let clamp = { (value: Double) in min(max(value.isFinite ? value : (value > 0 ? limit : -limit), -limit), limit) }
            for level in levels {
                let band = optimizer.contourBand(level: level, params: sizes, replicates: replicates)
                let upper = band.map { (layout.x.position($0.params), clamp(layout.y.position($0.high))) }
                let lower = band.reversed().map { (layout.x.position($0.params), clamp(layout.y.position($0.low))) }
                // A light fill, so that overlapping bands stay readable, and thin edges in the
                // same color, so that each band can be followed where it crosses another.
                overlay.append("<path d=\"\(svgPath(upper + lower, closed: true))\" fill=\"\(levelColor(level))\" fill-opacity=\"0.22\" stroke=\"none\"/>")
                for edge in [upper, lower] {
                    overlay.append("<path d=\"\(svgPath(edge))\" stroke=\"\(levelColor(level))\" stroke-width=\"1\" stroke-dasharray=\"4 3\"/>")
                }
            }
        }
        for level in levels {
            let segment = line(level: level, layout)
            let d = svgPath([segment.0, segment.1])
            overlay.append("<path d=\"\(d)\" stroke=\"\(style.ink)\" stroke-width=\"\(svgNumber(style.lineWidth + 1.4))\"/>")
            overlay.append("<path d=\"\(d)\" stroke=\"\(levelColor(level))\" stroke-width=\"\(svgNumber(style.lineWidth))\"/>")
        }
        let dense = ((layout.plot.left, layout.y.position(optimizer.denseOptimalCompute(params: params.lowerBound))),
                     (layout.plot.right, layout.y.position(optimizer.denseOptimalCompute(params: params.upperBound))))
        overlay.append("<path d=\"\(svgPath([dense.0, dense.1]))\" stroke=\"\(style.ink)\" stroke-width=\"\(svgNumber(style.lineWidth))\" stroke-dasharray=\"7 5\"/>")
        overlay.append("</g>")
        page.add(overlay.joined(separator: "\n"))

        // Labels along the lines, each where it fits inside the plot clear of every other text:
        // contours from the right end, the dense line from the left.
        for level in levels {
            placeLabel("S = \(numberText(level, significant: 4))", on: line(level: level, layout), preferring: Array(stride(from: 0.9, through: 0.1, by: -0.04)),
                       layout, into: &page)
        }
        placeLabel("dense compute-optimal", on: dense, preferring: Array(stride(from: 0.2, through: 0.9, by: 0.04)), layout, into: &page)
    }

    /// Places `text` on the visible part of `segment` at the first of the `fractions` of its
    /// length where it fits; a label that fits nowhere is left out (the legend names every line).
    private func placeLabel(_ text: String, on segment: ((Double, Double), (Double, Double)), preferring fractions: [Double],
                            _ layout: Layout, into page: inout SVGDocument) {
        guard let visible = clip(segment, to: layout.plot) else { return }
        let angle = atan2(segment.1.1 - segment.0.1, segment.1.0 - segment.0.0) * 180 / .pi
        let size = style.tickSize
        let inner = PlotBox(left: layout.plot.left + 4, top: layout.plot.top + 4, right: layout.plot.right - 4, bottom: layout.plot.bottom - 4)
        for fraction in fractions {
            let px = visible.0.0 + (visible.1.0 - visible.0.0) * fraction
            let py = visible.0.1 + (visible.1.1 - visible.0.1) * fraction
            // The baseline sits just above the line, rotated with it.
            let radians = angle * .pi / 180
            let (bx, by) = (px + 5 * sin(radians), py - 5 * cos(radians))
            let box = TextBox(text: FigureText(text), x: bx, y: by, size: size, anchor: .middle, rotation: angle)
            let bounds = box.bounds
            guard inner.contains(bounds.minX, bounds.minY), inner.contains(bounds.maxX, bounds.maxY), !page.collides(box) else { continue }
            page.text(FigureText(text), x: bx, y: by, size: size, anchor: .middle, rotation: angle, halo: true)
            return
        }
    }

    /// The part of a segment inside `box` (Liang–Barsky), or nil when it misses the box.
    private func clip(_ segment: ((Double, Double), (Double, Double)), to box: PlotBox) -> ((Double, Double), (Double, Double))? {
        let (x0, y0) = segment.0, dx = segment.1.0 - segment.0.0, dy = segment.1.1 - segment.0.1
        var t0 = 0.0, t1 = 1.0
        for (p, q) in [(-dx, x0 - box.left), (dx, box.right - x0), (-dy, y0 - box.top), (dy, box.bottom - y0)] {
            if p == 0 { if q < 0 { return nil }; continue }
            let t = q / p
            if p < 0 { t0 = max(t0, t) } else { t1 = min(t1, t) }
        }
        guard t0 < t1 else { return nil }
        return ((x0 + t0 * dx, y0 + t0 * dy), (x0 + t1 * dx, y0 + t1 * dy))
    }

    /// The colorbar's labeled values: 0, each contour level, and the cap.
    var colorbarTicks: [(value: Double, label: String)] {
        let cap = optimizer.maxSparsity
        var values = distinctValues([0] + levels.filter { $0 < cap } + [cap])
        values.removeAll { $0 < cap && nearlyEqual($0, cap, relative: 1e-6) }
        // The cap first and 0 next, so that they keep their labels when a level crowds them.
        values.sort { nearlyEqual($0, cap) ? true : (nearlyEqual($1, cap) ? false : $0 < $1) }
        return values.map { ($0, nearlyEqual($0, cap) ? "\(numberText($0, significant: 4)) (cap)" : numberText($0, significant: 4)) }
    }

    func drawColorbar(into page: inout SVGDocument, _ layout: Layout) {
        let plot = layout.plot
        let barLeft = layout.barLeft, barWidth = layout.barWidth
        var stops: [String] = []
        for k in 0...20 {
            let t = Double(k) / 20
            stops.append("<stop offset=\"\(svgNumber(t * 100))%\" stop-color=\"\(lightened(style.scaleColor(1 - t), by: Self.fieldLightening))\"/>")
        }
        page.define("<linearGradient id=\"scale\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\">\(stops.joined())</linearGradient>")
        page.text("optimal sparsity", x: page.width - style.margin, y: plot.top - style.tickSize, size: style.tickSize, anchor: .end, bold: true)
        var marks = ["<rect x=\"\(svgNumber(barLeft))\" y=\"\(svgNumber(plot.top))\" width=\"\(svgNumber(barWidth))\" height=\"\(svgNumber(plot.height))\" fill=\"url(#scale)\" stroke=\"\(style.ink)\" stroke-width=\"1\"/>"]
        // Each contour level marked across the bar in its line's color.
        for level in levels {
            let py = plot.bottom - scalePosition(level) * plot.height
            marks.append("<path d=\"M\(svgNumber(barLeft)) \(svgNumber(py)) h\(svgNumber(barWidth))\" stroke=\"\(levelColor(level))\" stroke-width=\"3\"/>")
        }
        var placed: [TextBox] = []
        for tick in colorbarTicks {
            let py = plot.bottom - scalePosition(tick.value) * plot.height
            marks.append("<path d=\"M\(svgNumber(barLeft + barWidth)) \(svgNumber(py)) h5\" stroke=\"\(style.ink)\"/>")
            let box = TextBox(text: FigureText(tick.label), x: barLeft + barWidth + 8, y: py + style.tickSize * 0.35, size: style.tickSize)
            guard !placed.contains(where: { $0.overlaps(box) }) else { continue }
            placed.append(page.text(FigureText(tick.label), x: box.anchorX, y: box.anchorY, size: style.tickSize))
        }
        page.add(marks.joined(separator: "\n"))
    }
}
