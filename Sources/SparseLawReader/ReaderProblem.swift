import SparseLawCore

extension DataError {
    /// A refusal for a `ReaderProblem`, so that call sites name the case alone (`problem: .x`).
    public init(file: String, location: SourceLocation? = nil, field: String? = nil, problem: ReaderProblem) { self.init(file: file, location: location, field: field, problem: problem as any InputProblem) }
}

/// What is wrong with a run log (or a query log) as a table of runs: its layout, its JSON, its
/// event records, its fields and their values, its run metadata.
public enum ReaderProblem: InputProblem {
    /// A folder with no file named like a log (the files and folders skipped in it).
    case noLogsInFolder(skipped: [String])
    case unclosedQuote
    case duplicateHeader(name: String, columns: [Int])
    /// A column spelt like one of an earlier file's in other bytes (Unicode NFC and NFD): two
    /// columns to a reader that compares bytes, one to a person.
    case columnSpelledDifferently(name: String, earlierFile: String)
    /// Histories in two folders that their files name alike (`s1/190M.csv`, `s2/190M.csv`):
    /// two runs that one name would merge.
    case runNamedByFilesInTwoFolders(name: String, earlierFile: String)
    /// A row with `count` values where the header has `expected` (its line, when known).
    case raggedRow(count: Int, expected: Int, headerLine: Int?)
    case headerWithoutRows
    case lineNotObject
    case recordNotObject
    case singleJSONValue
    /// Malformed JSON, with the decoder's detail when it gave one.
    case invalidJSON(detail: String?)
    /// A number in JSON that no double can hold (`1e400`), as written.
    case jsonNumberBeyondDouble(String)
    case pandasColumnNotObject
    case columnNameNotString
    case splitRowNotArray
    /// A JSON layout the reader recognized (trainer state, pandas `table`) with content that does
    /// not follow it.
    case jsonLayout(JSONLayoutProblem)
    /// A damaged record or Event; the location is the record's byte offset, `offset` the byte of
    /// the problem itself.
    case eventFile(EventFileProblem, offset: Int)
    /// An event file with no scalar summaries (the tags of the others).
    case noScalars(skippedTags: [String])
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
    /// A metadata table without a column of run names.
    case metadataWithoutRunColumn(columns: [String])
    /// A run name the metadata lists twice (the first row's location).
    case duplicateRunName(name: String, first: SourceLocation)

    public var code: String {
        switch self {
        case .noLogsInFolder: return "data.no-logs-in-folder"
        case .unclosedQuote: return "data.unclosed-quote"
        case .duplicateHeader: return "data.duplicate-header"
        case .columnSpelledDifferently: return "data.column-spelled-differently"
        case .runNamedByFilesInTwoFolders: return "data.run-named-by-two-folders"
        case .raggedRow: return "data.ragged-row"
        case .headerWithoutRows: return "data.no-rows"
        case .lineNotObject: return "data.line-not-object"
        case .recordNotObject: return "data.record-not-object"
        case .singleJSONValue: return "data.single-json-value"
        case .invalidJSON: return "data.invalid-json"
        case .jsonNumberBeyondDouble: return "data.number-beyond-double"
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
        }
    }
}
