/// Control characters made visible: what a file name, a column header or a law's name holds is
/// shown, never obeyed. A raw ESC would drive the terminal, a raw line break would forge a
/// second message line, and most control characters are not allowed in XML at all.
///
/// Escapes: `\n`, `\r`, `\t`, and `\u{XX}` for the rest of C0 (U+0000-U+001F), DEL (U+007F) and
/// C1 (U+0080-U+009F).
public func escapingControlCharacters(_ text: String, keeping kept: Set<Unicode.Scalar> = []) -> String {
    guard text.unicodeScalars.contains(where: { isControl($0) && !kept.contains($0) }) else { return text }
    var result = ""
    result.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 16)
    for scalar in text.unicodeScalars {
        guard isControl(scalar), !kept.contains(scalar) else { result.unicodeScalars.append(scalar); continue }
        switch scalar {
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        default: result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        }
    }
    return result
}

/// One line of a message: every control character escaped, line breaks included.
public func escapedForMessage(_ text: String) -> String {
    escapingControlCharacters(text)
}

/// Text for standard output or a text file: line breaks kept, tabs kept, the rest escaped.
public func escapedForText(_ text: String) -> String {
    escapingControlCharacters(text, keeping: ["\n", "\t"])
}

package func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
}
