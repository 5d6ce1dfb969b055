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

/// A legend laid out in rows: each entry a swatch and its text, entries flowing left to right
/// and wrapping at the available width.
struct FigureLegend {
    enum Swatch {
        /// A filled point.
        case marker(String)
        /// A ring around a point, as held-out runs are drawn.
        case ring(fill: String, stroke: String)
        /// A line, dashed when `dash` is given.
        case line(String, dash: String?)
        /// A line over a shaded band of the same color.
        case band(String)
    }

    struct Entry {
        var swatch: Swatch
        var text: String
    }

    /// A heading before the first entry, e.g. "sparsity".
    var heading: String?
    var entries: [Entry]

    static let swatchWidth = 26.0
    static let spacing = 18.0

    /// Draws the legend from (left, top) within `width`; returns the height used.
    @discardableResult
    func draw(into document: inout SVGDocument, left: Double, top: Double, width: Double) -> Double {
        let style = document.style
        let size = style.noteSize
        let lineHeight = size * 1.55
        var x = left, baseline = top + size * TextMetrics.ascent
        var marks: [String] = []
        if let heading {
            let box = document.text(FigureText(heading), x: x, y: baseline, size: size, bold: true)
            x += box.right - box.left + Self.spacing * 0.6
        }
        for entry in entries {
            let textWidth = TextMetrics.width(of: entry.text, size: size)
            let entryWidth = Self.swatchWidth + 6 + textWidth
            if x + entryWidth > left + width, x > left {
                x = left
                baseline += lineHeight
            }
            let middle = baseline - size * 0.32
            switch entry.swatch {
            case .marker(let color):
                marks.append("<circle cx=\"\(svgNumber(x + Self.swatchWidth / 2))\" cy=\"\(svgNumber(middle))\" r=\"\(svgNumber(style.markerRadius + 0.5))\" fill=\"\(color)\"/>")
            case .ring(let fill, let stroke):
                marks.append("<circle cx=\"\(svgNumber(x + Self.swatchWidth / 2))\" cy=\"\(svgNumber(middle))\" r=\"\(svgNumber(style.markerRadius + 1.5))\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"2\"/>")
            case .line(let color, let dash):
                marks.append("<path d=\"M\(svgNumber(x)) \(svgNumber(middle)) h\(svgNumber(Self.swatchWidth))\" stroke=\"\(color)\" stroke-width=\"\(svgNumber(style.lineWidth))\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") fill=\"none\"/>")
            case .band(let color):
                marks.append("<rect x=\"\(svgNumber(x))\" y=\"\(svgNumber(middle - 6))\" width=\"\(svgNumber(Self.swatchWidth))\" height=\"12\" fill=\"\(color)\" fill-opacity=\"0.3\"/>")
                marks.append("<path d=\"M\(svgNumber(x)) \(svgNumber(middle)) h\(svgNumber(Self.swatchWidth))\" stroke=\"\(color)\" stroke-width=\"\(svgNumber(style.lineWidth))\" fill=\"none\"/>")
            }
            document.text(FigureText(entry.text), x: x + Self.swatchWidth + 6, y: baseline, size: size)
            x += entryWidth + Self.spacing
        }
        document.add(marks.joined(separator: "\n"))
        return baseline + size * TextMetrics.descent - top
    }
}

/// Draws wrapped lines of text from (left, top); returns the height used.
@discardableResult
func drawWrapped(_ text: String, into document: inout SVGDocument, left: Double, top: Double, width: Double,
                 size: Double, bold: Bool = false, fill: String? = nil) -> Double {
    let lines = wrappedLines(text, width: width, size: size, bold: bold)
    var baseline = top + size * TextMetrics.ascent
    for (index, line) in lines.enumerated() {
        if index > 0 { baseline += size * 1.3 }
        document.text(FigureText(line), x: left, y: baseline, size: size, bold: bold, fill: fill)
    }
    return lines.isEmpty ? 0 : baseline + size * TextMetrics.descent - top
}
