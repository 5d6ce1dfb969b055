import ArgumentParser
import SparseLaw

// Every option's value is read with the project's number syntax (`ValueSyntax`, the run logs'
// `NumberParser`) and checked against its bounds as it is parsed. A refusal reads
//   error: the value '-1' is invalid for '--params <n>': -1 is negative: the value must be positive
// Numeric options parse `.unconditional`ly, so that `--params -1` is the value -1 (refused for
// its sign), not a missing value followed by an unknown option.

/// One number with the reader's syntax (`1e9`, `125M`).
struct Quantity: ExpressibleByArgument, Sendable, CustomStringConvertible {
    var value: Double

    init?(argument: String) {
        guard let value = try? ValueSyntax.number(argument, allowPercent: true) else { return nil }
        self.value = value
    }

    init(_ value: Double) {
        self.value = value
    }

    var defaultValueDescription: String { numberText(value) }
    var description: String { numberText(value) }

    /// A parser for `@Option(transform:)`: a finite number inside `bounds` (any finite number when nil).
    static func parser(_ bounds: ValueBounds? = nil, percent: Bool = false) -> @Sendable (String) throws -> Quantity {
        { text in
            if let bounds { return Quantity(try ValueSyntax.number(text, in: bounds, allowPercent: percent)) }
            return Quantity(try ValueSyntax.number(text, allowPercent: percent))
        }
    }
}

/// A comma-separated list of numbers on the command line, with the reader's number syntax
/// (`2e6,12M,1.3B`).
struct NumberList: ExpressibleByArgument, Sendable, CustomStringConvertible {
    var values: [Double]

    init?(argument: String) {
        guard let values = try? ValueSyntax.list(argument, item: { text throws(ValueError) in try ValueSyntax.number(text, allowPercent: true) }) else { return nil }
        self.values = values
    }

    init(_ values: [Double]) {
        self.values = values
    }

    var defaultValueDescription: String { values.map { numberText($0) }.joined(separator: ",") }
    var description: String { defaultValueDescription }

    /// A parser for `@Option(transform:)`: every item inside `bounds`.
    static func parser(_ bounds: ValueBounds, percent: Bool = false) -> @Sendable (String) throws -> NumberList {
        { text in
            NumberList(try ValueSyntax.list(text, item: { item throws(ValueError) in try ValueSyntax.number(item, in: bounds, allowPercent: percent) }))
        }
    }
}

/// `MIN:MAX`, both positive, with the reader's number syntax.
struct PositiveRange: Sendable, CustomStringConvertible {
    var range: ClosedRange<Double>

    static let parser: @Sendable (String) throws -> PositiveRange = { text in PositiveRange(range: try ValueSyntax.positiveRange(text)) }

    var description: String { "\(numberText(range.lowerBound)):\(numberText(range.upperBound))" }
}

/// `NxM`, the grid's points along N and along C.
struct GridSize: Sendable, CustomStringConvertible {
    var params: Int
    var compute: Int

    static let parser: @Sendable (String) throws -> GridSize = { text in
        let (params, compute) = try ValueSyntax.grid(text)
        return GridSize(params: params, compute: compute)
    }

    var description: String { "\(params)x\(compute)" }
}

/// Whole-number options (`--points 64`, `--bootstrap 1k`) and seeds.
enum WholeNumber {
    static func parser(_ range: ClosedRange<Int>) -> @Sendable (String) throws -> Int {
        { text in try ValueSyntax.wholeNumber(text, in: range) }
    }

    static let seed: @Sendable (String) throws -> UInt64 = { text in try ValueSyntax.seed(text) }
}

/// The largest input file, in bytes (`--max-input-size 1G`), shared by every command that reads
/// a run log or a law file.
struct InputSizeOption: ParsableArguments {
    @Option(parsing: .unconditional,
            help: ArgumentHelp("The largest run log or law file read, in bytes (default 256M = 256,000,000); raise it for larger files, up to 4294967295.", valueName: "bytes"),
            transform: WholeNumber.parser(1...Limits.largestInputBytes))
    var maxInputSize: Int = Limits.inputBytes
}
