import SparseLawCore

extension Interval {
    /// `[lower, upper]`, each end to `significant` digits, as every interval is printed.
    public func text(significant: Int) -> String {
        "[\(numberText(lowerBound, significant: significant)), \(numberText(upperBound, significant: significant))]"
    }
}
