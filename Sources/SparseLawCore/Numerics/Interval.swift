/// A closed interval [lowerBound, upperBound] of doubles: a 95% bootstrap interval of a
/// coefficient, an optimum, a prediction or a plan.
///
/// Encoded as the JSON array `[lower, upper]`; decoding refuses anything else, including ends
/// out of order. The ends are kept in order on construction (`init(_:_:)` swaps them), so an
/// interval never traps the way an inverted `ClosedRange` does.
public struct Interval: Sendable, Hashable, Codable {
    public private(set) var lowerBound: Double
    public private(set) var upperBound: Double

    /// The interval between `a` and `b`, in whichever order they come.
    public init(_ a: Double, _ b: Double) {
        lowerBound = min(a, b)
        upperBound = max(a, b)
    }

    public init(_ range: ClosedRange<Double>) {
        self.init(range.lowerBound, range.upperBound)
    }

    /// Whether `value` lies in the interval, its ends included.
    public func contains(_ value: Double) -> Bool { lowerBound <= value && value <= upperBound }

    public init(from decoder: Decoder) throws {
        var container = try decoder.unkeyedContainer()
        let lower = try container.decode(Double.self), upper = try container.decode(Double.self)
        guard container.isAtEnd, lower <= upper else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "an interval is [lower, upper]"))
        }
        self.init(lower, upper)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(lowerBound)
        try container.encode(upperBound)
    }
}
