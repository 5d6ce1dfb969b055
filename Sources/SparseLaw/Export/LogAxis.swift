#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A logarithmic axis: maps values to pixels and chooses ticks. Over a decade and a half or more
/// it marks decades (labels 10^k) with 2...9 minor ticks; over a narrower range, where no decade
/// might fall inside, it marks round values (0.1, 0.2, 0.25, 0.5 ... times a power of ten).
struct LogAxis {
    var range: ClosedRange<Double>
    /// Pixel positions of `range.lowerBound` and `range.upperBound` (either order).
    var pixels: (Double, Double)

    func position(_ value: Double) -> Double {
        let t = (log10(value) - log10(range.lowerBound)) / (log10(range.upperBound) - log10(range.lowerBound))
        return pixels.0 + t * (pixels.1 - pixels.0)
    }

    struct Tick {
        var value: Double
        var label: String?
    }

    var ticks: [Tick] {
        let decades = log10(range.upperBound) - log10(range.lowerBound)
        if decades >= 1.5 {
            var ticks: [Tick] = []
            let every = decades > 12 ? 2 : 1
            for exponent in Int(floor(log10(range.lowerBound)))...Int(ceil(log10(range.upperBound))) {
                let decade = pow(10, Double(exponent))
                for multiple in 1...9 {
                    let value = decade * Double(multiple)
                    guard value >= range.lowerBound * (1 - 1e-9), value <= range.upperBound * (1 + 1e-9) else { continue }
                    if multiple == 1 {
                        ticks.append(Tick(value: value, label: exponent % every == 0 ? "10<tspan dy=\"-6\" font-size=\"10\">\(exponent)</tspan>" : nil))
                    } else if decades <= 8 {
                        ticks.append(Tick(value: value, label: nil))
                    }
                }
            }
            return ticks
        }
        // Within a decade and a half: the 1-2-5 sequence when it gives three ticks or more,
        // otherwise round linear steps.
        var sequence: [Tick] = []
        for exponent in Int(floor(log10(range.lowerBound)))...Int(ceil(log10(range.upperBound))) {
            for multiple in [1.0, 2, 5] {
                let value = multiple * pow(10, Double(exponent))
                if value >= range.lowerBound, value <= range.upperBound { sequence.append(Tick(value: value, label: Self.label(value))) }
            }
        }
        if sequence.count >= 3 { return sequence }
        let step = Self.niceStep((range.upperBound - range.lowerBound) / 4)
        var ticks: [Tick] = []
        var value = (range.lowerBound / step).rounded(.up) * step
        while value <= range.upperBound * (1 + 1e-12) {
            ticks.append(Tick(value: value, label: Self.label(value)))
            value += step
        }
        return ticks
    }

    /// `2.5`, or with a magnitude suffix for counts (`20B`), as the reader accepts them.
    static func label(_ value: Double) -> String {
        abs(value) >= 1e4 ? compactCount(value) : numberText(value, significant: 4)
    }

    /// 1, 2, 2.5 or 5 times a power of ten, the smallest at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        let magnitude = pow(10, floor(log10(raw)))
        for factor in [1.0, 2, 2.5, 5, 10] where factor * magnitude >= raw { return factor * magnitude }
        return 10 * magnitude
    }

    /// The range padded by `fraction` of its width in log space on each side.
    static func padded(_ low: Double, _ high: Double, fraction: Double = 0.05) -> ClosedRange<Double> {
        let a = log10(low), b = log10(max(high, low * 1.0001))
        let margin = (b - a) * fraction
        return pow(10, a - margin)...pow(10, b + margin)
    }
}
