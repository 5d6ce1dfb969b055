import Testing
@testable import SparseLawCore
@testable import SparseLawGSL
@testable import SparseLawReader
@testable import SparseLawLaws
@testable import SparseLawFitting
@testable import SparseLawDecisions
@testable import SparseLawRendering
import SparseLaw

@Suite("Reader: numbers")
struct NumberParserTests {
    func parse(_ text: String, percent: Bool = false) -> Double? {
        try? NumberParser.parse(text, allowPercent: percent).get()
    }

    @Test("plain and scientific notation", arguments: [
        ("0.875", 0.875), ("6.9e8", 6.9e8), ("  42 ", 42.0), ("-1.5", -1.5), ("1E-3", 0.001), ("0", 0.0),
    ])
    func plain(text: String, expected: Double) {
        #expect(parse(text) == expected)
    }

    @Test("magnitude suffixes", arguments: [
        ("125M", 125e6), ("1.3B", 1.3e9), ("2T", 2e12), ("350k", 350e3), ("350K", 350e3),
        ("125m", 125e6), ("7G", 7e9), ("1.5b", 1.5e9),
    ])
    func suffixes(text: String, expected: Double) {
        #expect(parse(text) == expected)
    }

    @Test("digit grouping", arguments: [("1,000,000", 1e6), ("12_345", 12345.0), ("1,234.5", 1234.5)])
    func grouping(text: String, expected: Double) {
        #expect(parse(text) == expected)
    }

    @Test("percentages only where allowed")
    func percentages() {
        #expect(parse("50%", percent: true) == 0.5)
        #expect(parse("87.5 %", percent: true) == 0.875)
        #expect(NumberParser.parse("50%", allowPercent: false) == .failure(.percentNotAllowed("50%")))
    }

    @Test("malformed numbers are refused", arguments: ["", "abc", "1.3BB", "M", "12Q", "1,00", "1e", "--1", "1.2.3", "0x1G"])
    func refused(text: String) {
        #expect(parse(text) == nil)
    }

    @Test("NaN and infinities parse so that the caller can name them")
    func nonFinite() {
        #expect(parse("nan")?.isNaN == true)
        #expect(parse("inf") == .infinity)
        #expect(parse("-inf") == -.infinity)
    }
}
