import SparseLawCore

/// An arithmetic expression over a file's columns, as given to `--column NAME=EXPR`.
///
/// Grammar (usual precedence, left associative):
///
///     expression := term (('+' | '-') term)*
///     term       := factor (('*' | '/') factor)*
///     factor     := ('-' | '+') factor | number | column | '(' expression ')'
///     number     := decimal or scientific literal, optionally with a k/M/B/T suffix
///     column     := identifier ([A-Za-z_][A-Za-z0-9_.]*) | "quoted name" | `quoted name`
///
/// A column is looked up by its exact header first, then by its normalized header (lower case,
/// runs of other characters folded to `_`), so `val_loss` names a `val-loss` column and
/// `model_size` a `Model Size` one.
public indirect enum ColumnExpression: Sendable, Equatable, CustomStringConvertible {
    case number(Double)
    case column(String)
    case negate(ColumnExpression)
    case add(ColumnExpression, ColumnExpression)
    case subtract(ColumnExpression, ColumnExpression)
    case multiply(ColumnExpression, ColumnExpression)
    case divide(ColumnExpression, ColumnExpression)

    public struct ParseError: Error, Equatable, Sendable {
        public var expression: String
        /// Offset in characters from the start of the expression.
        public var position: Int
        public var reason: Reason
    }

    /// What the parser met where it expected something else.
    public enum Token: Sendable, Equatable {
        case number(Double)
        case name(String)
        case symbol(Character)
        case end
    }

    /// Why an expression cannot be parsed; rendered in the presentation layer.
    public enum Reason: Sendable, Equatable {
        case empty
        case unexpected(Token)
        /// A `(` at `openedAt` (offset from 0) without its `)`.
        case unclosedParenthesis(openedAt: Int, found: Token)
        case expectedOperand(found: Token)
        case unclosedQuote(Character)
        case unexpectedCharacter(Character)
        case notANumber(String)
        /// A number too large for a double (`1e400`), which would be read as infinity.
        case notFinite(String)
        /// Parentheses and signs nested deeper than `Limits.expressionDepth`.
        case tooDeep(limit: Int)
        /// Longer than `Limits.expressionLength` characters.
        case tooLong(length: Int, limit: Int)
    }

    /// Every column the expression reads, in order of first appearance.
    public var columnNames: [String] {
        var names: [String] = []
        func visit(_ node: ColumnExpression) {
            switch node {
            case .number: break
            case .column(let name): if !names.contains(name) { names.append(name) }
            case .negate(let operand): visit(operand)
            case .add(let l, let r), .subtract(let l, let r), .multiply(let l, let r), .divide(let l, let r):
                visit(l); visit(r)
            }
        }
        visit(self)
        return names
    }

    /// IEEE arithmetic: a division by zero yields an infinity, which the reader then refuses
    /// with the row and field it came from.
    public func evaluate<Failure: Error>(_ value: (String) throws(Failure) -> Double) throws(Failure) -> Double {
        switch self {
        case .number(let number): return number
        case .column(let name): return try value(name)
        case .negate(let operand): return try -operand.evaluate(value)
        case .add(let l, let r): return try l.evaluate(value) + r.evaluate(value)
        case .subtract(let l, let r): return try l.evaluate(value) - r.evaluate(value)
        case .multiply(let l, let r): return try l.evaluate(value) * r.evaluate(value)
        case .divide(let l, let r): return try l.evaluate(value) / r.evaluate(value)
        }
    }

    public var description: String {
        switch self {
        case .number(let number): return "\(number)"
        case .column(let name): return "`\(name)`"
        case .negate(let operand): return "-(\(operand))"
        case .add(let l, let r): return "(\(l) + \(r))"
        case .subtract(let l, let r): return "(\(l) - \(r))"
        case .multiply(let l, let r): return "(\(l) * \(r))"
        case .divide(let l, let r): return "(\(l) / \(r))"
        }
    }

    /// Parses `text`, refusing an expression longer than `Limits.expressionLength` characters or
    /// nested deeper than `Limits.expressionDepth`: the parser, the evaluator and the
    /// description recurse once per level of the tree, so both bounds keep the stack small.
    public static func parse(_ text: String) throws(ParseError) -> ColumnExpression {
        let length = text.count
        guard length <= Limits.expressionLength else {
            throw ParseError(expression: String(text.prefix(40)) + "...", position: Limits.expressionLength, reason: .tooLong(length: length, limit: Limits.expressionLength))
        }
        var parser = ExpressionParser(text: text)
        return try parser.parseWhole()
    }
}

private struct ExpressionParser {
    typealias Token = ColumnExpression.Token

    var cursor: TextCursor<Token>
    /// Parentheses and signs open around the factor being parsed.
    var depth = 0

    init(text: String) {
        cursor = TextCursor(text, end: .end)
    }

    func failure(_ reason: ColumnExpression.Reason, at offset: Int? = nil) -> ColumnExpression.ParseError {
        .init(expression: cursor.text, position: offset ?? cursor.tokenStart, reason: reason)
    }

    mutating func parseWhole() throws(ColumnExpression.ParseError) -> ColumnExpression {
        try advance()
        if cursor.token == .end { throw failure(.empty) }
        let result = try parseSum()
        guard cursor.token == .end else { throw failure(.unexpected(cursor.token)) }
        return result
    }

