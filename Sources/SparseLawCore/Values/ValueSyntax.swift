/// The values people write as arguments — a number, a whole number, a list, a range, a grid size —
/// read with the same number syntax as the run logs (`NumberParser`: `0.5`, `1e9`, `125M`,
/// `1,000,000`; no hexadecimal) and checked against their bounds, so that every argument is
/// either a finite value inside its limits or a `ValueError` that says which limit it broke.
public enum ValueSyntax {
    /// A finite number; with `allowPercent`, `50%` reads 0.5.
    public static func number(_ text: String, allowPercent: Bool = false) throws(ValueError) -> Double {
        let value: Double
        switch NumberParser.parse(text, allowPercent: allowPercent) {
        case .success(let parsed): value = parsed
        case .failure(let failure): throw .notANumber(failure)
        }
        guard value.isFinite else { throw .notFinite(String(text.trimmingSpaces())) }
        return value
    }

    /// A finite number inside `bounds`.
    public static func number(_ text: String, in bounds: ValueBounds, allowPercent: Bool = false) throws(ValueError) -> Double {
        let value = try number(text, allowPercent: allowPercent)
        guard bounds.contains(value) else { throw .outOfBounds(value, bounds) }
        return value
    }

    /// A whole number in `range`: `1000`, `1k`, `1e3` and `1,000` are the same.
    public static func wholeNumber(_ text: String, in range: ClosedRange<Int>) throws(ValueError) -> Int {
        let value = try number(text)
        guard value == value.rounded() else { throw .notWhole(value) }
        // Int(exactly:) refuses 2^63, which Double(Int.max) rounds to.
        guard value >= Double(range.lowerBound), value <= Double(range.upperBound), let whole = Int(exactly: value),
              range.contains(whole) else {
            throw .wholeNumberOutOfRange(value, range)
        }
        return whole
    }

    /// A seed: any whole number from 0 to 2^64 - 1. Plain digits are read exactly (a double holds
    /// whole numbers exactly only up to 2^53); other spellings (`1k`, `1e6`) up to 2^53.
    public static func seed(_ text: String) throws(ValueError) -> UInt64 {
        let trimmed = text.trimmingSpaces()
        let digits = trimmed.filter { $0 != "_" && $0 != "," }
        if !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), case .success = NumberParser.parse(trimmed, allowPercent: false) {
            guard let exact = UInt64(digits) else { throw .seedOutOfRange(try number(text)) }
            return exact
        }
        let value = try number(text)
        guard value == value.rounded() else { throw .notWhole(value) }
        guard value >= 0, value <= 9_007_199_254_740_992 else { throw .seedOutOfRange(value) }
        // Exact: a whole double in [0, 2^53].
        return UInt64(value)
    }

    /// Comma-separated numbers, each read by `item`: `2M,8M,32M`. Digit grouping with commas
    /// cannot be used inside a list (the comma separates the values).
    public static func list(_ text: String, item: (String) throws(ValueError) -> Double) throws(ValueError) -> [Double] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
        guard !text.trimmingSpaces().isEmpty else { throw .emptyList }
        var values: [Double] = []
        for (index, piece) in items.enumerated() {
            guard !piece.trimmingSpaces().isEmpty else { throw .listItem(position: index + 1, .notANumber(.empty)) }
            do throws(ValueError) { values.append(try item(String(piece))) } catch { throw .listItem(position: index + 1, error) }
        }
        return values
    }

    /// `MIN:MAX` with 0 < MIN < MAX, both finite.
    public static func positiveRange(_ text: String) throws(ValueError) -> ClosedRange<Double> {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw .rangeSyntax(text) }
        let low: Double, high: Double
        do throws(ValueError) { low = try number(String(parts[0]), in: .positive) } catch { throw .rangeEnd(.lower, error) }
        do throws(ValueError) { high = try number(String(parts[1]), in: .positive) } catch { throw .rangeEnd(.upper, error) }
        guard low < high else { throw .rangeInverted(low: low, high: high) }
        return low...high
    }

    /// `NxM`: at least 2 points along each axis, at most `Limits.gridPoints` in all.
    public static func grid(_ text: String) throws(ValueError) -> (first: Int, second: Int) {
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "x" || $0 == "X" })
        guard parts.count == 2 else { throw .gridSyntax(text) }
        var sides: [Double] = []
        for (index, part) in parts.enumerated() {
            let value: Double
            do throws(ValueError) { value = try number(String(part)) } catch { throw .gridSide(position: index + 1, error) }
            guard value == value.rounded() else { throw .gridSide(position: index + 1, .notWhole(value)) }
            sides.append(value)
        }
        // In doubles, so that no product can overflow.
        guard sides[0] >= 2, sides[1] >= 2, sides[0] * sides[1] <= Double(Limits.gridPoints) else {
            throw .gridSize(first: sides[0], second: sides[1])
        }
        return (Int(sides[0]), Int(sides[1]))
    }
}

