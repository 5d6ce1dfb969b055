import Dispatch
import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a design is asked: the runs so far, the law fitted on them (and bootstrap replicates of
/// it), the target, the study budget and the candidates.
public struct DesignRequest: Sendable {
    public var runs: [TrainingRun]
    public var law: ScalingLaw
    /// Bootstrap replicates of the law; the first `maxReplicates` are used.
    public var replicates: [ScalingLaw]
    /// How the law was fitted: the calibration refits simulated runs the same way.
    public var fitOptions: FitOptions
    public var target: DesignTarget
    /// FLOPs to spend on new runs, overheads included.
    public var studyBudget: Double
    /// FLOPs charged per run beside its training (nil: 1% of the study budget).
    public var runOverhead: Double?
    public var maxRepeats: Int
    public var maxRuns: Int?
    /// nil: the default grid (`DesignCandidates.grid`).
    public var candidates: [DesignCandidate]?
    /// What a run costs to train.
    public var cost: CostModel
    /// Seeds the calibration's simulated noise.
    public var seed: UInt64
    public var calibrationRefits: Int

    public static let maxReplicates = 20
    public static let defaultOverheadShare = 0.01

    public init(runs: [TrainingRun], law: ScalingLaw, replicates: [ScalingLaw] = [], fitOptions: FitOptions, target: DesignTarget,
                studyBudget: Double, runOverhead: Double? = nil, maxRepeats: Int = 3, maxRuns: Int? = nil,
                candidates: [DesignCandidate]? = nil, cost: CostModel = .denseFLOPs, seed: UInt64 = 0, calibrationRefits: Int = 12) {
        self.runs = runs
        self.law = law
        self.replicates = replicates
        self.fitOptions = fitOptions
        self.target = target
        self.studyBudget = studyBudget
        self.runOverhead = runOverhead
        self.maxRepeats = maxRepeats
        self.maxRuns = maxRuns
        self.candidates = candidates
        self.cost = cost
        self.seed = seed
        self.calibrationRefits = calibrationRefits
    }

    public var overhead: Double { runOverhead ?? Self.defaultOverheadShare * studyBudget }
}

/// One run the design chose, in the order chosen.
public struct DesignedRun: Sendable, Equatable {
    public var candidate: DesignCandidate
    /// Its training compute (the overhead is not included).
    public var cost: Double
    /// The share of the target's variance now (at the law's estimate) that this run removes.
    public var varianceRemoved: Double
    /// The budget spent up to and including this run: training compute plus overheads.
    public var cumulativeCost: Double
    /// The 95% interval width of the target expected after this run, calibrated.
    public var expectedWidth: Double
}

/// The runs to train next, and what they are expected to do to the target's interval.
public struct ExperimentDesign: Sendable {
    public var target: DesignTarget
    public var studyBudget: Double
    public var runOverhead: Double
    /// The target at the law's estimate.
    public var estimate: Double
    /// The robust scale of the log residuals, 1.4826 x their median absolute deviation.
    public var sigma: Double
    /// The 95% width of the target now, from the linearized variance, and calibrated.
    public var linearWidthNow: Double
    public var widthNow: Double
    /// Simulated sd of the target / linearized sd, at the runs now and with the chosen runs
    /// added, and the refits they rest on.
    public var calibrationFactor: Double
    public var calibrationFactorAfter: Double
    public var calibrationRefits: Int
    public var calibrationRequested: Int
    /// Replicates averaged over beside the estimate.
    public var replicatesUsed: Int
    public var candidateCount: Int
    public var runs: [DesignedRun]

    public var spent: Double { runs.last?.cumulativeCost ?? 0 }
    /// The calibrated width expected after every run chosen.
    public var widthAfter: Double { runs.last?.expectedWidth ?? widthNow }
}

/// Pseudo-Bayesian c-optimal sequential design (math.md section 9; Elfving 1952, Chaloner and
/// Verdinelli 1995).
///
/// theta = the law's log coefficients in `DesignModel`'s normalized units, sigma the scale of
/// the log residuals (`residualScale`), J the Jacobian of log L at the runs, I = J^T J / sigma^2 + P with the weak
/// prior P = diag(1/9) (a standard deviation of 3 on each log coefficient, which keeps I
/// invertible when the runs leave a direction undetermined). For the target g, var g ~
/// grad^T I^-1 grad. A candidate x with row j adds j j^T / sigma^2 to I, and by Sherman-Morrison
///
///     delta_x = (grad^T I^-1 j)^2 / (sigma^2 + j^T I^-1 j).
///
/// Each step scores every candidate by the mean over the estimate and the replicates (each with
/// its own I and grad) of delta_x / var g, the share of the variance removed, so a replicate of
/// large variance does not dominate, divided by the run's cost (training compute + overhead);
/// takes the best that fits what is left of the budget, at most `maxRepeats` times each; updates
/// every I^-1 by the rank-one formula; and stops when nothing fits.
///
/// The linearized variance understates the real one (nonlinearity, the refit's own search), so
/// predicted widths are scaled by a factor from simulation: runs drawn from the law with
/// log-normal noise sigma, refitted, give a spread of g; the factor is its robust sd over the
/// linearized sd. It is measured at the current runs and again with the chosen runs added (the
/// design puts runs where the linearization promises most, and there it understates most), and
/// the widths in between are scaled by a factor interpolated in log variance.
public enum ExperimentDesigner {
    /// The prior's precision on each log coefficient (a standard deviation of 3).
    public static let priorPrecision = 1.0 / 9
    /// Refits below which the widths are left uncalibrated.
    public static let minimumRefits = 5
    /// z for a two-sided 95% interval: width = 2 z sd.
    static let widthPerSD = 2 * 1.959_963_984_540_054

    public static func design(_ request: DesignRequest) throws(DesignError) -> ExperimentDesign {
        guard request.studyBudget.isFinite, request.studyBudget > 0, request.overhead.isFinite, request.overhead >= 0 else { throw .budgetNotPositive }
        guard request.target.isAnswerable(by: request.law.form) else {
            if case .coefficient(let name, _) = request.target { throw .unknownCoefficient(name: name, form: request.law.form) }
            throw .targetNeedsSparseLaw
        }
        let model = DesignModel(law: request.law, runs: request.runs)
        let q = model.free.count
        guard request.runs.count > q else { throw .tooFewRuns(count: request.runs.count, needed: q + 1) }
        let candidates = request.candidates ?? DesignCandidates.grid(runs: request.runs, form: request.law.form, budget: request.studyBudget, cost: request.cost)
        guard !candidates.isEmpty else { throw .noCandidates }
        let costs = candidates.map { $0.compute(cost: request.cost) + request.overhead }
        let cheapest = costs.min()!
        guard cheapest <= request.studyBudget else { throw .budgetBelowCheapest(budget: request.studyBudget, cheapest: cheapest) }

        let sigma = residualScale(law: request.law, runs: request.runs, freeCoefficients: q)
        let thetaEstimate = model.theta(request.law)
        guard let estimate = request.target.value(request.law), var point = Posterior(model: model, theta: thetaEstimate, target: request.target,
                                                                                       runs: request.runs, candidates: candidates, sigma: sigma)
        else { throw .targetNotDefined }
        var posteriors = [point]
        for replicate in request.replicates.prefix(DesignRequest.maxReplicates) where replicate.form == request.law.form {
            let theta = model.theta(replicate)
            guard model.free.allSatisfy({ theta[$0].isFinite }) else { continue }
            if let posterior = Posterior(model: model, theta: theta, target: request.target, runs: request.runs, candidates: candidates, sigma: sigma) {
                posteriors.append(posterior)
            }
        }
        let initialVariance = point.variance

        var remaining = request.studyBudget
        var repeats = [Int](repeating: 0, count: candidates.count)
        var chosen: [DesignedRun] = []
        let sigmaSquared = sigma * sigma
        while chosen.count < (request.maxRuns ?? Int.max) {
            var best: (index: Int, score: Double)?
            for c in candidates.indices where repeats[c] < request.maxRepeats && costs[c] <= remaining * (1 + 1e-12) {
                var share = 0.0
                for posterior in posteriors { share += posterior.varianceRemoved(candidate: c, sigmaSquared: sigmaSquared) / posterior.variance }
                let score = share / Double(posteriors.count) / costs[c]
                if score > (best?.score ?? 0) { best = (c, score) }
            }
            guard let (c, _) = best else { break }
            let before = posteriors[0].variance
            for r in posteriors.indices { posteriors[r].add(candidate: c, sigmaSquared: sigmaSquared) }
            point = posteriors[0]
            repeats[c] += 1
            remaining -= costs[c]
            chosen.append(DesignedRun(candidate: candidates[c], cost: costs[c] - request.overhead,
                                      varianceRemoved: (before - point.variance) / initialVariance,
                                      cumulativeCost: request.studyBudget - remaining,
                                      expectedWidth: max(point.variance, 0).squareRoot()))
        }

        // Calibrated at both ends: the runs now, and the runs now with the chosen ones (their
        // losses simulated like the rest); in between, the factor's logarithm moves with the
        // logarithm of the variance, from one measured end to the other.
        let now = calibrate(request, runs: request.runs, sigma: sigma, linearSD: initialVariance.squareRoot(), stream: 0)
        let finalVariance = point.variance
        let designed = request.runs + chosen.map {
            // The loss is a placeholder: each refit draws it from the law.
            TrainingRun(nonZeroParams: $0.candidate.params, sparsity: $0.candidate.sparsity, tokens: $0.candidate.tokens, loss: 1)
        }
        let after = chosen.isEmpty ? now : calibrate(request, runs: designed, sigma: sigma, linearSD: max(finalVariance, 0).squareRoot(), stream: 1)
        let span = log(initialVariance / finalVariance)
        for index in chosen.indices {
            let variance = chosen[index].expectedWidth * chosen[index].expectedWidth
            let progress = span > 0 ? min(max(log(initialVariance / variance) / span, 0), 1) : 1
            let factor = exp(log(now.factor) + progress * (log(after.factor) - log(now.factor)))
            chosen[index].expectedWidth *= widthPerSD * factor
        }
        return ExperimentDesign(target: request.target, studyBudget: request.studyBudget, runOverhead: request.overhead, estimate: estimate,
                                sigma: sigma, linearWidthNow: widthPerSD * initialVariance.squareRoot(),
                                widthNow: widthPerSD * now.factor * initialVariance.squareRoot(), calibrationFactor: now.factor,
                                calibrationFactorAfter: after.factor, calibrationRefits: now.refits + (chosen.isEmpty ? 0 : after.refits),
                                calibrationRequested: request.calibrationRefits, replicatesUsed: posteriors.count - 1,
                                candidateCount: candidates.count, runs: chosen)
    }

    /// The scale of the log residuals r = log pred - log L: the larger of 1.4826 x their median
    /// absolute deviation (the normal's sd for normal residuals, robust to a few bad runs) and
    /// the residual standard error sqrt(sum r^2 / (n - p)), p the law's free coefficients; at
    /// least 1e-6, so that exact data leave a finite information.
    ///
    /// The MAD alone understates the noise of a Huber fit with the usual small threshold: such a
    /// fit is nearly a least-absolute-deviations fit, which passes exactly through about p of
    /// the runs, and those zeros pull the median down. In simulated pilots of 27 runs with 0.5%
    /// noise it gave 0.23-0.31% (docs/design.md); the residual standard error, which counts the
    /// p coefficients, gave about the noise.
    public static func residualScale(law: ScalingLaw, runs: [TrainingRun], freeCoefficients: Int = 0) -> Double {
        let residuals = runs.map { log(law.loss(nonZeroParams: $0.nonZeroParams, sparsity: $0.sparsity, tokens: $0.tokens)) - log($0.loss) }
        let freedom = residuals.count - freeCoefficients
        let standardError = freedom > 0 ? (residuals.reduce(0) { $0 + $1 * $1 } / Double(freedom)).squareRoot() : 0
        return max(robustSD(residuals), standardError.isFinite ? standardError : 0, 1e-6)
    }

    /// 1.4826 x median |x - median x|.
    static func robustSD(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        func median(_ v: [Double]) -> Double {
            let s = v.sorted(), n = s.count
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
        }
        let center = median(values)
        return 1.4826 * median(values.map { abs($0 - center) })
    }

    /// The ratio of the simulated to the linearized sd of the target: `calibrationRefits` sets of
    /// `runs` (stream 0: the runs now; 1: with the chosen runs) with losses law(N, S, D) exp(sigma z), z standard normal from a generator seeded
    /// by (seed, refit), each refitted with the request's options. Refits whose target is not
    /// defined are left out; with fewer than `minimumRefits` the factor is 1 (uncalibrated: the
    /// MAD of 3 or 4 values can be near 0 by chance), and so it is
    /// where the linearized sd is 0.
    static func calibrate(_ request: DesignRequest, runs: [TrainingRun], sigma: Double, linearSD: Double, stream: UInt64) -> (factor: Double, refits: Int) {
        let count = max(0, request.calibrationRefits)
        guard count > 0, linearSD > 0 else { return (1, 0) }
        let store = Locked([Double?](repeating: nil, count: count))
        let workers = max(1, min(2, count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for refit in stride(from: worker, to: count, by: workers) {
                var generator = SeededGenerator(seed: request.seed ^ (UInt64(refit + 1) &* 0x9E37_79B9_7F4A_7C15) ^ (stream &* 0xD1B5_4A32_D192_ED03))
                _ = generator.next()
                let simulated = runs.map { run -> TrainingRun in
                    var copy = run
                    copy.loss = request.law.loss(nonZeroParams: run.nonZeroParams, sparsity: run.sparsity, tokens: run.tokens) * exp(sigma * generator.nextNormal())
                    return copy
                }
                let value = (try? LawFitter.fit(simulated, options: request.fitOptions)).flatMap { request.target.value($0.law) }
                store.withLock { $0[refit] = value }
            }
        }
        let values = store.withLock { $0 }.compactMap { $0 }.filter(\.isFinite)
        guard values.count >= minimumRefits else { return (1, values.count) }
        let ratio = robustSD(values) / linearSD
        return (ratio.isFinite && ratio > 0 ? ratio : 1, values.count)
    }
}

/// One law's linearized posterior: I^-1 (kept as a dense q x q matrix), the target's gradient,
/// its variance, and the Jacobian rows of the candidates at this law.
struct Posterior: Sendable {
    let q: Int
    var inverse: [Double]
    let gradient: [Double]
    var variance: Double
    let rows: [[Double]]

    /// nil where the target's gradient is not defined, or the variance is not positive (the
    /// target does not move with any coefficient the runs inform).
    init?(model: DesignModel, theta: [Double], target: DesignTarget, runs: [TrainingRun], candidates: [DesignCandidate], sigma: Double) {
        q = model.free.count
        guard let gradient = target.gradient(model: model, theta: theta), gradient.allSatisfy(\.isFinite) else { return nil }
        self.gradient = gradient
        var information = [Double](repeating: 0, count: q * q)
        for k in 0..<q { information[k * q + k] = ExperimentDesigner.priorPrecision }
        var row = [Double](repeating: 0, count: q)
        let weight = 1 / (sigma * sigma)
        for run in runs {
            _ = model.logPrediction(theta, params: run.nonZeroParams, sparsity: run.sparsity, tokens: run.tokens, gradient: &row)
            guard row.allSatisfy(\.isFinite) else { continue }
            for a in 0..<q { for b in 0..<q { information[a * q + b] += weight * row[a] * row[b] } }
        }
        guard let inverse = symmetricInverse(information, size: q) else { return nil }
        self.inverse = inverse
        variance = 0
        let q = self.q
        rows = candidates.map { candidate in
            var row = [Double](repeating: 0, count: q)
            _ = model.logPrediction(theta, params: candidate.params, sparsity: candidate.sparsity, tokens: candidate.tokens, gradient: &row)
            return row.allSatisfy(\.isFinite) ? row : [Double](repeating: 0, count: q)
        }
        variance = quadratic(gradient, gradient)
        guard variance > 0, variance.isFinite else { return nil }
    }

    /// u^T I^-1 v.
    func quadratic(_ u: [Double], _ v: [Double]) -> Double {
        var total = 0.0
        for a in 0..<q {
            var inner = 0.0
            for b in 0..<q { inner += inverse[a * q + b] * v[b] }
            total += u[a] * inner
        }
        return total
    }

    /// delta_x = (grad^T I^-1 j)^2 / (sigma^2 + j^T I^-1 j).
    func varianceRemoved(candidate: Int, sigmaSquared: Double) -> Double {
        let j = rows[candidate]
        let cross = quadratic(gradient, j)
        return cross * cross / (sigmaSquared + quadratic(j, j))
    }

    /// I^-1 after adding j j^T / sigma^2 (Sherman-Morrison):
    /// I^-1 - (I^-1 j)(I^-1 j)^T / (sigma^2 + j^T I^-1 j).
    mutating func add(candidate: Int, sigmaSquared: Double) {
        let j = rows[candidate]
        var w = [Double](repeating: 0, count: q)
        for a in 0..<q { for b in 0..<q { w[a] += inverse[a * q + b] * j[b] } }
        var denominator = sigmaSquared
        for a in 0..<q { denominator += j[a] * w[a] }
        for a in 0..<q { for b in 0..<q { inverse[a * q + b] -= w[a] * w[b] / denominator } }
        variance = quadratic(gradient, gradient)
    }
}

/// The inverse of a symmetric positive definite matrix (n x n, row-major) by its Cholesky
/// factor; nil when it is not positive definite.
func symmetricInverse(_ matrix: [Double], size n: Int) -> [Double]? {
    var l = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
        for j in 0...i {
            var sum = matrix[i * n + j]
            for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
            if i == j {
                guard sum > 0, sum.isFinite else { return nil }
                l[i * n + i] = sum.squareRoot()
            } else {
                l[i * n + j] = sum / l[j * n + j]
            }
        }
    }
    // Columns of L^-1 by forward substitution, then A^-1 = L^-T L^-1.
    var lInverse = [Double](repeating: 0, count: n * n)
    for column in 0..<n {
        for i in column..<n {
            var sum = i == column ? 1.0 : 0.0
            for k in column..<i { sum -= l[i * n + k] * lInverse[k * n + column] }
            lInverse[i * n + column] = sum / l[i * n + i]
        }
    }
    var result = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
        for j in 0...i {
            var sum = 0.0
            for k in max(i, j)..<n { sum += lInverse[k * n + i] * lInverse[k * n + j] }
            result[i * n + j] = sum
            result[j * n + i] = sum
        }
    }
    return result
}

