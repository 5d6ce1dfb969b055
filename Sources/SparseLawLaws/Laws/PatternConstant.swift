/// A structured pattern's fitted constant.
public struct PatternConstant: Sendable, Codable, Equatable {
    public var pattern: String
    /// q_p, the multiplier of N^-bN for runs of this pattern.
    public var q: Double
    public var standardError: Double?
    /// The unstructured sparsity whose factor aS (1-S)^bS + cS equals q_p; nil when q_p lies
    /// outside (cS, aS + cS): no better than dense above, beyond every unstructured sparsity below.
    public var equivalentSparsity: Double?

    public init(pattern: String, q: Double, standardError: Double?, equivalentSparsity: Double?) {
        self.pattern = pattern
        self.q = q
        self.standardError = standardError
        self.equivalentSparsity = equivalentSparsity
    }
}
