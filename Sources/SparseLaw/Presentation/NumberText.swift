import Foundation

/// Numbers for people: `significant` significant digits, `%g` style, no trailing zeros.
public func numberText(_ value: Double, significant: Int = 4) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
    return String(format: "%.\(significant)g", value)
}

/// A count with a magnitude suffix, as the reader accepts it back: `2M`, `1.3B`, `350k`.
public func compactCount(_ value: Double) -> String {
    let magnitudes: [(Double, String)] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")]
    for (scale, suffix) in magnitudes where abs(value) >= scale {
        return numberText(value / scale, significant: 3) + suffix
    }
    return numberText(value, significant: 3)
}

/// The shortest text that reads back as the same Double, without a trailing `.0` on whole numbers.
public func exactText(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
}
