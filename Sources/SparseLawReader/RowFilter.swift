import SparseLawCore

/// A condition over a row's columns, as given to `--where`: which rows of a log to keep.
///
/// Grammar (`or` binds loosest; keywords in any case):
///
///     condition  := conjunction ('or' conjunction)*
///     conjunction := negation ('and' negation)*
///     negation   := 'not' negation | '(' condition ')' | comparison
///     comparison := operand ('==' | '!=' | '<' | '<=' | '>' | '>=') operand
///     operand    := number | "text" | 'text' | column
///     column     := [A-Za-z_][A-Za-z0-9_./:-]* | `any text`
///
/// There is no arithmetic, so `/`, `.` and `-` may appear inside column names unquoted
/// (`eval/loss < 3`, `model.sparsity > 0`). Numbers take the suffixes the reader accepts
/// (`64k`, `1.3B`).
///
/// Semantics: a comparison with a quoted text compares the cell's text (trimmed) with it, in
/// Unicode order; otherwise both sides must be numbers. An empty cell equals only `""`: every
/// other comparison with it is false except `!=`, so `loss != ""` keeps the rows that have a
/// loss and `not (x > 1)` keeps the rows where x is empty.
public indirect enum RowFilter: Sendable, Equatable {
    public enum Comparison: String, Sendable, Equatable, CaseIterable {
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
    }

    public enum Operand: Sendable, Equatable {
        case number(Double)
        case text(String)
        case column(String)
    }

    case compare(Operand, Comparison, Operand)
    case not(RowFilter)
    case and(RowFilter, RowFilter)
    case or(RowFilter, RowFilter)

    /// Every column the condition reads, in order of first appearance.
    public var columnNames: [String] {
        var names: [String] = []
        func visit(_ node: RowFilter) {
            switch node {
            case .compare(let left, _, let right):
                for case .column(let name) in [left, right] where !names.contains(name) { names.append(name) }
            case .not(let inner): visit(inner)
            case .and(let l, let r), .or(let l, let r): visit(l); visit(r)
            }
        }
        visit(self)
        return names
    }

    /// Parses `text`, refusing a condition longer than `Limits.conditionLength` characters,
    /// nested (parentheses and `not`) deeper than `Limits.conditionDepth`, or with a number that
    /// is not finite (`1e400`), as every option refuses one: the parser, the evaluator and
    /// `columnNames` recurse once per level of the tree, so the bounds keep the stack small.
    public static func parse(_ text: String) throws(RowFilterSyntaxError) -> RowFilter {
        let length = text.count
        guard length <= Limits.conditionLength else {
            throw RowFilterSyntaxError(expression: String(text.prefix(40)) + "...", position: Limits.conditionLength,
                                       problem: .tooLong(length: length, limit: Limits.conditionLength))
        }
        var parser = RowFilterParser(text: text)
        return try parser.parseWhole()
    }
}

/// A `--where` condition that cannot be parsed: the text, the offset (in characters) of the
/// problem, and what was wrong.
public struct RowFilterSyntaxError: Error, Equatable, Sendable {
    public var expression: String
    public var position: Int
    public var problem: RowFilterSyntaxProblem
}

public enum RowFilterSyntaxProblem: Equatable, Sendable {
    case empty
    case unexpectedCharacter(Character)
    case unclosedQuote(Character)
    /// An operand (number, text, column) was expected; `found` is the text there, nil at the end.
    case expectedOperand(found: String?)
    /// A comparison operator was expected after an operand.
    case expectedComparison(found: String?)
    /// `=` alone, where `==` was meant.
    case singleEquals
    case unclosedParenthesis(openedAt: Int)
    /// Text left after a complete condition.
    case trailing(String)
    case notANumber(String)
    /// A number too large for a double (`1e400`), which would be read as infinity.
    case notFinite(String)
    /// More characters than `Limits.conditionLength`.
    case tooLong(length: Int, limit: Int)
    /// Parentheses and `not` nested deeper than `Limits.conditionDepth`.
    case tooDeep(limit: Int)
}

/// A condition bound to a table's columns, ready to test its rows.
public struct BoundRowFilter: Sendable {
    public let filter: RowFilter
    let columns: [String: Int]

    /// Binds each column name to the table's column: exact header first, then the normalized one.
    public init(_ filter: RowFilter, columns tableColumns: [String]) throws(RowFilterError) {
        self.filter = filter
        var columns: [String: Int] = [:]
        for name in filter.columnNames {
            let exact = tableColumns.firstIndex(of: name)
            let normalized = tableColumns.firstIndex { normalizedHeader($0) == normalizedHeader(name) }
            guard let index = exact ?? normalized else {
                throw RowFilterError(location: nil, problem: .unknownColumn(name, columns: tableColumns))
            }
            columns[name] = index
        }
        self.columns = columns
    }

