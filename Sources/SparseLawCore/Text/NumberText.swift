#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Numbers for people: `significant` significant digits, `%g` style, no trailing zeros.
public func numberText(_ value: Double, significant: Int = 4) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
    return cFormatted("%.*g", Int32(significant), value)
}

/// The text of a NUL-terminated C buffer.
private func text(of buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// printf-style text through the C library (vsnprintf), for the few fixed formats the project
/// prints: `%g` with a precision and `%.2f`, which Swift's own number printing does not offer.
package func cFormatted(_ format: String, _ arguments: CVarArg...) -> String {
    withVaList(arguments) { list in
        var buffer = [CChar](repeating: 0, count: 64)
        let written = Int(vsnprintf(&buffer, buffer.count, format, list))
        guard written >= buffer.count else { return text(of: buffer) }
        return withVaList(arguments) { again in
            buffer = [CChar](repeating: 0, count: written + 1)
            _ = vsnprintf(&buffer, buffer.count, format, again)
            return text(of: buffer)
        }
    }
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

extension String {
    /// The text followed by spaces up to `width` characters, or cut to `width` when longer.
    package func leftAligned(_ width: Int) -> String {
        count >= width ? String(prefix(width)) : self + String(repeating: " ", count: width - count)
    }
}
