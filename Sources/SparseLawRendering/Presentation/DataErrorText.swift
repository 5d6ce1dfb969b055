import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions
import SparseLawDesign

extension SourceLocation: CustomStringConvertible {
    public var description: String {
        switch kind {
        case .line: return "line \(value)"
        case .record: return "record \(value)"
        case .rowID: return "row id \"\(value)\""
        case .byteOffset: return "byte offset \(value)"
        }
    }
}

extension DataError: CustomStringConvertible {
    /// `FILE, line 12, field "loss" (column "val-loss"): "abc" is not a number`.
    public var description: String {
        var parts = [displayedPath(file)]
        if let location { parts.append(location.description) }
        if let field { parts.append("field \(field)") }
        return escapedForMessage(parts.joined(separator: ", ") + ": " + problem.message)
    }
}

extension NumberParser.Failure: CustomStringConvertible {
    public var description: String {
        switch self {
        case .empty: return "value is empty"
        case .notANumber(let text):
            if NumberParser.looksHexadecimal(text) {
                return "\(quotedExcerpt(text)) is not a number: hexadecimal is not accepted, write the value in decimal (e.g. 16, 1e9, 125M)"
            }
            return "\(quotedExcerpt(text)) is not a number"
        case .percentNotAllowed(let text):
            return "\(quotedExcerpt(text)) is a percentage, which only sparsity and density accept"
        }
    }
}

extension InputProblem {
    /// The reason, for people: the message of the stage's problem.
    public var message: String {
        switch self {
        case let problem as FileProblem: return problem.message
        case let problem as ReaderProblem: return problem.message
        case let problem as LawProblem: return problem.message
        case let problem as CandidateProblem: return problem.message
        default: return code
        }
    }
}

extension FileProblem {
    /// The reason, for people, naming the option that would fix it where one does.
    public var message: String {
        switch self {
        case .noSuchFile: return "no such file"
        case .unreadable: return "cannot be read"
        case .isDirectory: return "is a directory"
        case .empty: return "the file is empty"
        case .onlyWhiteSpace: return "the file is empty (only white space)"
        case .invalidUTF16: return "the file starts with a UTF-16 byte-order mark but is not valid UTF-16"
        case .binary(let offset): return "the file is not text (a NUL byte at offset \(offset)): is it a binary file?"
        case .invalidUTF8: return "the file is not valid UTF-8 text: is it a binary file, or in another encoding?"
        case .unsupportedEncoding(let encoding):
            return "the file is \(encoding.rawValue) text, which is not read: re-save it as UTF-8 (or UTF-16 with a byte-order mark)"
        case .endOfFileMark:
            return "the file ends with ^Z (0x1A), the end-of-file mark of old DOS tools: remove it"
        case let .tooLarge(size, limit):
            return "the file has \(size) bytes, more than the limit of \(limit) (\(compactCount(Double(limit)))B): raise it with --max-input-size if the file is meant to be this large"
        case .notAFile: return "is a device or a socket, not a file"
        case .symbolicLinkLoop: return "is a chain of symbolic links that does not end (a link that leads back to itself)"
        case .duplicateJSONKey(let duplicate):
            let lines = duplicate.firstLine == duplicate.line ? "twice on line \(duplicate.line)" : "on lines \(duplicate.firstLine) and \(duplicate.line)"
            return "the key \"\(duplicate.key)\" is written \(lines) of one object: which value is meant is not known (readers differ), so the file is not read; keep one"
        case .jsonTooDeep(let limit): return "arrays and objects are nested more than \(limit) deep, more than the JSON decoder reads"
        }
    }
}

