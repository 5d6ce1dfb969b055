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

/// A line of figure text in pieces, so that exponents can be set as superscripts (10^20).
struct FigureText: Sendable, Equatable, ExpressibleByStringLiteral {
    struct Piece: Sendable, Equatable {
        var text: String
        var superscript: Bool
    }

    var pieces: [Piece]

    init(_ text: String) { pieces = [Piece(text: text, superscript: false)] }
    init(stringLiteral text: String) { self.init(text) }
    init(pieces: [Piece]) { self.pieces = pieces }

    /// `base` with `exponent` raised: 10^20.
    static func power(_ base: String, _ exponent: String) -> FigureText {
        FigureText(pieces: [Piece(text: base, superscript: false), Piece(text: exponent, superscript: true)])
    }

    /// Superscripts are set at this fraction of the size, raised by `superscriptRise` em.
    static let superscriptScale = 0.72
    static let superscriptRise = 0.42

    /// The text without markup, for tests and messages.
    var plain: String { pieces.map { $0.superscript ? "^" + $0.text : $0.text }.joined() }

    func width(size: Double, bold: Bool) -> Double {
        pieces.reduce(0) { $0 + TextMetrics.width(of: $1.text, size: $1.superscript ? size * Self.superscriptScale : size, bold: bold) }
    }

    /// Height above the baseline.
    func ascent(size: Double) -> Double {
        pieces.contains(where: \.superscript)
            ? size * (Self.superscriptRise + TextMetrics.ascent * Self.superscriptScale)
            : size * TextMetrics.ascent
    }
}

/// Where a text line is anchored horizontally, as SVG's `text-anchor`.
enum TextAnchor: String, Sendable {
    case start, middle, end
}

/// The approximate extent of a placed text: a rectangle in the text's own frame (x along the
/// baseline from the anchor point, y down), rotated about the anchor point by `rotation` degrees
/// (clockwise, as SVG's `rotate`).
struct TextBox: Sendable, Equatable {
    var text: String
    var anchorX: Double
    var anchorY: Double
    var left: Double
    var top: Double
    var right: Double
    var bottom: Double
    var rotation: Double = 0

    /// The box of `text` at (x, y) in the given size, weight, anchor and rotation.
    init(text: FigureText, x: Double, y: Double, size: Double, bold: Bool = false, anchor: TextAnchor = .start, rotation: Double = 0) {
        let width = text.width(size: size, bold: bold)
        let start: Double
        switch anchor {
        case .start: start = 0
        case .middle: start = -width / 2
        case .end: start = -width
        }
        self.text = text.plain
        anchorX = x
        anchorY = y
        left = start
        right = start + width
        top = -text.ascent(size: size)
        bottom = TextMetrics.descent * size
        self.rotation = rotation
    }

    /// The four corners in page coordinates, in order around the box.
    var corners: [(x: Double, y: Double)] {
        let angle = rotation * .pi / 180
        let (c, s) = (cos(angle), sin(angle))
        return [(left, top), (right, top), (right, bottom), (left, bottom)].map { point in
            (anchorX + point.0 * c - point.1 * s, anchorY + point.0 * s + point.1 * c)
        }
    }

    /// The axis-aligned bounds in page coordinates.
    var bounds: (minX: Double, minY: Double, maxX: Double, maxY: Double) {
        let points = corners
        return (points.map(\.x).min()!, points.map(\.y).min()!, points.map(\.x).max()!, points.map(\.y).max()!)
    }

    /// Whether the two boxes share more than `tolerance` units of depth along every axis: the
    /// separating-axis test for two rectangles, whose candidate axes are their four edge normals.
    func overlaps(_ other: TextBox, tolerance: Double = 0.5) -> Bool {
        let mine = corners, theirs = other.corners
        for angle in [rotation, rotation + 90, other.rotation, other.rotation + 90] {
            let radians = angle * .pi / 180
            let axis = (cos(radians), sin(radians))
            let a = mine.map { $0.x * axis.0 + $0.y * axis.1 }, b = theirs.map { $0.x * axis.0 + $0.y * axis.1 }
            if a.max()! <= b.min()! + tolerance || b.max()! <= a.min()! + tolerance { return false }
        }
        return true
    }

    /// Whether every corner lies within [0, width] x [0, height].
    func isInside(width: Double, height: Double, tolerance: Double = 0.01) -> Bool {
        let b = bounds
        return b.minX >= -tolerance && b.minY >= -tolerance && b.maxX <= width + tolerance && b.maxY <= height + tolerance
    }
}

/// Breaks `text` into lines no wider than `width` at `size`, at spaces; a word longer than the
/// width stands alone on its line.
func wrappedLines(_ text: String, width: Double, size: Double, bold: Bool = false) -> [String] {
    var lines: [String] = []
    var line = ""
    for whole in text.split(separator: " ", omittingEmptySubsequences: true) {
        var word = String(whole)
        // A word wider than the line is cut into pieces that fit.
        while TextMetrics.width(of: word, size: size, bold: bold) > width, word.count > 1 {
            var head = ""
            for character in word {
                if TextMetrics.width(of: head + String(character), size: size, bold: bold) > width { break }
                head.append(character)
            }
            if head.isEmpty { head = String(word.first!) }
            if !line.isEmpty { lines.append(line); line = "" }
            lines.append(head)
            word.removeFirst(head.count)
        }
        if word.isEmpty { continue }
        let candidate = line.isEmpty ? String(word) : line + " " + word
        if line.isEmpty || TextMetrics.width(of: candidate, size: size, bold: bold) <= width {
            line = candidate
        } else {
            lines.append(line)
            line = String(word)
        }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
}
