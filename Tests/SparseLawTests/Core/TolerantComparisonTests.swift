import Testing
@testable import SparseLawCore

@Suite("Core: nearlyEqual")
struct NearlyEqualTests {
    @Test("a value equals itself: zero, signed zeros, finite values, the extremes of Double")
    func reflexive() {
        for value in [0.0, -0.0, 1, -1, 0.3, 1e-300, Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude] {
            #expect(nearlyEqual(value, value), "\(value)")
            #expect(nearlyEqual(value, value, relative: 0, absolute: 0), "\(value) with no tolerance")
        }
        #expect(nearlyEqual(0.0, -0.0, relative: 0, absolute: 0))
    }

    @Test("an infinity equals itself, with or without tolerance")
    func infinityEqualsItself() {
        #expect(nearlyEqual(.infinity, .infinity))
        #expect(nearlyEqual(-.infinity, -.infinity))
        #expect(nearlyEqual(.infinity, .infinity, relative: 0, absolute: 0))
    }

    @Test("an infinity equals nothing else: not the other infinity, not the largest finite value, not zero")
    func infinityEqualsNothingElse() {
        #expect(!nearlyEqual(.infinity, -.infinity))
        #expect(!nearlyEqual(-.infinity, .infinity))
        for finite in [0.0, 1, -1, Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude] {
            #expect(!nearlyEqual(.infinity, finite), "+inf vs \(finite)")
            #expect(!nearlyEqual(finite, .infinity), "\(finite) vs +inf")
            #expect(!nearlyEqual(-.infinity, finite), "-inf vs \(finite)")
            #expect(!nearlyEqual(finite, -.infinity), "\(finite) vs -inf")
        }
        // Not even with a tolerance that admits everything finite.
        #expect(!nearlyEqual(.infinity, 1, relative: 1, absolute: .greatestFiniteMagnitude))
    }

    @Test("NaN is never equal, not to itself, not to anything, whatever the tolerance")
    func nanNeverEqual() {
        for other in [Double.nan, 0, 1, .infinity, -.infinity] {
            #expect(!nearlyEqual(.nan, other), "NaN vs \(other)")
            #expect(!nearlyEqual(other, .nan), "\(other) vs NaN")
            #expect(!nearlyEqual(.nan, other, relative: 1, absolute: .infinity), "NaN vs \(other), wide tolerance")
        }
    }

    @Test("near zero, the absolute floor (1e-12 by default, strict) decides")
    func zeroVersusTiny() {
        #expect(nearlyEqual(0, 1e-13))
        #expect(nearlyEqual(-1e-13, 1e-13 / 2))
        #expect(nearlyEqual(0, .leastNonzeroMagnitude))
        // The floor is strict: a difference of exactly 1e-12 is not within it.
        #expect(!nearlyEqual(0, 1e-12))
        #expect(!nearlyEqual(0, 2e-12))
        // With no floor, zero equals only zero: no relative tolerance makes 0 near a nonzero value.
        #expect(!nearlyEqual(0, .leastNonzeroMagnitude, absolute: 0))
        #expect(!nearlyEqual(0, 1e-300, absolute: 0))
        #expect(nearlyEqual(0, -0.0, absolute: 0))
        // Two tiny values in a unit where all lie below 1e-12 are told apart with absolute: 0.
        #expect(nearlyEqual(1e-15, 2e-15))
        #expect(!nearlyEqual(1e-15, 2e-15, absolute: 0))
        #expect(nearlyEqual(1e-15, 1e-15 * (1 + 1e-12), absolute: 0))
    }

    @Test("the relative tolerance is inclusive and measured against the larger magnitude")
    func relativeEdge() {
        // Powers of two, so every difference and bound below is exact.
        #expect(nearlyEqual(2, 4, relative: 0.5, absolute: 0))
        #expect(nearlyEqual(4, 2, relative: 0.5, absolute: 0))
        #expect(!nearlyEqual(2, 4.nextUp, relative: 0.5, absolute: 0))
        // Against the smaller magnitude, 2 would be 100% away; against the larger, 50%.
        #expect(!nearlyEqual(2, 4, relative: 0.25, absolute: 0))
        #expect(nearlyEqual(-2, -4, relative: 0.5, absolute: 0))
        // Opposite signs are apart by twice the larger magnitude.
        #expect(nearlyEqual(-1, 1, relative: 2, absolute: 0))
        #expect(!nearlyEqual(-1, 1, relative: 1.5, absolute: 0))
    }

