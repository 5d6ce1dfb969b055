import Foundation

/// One panel of a line chart: axes (logarithmic or linear), lines, shaded spans of x, vertical
/// markers and dots, drawn into a rectangle of an SVG document. Lines break where a point is not
/// finite (a plan that does not exist there).
struct ChartPanel {
    enum Scale {
        case log(ClosedRange<Double>)
        case linear(ClosedRange<Double>)

        var range: ClosedRange<Double> {
            switch self {
            case .log(let range), .linear(let range): return range
            }
        }
    }

    struct Line {
        var points: [(x: Double, y: Double)]
        var color: String
        var width = 2.0
        var dash: String?
        var label: String
    }

    struct Marker {
        var x: Double
        var label: String?
        var color: String
        var dash: String? = "5 4"
    }

    struct Dot {
        var x: Double
        var y: Double
        var color: String
    }

    var frame: (left: Double, top: Double, right: Double, bottom: Double)
    var x: Scale
    var y: Scale
    var xTitle: String?
    var yTitle: String
    var lines: [Line] = []
    /// Spans of x shaded (where sparsity pays).
    var spans: [ClosedRange<Double>] = []
    var spanColor = "#fdf0dc"
    var markers: [Marker] = []
    var dots: [Dot] = []
    var legend = false
    let clipID: String

    func px(_ value: Double) -> Double { position(value, x, frame.left, frame.right) }
    func py(_ value: Double) -> Double { position(value, y, frame.bottom, frame.top) }

    private func position(_ value: Double, _ scale: Scale, _ start: Double, _ end: Double) -> Double {
        switch scale {
        case .log(let range): return LogAxis(range: range, pixels: (start, end)).position(value)
        case .linear(let range): return start + (value - range.lowerBound) / (range.upperBound - range.lowerBound) * (end - start)
        }
    }

    private func ticks(_ scale: Scale, _ start: Double, _ end: Double) -> [LogAxis.Tick] {
        switch scale {
        case .log(let range): return LogAxis(range: range, pixels: (start, end)).ticks
        case .linear(let range):
            let step = LogAxis.niceStep((range.upperBound - range.lowerBound) / 5)
            var value = (range.lowerBound / step).rounded(.up) * step
            var ticks: [LogAxis.Tick] = []
            while value <= range.upperBound + 1e-9 * step {
                ticks.append(LogAxis.Tick(value: value, label: numberText(abs(value) < 1e-12 * step ? 0 : value, significant: 4)))
                value += step
            }
            return ticks
        }
    }

