import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions

extension FieldSource: CustomStringConvertible {
    public var description: String {
        switch self {
        case .column(let name): return "column \"\(name)\""
        case .complementOf(let name): return "1 - column \"\(name)\""
        case .totalParams(let name): return "column \"\(name)\" * (1 - sparsity)"
        case .expression(let text): return text
        case .assumedDense: return "0 (no sparsity column: dense runs)"
        }
    }
}

extension ReaderNote {
    public var message: String {
        switch self {
        case let .reducedCurves(runs, reduction):
            let kept = reduction == .last ? "the last row (most data)" : "the row of lowest loss"
            return "\(runs) run\(runs == 1 ? " has" : "s have") several rows (a loss curve): kept \(kept) of each (--reduce \(reduction.rawValue)). Intermediate checkpoints of a run with a decaying learning-rate schedule are not points of the law: train a separate run for each data budget."
        case .droppedHighestLoss(let count):
            return "dropped the \(count) run\(count == 1 ? "" : "s") of highest loss (--drop-highest-loss)"
        case .skippedFiles(let paths):
            return "skipped \(paths.count) file\(paths.count == 1 ? "" : "s") or folder\(paths.count == 1 ? "" : "s") that \(paths.count == 1 ? "is not a log" : "are not logs"): \(abbreviatedList(paths))"
        case .skippedSpecialFiles(let paths):
            return "skipped \(paths.count) pipe\(paths.count == 1 ? "" : "s"), socket\(paths.count == 1 ? "" : "s") or device\(paths.count == 1 ? "" : "s") in the folders (a scan reads regular files only; name one on the command line to read it): \(abbreviatedList(paths))"
        case .skippedUndecodableNames(let paths):
            return "skipped \(paths.count) file\(paths.count == 1 ? "" : "s") or folder\(paths.count == 1 ? "" : "s") whose name\(paths.count == 1 ? " is" : "s are") not UTF-8 (bytes shown as \\xHH; rename to read): \(abbreviatedList(paths))"
        case .skippedBrokenLinks(let paths):
            return "skipped \(paths.count) symbolic link\(paths.count == 1 ? "" : "s") in the folders that lead\(paths.count == 1 ? "s" : "") nowhere (a missing target, or a loop): \(abbreviatedList(paths))"
        case let .repeatedFiles(paths, readAs):
            let pairs = zip(paths, readAs).prefix(8).map { "\"\(escapedForMessage($0))\" (the file read as \"\(escapedForMessage($1))\")" }
            let more = paths.count > 8 ? " and \(paths.count - 8) more" : ""
            return "\(paths.count == 1 ? "a file" : "\(paths.count) files") reached a second time (named twice, or through a link) \(paths.count == 1 ? "was" : "were") read once, not twice: \(pairs.joined(separator: ", "))\(more)"
        case let .skippedSummaries(file, tags):
            return "\(file): summaries that are not scalars (histograms, images, text) are not read: \(abbreviatedList(tags))"
        case let .pandasOrientation(file, rowsAreOuterKeys, decidedByDefault):
            if decidedByDefault {
                return "\(file): nothing tells which keys are columns (no field names, no integer row ids); read as pandas' default orient=\"columns\", the outer keys being columns"
            }
            return "\(file): read as pandas orient=\"\(rowsAreOuterKeys ? "index" : "columns")\" (the outer keys are \(rowsAreOuterKeys ? "row ids" : "columns"))"
        case let .evaluationLossPreferred(column, training):
            return "the loss is the evaluation loss \"\(column)\", not the training loss \(quotedList(training)) (another column: --loss-column NAME)"
        case .assumedDense:
            return "no sparsity column: every run is read as dense (S = 0); give one with --column sparsity=EXPR or in --meta"
        case .rowsWithoutLoss(let count):
            return "\(count) row\(count == 1 ? "" : "s") of run histories without a loss (steps between evaluations) left out"
        case .rowsWithoutData(let count):
            return "\(count) row\(count == 1 ? "" : "s") of run histories at zero data (before the first step) left out"
        case .runsWithoutLoss(let names):
            return "\(names.count) run\(names.count == 1 ? " has" : "s have") no row with a loss and \(names.count == 1 ? "is" : "are") left out: \(abbreviatedList(names))"
        case let .filteredRows(count, read):
            return "--where left out \(count) of \(read) row\(read == 1 ? "" : "s")"
        case .runsWithoutMetadata(let names):
            return "\(names.count) run\(names.count == 1 ? "" : "s") without a row in --meta: \(abbreviatedList(names))"
        case .metadataWithoutRuns(let names):
            return "\(names.count) --meta row\(names.count == 1 ? "" : "s") for runs in no log: \(abbreviatedList(names))"
        case .metadataColumnsShadowed(let columns):
            return "--meta columns that the logs also have: the logs' values are used where they have one: \(quotedList(columns))"
        }
    }
}

