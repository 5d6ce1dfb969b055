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

/// How every figure looks: its page width, type sizes, inks and color maps. One value is shared
/// by the fit, contour and planning figures so that they sit together in a paper.
///
/// Sizes are SVG user units in a `viewBox` of `width` units: a figure placed at a text width of
/// 6.5 in (468 pt) maps one unit to 468 / `width` pt, 0.49 pt at the standard width of 960, so
/// the smallest type (`tickSize`, 14) prints at 6.8 pt and axis titles at 7.8 pt. The font is
/// Helvetica, with Arial and Liberation Sans (the same advance widths) as fallbacks: PDF
/// converters map it to a core font, and `TextMetrics` knows its widths, so layouts can
/// measure text before placing it.
public struct FigureStyle: Sendable, Equatable {
    /// The page width in user units, at most 1200.
    public var width: Double = 960
    /// Blank space around the page content.
    public var margin: Double = 20
    public var fontFamily: String = "Helvetica, Arial, 'Liberation Sans', sans-serif"
    public var titleSize: Double = 20
    public var labelSize: Double = 16
    public var tickSize: Double = 14
    public var noteSize: Double = 14
    /// Text and frames.
    public var ink: String = "#1a1a1a"
    /// Secondary text: subtitles, notes.
    public var muted: String = "#555555"
    /// Reference lines (predicted = measured, zero residual).
    public var reference: String = "#8c8c8c"
    /// The ring around held-out runs.
    public var highlight: String = "#d62728"
    public var lineWidth: Double = 2
    public var markerRadius: Double = 4

    public init() {}

    public static let standard = FigureStyle()

    /// The page width, held to at most 1200 units.
    var pageWidth: Double { min(max(width, 400), 1200) }

    /// A point of the sequential color map (viridis: dark purple through teal to yellow,
    /// perceptually uniform and monotone in lightness, so it survives grayscale printing),
    /// `t` in [0, 1].
    public func scaleColor(_ t: Double) -> String { viridisColor(t) }

    /// The color of the `rank`-th of `count` ordered levels (sparsities, budgets): evenly spaced
    /// by rank over the map's first 90% (its last tenth is too light on white), so neighbouring
    /// levels are always the same distance apart on the map, however close their values.
    /// Up to eight levels, neighbours differ by at least 15 in CIE L*a*b* (Delta E 1976).
    public func levelColor(rank: Int, count: Int) -> String {
        guard count > 1 else { return viridisColor(0.45) }
        return viridisColor(0.9 * Double(min(max(rank, 0), count - 1)) / Double(count - 1))
    }
}

/// A perceptually uniform color scale from dark purple through teal to yellow (anchor colors of
/// the viridis map), interpolated linearly in RGB; `t` in [0, 1].
func viridisColor(_ t: Double) -> String {
    let (red, green, blue) = viridisComponents(t)
    return cFormatted("#%02x%02x%02x", Int32(red.rounded()), Int32(green.rounded()), Int32(blue.rounded()))
}

/// The viridis color at `t` as 0...255 components.
func viridisComponents(_ t: Double) -> (Double, Double, Double) {
    let anchors: [(Double, Double, Double)] = [
        (68, 1, 84), (72, 40, 120), (62, 73, 137), (49, 104, 142), (38, 130, 142),
        (31, 158, 137), (53, 183, 121), (110, 206, 88), (181, 222, 43), (253, 231, 37),
    ]
    let clamped = min(max(t.isFinite ? t : 0, 0), 1) * Double(anchors.count - 1)
    let lower = min(Int(clamped), anchors.count - 2)
    let fraction = clamped - Double(lower)
    let (a, b) = (anchors[lower], anchors[lower + 1])
    return (a.0 + (b.0 - a.0) * fraction, a.1 + (b.1 - a.1) * fraction, a.2 + (b.2 - a.2) * fraction)
}

/// `#rrggbb` mixed with white: `amount` 0 keeps the color, 1 gives white.
func lightened(_ color: String, by amount: Double) -> String {
    guard let (red, green, blue) = rgbComponents(color) else { return color }
    func mix(_ value: Double) -> Int { Int((value + (255 - value) * min(max(amount, 0), 1)).rounded()) }
    return cFormatted("#%02x%02x%02x", Int32(mix(red)), Int32(mix(green)), Int32(mix(blue)))
}

/// The components of `#rrggbb`, or nil.
func rgbComponents(_ color: String) -> (Double, Double, Double)? {
    guard color.count == 7, color.hasPrefix("#"), let value = UInt32(color.dropFirst(), radix: 16) else { return nil }
    return (Double(value >> 16 & 0xff), Double(value >> 8 & 0xff), Double(value & 0xff))
}

/// CIE L*a*b* (D65) of an sRGB color given as 0...255 components.
func labComponents(_ red: Double, _ green: Double, _ blue: Double) -> (Double, Double, Double) {
    func linear(_ value: Double) -> Double {
        let u = value / 255
        return u <= 0.04045 ? u / 12.92 : pow((u + 0.055) / 1.055, 2.4)
    }
    let (r, g, b) = (linear(red), linear(green), linear(blue))
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    func f(_ t: Double) -> Double { t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116 }
    return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))
}

/// Delta E 1976 between two `#rrggbb` colors: Euclidean distance in CIE L*a*b*.
func colorDifference(_ first: String, _ second: String) -> Double? {
    guard let a = rgbComponents(first), let b = rgbComponents(second) else { return nil }
    let p = labComponents(a.0, a.1, a.2), q = labComponents(b.0, b.1, b.2)
    return ((p.0 - q.0) * (p.0 - q.0) + (p.1 - q.1) * (p.1 - q.1) + (p.2 - q.2) * (p.2 - q.2)).squareRoot()
}