extension ReaderProblem {
    /// The reason, for people, naming the option that would fix it where one does.
    public var message: String {
        switch self {
        case .noLogsInFolder(let skipped):
            let named = "no logs in this folder (files named *.csv, *.tsv, *.jsonl, *.json or events.out.tfevents.*, in it or in its subfolders)"
            return skipped.isEmpty ? named : named + "; skipped: " + abbreviatedList(skipped)
        case .unclosedQuote: return "a quoted field opened on this line is never closed (unbalanced \")"
        case let .duplicateHeader(name, columns):
            return columns.isEmpty ? "duplicate header \"\(name)\""
                : "duplicate header \"\(name)\" (columns \(columns.map(String.init).joined(separator: " and ")))"
        case let .runNamedByFilesInTwoFolders(name, earlierFile):
            return "this history and \(earlierFile), in another folder, are both named \"\(name)\" by their files: two runs would be merged into one (a resumed run's files share one folder); give the runs a run column, or rename one"
        case let .columnSpelledDifferently(name, earlierFile):
            return "column \"\(name)\" is spelt as in \(earlierFile) but in other bytes (Unicode normalization, NFC against NFD): rename one so that the files agree"
        case let .raggedRow(count, expected, headerLine):
            if let headerLine {
                return "\(count) field\(count == 1 ? "" : "s") where the header on line \(headerLine) has \(expected) (ragged row)"
            }
            return "\(count) values where \"columns\" names \(expected) (ragged row)"
        case .headerWithoutRows: return "the file has a header but no data rows"
        case .lineNotObject: return "expected a JSON object ({...}) on each line"
        case .recordNotObject: return "expected a JSON object ({...}) for each record"
        case .singleJSONValue: return "expected a JSON array of records or a pandas DataFrame object, found a single value"
        case .invalidJSON(let detail): return "not valid JSON" + (detail.map { ": \($0)" } ?? " (truncated or malformed)")
        case .jsonNumberBeyondDouble(let literal):
            return "\(quotedExcerpt(literal)) is beyond the largest number that can be held (about 1.8e308)"
        case .pandasColumnNotObject: return "expected pandas' column layout {\"column\": {\"row id\": value}}, but this column is not an object"
        case .columnNameNotString: return "column names must be strings"
        case .splitRowNotArray: return "each entry of \"data\" must be an array"
        case .jsonLayout(let problem): return problem.message
        case let .eventFile(problem, offset): return "damaged event record: \(problem.message) (at byte \(offset))"
        case .noScalars(let tags):
            return "no scalar summaries in this event file" + (tags.isEmpty ? "" : " (only \(quotedList(tags)), which are not scalars)")
        case .fieldDefinedTwice: return "--column defines this field twice"
        case let .unknownColumn(definition, column, columns, suggestion):
            var reason = "--column \(definition): no column \"\(column)\"; the columns are \(quotedList(columns))"
            if let suggestion {
                reason += ". A name with / - + * ( ) or spaces in it must be quoted in backticks: `\(suggestion)`"
            }
            return reason
        case let .unknownLossColumn(name, columns):
            return "--loss-column \"\(name)\": no such column; the columns are \(quotedList(columns))"
        case .severalEvaluationLosses(let columns):
            return "\(columns.count) columns hold an evaluation loss: \(quotedList(columns)); choose one with --loss-column, e.g. --loss-column '\(columns[0])'"
        case let .ambiguousColumns(field, columns):
            let option = field == .loss ? "--loss-column NAME" : "--column '\(field.rawValue)=`\(columns[0])`'"
            return "several columns end in a name of this field: \(quotedList(columns)); choose one with \(option)"
        case .rowFilter(let problem): return problem.message
        case let .noRowsLeft(read, filtered, withoutLoss, withoutData):
            var parts: [String] = []
            if filtered > 0 { parts.append("\(filtered) left out by --where") }
            if withoutLoss > 0 { parts.append("\(withoutLoss) without a loss") }
            if withoutData > 0 { parts.append("\(withoutData) at zero data") }
            return "no rows left of the \(read) read" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", "))
        case let .missingField(field, aliases, columns, stepsColumn, hasCompute):
            var reason = "no column for this field (looked for \(aliases.prefix(6).joined(separator: ", ")), ...); the columns are \(quotedList(columns)). Define it with --column \(field.rawValue)=EXPR"
            if let stepsColumn { reason += ", e.g. --column 'tokens=\(stepsColumn)*TOKENS_PER_STEP'" }
            if hasCompute { reason += ", e.g. tokens = FLOPs / (6 * params)" }
            return reason
        case .missingValue: return "the value is missing"
        case let .unusableValue(kind, expectedName): return "\(kind) where a \(expectedName ? "name" : "number") was expected"
        case .number(let failure): return failure.description
        case let .nonFinite(text, isNaN):
            return "the value\(text.map { " " + quotedExcerpt($0) } ?? "") is \(isNaN ? "NaN" : "infinite")"
        case .sparsityOutOfRange(let sparsity):
            var reason = "sparsity \(sparsity) is outside [0, 1)"
            if sparsity > 1, sparsity < 100 { reason += "; if it is a percentage, write \(sparsity)% or --column 'sparsity=COLUMN/100'" }
            if sparsity == 1 { reason += " (a fully pruned model has no parameters)" }
            return reason
        case .notPositive(let value): return "\(value) is not positive"
        case let .dropLeavesNoRuns(drop, runs): return "--drop-highest-loss \(drop) would leave no runs of \(runs)"
        case .metadataWithoutRunColumn(let columns):
            return "run metadata needs a column of run names (\(RunField.run.aliases.prefix(4).joined(separator: ", ")), ...); the columns are \(quotedList(columns))"
        case let .duplicateRunName(name, first): return "run \"\(name)\" is listed twice (first on \(first))"
        }
    }
}

