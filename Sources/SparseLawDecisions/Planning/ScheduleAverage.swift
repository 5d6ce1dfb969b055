import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension PruningSchedule {
    /// E_t[1 / u(s(t))]: the mean over training of the inverse speedup of a run that ends at
    /// sparsity S, pruned along this schedule. It is the factor by which the run's dense-FLOP cost
    /// 6 N_total D shrinks (or grows, where u < 1):
    ///
    ///     E_t[1/u] = start + (end - start) I + (1 - end) / u(S),
    ///     I = integral_0^1 dx / u(S (1 - (1 - x)^power))
    ///
    /// - dense (u = 1): 1.
    /// - ideal (u = 1 / (1 - s)): E_t[1 - s(t)] = 1 - kappa S, with kappa = `meanSparsityFraction`,
    ///   in closed form: the cost model of sparse FLOPs.
    /// - measured: I by adaptive quadrature (GSL's QAGP), split where u has a kink: a measured
    ///   point s_j < S is reached at x_j = 1 - (1 - s_j / S)^(1 / power), and between those the
    ///   integrand is smooth.
    ///
    /// A measured curve is read as `interpolation` says; a step reading jumps at the measured
    /// points, where the quadrature is split anyway.
    ///
    /// Domain: S in [0, 1), and S within the curve (at most its last point); nil outside, or should
    /// the quadrature fail.
    public func meanInverseSpeedup(_ curve: SpeedupCurve, finalSparsity: Double, interpolation: SpeedupInterpolation = .linear) -> Double? {
        let sparsity = finalSparsity
        guard sparsity >= 0, sparsity < 1 else { return nil }
        switch curve {
        case .dense: return 1
        case .ideal: return 1 - meanSparsityFraction * sparsity
        case .measured:
            guard let final = curve.speedup(at: sparsity, interpolation: interpolation) else { return nil }
            if sparsity == 0 { return 1 }
            var mean = start + (1 - end) / final
            if end > start {
                let breakpoints = curve.kinks.filter { $0 < sparsity }.map { -expm1(log1p(-$0 / sparsity) / power) }
                let integrand = { (x: Double) -> Double in
                    // (1 - x)^power, kept within [0, 1] so that s never leaves [0, S].
                    let remaining = x >= 1 ? 0 : min(1, exp(power * log1p(-x)))
                    return 1 / (curve.speedup(at: sparsity * (1 - remaining), interpolation: interpolation) ?? final)
                }
                guard let integral = try? integrate(integrand, lower: 0, upper: 1, breakpoints: breakpoints) else { return nil }
                mean += (end - start) * integral
            }
            return mean
        }
    }
}
