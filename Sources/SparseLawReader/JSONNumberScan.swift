import SparseLawCore

/// Finds a number in JSON text that no double can hold (`1e400`), with the key path that leads
/// to it (`coefficients.aS`, `bootstrap.replicates[3][0]`).
///
/// JSON itself has no limit on numbers, but the decoder refuses such a document whole, as "not
/// valid JSON"; this scan, run only after that refusal, lets the message name the field. It
/// follows the document's structure just far enough to know the path: strings (with their
/// escapes), objects, arrays and the key before each `:`.
package enum JSONNumberScan {
    package static func firstOverflow(in bytes: [UInt8]) -> (path: String, literal: String)? {
        var stack: [JSONContainer] = []
        var index = 0
        var lastString: String?
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                var end = index + 1
                var text: [UInt8] = []
                while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
                    if bytes[end] == UInt8(ascii: "\\") { end += 1 }
                    if end < bytes.count { text.append(bytes[end]) }
                    end += 1
                }
                lastString = String(decoding: text, as: UTF8.self)
                index = end + 1
                continue
            case UInt8(ascii: ":"):
                if case .object = stack.last { stack[stack.count - 1] = .object(key: lastString) }
            case UInt8(ascii: "{"): stack.append(.object(key: nil))
            case UInt8(ascii: "["): stack.append(.array(index: 0))
            case UInt8(ascii: "}"), UInt8(ascii: "]"): if !stack.isEmpty { stack.removeLast() }
            case UInt8(ascii: ","):
                if case .array(let position) = stack.last { stack[stack.count - 1] = .array(index: position + 1) }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                var end = index
                while end < bytes.count, "+-.eE0123456789".utf8.contains(bytes[end]) { end += 1 }
                let literal = String(decoding: bytes[index..<end], as: UTF8.self)
                if let value = Double(literal), !value.isFinite { return (stack.pathText, literal) }
                index = end
                continue
            default: break
            }
            index += 1
        }
        return nil
    }
}