extension ColumnExpression.ParseError: CustomStringConvertible {
    public var description: String { escapedForMessage(text) }

    private var text: String {
        switch reason {
        case .tooLong: return reason.message
        default: return "\(reason.message) at position \(position + 1) of \(quotedExcerpt(expression))"
        }
    }
}

extension ColumnExpression.Token {
    var message: String {
        switch self {
        case .number(let value): return "number \(numberText(value, significant: 17))"
        case .name(let name): return "column \(quotedExcerpt(name))"
        case .symbol(let symbol): return "\"\(symbol)\""
        case .end: return "the end of the expression"
        }
    }
}

extension ColumnExpression.Reason {
    public var message: String {
        switch self {
        case .empty: return "empty expression"
        case .unexpected(let token): return "unexpected \(token.message)"
        case let .unclosedParenthesis(open, found):
            return "expected \")\" to close the \"(\" at position \(open + 1), found \(found.message)"
        case .expectedOperand(let found): return "expected a number, a column name or \"(\", found \(found.message)"
        case .unclosedQuote(let quote): return "unclosed \(quote)"
        case .unexpectedCharacter(let character): return "unexpected character \(quotedExcerpt(String(character)))"
        case .notANumber(let text): return NumberParser.Failure.notANumber(text).description
        case .notFinite(let text): return "\(quotedExcerpt(text)) is too large for a number (at most about 1.8e308)"
        case .tooDeep(let limit):
            return "parentheses and signs nested more than \(limit) deep: an expression may nest at most \(limit) levels"
        case let .tooLong(length, limit):
            return "the expression has \(length) characters: at most \(limit) are accepted"
        }
    }
}

extension ColumnDefinition.ParseError: CustomStringConvertible {
    public var description: String { escapedForMessage(text) }

    private var text: String {
        switch self {
        case .missingEquals(let specification):
            return "--column \"\(specification)\": expected NAME=EXPR, e.g. 'tokens=steps*65536'"
        case let .notAField(name, specification):
            let names = RunField.numeric.map(\.rawValue).joined(separator: ", ")
            return "--column \"\(specification)\": \"\(name)\" is not a field; the fields are \(names)"
        case let .expression(specification, error):
            return "--column \"\(specification)\": \(error)"
        }
    }
}

extension RowFilterSyntaxError: CustomStringConvertible {
    /// Control characters in the condition are shown as escapes, as in every message.
    public var description: String { escapedForMessage("--where \"\(expression)\": \(problem.message) at position \(position + 1)") }
}

extension RowFilterSyntaxProblem {
    public var message: String {
        switch self {
        case .empty: return "empty condition"
        case .unexpectedCharacter(let character): return "unexpected character \"\(character)\""
        case .unclosedQuote(let quote): return "unclosed \(quote)"
        case .expectedOperand(let found):
            return "expected a number, a quoted text or a column name, found \(found.map { "\"\($0)\"" } ?? "the end")"
        case .expectedComparison(let found):
            return "expected a comparison (==, !=, <, <=, >, >=), found \(found.map { "\"\($0)\"" } ?? "the end")"
        case .singleEquals: return "\"=\" is not a comparison: write \"==\""
        case .unclosedParenthesis(let open): return "the \"(\" at position \(open + 1) is never closed"
        case .trailing(let text): return "\(quotedExcerpt(text)) after a complete condition (join conditions with and, or)"
        case .notANumber(let text): return "\(quotedExcerpt(text)) is not a number (quote text in \"...\")"
        case .notFinite(let text): return "\(quotedExcerpt(text)) is too large for a number (at most about 1.8e308)"
        case let .tooLong(length, limit): return "the condition has \(length) characters; at most \(limit) are read"
        case .tooDeep(let limit): return "parentheses and \"not\" are nested more than \(limit) deep"
        }
    }
}

