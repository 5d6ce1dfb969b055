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

/// A minimal SVG writer: elements appended as text, attributes escaped, numbers printed with a
/// fixed small precision so that the same figure is the same bytes. Text goes through `text`,
/// which also records the text's approximate box, so that layouts can check for collisions and
/// tests for overlaps and overflow.
struct SVGDocument: Sendable {
    let width: Double
    /// Set once the layout knows how tall the page is.
    var height: Double
    let style: FigureStyle
    private var definitions: [String] = []
    private var body: [String] = []
    /// The box of every text element added, in page coordinates.
    private(set) var textBoxes: [TextBox] = []

    init(width: Double, height: Double, style: FigureStyle = .standard) {
        self.width = width
        self.height = height
        self.style = style
    }

    mutating func define(_ element: String) { definitions.append(element) }
    mutating func add(_ element: String) { body.append(element) }

    /// Adds a text element and records its box. `rotation` turns it about (x, y) clockwise in
    /// degrees; `halo` draws a white outline beneath the glyphs, for text over lines or color.
    @discardableResult
    mutating func text(_ content: FigureText, x: Double, y: Double, size: Double, anchor: TextAnchor = .start,
                       bold: Bool = false, fill: String? = nil, rotation: Double = 0, halo: Bool = false) -> TextBox {
        let box = TextBox(text: content, x: x, y: y, size: size, bold: bold, anchor: anchor, rotation: rotation)
        var attributes = "x=\"\(svgNumber(x))\" y=\"\(svgNumber(y))\" font-size=\"\(svgNumber(size))\""
        if anchor != .start { attributes += " text-anchor=\"\(anchor.rawValue)\"" }
        if bold { attributes += " font-weight=\"bold\"" }
        if let fill { attributes += " fill=\"\(fill)\"" }
        if rotation != 0 { attributes += " transform=\"rotate(\(svgNumber(rotation)) \(svgNumber(x)) \(svgNumber(y)))\"" }
        if halo { attributes += " stroke=\"white\" stroke-width=\"3.5\" stroke-linejoin=\"round\" paint-order=\"stroke\"" }
        var inner = ""
        var raised = false
        for piece in content.pieces {
            if piece.superscript != raised {
                let rise = FigureText.superscriptRise * size
                inner += "<tspan dy=\"\(svgNumber(piece.superscript ? -rise : rise))\""
                    + (piece.superscript ? " font-size=\"\(svgNumber(size * FigureText.superscriptScale))\"" : "") + ">"
                inner += xmlEscaped(piece.text) + "</tspan>"
                raised = piece.superscript
            } else if raised {
                inner += "<tspan font-size=\"\(svgNumber(size * FigureText.superscriptScale))\">" + xmlEscaped(piece.text) + "</tspan>"
            } else {
                inner += xmlEscaped(piece.text)
            }
        }
        body.append("<text \(attributes)>\(inner)</text>")
        textBoxes.append(box)
        return box
    }

    /// Whether `box` would overlap a text already placed.
    func collides(_ box: TextBox) -> Bool {
        textBoxes.contains { $0.overlaps(box) }
    }

    var text: String {
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(svgNumber(width))\" height=\"\(svgNumber(height))\" viewBox=\"0 0 \(svgNumber(width)) \(svgNumber(height))\" font-family=\"\(xmlEscaped(style.fontFamily))\" fill=\"\(style.ink)\">"]
        if !definitions.isEmpty { lines.append("<defs>"); lines += definitions; lines.append("</defs>") }
        lines += body
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A coordinate for SVG: two decimals, no trailing zeros.
func svgNumber(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    var text = cFormatted("%.2f", value)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text == "-0" ? "0" : text
}

/// Text content or an attribute value with XML's special characters escaped, and control
/// characters (which XML 1.0 does not allow, even as references) written as visible escapes.
func xmlEscaped(_ text: String) -> String {
    var result = ""
    for character in escapingControlCharacters(text) {
        switch character {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "'": result += "&apos;"
        default: result.append(character)
        }
    }
    return result
}

/// `points` as an SVG path: M x y L x y ...
func svgPath(_ points: [(Double, Double)], closed: Bool = false) -> String {
    var parts: [String] = []
    for (index, point) in points.enumerated() {
        parts.append((index == 0 ? "M" : "L") + svgNumber(point.0) + " " + svgNumber(point.1))
    }
    return parts.joined(separator: " ") + (closed ? " Z" : "")
}

/// A rectangle in page coordinates.
struct PlotBox: Sendable, Equatable {
    var left: Double
    var top: Double
    var right: Double
    var bottom: Double

    var width: Double { right - left }
    var height: Double { bottom - top }

    /// A `<clipPath>` element with this rectangle.
    func clipPath(id: String) -> String {
        "<clipPath id=\"\(id)\"><rect x=\"\(svgNumber(left))\" y=\"\(svgNumber(top))\" width=\"\(svgNumber(width))\" height=\"\(svgNumber(height))\"/></clipPath>"
    }

    func contains(_ x: Double, _ y: Double) -> Bool { x >= left && x <= right && y >= top && y <= bottom }
}
