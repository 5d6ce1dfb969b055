import CGSL

/// A nonlinear least-squares problem: minimize (1/2) sum_i f_i(x)^2 over x in R^p.
///
/// The residuals and their Jacobian are Swift closures over Swift arrays; this file is the only
/// place where they meet GSL's `gsl_multifit_nlinear` workspace and its C pointers.
package struct NonlinearLeastSquaresProblem {
    var residualCount: Int
    var parameterCount: Int
    /// Fills `residuals` (count n) at `parameters` (count p).
    var residuals: (_ parameters: [Double], _ residuals: inout [Double]) -> Void
    /// Fills `jacobian` (n x p, row-major: J[i * p + j] = d f_i / d x_j) at `parameters`.
    var jacobian: (_ parameters: [Double], _ jacobian: inout [Double]) -> Void

    package init(residualCount: Int, parameterCount: Int,
                 residuals: @escaping (_ parameters: [Double], _ residuals: inout [Double]) -> Void,
                 jacobian: @escaping (_ parameters: [Double], _ jacobian: inout [Double]) -> Void) {
        self.residualCount = residualCount
        self.parameterCount = parameterCount
        self.residuals = residuals
        self.jacobian = jacobian
    }
}

/// What a GSL trust-region solve ended with.
package struct NonlinearLeastSquaresSolution {
    package var parameters: [Double]
    /// (1/2) sum f_i^2 at `parameters`.
    package var halfSumOfSquares: Double
    package var iterations: Int
    /// True when GSL reported convergence by its step (`xtol`) or gradient (`gtol`) test.
    package var converged: Bool
    /// GSL's status when it did not converge.
    package var stopStatus: GSLStatus?
    /// (J^T J)^-1 at the solution (p x p, row-major), from `gsl_multifit_nlinear_covar`; nil when
    /// it could not be computed.
    package var inverseNormalMatrix: [Double]?
    /// The rank-revealing tolerance found the Jacobian rank deficient.
    package var rankDeficient: Bool

    package init(parameters: [Double], halfSumOfSquares: Double, iterations: Int, converged: Bool, stopStatus: GSLStatus?,
                 inverseNormalMatrix: [Double]?, rankDeficient: Bool) {
        self.parameters = parameters
        self.halfSumOfSquares = halfSumOfSquares
        self.iterations = iterations
        self.converged = converged
        self.stopStatus = stopStatus
        self.inverseNormalMatrix = inverseNormalMatrix
        self.rankDeficient = rankDeficient
    }
}

/// Why a solve could not start.
public enum NonlinearLeastSquaresError: Error, Sendable, Equatable {
    /// GSL could not allocate its workspace.
    case allocation
    /// GSL refused the start with this status (`domain`: the residuals are not finite there).
    case initialization(GSLStatus)
}

/// Box passed through GSL's `void *params` to the C callbacks.
private final class CallbackContext {
    let problem: NonlinearLeastSquaresProblem
    var parameters: [Double]
    var residuals: [Double]
    var jacobian: [Double]

    init(_ problem: NonlinearLeastSquaresProblem) {
        self.problem = problem
        parameters = Array(repeating: 0, count: problem.parameterCount)
        residuals = Array(repeating: 0, count: problem.residualCount)
        jacobian = Array(repeating: 0, count: problem.residualCount * problem.parameterCount)
    }

    func load(_ x: UnsafePointer<gsl_vector>) {
        for j in 0..<problem.parameterCount { parameters[j] = gsl_vector_get(x, j) }
    }
}

private func residualCallback(_ x: UnsafePointer<gsl_vector>?, _ params: UnsafeMutableRawPointer?, _ f: UnsafeMutablePointer<gsl_vector>?) -> Int32 {
    guard let x, let params, let f else { return Int32(GSL_EFAULT) }
    let context = Unmanaged<CallbackContext>.fromOpaque(params).takeUnretainedValue()
    context.load(x)
    context.problem.residuals(context.parameters, &context.residuals)
    for i in 0..<context.problem.residualCount {
        let value = context.residuals[i]
        guard value.isFinite else { return Int32(GSL_EDOM) }
        gsl_vector_set(f, i, value)
    }
    return Int32(GSL_SUCCESS)
}

private func jacobianCallback(_ x: UnsafePointer<gsl_vector>?, _ params: UnsafeMutableRawPointer?, _ J: UnsafeMutablePointer<gsl_matrix>?) -> Int32 {
    guard let x, let params, let J else { return Int32(GSL_EFAULT) }
    let context = Unmanaged<CallbackContext>.fromOpaque(params).takeUnretainedValue()
    context.load(x)
    context.problem.jacobian(context.parameters, &context.jacobian)
    let p = context.problem.parameterCount
    for i in 0..<context.problem.residualCount {
        for j in 0..<p {
            let value = context.jacobian[i * p + j]
            guard value.isFinite else { return Int32(GSL_EDOM) }
            gsl_matrix_set(J, i, j, value)
        }
    }
    return Int32(GSL_SUCCESS)
}