extension LawProblem {
    /// The reason, for people, naming the option that would fix it where one does.
    public var message: String {
        switch self {
        case let .missingCoefficient(_, form):
            return "missing (a \(form.rawValue) law has \(form.coefficientNames.joined(separator: ", ")))"
        case .coefficientNotPositive(let value): return "\(value) is not a positive number"
        case .coefficientNegative(let value): return "\(value) is below 0 (a coefficient other than an exponent may be 0, no less)"
        case .replicateShape(let expected): return "expected \(expected) numbers: positive exponents, the other coefficients positive or 0"
        case .missingKey: return "missing"
        case .wrongType(let detail): return "wrong type: \(detail)"
        case .notALawFile(let detail):
            return detail.map { "not a law file: \($0)" } ?? "not a law file (a JSON object with \"form\" and \"coefficients\")"
        case .numberBeyondDouble(let literal):
            return "\(quotedExcerpt(literal)) is beyond the largest number that can be held (about 1.8e308)"
        case .unknownLawForm(let written):
            return "\(quotedExcerpt(written)) is not a law form (\(LawForm.allCases.map(\.rawValue).joined(separator: ", ")))"
        case let .outOfBounds(value, bounds): return ValueError.outOfBounds(value, bounds).description
        case let .spanInverted(min, max): return "the minimum \(numberText(min)) is above the maximum \(numberText(max))"
        case let .notAWholeNumber(value, minimum, maximum):
            // The bounds of the integer types, 2^63 and 2^64 as doubles, are written as the integers.
            let upper = maximum == Double(UInt64.max) ? " to \(UInt64.max)" : maximum == Double(Int.max) ? "" : " to \(numberText(maximum))"
            return "\(numberText(value)) is not a whole number " + (upper.isEmpty ? "of at least \(numberText(minimum))" : "from \(numberText(minimum))" + upper)
        case let .countOutOfRange(count, minimum, maximum):
            if count < 0, minimum == 0 { return "\(count) is negative: a count is zero or more" }
            return "\(count) is outside \(minimum)...\(maximum.map(String.init) ?? "")"
        case .unknownLaw(let presets): return "no such law file, and no law of that name (laws by name: \(presets.joined(separator: ", ")))"
        case .lawFolderUnlistable(let variable): return "\(variable) names this folder, which cannot be listed"
        case let .unsupportedSchema(found, supported): return "\"\(found)\" is not a law file this version reads (\(supported))"
        case let .replicateCount(count, expected): return "\(count) rows for \(expected) replicates"
        case let .duplicatePattern(pattern, first):
            return "pattern \"\(escapedForMessage(pattern))\" is given twice (also patterns[\(first)]; names are compared ignoring case and Unicode normalization): which constant is meant is not known; keep one"
        case .emptyPatternName: return "the pattern's name is empty"
        case let .unknownPattern(pattern, known):
            return "the law has no constant for pattern \"\(pattern)\" (" + (known.isEmpty ? "it was fitted on unstructured runs only" : "its patterns: " + known.joined(separator: ", ")) + ")"
        case .sparsityForDenseLaw(let sparsity):
            return "sparsity \(numberText(sparsity)): a dense law says nothing about sparsity (use a sparse law, or sparsity 0)"
        case .lawNotFinite: return "the law is not finite here: the query is outside what it can describe"
        case .replicateNotFinite(let replicate):
            return "bootstrap replicate \(replicate + 1) of the law is not finite here: its coefficients overflow at this query, and no interval can be given"
        case .patternWithoutSparsity(let pattern):
            return "pattern \"\(escapedForMessage(pattern))\" at sparsity 0: a run of sparsity 0 is dense, and the pattern's constant describes its sparse runs; give the sparsity of the pattern (0.5 for 2:4), or no pattern for a dense run"
        case .replicatesWithoutPattern(let pattern):
            return "the law's bootstrap replicates have no constant for pattern \"\(pattern)\" (the law file was written before they were kept), so no interval can be given: refit with --bootstrap"
        }
    }
}