    /// Whether `row` satisfies the condition; a number compared with a cell that holds no number
    /// is refused with the row.
    public func keeps(_ row: RawTable.Row) throws(RowFilterError) -> Bool {
        try evaluate(filter, row)
    }

    private func evaluate(_ node: RowFilter, _ row: RawTable.Row) throws(RowFilterError) -> Bool {
        switch node {
        case .not(let inner): return !(try evaluate(inner, row))
        case .and(let l, let r):
            guard try evaluate(l, row) else { return false }
            return try evaluate(r, row)
        case .or(let l, let r):
            if try evaluate(l, row) { return true }
            return try evaluate(r, row)
        case .compare(let left, let comparison, let right):
            return try compare(value(left, row), comparison, value(right, row), row)
        }
    }

    private enum Value {
        case empty
        case number(Double)
        case text(String)
        case literalText(String)
        case unusable(String)
    }

    private func value(_ operand: RowFilter.Operand, _ row: RawTable.Row) -> (Value, String?) {
        switch operand {
        case .number(let number): return (.number(number), nil)
        case .text(let text): return (.literalText(text), nil)
        case .column(let name):
            switch row.cells[columns[name]!] {
            case .empty: return (.empty, name)
            case .number(let number): return (.number(number), name)
            case .text(let text): return (.text(String(text.trimmingSpaces())), name)
            case .unusable(let kind): return (.unusable(kind), name)
            }
        }
    }

    private func compare(_ left: (Value, String?), _ comparison: RowFilter.Comparison, _ right: (Value, String?),
                         _ row: RawTable.Row) throws(RowFilterError) -> Bool {
        switch (left.0, right.0) {
        case (.empty, .literalText(let text)), (.literalText(let text), .empty):
            return comparison == .equal ? text.isEmpty : comparison == .notEqual ? !text.isEmpty : false
        case (.empty, _), (_, .empty):
            return comparison == .notEqual
        case (.literalText(let text), let other), (let other, .literalText(let text)):
            let cellText: String
            switch other {
            case .text(let value), .literalText(let value): cellText = value
            case .number(let number): cellText = number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
            case .unusable(let kind):
                throw RowFilterError(location: row.location, problem: .unusable(column: left.1 ?? right.1 ?? "", kind: kind))
            case .empty: cellText = ""
            }
            // Keep the written order: `"a" < State` compares "a" with the cell.
            if case .literalText = left.0 { return order(text, comparison, cellText) }
            return order(cellText, comparison, text)
        default:
            let l = try number(left, row), r = try number(right, row)
            return order(l, comparison, r)
        }
    }

    private func number(_ value: (Value, String?), _ row: RawTable.Row) throws(RowFilterError) -> Double {
        switch value.0 {
        case .number(let number): return number
        case .text(let text):
            if case .success(let number) = NumberParser.parse(text, allowPercent: true) { return number }
            throw RowFilterError(location: row.location, problem: .notANumber(column: value.1 ?? "", text: text))
        case .unusable(let kind):
            throw RowFilterError(location: row.location, problem: .unusable(column: value.1 ?? "", kind: kind))
        case .empty, .literalText:
            return .nan  // not reached: handled before
        }
    }

    private func order<T: Comparable>(_ l: T, _ comparison: RowFilter.Comparison, _ r: T) -> Bool {
        switch comparison {
        case .equal: return l == r
        case .notEqual: return l != r
        case .less: return l < r
        case .lessOrEqual: return l <= r
        case .greater: return l > r
        case .greaterOrEqual: return l >= r
        }
    }
}

/// A condition that cannot be applied to a table or one of its rows.
public struct RowFilterError: Error, Equatable, Sendable {
    /// The row, when the problem is in one.
    public var location: SourceLocation?
    public var problem: RowFilterProblem
}

public enum RowFilterProblem: Equatable, Sendable {
    case unknownColumn(String, columns: [String])
    /// A cell compared with a number that holds text which is not one.
    case notANumber(column: String, text: String)
    /// A JSON boolean or nested value in a compared column.
    case unusable(column: String, kind: String)
}

private struct RowFilterParser {
    enum Token: Equatable {
        case number(Double, String)
        case text(String)
        case name(String)
        case comparison(RowFilter.Comparison)
        case keyword(String)  // and, or, not
        case open
        case close
        case end

        var spelling: String? {
            switch self {
            case .number(_, let literal): return literal
            case .text(let text): return "\"\(text)\""
            case .name(let name): return name
            case .comparison(let comparison): return comparison.rawValue
            case .keyword(let word): return word
            case .open: return "("
            case .close: return ")"
            case .end: return nil
            }
        }
    }

    var cursor: TextCursor<Token>
    /// Parentheses and `not` open around the negation being parsed.
    var depth = 0

    init(text: String) {
        cursor = TextCursor(text, end: .end)
    }

    func failure(_ problem: RowFilterSyntaxProblem, at offset: Int? = nil) -> RowFilterSyntaxError {
        RowFilterSyntaxError(expression: cursor.text, position: offset ?? cursor.tokenStart, problem: problem)
    }

