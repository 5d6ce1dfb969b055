/// What is wrong with a piece of input data: a run log, a law file or a number in either.
public enum DataProblem: Sendable, Equatable {
    // The file itself.
    case noSuchFile
    case unreadable
    case isDirectory
    case empty
    case onlyWhiteSpace
    case invalidUTF16
    /// A NUL byte at this offset: a binary file.
    case binary(nulOffset: Int)
    case invalidUTF8
    /// UTF-32, or UTF-16 without a byte-order mark: text, but in an encoding not read.
    case unsupportedEncoding(TextEncodingGuess)
    /// The text ends with ^Z (0x1A), an old DOS end-of-file mark.
    case endOfFileMark
    /// Larger than the limit on input files (both in bytes).
    case tooLarge(size: Int, limit: Int)
    /// A device or a socket, not a file to read.
    case notAFile

    // Tables.
    case unclosedQuote
    case duplicateHeader(name: String, columns: [Int])
    /// A row with `count` values where the header has `expected` (its line, when known).
    case raggedRow(count: Int, expected: Int, headerLine: Int?)
    case headerWithoutRows

    // JSON layouts.
    case lineNotObject
    case recordNotObject
    case singleJSONValue
    /// Malformed JSON, with the decoder's detail when it gave one.
    case invalidJSON(detail: String?)
    case pandasColumnNotObject
    case columnNameNotString
    case splitRowNotArray

    // Fields of runs.
    case fieldDefinedTwice
    /// A `NAME=EXPR` definition reads a column the table does not have.
    case unknownColumn(definition: String, column: String, columns: [String])
    /// No column gives the field; `stepsColumn` and `hasCompute` say what could define it.
    case missingField(field: RunField, aliases: [String], columns: [String], stepsColumn: String?, hasCompute: Bool)
    case missingValue
    /// A JSON boolean, array or object where a number (or a name) was expected.
    case unusableValue(kind: String, expectedName: Bool)
    case number(NumberParser.Failure)
    /// A value (quoted from the file when it was text) that is NaN or infinite.
    case nonFinite(text: String?, isNaN: Bool)
    case sparsityOutOfRange(Double)
    case notPositive(Double)
    case dropLeavesNoRuns(drop: Int, runs: Int)

    // Law files.
    case missingCoefficient(name: String, form: LawForm)
    case coefficientNotPositive(Double)
    case replicateShape(expected: Int)
    case missingKey
    case wrongType(detail: String)
    case notALawFile(detail: String?)
    /// A number no double can hold (`1e400`), as written.
    case numberBeyondDouble(String)
    /// A `form` that is neither sparse nor dense, as written.
    case unknownLawForm(String)
    /// A number outside the interval its field allows.
    case outOfBounds(Double, ValueBounds)
    /// A span whose minimum is above its maximum.
    case spanInverted(min: Double, max: Double)
    /// A count outside `minimum...maximum` (no upper bound when nil).
    case countOutOfRange(Int, minimum: Int, maximum: Int?)
    case unknownLaw(presets: [String])
    case presetMissing(name: String)

    /// A stable identifier of the problem, `data.kebab-case`.
    public var code: String {
        switch self {
        case .noSuchFile: return "data.no-such-file"
        case .unreadable: return "data.unreadable"
        case .isDirectory: return "data.is-directory"
        case .empty: return "data.empty"
        case .onlyWhiteSpace: return "data.only-white-space"
        case .invalidUTF16: return "data.invalid-utf16"
        case .binary: return "data.binary"
        case .invalidUTF8: return "data.invalid-utf8"
        case .unsupportedEncoding: return "data.unsupported-encoding"
        case .endOfFileMark: return "data.end-of-file-mark"
        case .tooLarge: return "data.too-large"
        case .notAFile: return "data.not-a-file"
        case .unclosedQuote: return "data.unclosed-quote"
        case .duplicateHeader: return "data.duplicate-header"
        case .raggedRow: return "data.ragged-row"
        case .headerWithoutRows: return "data.no-rows"
        case .lineNotObject: return "data.line-not-object"
        case .recordNotObject: return "data.record-not-object"
        case .singleJSONValue: return "data.single-json-value"
        case .invalidJSON: return "data.invalid-json"
        case .pandasColumnNotObject: return "data.pandas-column-not-object"
        case .columnNameNotString: return "data.column-name-not-string"
        case .splitRowNotArray: return "data.split-row-not-array"
        case .fieldDefinedTwice: return "data.field-defined-twice"
        case .unknownColumn: return "data.unknown-column"
        case .missingField: return "data.missing-field"
        case .missingValue: return "data.missing-value"
        case .unusableValue: return "data.unusable-value"
        case .number: return "data.not-a-number"
        case .nonFinite: return "data.non-finite"
        case .sparsityOutOfRange: return "data.sparsity-out-of-range"
        case .notPositive: return "data.not-positive"
        case .dropLeavesNoRuns: return "data.drop-leaves-no-runs"
        case .missingCoefficient: return "law.missing-coefficient"
        case .coefficientNotPositive: return "law.coefficient-not-positive"
        case .replicateShape: return "law.replicate-shape"
        case .missingKey: return "law.missing-key"
        case .wrongType: return "law.wrong-type"
        case .notALawFile: return "law.not-a-law-file"
        case .numberBeyondDouble: return "law.number-beyond-double"
        case .unknownLawForm: return "law.unknown-form"
        case .outOfBounds: return "law.out-of-bounds"
        case .spanInverted: return "law.span-inverted"
        case .countOutOfRange: return "law.count-out-of-range"
        case .unknownLaw: return "law.unknown"
        case .presetMissing: return "law.preset-missing"
        }
    }
}
