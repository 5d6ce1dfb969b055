import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

/// Everything a fit of a set of runs involves: which runs to hold out, the fit, and the
/// bootstrap, in that order, so that the held-out runs are never seen by the fit or its refits.
public struct FitRequest: Sendable {
    public var runs: [TrainingRun]
    public var options: FitOptions
    public var holdout: HoldoutRule?
    /// Bootstrap refits (0: none).
    public var bootstrapReplicates: Int
    /// Worker threads for the bootstrap (nil: one per core); the result does not depend on it.
    public var threads: Int?
    /// Choose the Huber threshold from a first fit's residuals (`HuberThreshold`), starting from
    /// the options' delta, and refit with it; the held-out runs and the bootstrap use it too.
    public var automaticDelta: Bool

    public init(runs: [TrainingRun], options: FitOptions = .init(), holdout: HoldoutRule? = nil,
                bootstrapReplicates: Int = 0, threads: Int? = nil, automaticDelta: Bool = false) {
        self.runs = runs
        self.options = options
        self.holdout = holdout
        self.bootstrapReplicates = bootstrapReplicates
        self.threads = threads
        self.automaticDelta = automaticDelta
    }
}

/// What a fit request produced.
public struct FitOutcome: Sendable {
    public var fit: LawFit
    /// The runs the law was fitted on, and those held out of it.
    public var fitted: [TrainingRun]
    public var heldOut: [TrainingRun]
    public var bootstrap: BootstrapResult?
    public var holdout: HoldoutResult?
    /// The threshold chosen by `automaticDelta`, nil otherwise.
    public var threshold: HuberThreshold? = nil
}

extension LawFitter {
    /// Splits off the held-out runs, fits the rest, resamples them when asked, and reports how
    /// the law predicts the held-out runs. `progress` hears of each finished bootstrap refit.
    public static func run(_ request: FitRequest, progress: (@Sendable (Int) -> Void)? = nil) throws(FitError) -> FitOutcome {
        var fitted = request.runs
        var heldOut: [TrainingRun] = []
        if let rule = request.holdout {
            (fitted, heldOut) = rule.split(request.runs)
            if fitted.isEmpty || heldOut.isEmpty { throw .holdoutLeavesNothing(rule: rule, toFit: fitted.isEmpty) }
        }
        var threshold: HuberThreshold? = nil
        let fit: LawFit
        if request.automaticDelta, request.options.loss.kind != .squares {
            (fit, threshold) = try LawFitter.fitWithAutomaticDelta(fitted, options: request.options)
        } else {
            fit = try LawFitter.fit(fitted, options: request.options)
        }
        let bootstrap = request.bootstrapReplicates > 0
            ? LawFitter.bootstrap(fitted, fit: fit, replicates: request.bootstrapReplicates, seed: request.options.seed,
                                  threads: request.threads, progress: progress)
            : nil
        let holdout = request.holdout.map { HoldoutResult(rule: $0, law: fit.law, patternConstants: fit.patternConstants, fittedOn: fitted.count, heldOut: heldOut) }
        return FitOutcome(fit: fit, fitted: fitted, heldOut: heldOut, bootstrap: bootstrap, holdout: holdout, threshold: threshold)
    }
}

extension LawFitter {
    /// `run(_:progress:)` for the runs read from `file`, whose refusal names the file.
    public static func run(_ request: FitRequest, file: String, progress: (@Sendable (Int) -> Void)? = nil) throws(FitRefusal) -> FitOutcome {
        do { return try run(request, progress: progress) } catch {
            throw FitRefusal(reason: error, file: file, withHoldout: request.holdout != nil)
        }
    }
}
