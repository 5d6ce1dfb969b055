import CGSL

/// Brent's method for a root of f in a bracket, through GSL's `gsl_root_fsolver_brent`.
/// Why no root was found.
public enum BrentRootError: Error, Sendable, Equatable {
    /// f has the same sign (or is not finite) at both ends of the bracket.
    case notBracketed(lower: Double, upper: Double)
    /// GSL could not allocate its solver.
    case allocation
    /// GSL's solver returned this status.
    case solver(GSLStatus)
}

/// A root of `f` in [lower, upper], where f(lower) and f(upper) differ in sign, to within
/// `absoluteTolerance` + `relativeTolerance` |x| (GSL's `gsl_root_test_interval`).
package func brentRoot(of f: @escaping (Double) -> Double, lower: Double, upper: Double,
               absoluteTolerance: Double = 1e-14, relativeTolerance: Double = 1e-12,
               maxIterations: Int = 200) throws(BrentRootError) -> Double {
    GSLRuntime.prepare()
    let fLower = f(lower), fUpper = f(upper)
    if fLower == 0 { return lower }
    if fUpper == 0 { return upper }
    guard fLower.isFinite, fUpper.isFinite, (fLower < 0) != (fUpper < 0) else {
        throw .notBracketed(lower: lower, upper: upper)
    }
    guard let solver = gsl_root_fsolver_alloc(sparselaw_root_brent()) else { throw .allocation }
    defer { gsl_root_fsolver_free(solver) }
    var function = GSLFunction(f)
    defer { function.release() }
    let status = gsl_root_fsolver_set(solver, &function.function, lower, upper)
    guard status == Int32(GSL_SUCCESS) else { throw .solver(GSLStatus(status)) }
    for _ in 0..<maxIterations {
        let step = gsl_root_fsolver_iterate(solver)
        guard step == Int32(GSL_SUCCESS) else { throw .solver(GSLStatus(step)) }
        let low = gsl_root_fsolver_x_lower(solver), high = gsl_root_fsolver_x_upper(solver)
        if gsl_root_test_interval(low, high, absoluteTolerance, relativeTolerance) == Int32(GSL_SUCCESS) {
            return gsl_root_fsolver_root(solver)
        }
    }
    return gsl_root_fsolver_root(solver)
}
