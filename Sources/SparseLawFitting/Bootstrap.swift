import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws
import Dispatch
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The outcome of refitting a law on resamples of its runs.
public struct BootstrapResult: Sendable, Equatable {
    /// Coefficient vectors of the replicates that could be fitted, in replicate order: the law's
    /// coefficients, then one constant per structured pattern.
    public var replicates: [[Double]]
    public var requested: Int
    /// Replicates whose refit failed (counted, never silently dropped).
    public var failed: Int
    /// 95% percentile intervals, one per coefficient; for a coefficient the fit holds at 0 (see
    /// `oneSided`), the one-sided [0, 95th percentile].
    public var intervals: [Interval]
    /// The coefficients (indices) the fit holds at 0, whose intervals are one-sided.
    public var oneSided: [Int] = []
    /// For each coefficient, how many replicates still hold it at 0 after re-checking the bound
    /// on their resample: the other intervals are conditional on it there.
    public var stillHeld: [Int] = []

    /// Coefficients (indices) whose one-sided interval's upper end is the profile-likelihood
    /// bound (`ProfileBound`), because 95% of the replicates hold them at 0 too.
    public var profileBounds: [Int: Double] = [:]
    /// What was resampled: whole runs (all rows of a run together) or rows.
    public var unit: LawFile.BootstrapUnit = .row

    /// True when some replicate still holds a coefficient at its bound.
    public var isConditional: Bool { stillHeld.contains { $0 > 0 } }
}

extension LawFile.BootstrapUnit {
    /// The clusters of point indices a resample draws from: rows of the same run name together,
    /// in order of first appearance; an unnamed row on its own. With one row per run, one
    /// cluster per row in row order, so a by-run resample draws exactly what a by-row one does.
    static func clusters(_ runs: [TrainingRun]) -> [[Int]] {
        var clusters: [[Int]] = []
        var byName: [String: Int] = [:]
        for (index, run) in runs.enumerated() {
            if let name = run.run, let cluster = byName[name] {
                clusters[cluster].append(index)
            } else {
                if let name = run.run { byName[name] = clusters.count }
                clusters.append([index])
            }
        }
        return clusters
    }
}

extension LawFitter {
    /// The nonparametric bootstrap: `replicates` refits, each on n runs drawn with replacement,
    /// warm-started from the full fit and normalized like it. Replicate r draws from a generator
    /// seeded by (seed, r) alone, so the result is the same whatever the number of threads.
    ///
    /// Coefficients the fit holds at 0 are re-checked on every resample (released, refitted, the
    /// lower objective kept); their intervals are one-sided, [0, 95th percentile], or [0, the
    /// profile-likelihood bound] for a constant term that 95% of the replicates keep at 0
    /// (`ProfileBound`); `stillHeld` counts the replicates that keep each at 0.
    ///
    /// - Parameters:
    ///   - threads: worker threads (nil: one per core); the result does not depend on it.
    ///   - progress: called with the number of replicates done, from worker threads.
    ///   - unit: what a resample draws; nil: whole runs when some run (by name) has several rows,
    ///     else rows. A resample draws as many runs as there are, so its number of rows varies.
    public static func bootstrap(_ runs: [TrainingRun], fit: LawFit, replicates: Int, seed: UInt64, threads: Int? = nil,
                                 unit: LawFile.BootstrapUnit? = nil, progress: (@Sendable (Int) -> Void)? = nil) -> BootstrapResult {
        let clusters = LawFile.BootstrapUnit.clusters(runs)
        let unit = unit ?? (clusters.count < runs.count ? .run : .row)
        let draws = unit == .run ? clusters : runs.indices.map { [$0] }
        var result: BootstrapResult
        switch fit.law.form {
        case .sparse:
            let patterns = fit.patternNames
            result = bootstrap(runs, clusters: draws, fit: fit, replicates: replicates, seed: seed, threads: threads, progress: progress) { points, sample in
                SparseFitModel(points: points, patternOf: sample.map { patternIndex($0, among: patterns) }, patternCount: patterns.count)
            }
        case .dense:
            result = bootstrap(runs, clusters: draws, fit: fit, replicates: replicates, seed: seed, threads: threads, progress: progress) { points, _ in DenseFitModel(points: points) }
        }
        result.unit = unit
        return result
    }

