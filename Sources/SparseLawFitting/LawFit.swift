import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

/// A fitted law with everything needed to judge it.
public struct LawFit: Sendable {
    public var law: ScalingLaw
    public var options: FitOptions
    /// The mean of rho over the points at the solution (the number the options' loss minimizes).
    public var objective: Double
    public var points: Int
    /// Trust-region polishes run, and how many of them ended at the best objective (relative 1e-6, or within 1e-14).
    public var starts: Int
    public var startsAtBest: Int
    /// The objective each start ended at, in order of the search's ranking.
    public var startObjectives: [Double]
    public var converged: Bool
    public var iterations: Int
    public var stopStatus: GSLStatus?
    /// Root-mean-square of predicted - measured loss.
    public var rmse: Double
    /// The largest |predicted / measured - 1|.
    public var maxRelativeError: Double
    /// Asymptotic standard errors of the coefficients (in `law.form.coefficientNames` order,
    /// then one per structured pattern), from sigma^2 (J^T J)^-1 propagated to the data's units;
    /// nil when not estimable, NaN for a free coefficient a rank-deficient solve left undetermined,
    /// 0 for a held one (fixed by the user or at an edge of the domain).
    public var standardErrors: [Double]?
    /// Correlations between the coefficients, from the same covariance.
    public var correlation: [[Double]]?
    public var summary: RunSummary
    public var warnings: [FitWarning]
    /// The solution in the fitter's own parametrization, and the scales N0 and D0 it is
    /// normalized by: the warm start of bootstrap refits.
    var theta: [Double] = []
    var paramsScale: Double = 1
    var tokensScale: Double = 1
    /// The law's coefficients followed by one constant q_p per structured pattern.
    public var allCoefficients: [Double] = []
    /// The structured patterns fitted, in the order of their constants.
    public var patternNames: [String] = []
    /// Distinct basins of the exponent lattice polished, and how many of them reached the best
    /// objective (to the same relative 1e-6 as `startsAtBest`).
    public var basins: Int = 0
    public var basinsAtBest: Int = 0
    /// How many times the search extended an exponent's range because its best point lay on an edge.
    public var latticeExtensions: Int = 0
    /// Coefficients at the edge of the law's domain (empty for a fit with every coefficient determined).
    public var degeneracies: [Degeneracy] = []
    /// Entries of theta the polish held (coefficients at 0, exponents at a bound or idle), so
    /// that refits hold them too.
    var holds: [Int: Double] = [:]

    /// True when some coefficient sits at the edge of the law's domain.
    public var isDegenerate: Bool { !degeneracies.isEmpty }

    /// The fitted law's loss for a run: with its pattern's constant q_p in place of the
    /// sparsity term when the run is of a structured pattern the fit has a constant for.
    public func predictedLoss(of run: TrainingRun) -> Double {
        law.loss(of: run, patternConstants: patternConstants)
    }

    /// Each structured pattern's q_p, keyed by its lower-cased name.
    public var patternConstants: [String: Double] {
        Dictionary(patterns.map { ($0.pattern, $0.q) }, uniquingKeysWith: { first, _ in first })
    }

    /// Each structured pattern's constant q_p (in place of aS (1-S)^bS + cS) and the
    /// unstructured sparsity with the same factor.
    public var patterns: [PatternConstant] {
        guard case .sparse(let law) = law else { return [] }
        return patternNames.enumerated().map { index, name in
            let position = SparseScalingLaw.coefficientNames.count + index
            let q = allCoefficients[position]
            return PatternConstant(pattern: name, q: q, standardError: standardErrors.flatMap { $0[position].isFinite ? $0[position] : nil },
                                   equivalentSparsity: law.equivalentSparsity(factor: q))
        }
    }
}
