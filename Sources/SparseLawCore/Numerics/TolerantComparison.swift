/// Equal to a relative tolerance (1e-9 by default), or both within `absolute` (1e-12 by default)
/// of each other: the test the project uses to merge sparsity levels, sizes and budgets that
/// differ only by rounding. The absolute floor suits sparsities near zero; quantities in an
/// arbitrary unit (sizes, budgets) pass 0, since all of theirs may lie below 1e-12. An infinity
/// equals only itself; NaN equals nothing.
package func nearlyEqual(_ a: Double, _ b: Double, relative: Double = 1e-9, absolute: Double = 1e-12) -> Bool {
    if a == b { return true }
    let difference = abs(a - b)
    return difference.isFinite && (difference <= relative * max(abs(a), abs(b)) || difference < absolute)
}

/// Sorted distinct values, merging values that differ only by rounding. NaN, which has no place
/// in the order, is left out.
package func distinctValues(_ values: [Double], absolute: Double = 1e-12) -> [Double] {
    var result: [Double] = []
    for value in values.filter({ !$0.isNaN }).sorted() where result.last.map({ !nearlyEqual($0, value, absolute: absolute) }) ?? true {
        result.append(value)
    }
    return result
}