    static func bootstrap<Model: FitModel>(_ runs: [TrainingRun], clusters: [[Int]], fit: LawFit, replicates: Int, seed: UInt64, threads: Int?,
                                           progress: (@Sendable (Int) -> Void)?,
                                           make: @escaping @Sendable (NormalizedPoints, [TrainingRun]) -> Model) -> BootstrapResult {
        let k = clusters.count
        let loss = fit.options.loss
        let scales = (fit.paramsScale, fit.tokensScale)
        let results = ReplicateStore(count: replicates)
        let names = fit.allCoefficients.count
        let fixed = (try? fit.options.fixedIndices()) ?? [:]
        let fullModel = make(NormalizedPoints(runs, paramsScale: scales.0, tokensScale: scales.1), runs)
        let released = releasedHolds(fit.holds, in: fullModel)
        let releaseStarts = released.columns.isEmpty ? [] : releaseStarts(model: fullModel, fit: fit, fixed: fixed, released: released)
        @Sendable func refit(_ replicate: Int) -> Replicate? {
            var generator = SeededGenerator(seed: replicateSeed(seed, replicate))
            var sample: [TrainingRun] = []
            sample.reserveCapacity(runs.count)
            for _ in 0..<k { sample += clusters[Int(generator.next() % UInt64(k))].map { runs[$0] } }
            let model = make(NormalizedPoints(sample, paramsScale: scales.0, tokensScale: scales.1), sample)
            // Same normalization as the full fit, so fixed coefficients map to the same entries.
            let user = Parametrization(model: model, fixed: fixed)
            func solve(_ parametrization: Parametrization, from theta: [Double]) -> (values: [Double], objective: Double, theta: [Double])? {
                guard let solution = try? leastSquaresProblem(model: model, loss: loss, parametrization: parametrization)
                    .solve(from: parametrization.phi(theta), maxIterations: 200, xtol: 1e-10, gtol: 1e-10),
                    solution.parameters.allSatisfy(\.isFinite), solution.halfSumOfSquares.isFinite
                else { return nil }
                let solved = parametrization.theta(solution.parameters)
                let values = model.coefficients(solved)
                guard values.count == names, values.allSatisfy({ $0.isFinite && $0 >= 0 }) else { return nil }
                return (values, solution.halfSumOfSquares, solved)
            }
            // A released term the solver ran toward 0 in logarithms (1e-29, say) is at the bound:
            // below 1e-10 of every prediction, as the full fit's polish judges it.
            func negligible(_ theta: [Double]) -> Bool {
                released.columns.allSatisfy { column in
                    let without = model.settingLinear(theta, column: column, value: 0)
                    return (0..<model.points.count).allSatisfy { i in
                        let full = model.predict(theta, at: i)
                        return abs(full - model.predict(without, at: i)) <= 1e-10 * full
                    }
                }
            }
            // First as the full fit: the coefficients it found at the edge of the domain held there.
            let held = solve(user.holding(fit.holds), from: fit.theta)
            guard !released.columns.isEmpty else { return held.map { Replicate(values: $0.values, stillHeld: []) } }
            // Then each of them re-checked on this resample: released together (with the exponents
            // that shape only them), refitted from a term worth 1e-3 of the mean loss and from each
            // of `releaseStarts`, and the lowest objective kept. A tie keeps the bound, as the full
            // fit does.
            var lifted = fit.theta
            for column in released.columns { lifted = model.settingLinear(lifted, column: column, value: model.smallLinearValue(column: column, theta: lifted)) }
            let releasedParametrization = user.holding(released.kept)
            let free = ([lifted] + releaseStarts).compactMap { solve(releasedParametrization, from: $0) }.min { $0.objective < $1.objective }
            switch (held, free) {
            case let (held?, free?) where free.objective < held.objective * (1 - 1e-9) && !negligible(free.theta):
                return Replicate(values: free.values, stillHeld: [])
            case let (held?, _):
                return Replicate(values: held.values, stillHeld: released.coefficients)
            case let (nil, free?):
                return Replicate(values: free.values, stillHeld: [])
            case (nil, nil):
                return nil
            }
        }
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, replicates))
        // Worker w takes replicates w, w + workers, ...: which thread runs a replicate never
        // changes what it computes.
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for replicate in stride(from: worker, to: replicates, by: workers) {
                // Not `progress?(store(...))`: optional chaining would skip the work without a callback.
                let done = results.store(refit(replicate), at: replicate)
                progress?(done)
            }
        }
        let done = results.values.compactMap { $0 }
        let fitted = done.map(\.values)
        let atZero = Set(released.coefficients)
        var profileBounds: [Int: Double] = [:]
        let intervals = (0..<names).map { index in
            let values = fitted.map { $0[index] }
            // Replicates are finite (refits that are not are dropped), so the interval exists when any does.
            guard !values.isEmpty else { return Interval(fit.allCoefficients[index], fit.allCoefficients[index]) }
            guard atZero.contains(index) else { return percentileInterval(values)! }
            // A coefficient the fit holds at 0 has its lower end there: the one-sided [0, 95th percentile].
            let upper = percentile(sorted: values.sorted(), 0.95)
            // Where 95% of the resamples also hold it at 0, the bootstrap bounds nothing; a constant
            // term (c, E) then takes its profile-likelihood bound instead.
            if upper == 0, let column = fullModel.linearThetaIndices.firstIndex(of: index), fullModel.linearExponents[column].isEmpty,
               let bound = ProfileBound.upper(column: column, model: fullModel, fit: fit, runs: runs, fixed: fixed, kept: released.kept) {
                profileBounds[index] = bound
                return Interval(0, bound)
            }
            return Interval(0, upper)
        }
        var stillHeld = [Int](repeating: 0, count: names)
        for replicate in done { for index in replicate.stillHeld { stillHeld[index] += 1 } }
        return BootstrapResult(replicates: fitted, requested: replicates, failed: replicates - fitted.count, intervals: intervals,
                               oneSided: atZero.sorted(), stillHeld: stillHeld, profileBounds: profileBounds)
    }

    /// Starts inside the domain for the released refits, from the full data: for each coefficient
    /// the fit holds at 0, the fit polished with it held where its term is worth 5%, 15%, 30% and
    /// 50% of the mean loss. A start just above 0 alone finds the interior solution only when it
    /// is near the bound: where the interior basin lies elsewhere (c near 0.6 with a steeper data
    /// term, against c = 0 with a data term nearly flat), a resample that prefers it needs a
    /// start in it.
    static func releaseStarts<Model: FitModel>(model: Model, fit: LawFit, fixed: [Int: Double],
                                               released: (columns: [Int], coefficients: [Int], kept: [Int: Double])) -> [[Double]] {
        let user = Parametrization(model: model, fixed: fixed)
        var starts: [[Double]] = []
        for column in released.columns {
            let index = model.linearThetaIndices[column]
            for share in [0.05, 0.15, 0.3, 0.5] {
                let start = model.settingLinear(fit.theta, column: column, value: model.smallLinearValue(column: column, theta: fit.theta) * share / 1e-3)
                guard start[index].isFinite else { continue }
                var holds = released.kept
                holds[index] = start[index]
                let parametrization = user.holding(holds)
                guard let solution = try? leastSquaresProblem(model: model, loss: fit.options.loss, parametrization: parametrization)
                    .solve(from: parametrization.phi(start), maxIterations: 200, xtol: 1e-10, gtol: 1e-10),
                    solution.parameters.allSatisfy(\.isFinite) else { continue }
                starts.append(parametrization.theta(solution.parameters))
            }
        }
        return starts
    }

    /// The holds of a fit that bootstrap replicates re-check: the linear coefficients held at 0
    /// (their design columns and coefficient indices), and what stays held when they are released
    /// (exponents at a bound of the plausible range, and idle exponents that shape a term still
    /// absent). An exponent that shapes only released terms is released with them.
    static func releasedHolds<Model: FitModel>(_ holds: [Int: Double], in model: Model)
        -> (columns: [Int], coefficients: [Int], kept: [Int: Double]) {
        let columns = model.linearThetaIndices.indices.filter { holds[model.linearThetaIndices[$0]] == -.infinity }
        guard !columns.isEmpty else { return ([], [], holds) }
        let range = ExponentSearch<Model>.plausibleExponents
        let bounds = [log(range.lowerBound), log(range.upperBound)]
        var kept = holds
        for column in columns { kept[model.linearThetaIndices[column]] = nil }
        let stillAbsent = model.linearThetaIndices.indices.filter { !columns.contains($0) && holds[model.linearThetaIndices[$0]] == -.infinity }
        for exponent in Set(columns.flatMap { model.linearExponents[$0] }) {
            guard let value = kept[exponent], !bounds.contains(value),
                  !stillAbsent.contains(where: { model.linearExponents[$0].contains(exponent) }) else { continue }
            kept[exponent] = nil
        }
        return (columns, columns.map { model.linearThetaIndices[$0] }, kept)
    }

    /// A well-mixed seed for replicate r (SplitMix64's finalizer over seed and index).
    static func replicateSeed(_ seed: UInt64, _ replicate: Int) -> UInt64 {
        var generator = SeededGenerator(seed: seed ^ (UInt64(replicate) &* 0x9E37_79B9_7F4A_7C15))
        return generator.next()
    }
}

/// One refitted resample: its coefficients and the coefficients it still holds at 0 after the
/// re-check (indices into the fit's coefficients).
struct Replicate: Sendable {
    var values: [Double]
    var stillHeld: [Int]
}

/// Results written by concurrent replicates, each to its own slot.
private final class ReplicateStore: Sendable {
    private struct State {
        var slots: [Replicate?]
        var done = 0
    }

    private let state: Locked<State>

    init(count: Int) { state = Locked(State(slots: Array(repeating: nil, count: count))) }

    /// Stores a replicate's result; returns how many are done.
    func store(_ value: Replicate?, at index: Int) -> Int {
        state.withLock { state in
            state.slots[index] = value
            state.done += 1
            return state.done
        }
    }

    var values: [Replicate?] {
        state.withLock { $0.slots }
    }
}