extension NonlinearLeastSquaresProblem {
    /// Solves from `start` with GSL's trust-region method (Levenberg–Marquardt subproblem, More
    /// scaling, QR linear solves).
    ///
    /// - Parameters:
    ///   - xtol: stop when every step is below xtol (|x| + xtol).
    ///   - gtol: stop when the scaled gradient is below gtol.
    package func solve(from start: [Double], maxIterations: Int = 500, xtol: Double = 1e-12, gtol: Double = 1e-12, ftol: Double = 0) throws(NonlinearLeastSquaresError) -> NonlinearLeastSquaresSolution {
        precondition(start.count == parameterCount)
        GSLRuntime.prepare()
        let n = residualCount, p = parameterCount
        var parameters = gsl_multifit_nlinear_default_parameters()
        parameters.trs = sparselaw_nlinear_trs_lm()
        parameters.scale = sparselaw_nlinear_scale_more()
        parameters.solver = sparselaw_nlinear_solver_qr()

        guard let workspace = gsl_multifit_nlinear_alloc(sparselaw_nlinear_trust(), &parameters, n, p) else {
            throw .allocation
        }
        defer { gsl_multifit_nlinear_free(workspace) }
        guard let x0 = gsl_vector_alloc(p) else { throw .allocation }
        defer { gsl_vector_free(x0) }
        for j in 0..<p { gsl_vector_set(x0, j, start[j]) }

        let context = CallbackContext(self)
        let unmanaged = Unmanaged.passRetained(context)
        defer { unmanaged.release() }
        var fdf = gsl_multifit_nlinear_fdf()
        fdf.f = residualCallback
        fdf.df = jacobianCallback
        fdf.fvv = nil
        fdf.n = n
        fdf.p = p
        fdf.params = unmanaged.toOpaque()

        let initStatus = gsl_multifit_nlinear_init(x0, &fdf, workspace)
        guard initStatus == Int32(GSL_SUCCESS) else {
            throw .initialization(GSLStatus(initStatus))
        }
        var info: Int32 = 0
        let status = gsl_multifit_nlinear_driver(maxIterations, xtol, gtol, ftol, nil, nil, &info, workspace)

        let solutionVector = gsl_multifit_nlinear_position(workspace)!
        var solution = (0..<p).map { gsl_vector_get(solutionVector, $0) }
        let residualVector = gsl_multifit_nlinear_residual(workspace)!
        var sumOfSquares = 0.0
        for i in 0..<n { let r = gsl_vector_get(residualVector, i); sumOfSquares += r * r }
        if !solution.allSatisfy(\.isFinite) { solution = start }

        var inverse: [Double]? = nil
        var rankDeficient = false
        if let covariance = gsl_matrix_alloc(p, p) {
            defer { gsl_matrix_free(covariance) }
            let jacobian = gsl_multifit_nlinear_jac(workspace)
            if gsl_multifit_nlinear_covar(jacobian, 1e-12, covariance) == Int32(GSL_SUCCESS) {
                var values: [Double] = []
                values.reserveCapacity(p * p)
                for i in 0..<p { for j in 0..<p { values.append(gsl_matrix_get(covariance, i, j)) } }
                // GSL zeroes the rows and columns of parameters it finds linearly dependent.
                rankDeficient = (0..<p).contains { values[$0 * p + $0] == 0 }
                inverse = values.allSatisfy(\.isFinite) ? values : nil
            }
        }
        // GSL reports a first iteration that finds no step reducing the cost as "exceeded max
        // number of iterations" (info GSL_ENOPROG): the start is already a minimum to working
        // precision, as when a solution is polished again.
        let alreadyMinimal = status == Int32(GSL_EMAXITER) && info == Int32(GSL_ENOPROG) && gsl_multifit_nlinear_niter(workspace) <= 1
        let converged = status == Int32(GSL_SUCCESS) || alreadyMinimal
        return NonlinearLeastSquaresSolution(
            parameters: solution,
            halfSumOfSquares: sumOfSquares / 2,
            iterations: Int(gsl_multifit_nlinear_niter(workspace)),
            converged: converged,
            stopStatus: converged ? nil : GSLStatus(status),
            inverseNormalMatrix: inverse,
            rankDeficient: rankDeficient)
    }
}
