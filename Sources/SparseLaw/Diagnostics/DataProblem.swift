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
    /// A folder with no file named like a log (the files and folders skipped in it).
    case noLogsInFolder(skipped: [String])

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
    /// A JSON layout the reader recognized (trainer state, pandas `table`) with content that does
    /// not follow it.
    case jsonLayout(JSONLayoutProblem)

    // TensorBoard event files.
    /// A damaged record or Event; the location is the record's byte offset, `offset` the byte of
    /// the problem itself.
    case eventFile(EventFileProblem, offset: Int)
    /// An event file with no scalar summaries (the tags of the others).
    case noScalars(skippedTags: [String])

    // Fields of runs.
    case fieldDefinedTwice
    /// A `NAME=EXPR` definition reads a column the table does not have; `suggestion` is a column
    /// whose name the expression split at an operator (`eval/loss` read as `eval / loss`).
    case unknownColumn(definition: String, column: String, columns: [String], suggestion: String?)
    /// The loss column named by the user is not in the table.
    case unknownLossColumn(name: String, columns: [String])
    /// Several columns hold an evaluation loss and none was chosen.
    case severalEvaluationLosses(columns: [String])
    /// Several dotted or prefixed columns end in the same field name (`model.n_params`,
    /// `teacher.n_params`).
    case ambiguousColumns(field: RunField, columns: [String])
    /// A row condition that cannot be applied (unknown column, text compared with a number).
    case rowFilter(RowFilterProblem)
    /// Rows were read but none is left: `filtered` removed by the row condition, `withoutLoss`
    /// history rows without a loss, `withoutData` history rows at zero data.
    case noRowsLeft(read: Int, filtered: Int, withoutLoss: Int, withoutData: Int)
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

    // Run metadata.
    /// A metadata table without a column of run names.
    case metadataWithoutRunColumn(columns: [String])
    /// A run name the metadata lists twice (the first row's location).
    case duplicateRunName(name: String, first: SourceLocation)

    // Law files.
    case missingCoefficient(name: String, form: LawForm)
    case coefficientNotPositive(Double)
    /// A coefficient other than an exponent below 0 (0 itself is a term a fit found absent).
    case coefficientNegative(Double)
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
        case .unsupportedEncoding: return "data.unsupported-encoding"
        case .endOfFileMark: return "data.end-of-file-mark"
        case .tooLarge: return "data.too-large"
        case .notAFile: return "data.not-a-file"
        case .noLogsInFolder: return "data.no-logs-in-folder"
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
        case .jsonLayout: return "data.json-layout"
        case .eventFile: return "data.event-file"
        case .noScalars: return "data.no-scalars"
        case .fieldDefinedTwice: return "data.field-defined-twice"
        case .unknownColumn: return "data.unknown-column"
        case .unknownLossColumn: return "data.unknown-loss-column"
        case .severalEvaluationLosses: return "data.several-evaluation-losses"
        case .ambiguousColumns: return "data.ambiguous-columns"
        case .rowFilter: return "data.row-filter"
        case .noRowsLeft: return "data.no-rows-left"
        case .missingField: return "data.missing-field"
        case .missingValue: return "data.missing-value"
        case .unusableValue: return "data.unusable-value"
        case .number: return "data.not-a-number"
        case .nonFinite: return "data.non-finite"
        case .sparsityOutOfRange: return "data.sparsity-out-of-range"
        case .notPositive: return "data.not-positive"
        case .dropLeavesNoRuns: return "data.drop-leaves-no-runs"
        case .metadataWithoutRunColumn: return "data.metadata-without-run-column"
        case .duplicateRunName: return "data.duplicate-run-name"
        case .missingCoefficient: return "law.missing-coefficient"
        case .coefficientNotPositive: return "law.coefficient-not-positive"
        case .coefficientNegative: return "law.coefficient-negative"
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
        case .lawFolderUnlistable: return "law.folder-unlistable"
        case .unsupportedSchema: return "law.unsupported-schema"
        case .replicateCount: return "law.replicate-count"
        case .unknownPattern: return "query.unknown-pattern"
        case .sparsityForDenseLaw: return "query.sparsity-for-dense-law"
        case .lawNotFinite: return "query.not-finite"
        }
    }
}
