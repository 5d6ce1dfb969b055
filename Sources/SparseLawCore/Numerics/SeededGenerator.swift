/// SplitMix64 (Steele, Lea & Flood 2014): a small, fast generator whose output depends only on
/// its seed, so that every random choice the project makes is reproducible from `--seed`.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1), with 53 random bits.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Standard normal by the Box–Muller transform (one of the pair is discarded, keeping the
    /// generator free of hidden state).
    public mutating func nextNormal() -> Double {
        let u1 = 1 - nextUniform()  // in (0, 1], so the logarithm is finite
        let u2 = nextUniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
