/// Percentile `p` in [0, 1] of sorted values, interpolating linearly between order statistics
/// (Hyndman & Fan type 7, the default of R and numpy); NaN for no values.
///
/// The interpolation is written a (1 - t) + b t, which cannot overflow for finite a and b (each
/// term is at most the larger magnitude), where a + (b - a) t overflows once b - a exceeds the
/// largest double, e.g. between -1e308 and 1e308.
package func percentile(sorted values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty, !p.isNaN else { return .nan }
    let position = min(max(p, 0), 1) * Double(values.count - 1)
    let lower = Int(position.rounded(.down)), upper = min(lower + 1, values.count - 1)
    let t = position - Double(lower)
    return t == 0 ? values[lower] : values[lower] * (1 - t) + values[upper] * t
}

/// A 95% percentile interval of `values`; nil when there are none, or when any is NaN or
/// infinite, since no interval of such values means anything.
package func percentileInterval(_ values: [Double]) -> Interval? {
    guard !values.isEmpty, values.allSatisfy(\.isFinite) else { return nil }
    let sorted = values.sorted()
    let low = percentile(sorted: sorted, 0.025), high = percentile(sorted: sorted, 0.975)
    // Rounding cannot put the interpolated ends out of order; Interval keeps them in order anyway.
    return Interval(low, high)
}