/// The law a design starts from, with its replicates and how it was fitted.
public struct DesignLaw: Sendable {
    public var law: ScalingLaw
    public var replicates: [ScalingLaw]
    public var fitOptions: FitOptions

    /// Fits the runs (`options`) and draws `replicates` bootstrap refits of them (seeded).
    public init(fitting runs: [TrainingRun], options: FitOptions, replicates: Int = DesignRequest.maxReplicates) throws(FitError) {
        let fit = try LawFitter.fit(runs, options: options)
        law = fit.law
        self.replicates = replicates > 0
            ? LawFitter.bootstrap(runs, fit: fit, replicates: replicates, seed: options.seed).replicates.compactMap { ScalingLaw(form: fit.law.form, coefficients: Array($0.prefix(fit.law.form.coefficientNames.count))) }
            : []
        fitOptions = options
    }

    /// A law file fitted on the runs, with the replicates it keeps; refits use the default options
    /// of its form.
    public init(file: LawFile, path: String, seed: UInt64 = 0) throws(DataError) {
        law = try file.law(file: path)
        replicates = try file.replicateLaws(file: path)
        fitOptions = FitOptions(form: law.form, seed: seed)
    }
}

extension DesignTarget {
    /// A coefficient of `form` by name (case as the form spells it, or any case when unique).
    public static func coefficient(named name: String, form: LawForm) throws(DesignError) -> DesignTarget {
        let names = form.coefficientNames
        if let index = names.firstIndex(of: name) { return .coefficient(name: name, index: index) }
        let matches = names.indices.filter { names[$0].lowercased() == name.lowercased() }
        guard matches.count == 1 else { throw .unknownCoefficient(name: name, form: form) }
        return .coefficient(name: names[matches[0]], index: matches[0])
    }
}
