/// Equal to a relative tolerance (1e-9 by default), or both within 1e-12 of each other: the
/// test the project uses to merge sparsity levels, sizes and budgets that differ only by rounding.
func nearlyEqual(_ a: Double, _ b: Double, relative: Double = 1e-9) -> Bool {
    abs(a - b) <= relative * max(abs(a), abs(b)) || abs(a - b) < 1e-12
}

/// Sorted distinct values, merging values that differ only by rounding.
func distinctValues(_ values: [Double]) -> [Double] {
    var result: [Double] = []
    for value in values.sorted() where result.last.map({ !nearlyEqual($0, value) }) ?? true {
        result.append(value)
    }
    return result
}
