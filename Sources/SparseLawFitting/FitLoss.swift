import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The objective a law is fitted by: the mean over points of rho(r_i), with r_i a residual.
///
/// - `huberLog`: r = log(predicted) - log(measured), rho = Huber_delta (the Chinchilla convention,
///   and the one Frantar et al. used for T5, delta 1e-3).
/// - `huber`: r = predicted - measured, rho = Huber_delta (Frantar et al. for ViT, delta 1e-2).
/// - `squares`: r = predicted - measured, rho = r^2 / 2.
///
/// Huber_delta(r) = r^2 / 2 for |r| <= delta, delta (|r| - delta / 2) beyond. It equals
/// psi(r)^2 / 2 with psi(r) = r for |r| <= delta and sign(r) sqrt(2 delta |r| - delta^2) beyond;
/// psi is continuous with a continuous derivative at |r| = delta, so a Huber fit is an ordinary
/// nonlinear least-squares problem in psi(r_i), which GSL's trust-region solver minimizes directly.
public struct FitLoss: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case huberLog = "huber-log"
        case huber
        case squares
    }

    public var kind: Kind
    /// The Huber threshold (> 0); unused by `squares`.
    public var delta: Double

    public init(kind: Kind = .huberLog, delta: Double = 1e-3) {
        self.kind = kind
        self.delta = delta
    }

    /// The residual of one point, and its derivative with respect to the prediction.
    @inline(__always)
    func residual(predicted: Double, measured: Double) -> (value: Double, derivative: Double) {
        switch kind {
        case .huberLog: return (log(predicted) - log(measured), 1 / predicted)
        case .huber, .squares: return (predicted - measured, 1)
        }
    }

    /// psi(r) and psi'(r): the transformed residual whose square, halved, is rho(r).
    @inline(__always)
    func transformed(_ r: Double) -> (value: Double, derivative: Double) {
        guard kind != .squares, abs(r) > delta else { return (r, 1) }
        let root = (2 * delta * abs(r) - delta * delta).squareRoot()
        return (r < 0 ? -root : root, delta / root)
    }

    /// rho(r).
    public func rho(_ r: Double) -> Double {
        if kind == .squares || abs(r) <= delta { return r * r / 2 }
        return delta * (abs(r) - delta / 2)
    }

    /// The objective: the mean of rho over the points; NaN unless both lists have the same,
    /// non-zero length.
    public func objective(predicted: [Double], measured: [Double]) -> Double {
        guard predicted.count == measured.count, !predicted.isEmpty else { return .nan }
        var total = 0.0
        for (p, m) in zip(predicted, measured) { total += rho(residual(predicted: p, measured: m).value) }
        return total / Double(predicted.count)
    }
}

extension FitLoss {
    /// The objective of a given law on runs: how the fitter scores coefficients, so that any
    /// published solution can be compared with a fit on the same footing.
    public func objective(of law: ScalingLaw, on runs: [TrainingRun]) -> Double {
        objective(predicted: runs.map { law.loss(of: $0) }, measured: runs.map(\.loss))
    }
}
