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

/// The frame of one plot: its box, ticks, tick labels, axis titles and an optional panel title,
/// laid out from the text extents so that no two labels touch.
struct PlotFrame {
    var box: PlotBox
    var x: any PlotAxis
    var y: any PlotAxis
    var xTitle: String?
    var yTitle: String?
    var title: String?
    /// False for a plot whose x tick labels are printed by the plot beneath it (a residual strip).
    var xTickLabels = true

    /// The gap between a tick label and the axis, and between labels.
    static let labelGap = 6.0

    /// The gap between the box and the x tick labels: enough that the lowest y label, centered
    /// on the bottom edge, cannot reach them.
    static func xLabelGap(_ style: FigureStyle) -> Double { 0.6 * style.tickSize + 2 }

    /// Vertical room the frame needs below the box: tick labels and the x title.
    static func bottomRoom(style: FigureStyle, xTitle: Bool = true) -> Double {
        xLabelGap(style) + style.tickSize * (1 + TextMetrics.descent) + (xTitle ? 8 + style.labelSize * (TextMetrics.ascent + TextMetrics.descent) : 0)
    }

    /// Vertical room above the box for a panel title.
    static func topRoom(style: FigureStyle) -> Double { 10 + style.labelSize * (TextMetrics.ascent + TextMetrics.descent) }

    func draw(into document: inout SVGDocument) {
        let style = document.style
        var strokes = ["<g stroke=\"\(style.ink)\" stroke-width=\"1\" fill=\"none\">",
                       "<rect x=\"\(svgNumber(box.left))\" y=\"\(svgNumber(box.top))\" width=\"\(svgNumber(box.width))\" height=\"\(svgNumber(box.height))\"/>"]
        let xTicks = x.ticks.filter { (box.left - 0.5...box.right + 0.5).contains(x.position($0.value)) }
        let yTicks = y.ticks.filter { (box.top - 0.5...box.bottom + 0.5).contains(y.position($0.value)) }
        for tick in xTicks {
            strokes.append("<path d=\"M\(svgNumber(x.position(tick.value))) \(svgNumber(box.bottom)) v\(tick.label == nil ? 3 : 6)\"/>")
        }
        for tick in yTicks {
            strokes.append("<path d=\"M\(svgNumber(box.left)) \(svgNumber(y.position(tick.value))) h-\(tick.label == nil ? 3 : 6)\"/>")
        }
        strokes.append("</g>")
        document.add(strokes.joined(separator: "\n"))

        let size = style.tickSize
        let baseline = box.bottom + Self.xLabelGap(style) + size * TextMetrics.ascent
        let yBoxes = yTicks.compactMap { tick in
            tick.label.map { ($0, TextBox(text: $0, x: box.left - Self.labelGap - 2, y: y.position(tick.value) + size * 0.35, size: size, anchor: .end)) }
        }
        var widest = 0.0
        for (label, labelBox) in Self.thinned(yBoxes.sorted { $0.1.anchorY > $1.1.anchorY }, gap: 2) {
            document.text(label, x: labelBox.anchorX, y: labelBox.anchorY, size: size, anchor: .end)
            widest = max(widest, labelBox.right - labelBox.left)
        }
        // x labels after the y labels: one that would run into the lowest y label at the
        // corner is left out.
        if xTickLabels {
            let boxes = xTicks.compactMap { tick in
                tick.label.map { ($0, TextBox(text: $0, x: x.position(tick.value), y: baseline, size: size, anchor: .middle)) }
            }
            for (label, box) in Self.thinned(boxes, gap: size * 0.6) where !document.collides(box) {
                document.text(label, x: box.anchorX, y: baseline, size: size, anchor: .middle)
            }
        }
        if let xTitle, xTickLabels {
            document.text(FigureText(xTitle), x: (box.left + box.right) / 2,
                          y: baseline + size * TextMetrics.descent + 8 + style.labelSize * TextMetrics.ascent,
                          size: style.labelSize, anchor: .middle)
        }
        if let yTitle {
            let titleX = box.left - Self.labelGap - 2 - widest - 8 - style.labelSize * TextMetrics.descent
            document.text(FigureText(yTitle), x: titleX, y: (box.top + box.bottom) / 2, size: style.labelSize, anchor: .middle, rotation: -90)
        }
        if let title {
            document.text(FigureText(title), x: (box.left + box.right) / 2, y: box.top - 10 - style.labelSize * TextMetrics.descent,
                          size: style.labelSize, anchor: .middle, bold: true)
        }
    }

    /// Room left of the box that the y tick labels and title take, for `labels` at `style`.
    static func leftRoom(labels: [FigureText], style: FigureStyle, yTitle: Bool = true) -> Double {
        let widest = labels.map { $0.width(size: style.tickSize, bold: false) }.max() ?? 0
        return labelGap + 2 + widest + (yTitle ? 8 + style.labelSize * (TextMetrics.ascent + TextMetrics.descent) : 0)
    }

    /// Every k-th label for the smallest k that leaves `gap` between neighbours (labels in
    /// order along the axis), so that labels thin out evenly rather than at random.
    static func thinned(_ labels: [(FigureText, TextBox)], gap: Double) -> [(FigureText, TextBox)] {
        guard labels.count > 1 else { return labels }
        for every in 1...labels.count {
            let kept = labels.enumerated().filter { $0.offset % every == 0 }.map(\.element)
            let clear = zip(kept, kept.dropFirst()).allSatisfy { pair in
                let a = pair.0.1.bounds, b = pair.1.1.bounds
                return a.maxX + gap <= b.minX || b.maxX + gap <= a.minX || a.maxY + gap <= b.minY || b.maxY + gap <= a.minY
            }
            if clear { return kept }
        }
        return [labels[0]]
    }
}
