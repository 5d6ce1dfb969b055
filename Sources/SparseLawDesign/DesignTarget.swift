import SparseLawCore
import SparseLawLaws
import SparseLawDecisions

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The quantity a design aims to make surer: g(law).
public enum DesignTarget: Sendable, Equatable {
    /// The optimal sparsity at N non-zero parameters and C FLOPs, without its clipping to
    /// [0, cap]: a clipped optimum is flat in the coefficients wherever it is clipped, and a
    /// design would learn nothing about how far from the edge it is.
    case optimalSparsity(params: Double, compute: Double, cost: CostModel)
    /// The loss the best plan for C FLOPs of training gains over the best dense one (`Planner`).
    case planGain(compute: Double, memoryLimit: Double?, profile: HardwareProfile, schedule: PruningSchedule)
    /// One coefficient of the law, in the data's units, by its position in the form's names.
    case coefficient(name: String, index: Int)

    /// The lower end of the extended range the unclipped optimum is sought in.
    static let extendedLowerSparsity = -3.0

    /// g(law), or nil where the law cannot answer (a dense law asked about sparsity, a plan
    /// that overflows).
    ///
    /// The unclipped optimum: with K = 6 aD N / C and m(S) the cost model's multiplier,
    /// L(S) = (aS (1 - S)^bS + cS) N^-bN + (K m(S))^bD + c is defined for S < 0 too (a model
    /// with more weights than non-zeros is no model, but the formula is smooth through 0).
    /// Dense FLOPs: S* = 1 - (bD K^bD N^bN / (aS bS))^(1 / (bS + bD)) (math.md section 4),
    /// unclipped. Sparse FLOPs: the minimizer of L over [-3, cap], a scan polished by Brent's
    /// method.
    public func value(_ law: ScalingLaw) -> Double? {
        switch self {
        case .optimalSparsity(let params, let compute, let cost):
            guard case .sparse(let sparse) = law, sparse.aS > 0 else { return nil }
            switch cost {
            case .denseFLOPs:
                let logK = log(6 * sparse.aD * params / compute)
                let logRatio = log(sparse.bD) + sparse.bD * logK + sparse.bN * log(params) - log(sparse.aS * sparse.bS)
                let value = 1 - exp(logRatio / (sparse.bS + sparse.bD))
                return value.isFinite ? value : nil
            case .sparseFLOPs:
                let cap = SparseScalingLaw.defaultMaxSparsity
                let k = 6 * sparse.aD * params / compute
                let loss = { (s: Double) -> Double in
                    (sparse.aS * pow(1 - s, sparse.bS) + sparse.cS) * pow(params, -sparse.bN) + pow(k * cost.multiplier(s), sparse.bD) + sparse.c
                }
                let grid = (0...160).map { Self.extendedLowerSparsity + (cap - Self.extendedLowerSparsity) * Double($0) / 160 }
                guard let best = scannedMinimum(grid: grid, values: grid.map(loss), loss, maxPolished: 2), best.x.isFinite else { return nil }
                return best.x
            }
        case .planGain(let compute, let memoryLimit, let profile, let schedule):
            guard law.form == .sparse,
                  let planner = Planner(law: law, profile: profile, schedule: schedule, memoryLimit: memoryLimit),
                  let gain = planner.plan(compute: compute).gain, gain.isFinite
            else { return nil }
            return gain
        case .coefficient(_, let index):
            let coefficients = law.coefficients
            return index < coefficients.count ? coefficients[index] : nil
        }
    }

    /// Whether a law of `form` can be asked this at all.
    public func isAnswerable(by form: LawForm) -> Bool {
        switch self {
        case .optimalSparsity, .planGain: return form == .sparse
        case .coefficient(_, let index): return index < form.coefficientNames.count
        }
    }

    /// The step in theta (log coefficients) of the central differences of g: 0.1% of each
    /// coefficient, wide enough that the optimizer's tolerance (3e-9 relative) stays far below
    /// the difference it resolves, narrow enough that the curvature's error (h^2) is negligible.
    static let differenceStep = 1e-3

    /// d g / d theta over the free entries of theta, by central differences; nil where g is not
    /// defined at some step.
    func gradient(model: DesignModel, theta: [Double]) -> [Double]? {
        var result: [Double] = []
        for index in model.free {
            var up = theta, down = theta
            up[index] += Self.differenceStep
            down[index] -= Self.differenceStep
            guard let upLaw = model.law(up), let downLaw = model.law(down),
                  let high = value(upLaw), let low = value(downLaw) else { return nil }
            result.append((high - low) / (2 * Self.differenceStep))
        }
        return result
    }
}