    mutating func parseSum() throws(ColumnExpression.ParseError) -> ColumnExpression {
        var result = try parseProduct()
        while case .symbol(let op) = cursor.token, op == "+" || op == "-" {
            try advance()
            let right = try parseProduct()
            result = op == "+" ? .add(result, right) : .subtract(result, right)
        }
        return result
    }

    mutating func parseProduct() throws(ColumnExpression.ParseError) -> ColumnExpression {
        var result = try parseFactor()
        while case .symbol(let op) = cursor.token, op == "*" || op == "/" {
            try advance()
            let right = try parseFactor()
            result = op == "*" ? .multiply(result, right) : .divide(result, right)
        }
        return result
    }

    mutating func parseFactor() throws(ColumnExpression.ParseError) -> ColumnExpression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Limits.expressionDepth else { throw failure(.tooDeep(limit: Limits.expressionDepth)) }
        switch cursor.token {
        case .number(let value):
            try advance()
            return .number(value)
        case .name(let name):
            try advance()
            return .column(name)
        case .symbol("-"):
            try advance()
            return .negate(try parseFactor())
        case .symbol("+"):
            try advance()
            return try parseFactor()
        case .symbol("("):
            let open = cursor.tokenStart
            try advance()
            let inner = try parseSum()
            guard cursor.token == .symbol(")") else {
                throw failure(.unclosedParenthesis(openedAt: open, found: cursor.token))
            }
            try advance()
            return inner
        default:
            throw failure(.expectedOperand(found: cursor.token))
        }
    }

    mutating func advance() throws(ColumnExpression.ParseError) {
        while cursor.position < cursor.characters.count, cursor.characters[cursor.position].isWhitespace { cursor.position += 1 }
        cursor.tokenStart = cursor.position
        guard cursor.position < cursor.characters.count else { cursor.token = .end; return }
        let first = cursor.characters[cursor.position]
        if "+-*/()".contains(first) {
            cursor.position += 1
            cursor.token = .symbol(first)
        } else if first.isASCIIDigit || first == "." {
            cursor.token = .number(try scanNumber())
        } else if first == "\"" || first == "`" {
            cursor.position += 1
            let nameStart = cursor.position
            while cursor.position < cursor.characters.count, cursor.characters[cursor.position] != first { cursor.position += 1 }
            guard cursor.position < cursor.characters.count else { throw failure(.unclosedQuote(first)) }
            cursor.token = .name(String(cursor.characters[nameStart..<cursor.position]))
            cursor.position += 1
        } else if first.isLetter || first == "_" {
            let nameStart = cursor.position
            while cursor.position < cursor.characters.count,
                  cursor.characters[cursor.position].isLetter || cursor.characters[cursor.position].isNumber
                    || cursor.characters[cursor.position] == "_" || cursor.characters[cursor.position] == "." {
                cursor.position += 1
            }
            cursor.token = .name(String(cursor.characters[nameStart..<cursor.position]))
        } else {
            throw failure(.unexpectedCharacter(first))
        }
    }

    mutating func scanNumber() throws(ColumnExpression.ParseError) -> Double {
        let start = cursor.position
        while cursor.position < cursor.characters.count, cursor.characters[cursor.position].isASCIIDigit || cursor.characters[cursor.position] == "." {
            cursor.position += 1
        }
        // Hexadecimal is refused here as everywhere, rather than read as 0 times a column `x10`.
        if cursor.position < cursor.characters.count, cursor.characters[cursor.position] == "x" || cursor.characters[cursor.position] == "X",
           String(cursor.characters[start..<cursor.position]) == "0" {
            var end = cursor.position + 1
            while end < cursor.characters.count, cursor.characters[end].isHexDigit || cursor.characters[end] == "." || cursor.characters[end] == "p" || cursor.characters[end] == "P" { end += 1 }
            throw failure(.notANumber(String(cursor.characters[start..<end])), at: start)
        }
        if cursor.position < cursor.characters.count, cursor.characters[cursor.position] == "e" || cursor.characters[cursor.position] == "E" {
            var look = cursor.position + 1
            if look < cursor.characters.count, cursor.characters[look] == "+" || cursor.characters[look] == "-" { look += 1 }
            if look < cursor.characters.count, cursor.characters[look].isASCIIDigit {
                cursor.position = look
                while cursor.position < cursor.characters.count, cursor.characters[cursor.position].isASCIIDigit { cursor.position += 1 }
            }
        }
        // A magnitude suffix counts only when no identifier character follows it (`64k` but not `2kx`).
        if cursor.position < cursor.characters.count, NumberParser.suffixes[cursor.characters[cursor.position]] != nil {
            let after = cursor.position + 1
            if after >= cursor.characters.count || !(cursor.characters[after].isLetter || cursor.characters[after].isNumber || cursor.characters[after] == "_") {
                cursor.position += 1
            }
        }
        let literal = String(cursor.characters[start..<cursor.position])
        guard case .success(let value) = NumberParser.parse(literal, allowPercent: false) else {
            throw failure(.notANumber(literal), at: start)
        }
        guard value.isFinite else { throw failure(.notFinite(literal), at: start) }
        return value
    }
}
