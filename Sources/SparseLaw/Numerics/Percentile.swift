/// Percentile `p` in [0, 1] of sorted values, interpolating linearly between order statistics
/// (Hyndman & Fan type 7, the default of R and numpy).
func percentile(sorted values: [Double], _ p: Double) -> Double {
    precondition(!values.isEmpty)
    let position = p * Double(values.count - 1)
    let lower = Int(position.rounded(.down)), upper = min(lower + 1, values.count - 1)
    return values[lower] + (values[upper] - values[lower]) * (position - Double(lower))
}

/// A 95% percentile interval of `values`.
func percentileInterval(_ values: [Double]) -> ClosedRange<Double> {
    let sorted = values.sorted()
    return percentile(sorted: sorted, 0.025)...percentile(sorted: sorted, 0.975)
}
