import Foundation

/// A minimal SVG writer: elements appended as text, attributes escaped, numbers printed with a
/// fixed small precision so that the same figure is the same bytes.
public struct SVGDocument: Sendable {
    public let width: Double
    public let height: Double
    private var definitions: [String] = []
    private var body: [String] = []

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    public mutating func define(_ element: String) { definitions.append(element) }
    public mutating func add(_ element: String) { body.append(element) }

    public var text: String {
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(svgNumber(width))\" height=\"\(svgNumber(height))\" viewBox=\"0 0 \(svgNumber(width)) \(svgNumber(height))\" font-family=\"Helvetica, Arial, sans-serif\">"]
        if !definitions.isEmpty { lines.append("<defs>"); lines += definitions; lines.append("</defs>") }
        lines += body
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }
}

/// A coordinate for SVG: two decimals, no trailing zeros.
func svgNumber(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    var text = String(format: "%.2f", value)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text == "-0" ? "0" : text
}

/// Text content or an attribute value with XML's special characters escaped.
func xmlEscaped(_ text: String) -> String {
    var result = ""
    for character in text {
        switch character {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
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

/// A perceptually uniform color scale from dark purple through teal to yellow (anchor colors of
/// the viridis map), interpolated linearly in RGB; `t` in [0, 1].
public func viridisColor(_ t: Double) -> String {
    let anchors: [(Double, Double, Double)] = [
        (68, 1, 84), (72, 40, 120), (62, 73, 137), (49, 104, 142), (38, 130, 142),
        (31, 158, 137), (53, 183, 121), (110, 206, 88), (181, 222, 43), (253, 231, 37),
    ]
    let clamped = min(max(t.isFinite ? t : 0, 0), 1) * Double(anchors.count - 1)
    let lower = min(Int(clamped), anchors.count - 2)
    let fraction = clamped - Double(lower)
    let (a, b) = (anchors[lower], anchors[lower + 1])
    func channel(_ x: Double, _ y: Double) -> Int { Int((x + (y - x) * fraction).rounded()) }
    return String(format: "#%02x%02x%02x", channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
}
