import Foundation
import Testing
@testable import SparseLawCore
@testable import SparseLawGSL
@testable import SparseLawReader
@testable import SparseLawLaws
@testable import SparseLawFitting
@testable import SparseLawDecisions
@testable import SparseLawRendering
import SparseLaw

/// Hostile argument values: each refused at the boundary with its limit stated, or read as
/// meant. Every numeric option reads through `ValueSyntax`, so these are every option's rules.
@Suite("Reliability: hostile argument values")
struct HostileValueTests {
    func refusal<T>(_ parse: () throws(ValueError) -> T) -> ValueError? {
        do { _ = try parse(); return nil } catch { return error }
    }

    @Test("hexadecimal is refused by every parser, with the same reason", arguments: ["0x10", "0X1p3", "-0x1", "+0x10"])
    func hexadecimal(text: String) throws {
        let notANumber = ValueError.notANumber(.notANumber(text))
        #expect(NumberParser.looksHexadecimal(text))
        #expect(refusal { () throws(ValueError) in try ValueSyntax.number(text) } == notANumber)
        #expect(refusal { () throws(ValueError) in try ValueSyntax.number(text, in: .positive) } == notANumber)
        #expect(refusal { () throws(ValueError) in try ValueSyntax.wholeNumber(text, in: 0...100) } == notANumber)
        #expect(refusal { () throws(ValueError) in try ValueSyntax.seed(text) } == notANumber)
        #expect(refusal { () throws(ValueError) in try ValueSyntax.list("1," + text) { item throws(ValueError) in try ValueSyntax.number(item) } }
                == .listItem(position: 2, notANumber))
        #expect(refusal { () throws(ValueError) in try ValueSyntax.positiveRange("1:" + text) } == .rangeEnd(.upper, notANumber))
        // The run logs and the --column expressions refuse it the same way.
        let logError = try #require(HostileValueTests.logRefusal("params,sparsity,tokens,loss\n\(text),0,1e9,3\n"))
        #expect(logError.problem(as: ReaderProblem.self) == .number(.notANumber(text)))
        #expect(logError.problem.code == "data.not-a-number")
        let unsigned = text.hasPrefix("-") || text.hasPrefix("+") ? String(text.dropFirst()) : text
        #expect(throws: ColumnExpression.ParseError(expression: "steps*" + unsigned, position: 6, reason: .notANumber(unsigned))) {
            try ColumnExpression.parse("steps*" + unsigned)
        }
    }

    static func logRefusal(_ text: String) -> DataError? {
        do { _ = try RunLogReader.read(data: Data(text.utf8), name: "a.csv"); return nil } catch { return error }
    }

    @Test("a negative value is called negative, with the bound it breaks")
    func negative() throws {
        let error = try #require(refusal { () throws(ValueError) in try ValueSyntax.number("-1", in: .positive) })
        #expect(error == .outOfBounds(-1, .positive))
        #expect(error.code == "value.out-of-bounds")
        #expect(refusal { () throws(ValueError) in try ValueSyntax.number("0", in: .positive) } == .outOfBounds(0, .positive))
        #expect(refusal { () throws(ValueError) in try ValueSyntax.number("1", in: .sparsity) } == .outOfBounds(1, .sparsity))
        #expect(refusal { () throws(ValueError) in try ValueSyntax.wholeNumber("-3", in: 0...Int.max) } == .wholeNumberOutOfRange(-3, 0...Int.max))
    }

    @Test("grid sizes: the limits are stated, and no product overflows")
    func grids() throws {
        #expect(try ValueSyntax.grid("20x30") == (20, 30))
        #expect(try ValueSyntax.grid("1e3X2k") == (1000, 2000))
        for text in ["4294967296x4294967296", "1x1", "1x100", "100000x101", "9223372036854775807x9223372036854775807", "1e300x1e300"] {
            let error = try #require(refusal { () throws(ValueError) in try ValueSyntax.grid(text) }, "\(text)")
            guard case .gridSize(let first, let second) = error else { Issue.record("\(text): \(error)"); continue }
            #expect(min(first, second) < 2 || first * second > Double(Limits.gridPoints), "\(text): \(first)x\(second)")
            #expect(error.code == "value.grid-size")
        }
        #expect(refusal { () throws(ValueError) in try ValueSyntax.grid("10") }?.code == "value.grid-syntax")
        #expect(refusal { () throws(ValueError) in try ValueSyntax.grid("2.5x4") } == .gridSide(position: 1, .notWhole(2.5)))
        #expect(refusal { () throws(ValueError) in try ValueSyntax.grid("0x10x3") }?.code == "value.grid-syntax")
    }

    @Test("ranges: negative, inverted, empty and unbounded ends are refused")
    func ranges() throws {
        #expect(try ValueSyntax.positiveRange("1e6:10B") == 1e6...1e10)
        let cases: [(String, ValueError)] = [
            ("-1:1e9", .rangeEnd(.lower, .outOfBounds(-1, .positive))), ("1e10:1e6", .rangeInverted(low: 1e10, high: 1e6)),
            ("5:5", .rangeInverted(low: 5, high: 5)), ("1e6:1e400", .rangeEnd(.upper, .notFinite("1e400"))),
            ("1e6:inf", .rangeEnd(.upper, .notFinite("inf"))), ("1e6", .rangeSyntax("1e6")), ("1:2:3", .rangeSyntax("1:2:3")),
        ]
        for (text, expected) in cases {
            let error = try #require(refusal { () throws(ValueError) in try ValueSyntax.positiveRange(text) }, "\(text)")
            #expect(error == expected, "\(text): \(error)")
        }
    }

    @Test("numbers: overflow and non-finite words are refused, the project's syntax is read")
    func numbers() throws {
        #expect(try ValueSyntax.number("1.3B") == 1.3e9)
        #expect(try ValueSyntax.number("1,000,000") == 1e6)
        #expect(try ValueSyntax.number("75%", allowPercent: true) == 0.75)
        #expect(refusal { () throws(ValueError) in try ValueSyntax.number("75%") } == .notANumber(.percentNotAllowed("75%")))
        #expect(refusal { () throws(ValueError) in try ValueSyntax.number("1e400") } == .notFinite("1e400"))
        #expect(refusal { () throws(ValueError) in try ValueSyntax.number("nan") } == .notFinite("nan"))
        #expect(refusal { () throws(ValueError) in try ValueSyntax.number("") } == .notANumber(.empty))
        #expect(try ValueSyntax.wholeNumber("1k", in: 0...10_000) == 1000)
        #expect(refusal { () throws(ValueError) in try ValueSyntax.wholeNumber("1e30", in: 0...Int.max) } != nil)
        #expect(refusal { () throws(ValueError) in try ValueSyntax.wholeNumber("9223372036854775808", in: 0...Int.max) } != nil)
    }

    @Test("seeds: every UInt64 in plain digits, nothing beyond")
    func seeds() throws {
        #expect(try ValueSyntax.seed("18446744073709551615") == UInt64.max)
        #expect(try ValueSyntax.seed("1k") == 1000)
        #expect(try ValueSyntax.seed("0") == 0)
        #expect(refusal { () throws(ValueError) in try ValueSyntax.seed("18446744073709551616") }?.code == "value.seed-out-of-range")
        #expect(refusal { () throws(ValueError) in try ValueSyntax.seed("-1") }?.code == "value.seed-out-of-range")
        #expect(refusal { () throws(ValueError) in try ValueSyntax.seed("1.5") }?.code == "value.not-whole")
    }

    @Test("lists: the failing item is named")
    func lists() throws {
        let parse = { (text: String) throws(ValueError) -> [Double] in try ValueSyntax.list(text) { item throws(ValueError) in try ValueSyntax.number(item, in: .positive) } }
        #expect(try parse("2M,8M,32M") == [2e6, 8e6, 32e6])
        #expect(refusal { () throws(ValueError) in try parse("2M,,8M") } == .listItem(position: 2, .notANumber(.empty)))
        #expect(refusal { () throws(ValueError) in try parse("2M,-8M") } == .listItem(position: 2, .outOfBounds(-8e6, .positive)))
        #expect(refusal { () throws(ValueError) in try parse("") } == .emptyList)
    }

    @Test("20,000 nested parentheses or signs are refused, not a stack overflow", arguments: [
        String(repeating: "(", count: 20_000) + "1" + String(repeating: ")", count: 20_000),
        String(repeating: "-", count: 20_000) + "1",
        String(repeating: "-(", count: 10_000) + "1" + String(repeating: ")", count: 10_000),
    ])
    func deepExpression(text: String) {
        #expect {
            _ = try ColumnExpression.parse(text)
        } throws: { error in
            (error as? ColumnExpression.ParseError).map { if case .tooLong = $0.reason { return true }; return false } == true
        }
        // Within the length limit, the depth limit speaks.
        let deep = String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200)
        #expect {
            _ = try ColumnExpression.parse(deep)
        } throws: { error in
            let parse = error as? ColumnExpression.ParseError
            return parse?.reason == .tooDeep(limit: Limits.expressionDepth)
        }
        // As deep as allowed still parses and evaluates.
        let allowed = String(repeating: "(", count: Limits.expressionDepth - 1) + "2" + String(repeating: ")", count: Limits.expressionDepth - 1)
        #expect((try? ColumnExpression.parse(allowed).evaluate { _ in 0 }) == 2)
        // The longest chain allowed evaluates without a deep recursion problem.
        let chain = Array(repeating: "1", count: Limits.expressionLength / 2).joined(separator: "+")
        #expect((try? ColumnExpression.parse(chain).evaluate { _ in 0 }) == Double(Limits.expressionLength / 2))
    }

    @Test("a definition longer than the expression limit is refused with its length and the limit")
    func expressionLimit() throws {
        let long = String(repeating: "1+", count: 600) + "1"
        let tooLong = ColumnExpression.ParseError(expression: String(long.prefix(40)) + "...", position: Limits.expressionLength,
                                                  reason: .tooLong(length: 1201, limit: Limits.expressionLength))
        #expect(throws: ColumnDefinition.ParseError.expression(specification: "tokens=" + long, tooLong)) { try ColumnDefinition.parse("tokens=" + long) }
    }
}