    func render(into document: inout SVGDocument) {
        let (left, top, right, bottom) = frame
        document.define("<clipPath id=\"\(clipID)\"><rect x=\"\(svgNumber(left))\" y=\"\(svgNumber(top))\" width=\"\(svgNumber(right - left))\" height=\"\(svgNumber(bottom - top))\"/></clipPath>")
        var body = ["<g clip-path=\"url(#\(clipID))\">"]
        for span in spans {
            let a = min(max(px(span.lowerBound), left), right), b = min(max(px(span.upperBound), left), right)
            body.append("<rect x=\"\(svgNumber(min(a, b)))\" y=\"\(svgNumber(top))\" width=\"\(svgNumber(abs(b - a)))\" height=\"\(svgNumber(bottom - top))\" fill=\"\(spanColor)\"/>")
        }
        // Grid lines at the labelled ticks.
        for tick in ticks(y, bottom, top) where tick.label != nil {
            body.append("<path d=\"M\(svgNumber(left)) \(svgNumber(py(tick.value))) H\(svgNumber(right))\" stroke=\"#e4e4e4\" stroke-width=\"1\"/>")
        }
        for marker in markers {
            let x = px(marker.x)
            body.append("<path d=\"M\(svgNumber(x)) \(svgNumber(top)) V\(svgNumber(bottom))\" stroke=\"\(marker.color)\" stroke-width=\"1.4\"" + (marker.dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>")
        }
        for line in lines {
            // Split at gaps.
            var segments: [[(Double, Double)]] = [[]]
            for point in line.points {
                if point.x.isFinite, point.y.isFinite, point.x > 0 || !isLog(x), point.y > 0 || !isLog(y) {
                    segments[segments.count - 1].append((px(point.x), py(point.y)))
                } else if !(segments.last?.isEmpty ?? true) {
                    segments.append([])
                }
            }
            for segment in segments where segment.count > 1 {
                body.append("<path d=\"\(svgPath(segment))\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"\(svgNumber(line.width))\" stroke-linejoin=\"round\"" + (line.dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>")
            }
        }
        for dot in dots where dot.x.isFinite && dot.y.isFinite {
            body.append("<circle cx=\"\(svgNumber(px(dot.x)))\" cy=\"\(svgNumber(py(dot.y)))\" r=\"4.5\" fill=\"\(dot.color)\" stroke=\"white\" stroke-width=\"1.5\"/>")
        }
        body.append("</g>")
        document.add(body.joined(separator: "\n"))

        var axes = ["<g stroke=\"black\" stroke-width=\"1\" fill=\"none\">",
                    "<rect x=\"\(svgNumber(left))\" y=\"\(svgNumber(top))\" width=\"\(svgNumber(right - left))\" height=\"\(svgNumber(bottom - top))\"/>"]
        var text: [String] = []
        for tick in ticks(x, left, right) {
            let position = px(tick.value)
            axes.append("<path d=\"M\(svgNumber(position)) \(svgNumber(bottom)) v\(tick.label == nil ? 4 : 7)\"/>")
            if let label = tick.label, xTitle != nil {
                text.append("<text x=\"\(svgNumber(position))\" y=\"\(svgNumber(bottom + 22))\" text-anchor=\"middle\" font-size=\"12\">\(label)</text>")
            }
        }
        for tick in ticks(y, bottom, top) {
            let position = py(tick.value)
            axes.append("<path d=\"M\(svgNumber(left)) \(svgNumber(position)) h-\(tick.label == nil ? 4 : 7)\"/>")
            if let label = tick.label {
                text.append("<text x=\"\(svgNumber(left - 10))\" y=\"\(svgNumber(position + 4))\" text-anchor=\"end\" font-size=\"12\">\(label)</text>")
            }
        }
        axes.append("</g>")
        if let xTitle {
            text.append("<text x=\"\(svgNumber((left + right) / 2))\" y=\"\(svgNumber(bottom + 46))\" text-anchor=\"middle\" font-size=\"13\">\(xmlEscaped(xTitle))</text>")
        }
        text.append("<text transform=\"translate(\(svgNumber(left - 62)) \(svgNumber((top + bottom) / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\">\(xmlEscaped(yTitle))</text>")
        for marker in markers {
            guard let label = marker.label else { continue }
            let position = px(marker.x)
            let anchor = position > (left + right) / 2 ? "end" : "start"
            let offset = anchor == "end" ? -5.0 : 5.0
            text.append("<text x=\"\(svgNumber(position + offset))\" y=\"\(svgNumber(top + 15))\" text-anchor=\"\(anchor)\" font-size=\"11\" fill=\"\(marker.color)\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">\(xmlEscaped(label))</text>")
        }
        if legend {
            var y = top + 16
            for line in lines {
                text.append("<path d=\"M\(svgNumber(right - 170)) \(svgNumber(y - 4)) h26\" stroke=\"\(line.color)\" stroke-width=\"\(svgNumber(line.width))\"" + (line.dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>")
                text.append("<text x=\"\(svgNumber(right - 138))\" y=\"\(svgNumber(y))\" font-size=\"12\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">\(xmlEscaped(line.label))</text>")
                y += 17
            }
        }
        document.add(axes.joined(separator: "\n"))
        document.add(text.joined(separator: "\n"))
    }

    private func isLog(_ scale: Scale) -> Bool {
        if case .log = scale { return true }
        return false
    }

    /// A range that holds `values` (finite ones), padded: in log space for a log scale.
    static func range(_ values: [Double], log: Bool, floor: Double? = nil) -> ClosedRange<Double> {
        let finite = values.filter { $0.isFinite && (!log || $0 > 0) }
        guard var low = finite.min(), var high = finite.max() else { return log ? 1...10 : 0...1 }
        if let floor { low = min(low, floor) }
        if log { return LogAxis.padded(low, high) }
        if high - low < 1e-12 * max(abs(high), 1) { high = low + max(abs(low) * 0.01, 1e-6) }
        let margin = (high - low) * 0.06
        return (low - margin)...(high + margin)
    }
}
