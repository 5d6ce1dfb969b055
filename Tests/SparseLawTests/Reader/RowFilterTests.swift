import Testing
@testable import SparseLawCore
@testable import SparseLawGSL
@testable import SparseLawReader
@testable import SparseLawLaws
@testable import SparseLawFitting
@testable import SparseLawDecisions
@testable import SparseLawRendering
import SparseLaw

@Suite("Reader: --where conditions")
struct RowFilterTests {
    @Test("precedence: not over and over or; parentheses; names with / . - unquoted")
    func parse() throws {
        #expect(try RowFilter.parse("a == 1 or b == 2 and not c == 3") ==
            .or(.compare(.column("a"), .equal, .number(1)),
                .and(.compare(.column("b"), .equal, .number(2)), .not(.compare(.column("c"), .equal, .number(3))))))
        #expect(try RowFilter.parse("(a == 1 OR b == 2) AND c == 3") ==
            .and(.or(.compare(.column("a"), .equal, .number(1)), .compare(.column("b"), .equal, .number(2))),
                 .compare(.column("c"), .equal, .number(3))))
        #expect(try RowFilter.parse("eval/loss<3.5e0") == .compare(.column("eval/loss"), .less, .number(3.5)))
        #expect(try RowFilter.parse("model.sparsity >= 50%") == .compare(.column("model.sparsity"), .greaterOrEqual, .number(0.5)))
        #expect(try RowFilter.parse("x>-1e-3") == .compare(.column("x"), .greater, .number(-1e-3)))
        #expect(try RowFilter.parse("tokens <= 1.3B") == .compare(.column("tokens"), .lessOrEqual, .number(1.3e9)))
        #expect(try RowFilter.parse(#"State == "finished""#) == .compare(.column("State"), .equal, .text("finished")))
        #expect(try RowFilter.parse("`Run Name` != 'a b'") == .compare(.column("Run Name"), .notEqual, .text("a b")))
        #expect(try RowFilter.parse("notes == 1").columnNames == ["notes"])  // a keyword prefix is still a name
    }

    static let syntaxErrors: [(String, Int, RowFilterSyntaxProblem)] = [
        ("", 0, .empty),
        ("   ", 3, .empty),
        ("State = 1", 6, .singleEquals),
        ("a == 1 and", 10, .expectedOperand(found: nil)),
        ("a 1", 2, .expectedComparison(found: "1")),
        ("a == 1 b", 7, .trailing("b")),
        ("(a == 1", 7, .unclosedParenthesis(openedAt: 0)),
        (#"a == "x"#, 5, .unclosedQuote("\"")),
        ("a == 3q", 5, .notANumber("3q")),
        ("a ~ 1", 2, .unexpectedCharacter("~")),
        ("a == == 1", 5, .expectedOperand(found: "==")),
    ]

    @Test("syntax errors name the position and the problem", arguments: syntaxErrors)
    func syntax(text: String, position: Int, problem: RowFilterSyntaxProblem) {
        #expect(throws: RowFilterSyntaxError(expression: text, position: position, problem: problem)) { try RowFilter.parse(text) }
    }

    static let table = RawTable(columns: ["State", "model.sparsity", "loss", "flag"], rows: [
        .init(location: .line(2), cells: [.text("finished"), .text("0.5"), .number(3.2), .unusable("a boolean")]),
        .init(location: .line(3), cells: [.text("crashed"), .number(0.75), .empty, .empty]),
        .init(location: .line(4), cells: [.text(" finished "), .text("90%"), .number(2.9), .empty]),
        .init(location: .line(5), cells: [.empty, .number(0), .text("n/a"), .empty]),
    ])

    func kept(_ condition: String) throws -> [Int] {
        let filter = try BoundRowFilter(RowFilter.parse(condition), columns: Self.table.columns)
        var lines: [Int] = []
        for row in Self.table.rows where try filter.keeps(row) { lines.append(Int(row.location.value)!) }
        return lines
    }

    @Test("rows kept: text and numbers, empty cells, boolean operators")
    func evaluate() throws {
        #expect(try kept(#"State == "finished""#) == [2, 4])  // cells are trimmed
        #expect(try kept(#"State != "finished""#) == [3, 5])
        #expect(try kept(#"State == """#) == [5])
        #expect(try kept(#"loss != """#) == [2, 4, 5])
        #expect(try kept("model_sparsity > 0.6") == [3, 4])  // normalized name; 90% is 0.9
        #expect(try kept("model.sparsity == 0 or model.sparsity >= 0.75 and not State == 'crashed'") == [4, 5])
        #expect(try kept(#"not (State == "finished")"#) == [3, 5])
        #expect(try kept("0.6 < model.sparsity") == [3, 4])  // operands either way round
        #expect(try kept(#""d" < State"#) == [2, 4])  // "finished" > "d" > "crashed"; the empty cell compares false
    }

    @Test("a number compared with text that is not one is refused with the row and the column")
    func refusals() throws {
        #expect(throws: RowFilterError(location: .line(5), problem: .notANumber(column: "loss", text: "n/a"))) { try kept("loss < 3") }
        #expect(throws: RowFilterError(location: .line(2), problem: .unusable(column: "flag", kind: "a boolean"))) { try kept("flag == 1") }
        #expect(throws: RowFilterError(location: nil, problem: .unknownColumn("State2", columns: Self.table.columns))) { try kept("State2 == 1") }
    }
}