extension RowFilterProblem {
    public var message: String {
        switch self {
        case let .unknownColumn(name, columns): return "--where: no column \"\(name)\"; the columns are \(quotedList(columns))"
        case let .notANumber(column, text):
            return "--where: column \"\(column)\" holds \(quotedExcerpt(text)), which is not a number (compare it with quoted text)"
        case let .unusable(column, kind): return "--where: column \"\(column)\" holds \(kind), which cannot be compared"
        }
    }
}

extension EventFileProblem {
    public var message: String {
        switch self {
        case .truncatedHeader(let available):
            return "the file ends \(available) byte\(available == 1 ? "" : "s") into a record's 12-byte header (cut short, or still being written)"
        case let .lengthChecksumMismatch(stored, computed):
            return "the record's length does not match its checksum (stored \(hex(stored)), computed \(hex(computed)))"
        case let .truncatedRecord(length, available):
            return "the record's \(length) bytes of data and 4-byte checksum run past the end of the file (\(available) bytes left: cut short, or still being written)"
        case let .dataChecksumMismatch(stored, computed):
            return "the record's data does not match its checksum (stored \(hex(stored)), computed \(hex(computed)))"
        case let .malformed(problem, message): return "the \(message.rawValue) message is malformed: \(problem.message)"
        case let .wrongWireType(message, field): return "field \(field) of \(message.rawValue) has the wrong wire type"
        case let .tensorContentSize(tag, expected, found):
            return "tag \"\(tag)\": a one-element tensor with \(found) bytes of content where its type has \(expected)"
        case .tagNotUTF8(let tag): return "tag \"\(tag)\" is not UTF-8 (bytes shown as \\xHH): a protobuf string must be UTF-8"
        case let .tensorValueCount(tag, found): return "tag \"\(tag)\": a one-element tensor with \(found) values"
        case .reservedTag(let tag): return "a summary tag is named \"\(tag)\", like the column the steps make"
        }
    }

    private func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16, uppercase: true) }
}

extension WireFormatProblem {
    public var message: String {
        switch self {
        case .truncatedVarint: return "a varint is cut short"
        case .overlongVarint: return "a varint is longer than 64 bits"
        case let .truncatedFixed(width, available): return "a \(width)-byte value with \(available) byte\(available == 1 ? "" : "s") left"
        case let .lengthBeyondMessage(length, available): return "a field of \(length) bytes with \(available) left"
        case .invalidFieldNumber(let number): return "field number \(number) is not allowed"
        case .invalidWireType(let type): return type == 4 ? "a group ends that never started" : "wire type \(type) does not exist"
        case .unterminatedGroup(let number): return "group \(number) is never closed"
        case let .mismatchedGroupEnd(opened, closed): return "group \(opened) is closed as \(closed)"
        case .groupsTooDeep(let limit): return "groups are nested more than \(limit) deep"
        case .unexpectedWireType: return "repeated numbers of the wrong wire type"
        }
    }
}

extension JSONLayoutProblem {
    public var message: String {
        switch self {
        case .historyEntryNotObject: return "each entry of \"log_history\" must be a JSON object"
        case .schemaFieldWithoutName(let index): return "schema.fields[\(index)] has no string \"name\" (pandas orient=\"table\")"
        case .duplicateSchemaField(let name): return "schema.fields names \"\(name)\" twice"
        case .dataEntryNotObject: return "each entry of \"data\" must be a JSON object (pandas orient=\"table\")"
        case .nestedValueNotObject(let key): return "\"\(key)\" is not an object, as every value of pandas' nested layouts is"
        }
    }
}
