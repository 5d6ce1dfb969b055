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
    /// A name that is neither a file nor a law found by name (`presets`: the names known).
    case unknownLaw(presets: [String])
    /// The folder of added laws, named by an environment variable, cannot be listed.
    case lawFolderUnlistable(variable: String)
    /// A law file written under another schema (another kind of output, or a later version).
    case unsupportedSchema(found: String, supported: String)
    /// Pattern constants for `count` replicates where the law has `expected`.
    case replicateCount(count: Int, expected: Int)

    // Queries of a law.
    /// A structured pattern the law has no constant for.
    case unknownPattern(pattern: String, known: [String])
    /// A sparse query of a dense law.
    case sparsityForDenseLaw(Double)
    /// The law is not finite at the query.
    case lawNotFinite

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
        case .unknownLaw: return "law.unknown"
        case .lawFolderUnlistable: return "law.folder-unlistable"
        case .unsupportedSchema: return "law.unsupported-schema"
        case .replicateCount: return "law.replicate-count"
        case .unknownPattern: return "query.unknown-pattern"
        case .sparsityForDenseLaw: return "query.sparsity-for-dense-law"
        case .lawNotFinite: return "query.not-finite"
        }
    }
}
