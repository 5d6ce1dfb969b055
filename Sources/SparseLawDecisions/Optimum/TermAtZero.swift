import SparseLawCore
import SparseLawReader
import SparseLawLaws

/// A term of the law that a fit left at exactly 0, where a question trades it against another.
///
/// The optimal sparsity trades the sparsity term aS (1 - S)^bS N^-bN against the data term
/// (aD / D)^bD through the budget; a plan trades the size term (aS (1 - S)^bS + cS) N^-bN
/// (A N^-alpha for a dense law) against the data term ((B / D)^beta). With either term at 0 the
/// trade has one side: the loss does not move with it, and there is nothing to optimize.
public struct TermAtZero: Error, Diagnostic {
    /// What is traded, and so which terms must be there.
    public enum Question: String, Sendable {
        /// Sparsity against compute (`optimal`, `contours`): aS and aD.
        case optimalSparsity
        /// Model size against data (`plan`): aD and aS + cS, or B and A.
        case plan
    }

    /// The part of the loss that does not move.
    public enum Term: String, Sendable {
        case sparsity, size, data
    }

    public var question: Question
    public var term: Term
    /// The coefficient, or sum of coefficients, at 0, as the law names it.
    public var coefficient: String
    /// The law as its asker named it.
    public var law: String

    /// The first term `question` needs that `law` has at 0, in the order of `neededTerms`; nil
    /// when every one is there. `name` is the law as its asker named it.
    public init?(law: ScalingLaw, name: String, question: Question) {
        guard let zero = Self.neededTerms(of: law, for: question).first(where: { $0.value == 0 }) else { return nil }
        self.question = question
        term = zero.term
        coefficient = zero.coefficient
        self.law = name
    }

    /// The coefficients of the terms `question` trades, in the order they are checked.
    static func neededTerms(of law: ScalingLaw, for question: Question) -> [(term: Term, coefficient: String, value: Double)] {
        switch (law, question) {
        case (.sparse(let sparse), .optimalSparsity): return [(.sparsity, "aS", sparse.aS), (.data, "aD", sparse.aD)]
        case (.sparse(let sparse), .plan): return [(.data, "aD", sparse.aD), (.size, "aS + cS", sparse.aS + sparse.cS)]
        case (.dense(let dense), .plan): return [(.data, "B", dense.B), (.size, "A", dense.A)]
        // A dense law has no sparsity to optimize: it is refused for that, not for a term.
        case (.dense, .optimalSparsity): return []
        }
    }

    public var code: String { "query.term-at-zero" }

    public var values: [String: JSONValue] {
        ["coefficient": .text(coefficient), "term": .text(term.rawValue), "law": .text(law)]
    }
}
