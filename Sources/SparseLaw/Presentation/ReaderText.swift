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
