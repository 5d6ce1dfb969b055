import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions

extension ValueBounds: CustomStringConvertible {
    /// `[0, 1)`, `(0, inf)`.
    public var description: String {
        (lowerIncluded ? "[" : "(") + numberText(lower) + ", " + numberText(upper) + (upperIncluded ? "]" : ")")
    }
}

extension ValueError: CustomStringConvertible {
    /// The reason, without the option's name (the command line puts it in front).
    public var description: String { escapedForMessage(text) }

    private var text: String {
        switch self {
        case .notANumber(.empty): return "the value is empty"
        case .notANumber(let failure):
            return failure.description + (NumberParser.looksHexadecimal(failure.text) ? "" : " (numbers are written 0.5, 1e9, 125M, 1.3B or 1,000,000)")
        case .notFinite(let text):
            if NumberParser.nonFiniteWords.contains(text.lowercased()) { return "\(quotedExcerpt(text)) is not a finite number" }
            return "\(quotedExcerpt(text)) is beyond the largest number that can be held (about 1.8e308)"
        case let .outOfBounds(value, bounds):
            if bounds == .positive { return value < 0 ? "\(numberText(value)) is negative: the value must be positive" : "0 is not positive: the value must be positive" }
            if bounds.lower == 0, bounds.lowerIncluded, bounds.upper == .infinity { return "\(numberText(value)) is negative: the value must be zero or more" }
            return "\(numberText(value)) is outside \(bounds)"
        case .notWhole(let value): return "\(numberText(value, significant: 17)) is not a whole number"
        case let .wholeNumberOutOfRange(value, range):
            return "\(numberText(value)) is outside \(range.lowerBound)...\(range.upperBound)"
        case .seedOutOfRange(let value):
            return "\(numberText(value)) is outside 0...18446744073709551615 (write seeds above 2^53 as plain digits)"
        case .emptyList: return "the list is empty"
        case let .listItem(position, inner): return "item \(position) of the list: \(inner)"
        case .rangeSyntax(let text):
            return "\(quotedExcerpt(text)) is not a range: expected MIN:MAX with 0 < MIN < MAX, e.g. 1e6:1e10"
        case let .rangeEnd(end, inner): return "the range's \(end == .lower ? "lower" : "upper") end: \(inner)"
        case let .rangeInverted(low, high):
            return "the range \(numberText(low)):\(numberText(high)) is \(low == high ? "empty" : "inverted"): MIN must be below MAX"
        case .gridSyntax(let text):
            return "\(quotedExcerpt(text)) is not a grid size: expected NxM, e.g. 100x100"
        case let .gridSide(position, inner): return "the grid's \(position == 1 ? "first" : "second") number: \(inner)"
        case let .gridSize(first, second):
            return "a grid has at least 2 points along each axis and at most \(Limits.gridPoints) in all; \(numberText(first, significant: 17))x\(numberText(second, significant: 17)) has \(numberText(first * second, significant: 17))"
        }
    }
}

extension NumberParser.Failure {
    /// The text that failed to parse ("" when it was empty).
    var text: String {
        switch self {
        case .empty: return ""
        case .notANumber(let text), .percentNotAllowed(let text): return text
        }
    }
}
