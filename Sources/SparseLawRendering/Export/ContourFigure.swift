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
///
/// On a measured hardware profile L(S) need not have one minimum and the contours are not
/// straight: the field is the global optimum on a grid of `measuredGrid` cells, each colored by
/// its center's optimum, and each contour is where, along each column of the grid, the optimum
/// first reaches the level (interpolated in log C between the two cells around it).
public struct ContourFigure: Sendable {
    public var optimizer: SparsityOptimizer
    /// The measured profile the figure is drawn on; nil under the closed-form cost of `optimizer`,
    /// which then gives only the dense compute-optimal line.
    public var measured: ProfileOptimizer?
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

    /// Contours and field on a measured profile, over `ranges`.
    public init(measured: ProfileOptimizer, levels: [Double], lawName: String, ranges: ContourRanges, style: FigureStyle = .standard) {
        let dense = SparsityOptimizer(law: measured.law, cost: .denseFLOPs, maxSparsity: measured.cap)
            ?? SparsityOptimizer(law: measured.law, cost: .denseFLOPs)!
        self.init(optimizer: dense, levels: levels, lawName: lawName, ranges: ranges, style: style)
        self.measured = measured
    }

    /// Columns (along N) and rows (along C) of the grid a measured profile is drawn from.
    public static let measuredGrid = (params: 64, compute: 96)

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
        let cap = self.cap
        return min(max(log1p(-min(sparsity, cap)) / log1p(-cap), 0), 1)
    }

    /// The sparsity at scale position t.
    func sparsity(atScale t: Double) -> Double { -expm1(t * log1p(-cap)) }

    /// The largest sparsity of the color scale: the cap, or the profile's own.
    var cap: Double { measured?.cap ?? optimizer.maxSparsity }

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
        let grid = measured.map { MeasuredGrid($0, params: params, compute: compute) }
        if let grid { drawField(grid, into: &page, layout) } else { drawField(into: &page, layout) }
        PlotFrame(box: plot, x: layout.x, y: layout.y, xTitle: "non-zero parameters N", yTitle: "training compute C (FLOPs)").draw(into: &page)
        drawLines(into: &page, layout, grid: grid)
        drawColorbar(into: &page, layout)

        var y = plot.bottom + PlotFrame.bottomRoom(style: style) + 12
        y += legend.draw(into: &page, left: margin, top: y, width: width - 2 * margin) + 6
        page.height = (y + margin).rounded(.up)
        return page
    }

    var subtitle: String {
        guard let measured else {
            var text = optimizer.cost.summary
            text += "; contours: the budget at which each sparsity becomes optimal"
            if !replicates.isEmpty { text += "; shaded: the 95% band over \(replicates.count) bootstrap refits" }
            return text
        }
        return "hardware profile \(measured.profile.name), speedups \(measured.profile.training.summary); the global optimum on a "
            + "\(Self.measuredGrid.params) x \(Self.measuredGrid.compute) grid; contours: the least budget at which it reaches each sparsity"
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

    /// The measured field: each grid cell in the color of its center's optimum.
    func drawField(_ grid: MeasuredGrid, into page: inout SVGDocument, _ layout: Layout) {
        var field = ["<g clip-path=\"url(#plot)\" shape-rendering=\"crispEdges\">"]
        for (column, n) in grid.params.enumerated() {
            for (row, c) in grid.compute.enumerated() {
                // Cell edges halfway (in log) to the neighbors, the outer ones past the plot.
                let left = column == 0 ? layout.plot.left - 1 : layout.x.position((grid.params[column - 1] * n).squareRoot())
                let right = column == grid.params.count - 1 ? layout.plot.right + 1 : layout.x.position((grid.params[column + 1] * n).squareRoot())
                let bottom = row == 0 ? layout.plot.bottom + 1 : layout.y.position((grid.compute[row - 1] * c).squareRoot())
                let top = row == grid.compute.count - 1 ? layout.plot.top - 1 : layout.y.position((grid.compute[row + 1] * c).squareRoot())
                let color = lightened(style.scaleColor(scalePosition(grid.sparsity[column][row])), by: Self.fieldLightening)
                field.append("<rect x=\"\(svgNumber(left))\" y=\"\(svgNumber(top))\" width=\"\(svgNumber(right - left + 0.5))\" height=\"\(svgNumber(bottom - top + 0.5))\" fill=\"\(color)\"/>")
            }
        }
        field.append("</g>")
        page.add(field.joined(separator: "\n"))
    }

    private func band(lower: ((Double, Double), (Double, Double)), upper: ((Double, Double), (Double, Double)), color: String) -> String {
        "<path d=\"\(svgPath([lower.0, lower.1, upper.1, upper.0], closed: true))\" fill=\"\(color)\" stroke=\"\(color)\" stroke-width=\"0.6\"/>"
    }

    /// The contour of `level` in pixels: a segment across the plot under a closed-form cost, the
    /// grid's polylines on a measured profile (none where the level is reached nowhere).
    func contour(level: Double, _ layout: Layout, grid: MeasuredGrid?) -> [[(Double, Double)]] {
        guard let grid else {
            let segment = line(level: level, layout)
            return [[segment.0, segment.1]]
        }
        return grid.contour(level: level).map { piece in piece.map { (layout.x.position($0.params), layout.y.position($0.compute)) } }
    }

    func drawLines(into page: inout SVGDocument, _ layout: Layout, grid: MeasuredGrid? = nil) {
        var overlay = ["<g clip-path=\"url(#plot)\" fill=\"none\">"]
        if !replicates.isEmpty, grid == nil {
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
            for points in contour(level: level, layout, grid: grid) {
                let d = svgPath(points)
                overlay.append("<path d=\"\(d)\" stroke=\"\(style.ink)\" stroke-width=\"\(svgNumber(style.lineWidth + 1.4))\"/>")
                overlay.append("<path d=\"\(d)\" stroke=\"\(levelColor(level))\" stroke-width=\"\(svgNumber(style.lineWidth))\"/>")
            }
        }
        let dense = ((layout.plot.left, layout.y.position(optimizer.denseOptimalCompute(params: params.lowerBound))),
                     (layout.plot.right, layout.y.position(optimizer.denseOptimalCompute(params: params.upperBound))))
        overlay.append("<path d=\"\(svgPath([dense.0, dense.1]))\" stroke=\"\(style.ink)\" stroke-width=\"\(svgNumber(style.lineWidth))\" stroke-dasharray=\"7 5\"/>")
        overlay.append("</g>")
        page.add(overlay.joined(separator: "\n"))

        // Labels along the lines, each where it fits inside the plot clear of every other text:
        // contours from the right end, the dense line from the left.
        for level in levels {
            // On the longest piece of the line.
            let piece = contour(level: level, layout, grid: grid).max { ($0.last?.0 ?? 0) - ($0.first?.0 ?? 0) < ($1.last?.0 ?? 0) - ($1.first?.0 ?? 0) } ?? []
            placeLabel("S = \(numberText(level, significant: 4))", on: piece,
                       preferring: Array(stride(from: 0.9, through: 0.1, by: -0.04)), layout, into: &page)
        }
        placeLabel("dense compute-optimal", on: [dense.0, dense.1], preferring: Array(stride(from: 0.2, through: 0.9, by: 0.04)), layout, into: &page)
    }

    /// Places `text` on the visible part of the line through `points` (a segment, or a polyline
    /// whose segments each hold a share of it) at the first of the `fractions` of its width where
    /// it fits, rotated with the segment there; a label that fits nowhere is left out (the legend
    /// names every line).
    private func placeLabel(_ text: String, on points: [(Double, Double)], preferring fractions: [Double],
                            _ layout: Layout, into page: inout SVGDocument) {
        guard points.count >= 2, let first = points.first, let last = points.last, last.0 > first.0 else { return }
        let size = style.tickSize
        let inner = PlotBox(left: layout.plot.left + 4, top: layout.plot.top + 4, right: layout.plot.right - 4, bottom: layout.plot.bottom - 4)
        for fraction in fractions {
            let target = first.0 + (last.0 - first.0) * fraction
            guard let index = points.indices.dropFirst().first(where: { points[$0].0 >= target }),
                  let visible = clip((points[index - 1], points[index]), to: layout.plot) else { continue }
            let segment = (points[index - 1], points[index])
            let angle = atan2(segment.1.1 - segment.0.1, segment.1.0 - segment.0.0) * 180 / .pi
            // Along a segment of a polyline, its middle; along a single segment, the fraction.
            let local = points.count == 2 ? fraction : 0.5
            let px = visible.0.0 + (visible.1.0 - visible.0.0) * local
            let py = visible.0.1 + (visible.1.1 - visible.0.1) * local
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
        let cap = self.cap
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

/// The global optimum of a measured profile on a log-spaced grid of (N, C), and the contours
/// read from it.
struct MeasuredGrid {
    var optimizer: ProfileOptimizer
    var params: [Double]
    var compute: [Double]
    /// sparsity[column][row]: the optimum at params[column], compute[row].
    var sparsity: [[Double]]

    init(_ optimizer: ProfileOptimizer, params range: ClosedRange<Double>, compute budgets: ClosedRange<Double>) {
        self.optimizer = optimizer
        params = logSpaced(from: range.lowerBound, to: range.upperBound, count: ContourFigure.measuredGrid.params)
        compute = logSpaced(from: budgets.lowerBound, to: budgets.upperBound, count: ContourFigure.measuredGrid.compute)
        let budgets = compute
        sparsity = params.map { n in budgets.map { optimizer.optimum(params: n, compute: $0).sparsity } }
    }

    /// Along each column, the least budget at which the optimum reaches `level`: the first row
    /// that reaches it (`ProfileOptimizer.reaches`), bisected against the row below, so that a
    /// jump of the optimum is drawn where it is and not across a cell. A column where no row
    /// reaches it (or the first does) breaks the line: the pieces between such columns.
    func contour(level: Double) -> [[(params: Double, compute: Double)]] {
        var pieces: [[(params: Double, compute: Double)]] = [[]]
        for column in params.indices {
            let values = sparsity[column]
            guard let row = values.firstIndex(where: { ProfileOptimizer.reached($0, level: level) }), row > 0 else {
                if !(pieces.last?.isEmpty ?? true) { pieces.append([]) }
                continue
            }
            let budget = optimizer.contourCompute(level: level, params: params[column], above: compute[row - 1], atMost: compute[row])
            pieces[pieces.count - 1].append((params[column], budget))
        }
        return pieces.filter { $0.count >= 2 }
    }
}
