/// An open object or array while a JSON document is scanned byte by byte: the key of the object's
/// current member (nil before its first), or the index of the array's current element.
package enum JSONContainer: Sendable, Equatable {
    case object(key: String?)
    case array(index: Int)
}

extension Sequence where Element == JSONContainer {
    /// The path through these containers as people write it: `coefficients.aS`,
    /// `bootstrap.replicates[3][0]`, `log_history[2]`; empty at the top.
    package var pathText: String {
        var text = ""
        for container in self {
            switch container {
            case .object(let key): if let key { text += (text.isEmpty ? "" : ".") + key }
            case .array(let index): text += "[\(index)]"
            }
        }
        return text
    }
}
