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
    /// 95% percentile intervals, one per coefficient.
    public var intervals: [Interval]
}

extension LawFitter {
    /// The nonparametric bootstrap: `replicates` refits, each on n runs drawn with replacement,
    /// warm-started from the full fit and normalized like it. Replicate r draws from a generator
    /// seeded by (seed, r) alone, so the result is the same whatever the number of threads.
    ///
    /// - Parameters:
    ///   - threads: worker threads (nil: one per core); the result does not depend on it.
    ///   - progress: called with the number of replicates done, from worker threads.
    public static func bootstrap(_ runs: [TrainingRun], fit: LawFit, replicates: Int, seed: UInt64, threads: Int? = nil,
                                 progress: (@Sendable (Int) -> Void)? = nil) -> BootstrapResult {
        switch fit.law.form {
        case .sparse:
            let patterns = fit.patternNames
            return bootstrap(runs, fit: fit, replicates: replicates, seed: seed, threads: threads, progress: progress) { points, sample in
                SparseFitModel(points: points, patternOf: sample.map { patternIndex($0, among: patterns) }, patternCount: patterns.count)
            }
        case .dense: return bootstrap(runs, fit: fit, replicates: replicates, seed: seed, threads: threads, progress: progress) { points, _ in DenseFitModel(points: points) }
        }
    }

    static func bootstrap<Model: FitModel>(_ runs: [TrainingRun], fit: LawFit, replicates: Int, seed: UInt64, threads: Int?,
                                           progress: (@Sendable (Int) -> Void)?,
                                           make: @escaping @Sendable (NormalizedPoints, [TrainingRun]) -> Model) -> BootstrapResult {
        let n = runs.count
        let loss = fit.options.loss
        let scales = (fit.paramsScale, fit.tokensScale)
        let results = ReplicateStore(count: replicates)
        let names = fit.allCoefficients.count
        let fixed = (try? fit.options.fixedIndices()) ?? [:]
        @Sendable func refit(_ replicate: Int) -> [Double]? {
            var generator = SeededGenerator(seed: replicateSeed(seed, replicate))
            var sample: [TrainingRun] = []
            sample.reserveCapacity(n)
            for _ in 0..<n { sample.append(runs[Int(generator.next() % UInt64(n))]) }
            let model = make(NormalizedPoints(sample, paramsScale: scales.0, tokensScale: scales.1), sample)
            // Same normalization as the full fit, so fixed coefficients map to the same entries.
            // Coefficients the fit found at the edge of the domain stay there.
            let parametrization = Parametrization(model: model, fixed: fixed).holding(fit.holds)
            guard let solution = try? leastSquaresProblem(model: model, loss: loss, parametrization: parametrization)
                .solve(from: parametrization.phi(fit.theta), maxIterations: 200, xtol: 1e-10, gtol: 1e-10),
                solution.parameters.allSatisfy(\.isFinite)
            else { return nil }
            let values = model.coefficients(parametrization.theta(solution.parameters))
            return values.count == names && values.allSatisfy({ $0.isFinite && $0 >= 0 }) ? values : nil
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
        let fitted = results.values.compactMap { $0 }
        let intervals = (0..<names).map { index in
            // Replicates are finite (refits that are not are dropped), so the interval exists when any does.
            percentileInterval(fitted.map { $0[index] }) ?? Interval(fit.allCoefficients[index], fit.allCoefficients[index])
        }
        return BootstrapResult(replicates: fitted, requested: replicates, failed: replicates - fitted.count, intervals: intervals)
    }

    /// A well-mixed seed for replicate r (SplitMix64's finalizer over seed and index).
    static func replicateSeed(_ seed: UInt64, _ replicate: Int) -> UInt64 {
        var generator = SeededGenerator(seed: seed ^ (UInt64(replicate) &* 0x9E37_79B9_7F4A_7C15))
        return generator.next()
    }
}

/// Results written by concurrent replicates, each to its own slot.
private final class ReplicateStore: Sendable {
    private struct State {
        var slots: [[Double]?]
        var done = 0
    }

    private let state: Locked<State>

    init(count: Int) { state = Locked(State(slots: Array(repeating: nil, count: count))) }

    /// Stores a replicate's result; returns how many are done.
    func store(_ value: [Double]?, at index: Int) -> Int {
        state.withLock { state in
            state.slots[index] = value
            state.done += 1
            return state.done
        }
    }

    var values: [[Double]?] {
        state.withLock { $0.slots }
    }
}
