import CGSL

/// Adaptive quadrature through GSL's `gsl_integration_qagp` (QUADPACK's QAGP): the integral of a
/// function over [lower, upper] whose integrand may be non-smooth at known interior points.
public enum IntegrationError: Error, Sendable, Equatable {
    /// GSL could not allocate its workspace.
    case allocation
    /// GSL's quadrature returned this status (or a result that is not finite, with its status).
    case solver(GSLStatus)
}

/// The integral of `f` over [lower, upper], split at `breakpoints` (the places where f or its
/// derivatives jump; they must lie strictly inside and increase), to within
/// max(absoluteTolerance, relativeTolerance |result|). A result GSL flags as limited by round-off
/// (GSL_EROUND) is accepted: it is as accurate as double precision allows.
package func integrate(_ f: @escaping (Double) -> Double, lower: Double, upper: Double, breakpoints: [Double] = [],
               absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-12) throws(IntegrationError) -> Double {
    GSLRuntime.prepare()
    guard upper > lower else { return 0 }
    var points = [lower] + breakpoints.filter { $0 > lower && $0 < upper } + [upper]
    // QAGP starts from one subinterval per piece and refuses more pieces than its workspace has
    // room for: room for every piece, and 200 bisections beyond them.
    let limit = points.count + 200
    guard let workspace = gsl_integration_workspace_alloc(limit) else { throw .allocation }
    defer { gsl_integration_workspace_free(workspace) }
    var integrand = GSLFunction(f)
    defer { integrand.release() }
    var result = 0.0, error = 0.0
    let status = points.withUnsafeMutableBufferPointer { buffer in
        gsl_integration_qagp(&integrand.function, buffer.baseAddress, buffer.count, absoluteTolerance, relativeTolerance, limit, workspace, &result, &error)
    }
    guard status == Int32(GSL_SUCCESS) || status == Int32(GSL_EROUND), result.isFinite else {
        throw .solver(GSLStatus(status))
    }
    return result
}