/// An interval a number must lie in, each end open or closed (an infinite end is open).
public struct ValueBounds: Sendable, Equatable {
    public var lower: Double
    public var lowerIncluded: Bool
    public var upper: Double
    public var upperIncluded: Bool

    public init(lower: Double, lowerIncluded: Bool, upper: Double, upperIncluded: Bool) {
        self.lower = lower
        self.lowerIncluded = lowerIncluded
        self.upper = upper
        self.upperIncluded = upperIncluded
    }

    public func contains(_ value: Double) -> Bool {
        (lowerIncluded ? value >= lower : value > lower) && (upperIncluded ? value <= upper : value < upper)
    }

    /// (0, inf)
    public static let positive = ValueBounds(lower: 0, lowerIncluded: false, upper: .infinity, upperIncluded: false)
    /// [0, inf)
    public static let nonNegative = ValueBounds(lower: 0, lowerIncluded: true, upper: .infinity, upperIncluded: false)
    /// [0, 1): a sparsity.
    public static let sparsity = ValueBounds(lower: 0, lowerIncluded: true, upper: 1, upperIncluded: false)
    /// [0, 1]
    public static let unitInterval = ValueBounds(lower: 0, lowerIncluded: true, upper: 1, upperIncluded: true)
    /// (0, 1)
    public static let openUnitInterval = ValueBounds(lower: 0, lowerIncluded: false, upper: 1, upperIncluded: false)
}

/// Why an argument's value cannot be used. Rendered in the presentation layer; the command line
/// adds the option's name.
public indirect enum ValueError: Error, Sendable, Equatable {
    public enum RangeEnd: Sendable, Equatable { case lower, upper }

    case notANumber(NumberParser.Failure)
    /// `inf`, `nan`, or a number beyond the largest double (`1e400`), as written.
    case notFinite(String)
    case outOfBounds(Double, ValueBounds)
    case notWhole(Double)
    case wholeNumberOutOfRange(Double, ClosedRange<Int>)
    case seedOutOfRange(Double)
    case emptyList
    /// The item at `position` (from 1) of a comma-separated list.
    case listItem(position: Int, ValueError)
    case rangeSyntax(String)
    case rangeEnd(RangeEnd, ValueError)
    case rangeInverted(low: Double, high: Double)
    case gridSyntax(String)
    /// A side (1 or 2) of `NxM`.
    case gridSide(position: Int, ValueError)
    /// Fewer than 2 points along an axis, or more than `Limits.gridPoints` in all.
    case gridSize(first: Double, second: Double)

    public var code: String {
        switch self {
        case .notANumber: return "value.not-a-number"
        case .notFinite: return "value.not-finite"
        case .outOfBounds: return "value.out-of-bounds"
        case .notWhole: return "value.not-whole"
        case .wholeNumberOutOfRange: return "value.out-of-range"
        case .seedOutOfRange: return "value.seed-out-of-range"
        case .emptyList: return "value.empty-list"
        case .listItem(_, let inner): return inner.code
        case .rangeSyntax: return "value.range-syntax"
        case .rangeEnd(_, let inner): return inner.code
        case .rangeInverted: return "value.range-inverted"
        case .gridSyntax: return "value.grid-syntax"
        case .gridSide(_, let inner): return inner.code
        case .gridSize: return "value.grid-size"
        }
    }
}