/// `"a", "b"` and, past `limit`, how many more.
func abbreviatedList(_ names: [String], limit: Int = 8) -> String {
    names.count <= limit ? quotedList(names) : quotedList(Array(names.prefix(limit))) + " and \(names.count - limit) more"
}

/// `"a", "b", "c"`.
func quotedList(_ names: [String]) -> String {
    names.map { "\"\(escapedForMessage($0))\"" }.joined(separator: ", ")
}

/// A value for a message: quoted, and cut to its first 40 characters when longer, so that a
/// megabyte-long field cannot flood the terminal.
func quotedExcerpt(_ raw: String) -> String {
    let text = escapedForMessage(raw)
    return text.count <= 40 ? "\"\(text)\"" : "\"\(text.prefix(40))...\" (\(text.count) characters)"
}

extension OutputError: CustomStringConvertible {
    public var description: String {
        if case .isInput(let input) = problem, input == file {
            return "\(escapedForMessage(file)): is this run's input: writing it would destroy it; choose another name"
        }
        return "\(escapedForMessage(displayedPath(file))): \(problem.message)"
    }
}

/// A path as messages name it: an empty one as `""`, so that a message never starts with a bare
/// colon that names nothing.
func displayedPath(_ path: String) -> String {
    path.isEmpty ? "\"\" (an empty path)" : path
}

extension OutputProblem {
    public var message: String {
        switch self {
        case .noDirectory(let directory): return "cannot be written: no directory \(directory)"
        case .cannotCreate(let reason): return "cannot be written (\(reason))"
        case .writeFailed(let reason): return "write failed: \(reason)"
        case .cannotReplace(let reason): return "cannot be put in place: \(reason)"
        case .notARegularFile(let kind):
            return "is \(kind.phrase), not a regular file: it is left as it is; write the output to a file"
        case .isInput(let input):
            return input == "" ? "is one of this run's inputs: writing it would destroy it; choose another name"
                : "is the same file as this run's input \(escapedForMessage(input)): writing it would destroy it; choose another name"
        case .sameAsOtherOutput(let other):
            return "is the same file as another output of this run (\(escapedForMessage(other))): give each output its own name"
        case .symbolicLinkLoop: return "is a chain of symbolic links that does not end"
        case .emptyPath: return "give the name of a file"
        case .linkTargetNotUTF8(let target):
            return "is a symbolic link to \"\(target)\", a name that is not UTF-8 (bytes shown as \\xHH): it would be followed to another file than the one it names, so nothing is written; rename the file"
        }
    }
}

extension FileKind {
    /// "a directory", "a FIFO", ... for messages.
    public var phrase: String {
        switch self {
        case .missing: return "missing"
        case .regular: return "a regular file"
        case .directory: return "a directory"
        case .characterDevice: return "a character device"
        case .blockDevice: return "a block device"
        case .fifo: return "a FIFO (named pipe)"
        case .socket: return "a socket"
        case .other: return "a special file"
        case .symbolicLinkLoop: return "a chain of symbolic links that does not end"
        }
    }
}

extension UndecodableArgument: CustomStringConvertible {
    public var description: String {
        if let variable {
            return "the environment variable \(variable) (\"\(escaped)\") is not UTF-8 (bytes shown as \\xHH): it would name another folder than the one given, so nothing is read; rename the folder"
        }
        return "argument \(position) (\"\(escaped)\") is not UTF-8 (bytes shown as \\xHH): it would stand for other text than the one given (a path would name another file), so nothing is read or written; rename the file, or write the text in UTF-8"
    }
}
