import Testing
@testable import SparseLawCore
@testable import SparseLawGSL
@testable import SparseLawReader
@testable import SparseLawLaws
@testable import SparseLawFitting
@testable import SparseLawDecisions
@testable import SparseLawRendering
import SparseLaw

@Suite("Reader: --column expressions")
struct ColumnExpressionTests {
    func evaluate(_ text: String, _ columns: [String: Double] = [:]) throws -> Double {
        try ColumnExpression.parse(text).evaluate { name in columns[name]! }
    }

    @Test("precedence and associativity match hand evaluation")
    func precedence() throws {
        #expect(try evaluate("1 + 2 * 3") == 7)
        #expect(try evaluate("(1 + 2) * 3") == 9)
        #expect(try evaluate("8 / 4 / 2") == 1)
        #expect(try evaluate("10 - 4 - 3") == 3)
        #expect(try evaluate("-2 * -3") == 6)
        #expect(try evaluate("2 * -(1 - 4)") == 6)
    }

    @Test("the T5 mapping from the anchors README")
    func t5Mapping() throws {
        let value = try evaluate("169869312*scale*(1-sparsity)", ["scale": 0.25, "sparsity": 0.75])
        #expect(value == 169869312 * 0.25 * 0.25)
    }

    @Test("number suffixes and quoted names")
    func suffixesAndQuotes() throws {
        #expect(try evaluate("steps*64k", ["steps": 2]) == 128_000)
        #expect(try evaluate("`Training FLOP`/(6*\"Model Size\")", ["Training FLOP": 6e20, "Model Size": 1e9]) == 1e11)
        #expect(try ColumnExpression.parse("`Training FLOP` / x").columnNames == ["Training FLOP", "x"])
    }

    @Test("division by zero gives an infinity, not a crash")
    func divisionByZero() throws {
        #expect(try evaluate("1 / x", ["x": 0]) == .infinity)
    }

    @Test("syntax errors say where", arguments: [
        ("", 0, ColumnExpression.Reason.empty), ("1 +", 3, .expectedOperand(found: .end)),
        ("(1 + 2", 6, .unclosedParenthesis(openedAt: 0, found: .end)), ("1 2", 2, .unexpected(.number(2))),
        ("a $ b", 2, .unexpectedCharacter("$")), ("`open", 0, .unclosedQuote("`")),
    ])
    func syntaxErrors(text: String, position: Int, reason: ColumnExpression.Reason) {
        #expect(throws: ColumnExpression.ParseError(expression: text, position: position, reason: reason)) {
            try ColumnExpression.parse(text)
        }
    }

    @Test("a definition must name a numeric field")
    func definitions() throws {
        let definition = try ColumnDefinition.parse("tokens = steps * 65536")
        #expect(definition.field == .tokens)
        #expect(definition.text == "steps * 65536")
        #expect(throws: ColumnDefinition.ParseError.self) { try ColumnDefinition.parse("flops=1") }
        #expect(throws: ColumnDefinition.ParseError.self) { try ColumnDefinition.parse("tokens") }
        #expect(throws: ColumnDefinition.ParseError.self) { try ColumnDefinition.parse("run=1") }
    }
}
