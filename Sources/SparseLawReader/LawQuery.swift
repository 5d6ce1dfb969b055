import SparseLawCore

/// A point at which to evaluate a law: N non-zero parameters at sparsity S, trained on D.
public struct LawQuery: Sendable, Hashable {
    /// N, non-zero parameters (> 0), in the law's unit.
    public var params: Double
    /// S in [0, 1).
    public var sparsity: Double
    /// D (> 0), in the law's unit of data.
    public var tokens: Double
    /// A structured (n:m) pattern whose fitted constant replaces the sparsity term; nil, or
    /// "unstructured", for unstructured sparsity.
    public var pattern: String?
    /// The query's name, when the file gives one.
    public var name: String?
    /// Where the query was read from; nil for queries made in code.
    public var source: SourceLocation?

    public init(params: Double, sparsity: Double = 0, tokens: Double, pattern: String? = nil, name: String? = nil, source: SourceLocation? = nil) {
        self.params = params
        self.sparsity = sparsity
        self.tokens = tokens
        self.pattern = pattern
        self.name = name
        self.source = source
    }

    /// The structured pattern, lower-cased; nil for unstructured sparsity and for dense queries.
    public var structuredPattern: String? {
        guard let pattern = pattern?.lowercased(), !["", "unstructured", "dense", "none"].contains(pattern) else { return nil }
        return pattern
    }
}
