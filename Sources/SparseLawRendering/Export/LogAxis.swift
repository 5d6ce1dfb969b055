import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An axis of a plot: maps values to pixels and chooses ticks.
protocol PlotAxis: Sendable {
    func position(_ value: Double) -> Double
    var ticks: [AxisTick] { get }
}

struct AxisTick: Sendable, Equatable {
    var value: Double
    var label: FigureText?
}

/// How tick labels print: plain numbers (`2.5`), counts with a magnitude suffix as the reader
/// accepts them (`20B`), or powers of ten (`10^20`, falling back to `3e20` between decades).
enum TickFormat: Sendable {
    case plain, count, power
}

/// A logarithmic axis. Over a decade and a half or more it marks decades with 2...9 minor ticks;
/// over a narrower range, where no decade might fall inside, it marks round values (0.1, 0.2,
/// 0.25, 0.5 ... times a power of ten). Labels are never repeated: when rounding would print two
/// ticks alike, they get more digits.
struct LogAxis: PlotAxis {
    var range: ClosedRange<Double>
    /// Pixel positions of `range.lowerBound` and `range.upperBound` (either order).
    var pixels: (Double, Double)
    var format: TickFormat = .plain

    func position(_ value: Double) -> Double {
        let t = (log10(value) - log10(range.lowerBound)) / (log10(range.upperBound) - log10(range.lowerBound))
        return pixels.0 + t * (pixels.1 - pixels.0)
    }

    var ticks: [AxisTick] {
        let decades = log10(range.upperBound) - log10(range.lowerBound)
        // Finite positive ends have logarithms within +-324, so the decade loops below are short
        // and every Int conversion is exact.
        guard range.lowerBound > 0, range.upperBound.isFinite, decades.isFinite, decades > 0 else { return [] }
        let inRange = { (value: Double) in value >= self.range.lowerBound * (1 - 1e-9) && value <= self.range.upperBound * (1 + 1e-9) }
        if decades >= 1.5 {
            var ticks: [AxisTick] = []
            // Decades labeled; every second one over very wide ranges.
            let every = decades > 12 ? 2 : 1
            for exponent in Int(floor(log10(range.lowerBound)))...Int(ceil(log10(range.upperBound))) {
                let decade = pow(10, Double(exponent))
                for multiple in 1...9 where inRange(decade * Double(multiple)) {
                    if multiple == 1 {
                        ticks.append(AxisTick(value: decade, label: exponent % every == 0 ? decadeLabel(exponent) : nil))
                    } else if decades <= 8 {
                        ticks.append(AxisTick(value: decade * Double(multiple), label: nil))
                    }
                }
            }
            return ticks
        }
        // Within a decade and a half: the 1-2-5 sequence when it gives three ticks or more,
        // otherwise round linear steps.
        var values: [Double] = []
        for exponent in Int(floor(log10(range.lowerBound)))...Int(ceil(log10(range.upperBound))) {
            for multiple in [1.0, 2, 5] where inRange(multiple * pow(10, Double(exponent))) {
                values.append(multiple * pow(10, Double(exponent)))
            }
        }
        if values.count < 3 {
            let step = Self.niceStep((range.upperBound - range.lowerBound) / 6)
            values = []
            var index = (range.lowerBound / step).rounded(.up)
            // At most a dozen steps fit; the bound also ends the loop where the range is so
            // narrow against its values that index + 1 == index.
            while index * step <= range.upperBound * (1 + 1e-12), values.count < 12 {
                values.append(index * step)
                index += 1
            }
        }
        let labels = uniqueLabels(values)
        return zip(values, labels).map { AxisTick(value: $0, label: $1) }
    }

    private func decadeLabel(_ exponent: Int) -> FigureText {
        switch format {
        case .power: return .power("10", String(exponent))
        case .count: return FigureText(Self.label(pow(10, Double(exponent)), format: .count, significant: 3))
        case .plain: return FigureText(numberText(pow(10, Double(exponent)), significant: 3))
        }
    }

    /// Labels for `values`, with the fewest digits (3 or more) that print no two alike.
    private func uniqueLabels(_ values: [Double]) -> [FigureText] {
        for significant in 3...8 {
            let labels = values.map { Self.label($0, format: format, significant: significant) }
            if Set(labels).count == labels.count { return labels.map { FigureText($0) } }
        }
        return values.map { FigureText(exactText($0)) }
    }

    /// `2.5`, `20B` for counts, `3e20` for powers, with `significant` digits at most.
    static func label(_ value: Double, format: TickFormat = .plain, significant: Int = 4) -> String {
        switch format {
        case .plain: return numberText(value, significant: significant)
        case .count:
            let magnitudes: [(Double, String)] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")]
            for (scale, suffix) in magnitudes where abs(value) >= scale * (1 - 1e-12) {
                return numberText(value / scale, significant: significant) + suffix
            }
            return numberText(value, significant: significant)
        case .power:
            guard value > 0, value.isFinite else { return numberText(value, significant: significant) }
            let exponent = Int(floor(log10(value) + 1e-12))
            let mantissa = value / pow(10, Double(exponent))
            return numberText(mantissa, significant: significant) + "e" + String(exponent)
        }
    }

    /// 1, 2, 2.5 or 5 times a power of ten, the smallest at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, floor(log10(raw)))
        for factor in [1.0, 2, 2.5, 5, 10] where factor * magnitude >= raw { return factor * magnitude }
        return 10 * magnitude
    }

    /// The range padded by `fraction` of its width in log space on each side; a single value
    /// gets a quarter decade around it, so that no axis is degenerate.
    static func padded(_ low: Double, _ high: Double, fraction: Double = 0.05) -> ClosedRange<Double> {
        // Values that cannot be drawn on a log axis give a nominal decade rather than a trap.
        guard low > 0, high >= low, high.isFinite else { return 1...10 }
        let a = log10(low), b = log10(high)
        let margin = b - a < 1e-9 ? 0.125 : (b - a) * fraction
        return pow(10, a - margin)...pow(10, b + margin)
    }
}

/// A linear axis with ticks at 1, 2, 2.5 or 5 times a power of ten.
struct LinearAxis: PlotAxis {
    var range: ClosedRange<Double>
    var pixels: (Double, Double)
    /// Appended to every label, e.g. "%".
    var suffix: String = ""

    func position(_ value: Double) -> Double {
        let t = (value - range.lowerBound) / (range.upperBound - range.lowerBound)
        return pixels.0 + t * (pixels.1 - pixels.0)
    }

    var ticks: [AxisTick] {
        guard range.upperBound > range.lowerBound, (range.upperBound - range.lowerBound).isFinite else { return [] }
        let step = LogAxis.niceStep((range.upperBound - range.lowerBound) / 4)
        var ticks: [AxisTick] = []
        var index = (range.lowerBound / step).rounded(.up)
        while index * step <= range.upperBound + step * 1e-9, ticks.count < 12 {
            let value = abs(index) < 1e-9 ? 0 : index * step
            ticks.append(AxisTick(value: value, label: FigureText(numberText(value, significant: 3) + suffix)))
            index += 1
        }
        return ticks
    }
}