    @Test("the default relative tolerance, 1e-9, merges rounding and keeps real differences")
    func defaultRelative() {
        #expect(nearlyEqual(0.1 + 0.2, 0.3))
        #expect(nearlyEqual(1e6, 1e6 + 1e-4))
        #expect(!nearlyEqual(1e6, 1e6 + 1e-2))
        #expect(nearlyEqual(7e20, 7e20 * (1 + 5e-10)))
        #expect(!nearlyEqual(7e20, 7e20 * (1 + 2e-9)))
        #expect(!nearlyEqual(0.5, 0.5001))
    }

    @Test("a difference that overflows is not near, though the tolerance is")
    func overflowingDifference() {
        #expect(!nearlyEqual(.greatestFiniteMagnitude, -.greatestFiniteMagnitude, relative: 1))
        #expect(nearlyEqual(.greatestFiniteMagnitude, .greatestFiniteMagnitude.nextDown))
    }

    @Test("the comparison is symmetric")
    func symmetric() {
        let values: [Double] = [0, -0.0, 1e-13, 1, 1 + 1e-10, 1 + 1e-8, -1, 3, .infinity, -.infinity, .nan, .greatestFiniteMagnitude]
        for a in values {
            for b in values {
                #expect(nearlyEqual(a, b) == nearlyEqual(b, a), "\(a), \(b)")
            }
        }
    }
}

@Suite("Core: distinctValues")
struct DistinctValuesTests {
    @Test("no values, no distinct values")
    func empty() {
        #expect(distinctValues([]).isEmpty)
    }

    @Test("distinct values come out sorted, each once")
    func sortedAndUnique() {
        #expect(distinctValues([3, 1, 2, 1, 3, 3]) == [1, 2, 3])
        #expect(distinctValues([0.9, -0.5, 0.5, 0]) == [-0.5, 0, 0.5, 0.9])
        #expect(distinctValues([4]) == [4])
    }

    @Test("values that differ only by rounding merge into one, wherever they stand in the input")
    func mergesRounding() {
        let merged = distinctValues([0.3, 0.5, 0.1 + 0.2, 0.75, 0.5 * (1 + 1e-12)])
        #expect(merged.count == 3)
        #expect(nearlyEqual(merged[0], 0.3))
        #expect(merged[1] == 0.5)
        #expect(merged[2] == 0.75)
        // Sparsity levels near zero, merged by the absolute floor.
        #expect(distinctValues([0, 1e-14, 0.5, -1e-14]).count == 2)
    }

    @Test("with absolute: 0, values below the floor stay apart, and only relative rounding merges")
    func noAbsoluteFloor() {
        #expect(distinctValues([1e-15, 2e-15, 3e-15], absolute: 0) == [1e-15, 2e-15, 3e-15])
        #expect(distinctValues([1e-15, 2e-15, 3e-15]).count == 1)
        #expect(distinctValues([1e-15, 1e-15 * (1 + 1e-12)], absolute: 0).count == 1)
        #expect(distinctValues([0, 0, -0.0], absolute: 0).count == 1)
    }

    @Test("every input value is near one output value, and no two outputs are near each other")
    func coverAndSeparation() {
        var generator = SeededGenerator(seed: 20_260_417)
        let levels: [Double] = [0, 0.25, 0.5, 0.75, 0.875, 1e3, 1e9]
        let values = (0..<200).map { _ in
            let level = levels.randomElement(using: &generator)!
            return level * (1 + Double.random(in: -1e-11...1e-11, using: &generator))
        }
        let distinct = distinctValues(values)
        #expect(distinct.count == levels.count)
        for value in values { #expect(distinct.contains { nearlyEqual($0, value) }, "\(value)") }
        for (a, b) in zip(distinct, distinct.dropFirst()) { #expect(a < b && !nearlyEqual(a, b), "\(a), \(b)") }
    }

    @Test("infinities are distinct values of their own: each once, at the ends, not merged with finite ones")
    func infinities() {
        #expect(distinctValues([.infinity, 1, .infinity, -.infinity, 2, -.infinity]) == [-.infinity, 1, 2, .infinity])
        #expect(distinctValues([.infinity, .greatestFiniteMagnitude]) == [.greatestFiniteMagnitude, .infinity])
        #expect(distinctValues([.infinity]) == [.infinity])
    }

    @Test("NaN is no value: it is left out, and the other values still come out sorted")
    func nan() {
        let distinct = distinctValues([3, .nan, 1, 2, .nan, 1, 0.5])
        #expect(distinct == [0.5, 1, 2, 3])
        #expect(distinctValues([.nan, .nan]).isEmpty)
    }
}