    mutating func parseWhole() throws(RowFilterSyntaxError) -> RowFilter {
        try advance()
        if cursor.token == .end { throw failure(.empty) }
        let condition = try parseOr()
        guard cursor.token == .end else { throw failure(.trailing(String(cursor.characters[cursor.tokenStart...]))) }
        return condition
    }

    mutating func parseOr() throws(RowFilterSyntaxError) -> RowFilter {
        var result = try parseAnd()
        while cursor.token == .keyword("or") {
            try advance()
            result = .or(result, try parseAnd())
        }
        return result
    }

    mutating func parseAnd() throws(RowFilterSyntaxError) -> RowFilter {
        var result = try parseNot()
        while cursor.token == .keyword("and") {
            try advance()
            result = .and(result, try parseNot())
        }
        return result
    }

    mutating func parseNot() throws(RowFilterSyntaxError) -> RowFilter {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Limits.conditionDepth else { throw failure(.tooDeep(limit: Limits.conditionDepth)) }
        switch cursor.token {
        case .keyword("not"):
            try advance()
            return .not(try parseNot())
        case .open:
            let open = cursor.tokenStart
            try advance()
            let inner = try parseOr()
            guard cursor.token == .close else { throw failure(.unclosedParenthesis(openedAt: open)) }
            try advance()
            return inner
        default:
            let left = try parseOperand()
            guard case .comparison(let comparison) = cursor.token else { throw failure(.expectedComparison(found: cursor.token.spelling)) }
            try advance()
            return .compare(left, comparison, try parseOperand())
        }
    }

    mutating func parseOperand() throws(RowFilterSyntaxError) -> RowFilter.Operand {
        let operand: RowFilter.Operand
        switch cursor.token {
        case .number(let value, _): operand = .number(value)
        case .text(let text): operand = .text(text)
        case .name(let name): operand = .column(name)
        default: throw failure(.expectedOperand(found: cursor.token.spelling))
        }
        try advance()
        return operand
    }

    static func isNameCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || "_./:-".contains(character)
    }

    mutating func advance() throws(RowFilterSyntaxError) {
        while cursor.position < cursor.characters.count, cursor.characters[cursor.position].isWhitespace { cursor.position += 1 }
        cursor.tokenStart = cursor.position
        guard cursor.position < cursor.characters.count else { cursor.token = .end; return }
        let first = cursor.characters[cursor.position]
        let next = cursor.position + 1 < cursor.characters.count ? cursor.characters[cursor.position + 1] : nil
        switch first {
        case "(": cursor.position += 1; cursor.token = .open
        case ")": cursor.position += 1; cursor.token = .close
        case "=", "!", "<", ">":
            if next == "=" {
                cursor.position += 2
                cursor.token = .comparison(first == "=" ? .equal : first == "!" ? .notEqual : first == "<" ? .lessOrEqual : .greaterOrEqual)
            } else if first == "<" || first == ">" {
                cursor.position += 1
                cursor.token = .comparison(first == "<" ? .less : .greater)
            } else if first == "=" {
                throw failure(.singleEquals)
            } else {
                throw failure(.unexpectedCharacter(first))
            }
        case "\"", "'", "`":
            cursor.position += 1
            let start = cursor.position
            while cursor.position < cursor.characters.count, cursor.characters[cursor.position] != first { cursor.position += 1 }
            guard cursor.position < cursor.characters.count else { throw failure(.unclosedQuote(first)) }
            let content = String(cursor.characters[start..<cursor.position])
            cursor.position += 1
            cursor.token = first == "`" ? .name(content) : .text(content)
        default:
            if first.isASCIIDigit || first == "." || ((first == "-" || first == "+") && (next?.isASCIIDigit ?? false || next == ".")) {
                let start = cursor.position
                cursor.position += 1
                while cursor.position < cursor.characters.count, Self.isNameCharacter(cursor.characters[cursor.position]) || cursor.characters[cursor.position] == "%"
                        || cursor.characters[cursor.position] == "+" && "eE".contains(cursor.characters[cursor.position - 1]) {
                    cursor.position += 1
                }
                let literal = String(cursor.characters[start..<cursor.position])
                guard case .success(let value) = NumberParser.parse(literal, allowPercent: true) else {
                    throw failure(.notANumber(literal))
                }
                guard value.isFinite else { throw failure(.notFinite(literal)) }
                cursor.token = .number(value, literal)
            } else if first.isLetter || first == "_" {
                let start = cursor.position
                while cursor.position < cursor.characters.count, Self.isNameCharacter(cursor.characters[cursor.position]) { cursor.position += 1 }
                let word = String(cursor.characters[start..<cursor.position])
                let lower = word.lowercased()
                cursor.token = ["and", "or", "not"].contains(lower) ? .keyword(lower) : .name(word)
            } else {
                throw failure(.unexpectedCharacter(first))
            }
        }
    }
}
