import Foundation
import Testing
@testable import SparseLawCore

@Suite("Core: Interval")
struct IntervalTests {
    @Test("ends are kept in order, whichever order they come in")
    func order() {
        let interval = Interval(3, -2)
        #expect(interval.lowerBound == -2 && interval.upperBound == 3)
        #expect(interval.contains(-2) && interval.contains(3) && interval.contains(0))
        #expect(!interval.contains(3.0000001) && !interval.contains(.nan))
        #expect(Interval(1...4) == Interval(4, 1))
    }

    @Test("a point, zero and infinite ends")
    func edges() {
        let point = Interval(0, 0)
        #expect(point.contains(0) && point.contains(-0.0) && !point.contains(1e-300))
        let unbounded = Interval(-.infinity, .infinity)
        #expect(unbounded.contains(1e308) && unbounded.contains(-.infinity))
    }

    @Test("encoded as [lower, upper] and read back; anything else is refused")
    func coding() throws {
        let text = String(decoding: try JSONEncoder().encode(Interval(0.25, 2)), as: UTF8.self)
        #expect(text == "[0.25,2]")
        #expect(try JSONDecoder().decode(Interval.self, from: Data("[0.25, 2]".utf8)) == Interval(0.25, 2))
        for bad in ["[2, 1]", "[1]", "[1, 2, 3]", "{\"lower\": 1}", "[\"a\", 2]"] {
            #expect(throws: DecodingError.self, "\(bad)") { try JSONDecoder().decode(Interval.self, from: Data(bad.utf8)) }
        }
    }

    @Test("the 95% percentile interval of values, and none for NaN, infinities or no values")
    func percentiles() {
        // Type 7 percentiles of 0, 1, ..., 100 are the values at 2.5 and 97.5.
        #expect(percentileInterval((0...100).map(Double.init)) == Interval(2.5, 97.5))
        #expect(percentileInterval([4]) == Interval(4, 4))
        #expect(percentileInterval([]) == nil)
        #expect(percentileInterval([1, .nan]) == nil)
        #expect(percentileInterval([1, .infinity]) == nil)
    }
}
