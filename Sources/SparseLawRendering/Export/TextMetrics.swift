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

/// Approximate extents of text set in Helvetica (and the fonts that share its advance widths,
/// Arial and Liberation Sans), so that a layout can avoid overlaps before any renderer sees it.
///
/// Widths are the fonts' advance widths in thousandths of an em for printable ASCII, read from
/// Liberation Sans Regular and Bold; kerning is ignored (it only narrows text). A character
/// outside the table counts as a full em, which overestimates: boxes err on the large side.
/// Vertically a line spans the font's ascent (0.905 em) above the baseline and its descent
/// (0.212 em) below.
enum TextMetrics {
    static let ascent = 0.905
    static let descent = 0.212

    /// Advance widths of U+0020 ... U+007E, regular weight.
    static let regular: [Int] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    ]

    /// Advance widths of U+0020 ... U+007E, bold.
    static let bold: [Int] = [
        278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
        975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
        333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
        611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
    ]

    /// Characters beyond ASCII that figures use, same in both weights.
    static let extra: [Character: Int] = [
        "\u{00D7}": 584, "\u{2212}": 584, "\u{2013}": 556, "\u{2248}": 549, "\u{00B7}": 278,
        "\u{00B1}": 549, "\u{00B5}": 576, "\u{2026}": 1000, "\u{03BA}": 558, "\u{2264}": 549, "\u{2265}": 549,
    ]

    /// The advance width of `text` at `size` units per em.
    static func width(of text: String, size: Double, bold: Bool = false) -> Double {
        let table = bold ? Self.bold : regular
        var total = 0
        for character in text {
            if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
               scalar.value >= 0x20, scalar.value <= 0x7E {
                total += table[Int(scalar.value) - 0x20]
            } else {
                total += extra[character] ?? 1000
            }
        }
        return Double(total) / 1000 * size
    }
}
