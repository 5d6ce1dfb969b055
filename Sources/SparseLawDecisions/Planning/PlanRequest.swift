import SparseLawCore
import SparseLawLaws

/// One question for the planner, with what to compute around it, checked and defaulted.
///
/// The rules:
/// - exactly one question: the lowest loss for a budget of training and serving (the lifetime
///   question; training alone when no tokens are served), the lowest loss for a budget of training
///   alone (serving, when tokens are given, costed beside it), or the cheapest run to a target loss;
/// - the cost-by-size curve needs a target;
/// - a frontier range needs a frontier (or its figure) to draw;
/// - the memory limit is an amount as `MemoryAmount` reads it.
///
/// The frontier's default range is C/100 to 100 C for a budget, and for a target X targets from
/// half to twice its distance above the law's irreducible loss c: (c + (X-c)/2) to (c + 2 (X-c)).
public struct PlanRequest: Sendable, Equatable {
    public enum Question: Sendable, Equatable {
        /// The lowest loss for `compute` dense FLOPs, spent as `scope` says, the model serving
        /// `inferenceTokens` (0: none).
        case budget(compute: Double, inferenceTokens: Double, scope: BudgetScope)
        /// The cheapest run to `loss`, counting the cost of serving `inferenceTokens`.
        case target(loss: Double, inferenceTokens: Double)
    }

    /// A frontier across a range of budgets or targets.
    public struct FrontierRequest: Sendable, Equatable {
        /// The range asked for (nil: the default around the question).
        public var range: ClosedRange<Double>?
        public var points: Int
    }

    public var question: Question
    /// The largest memory of the weights, in bytes (nil: no limit).
    public var memoryLimit: Double?
    /// nil: no frontier is computed.
    public var frontier: FrontierRequest?
    /// Whether the cost of reaching the target against model size is computed (target questions).
    public var costBySize: Bool
    /// Whether the frontier's bootstrap band is computed (for a figure, when the law has replicates).
    public var frontierBand: Bool = false

    /// The replicates the frontier's band is computed from, at most: every frontier point is
    /// planned for each, and the first 200 of a law's replicates give a 95% band whose ends move
    /// by about a percent of its width from one draw of 200 to another, at a fifth of the time.
    public static let bandReplicates = 200
    /// Patterns planned on an assumption (`--assume-pattern 2:4=0.45`): each reaches the loss of
    /// this unstructured sparsity, by pattern name.
    public var assumedPatterns: [String: Double] = [:]
    /// The smallest gain that counts as sparsity paying, for the verdict: loss for a budget,
    /// the share of the dense cost saved for a target (0: any gain).
    public var minGain: Double = 0

    /// Points of the cost-by-size curve, from just above the sparsest critical size to 300 times
    /// the dense one, where the cost has long grown with size.
    public static let sizePoints = 80

    /// - Parameters:
    ///   - compute, trainingCompute, targetLoss: the question; exactly one must be given. `compute`
    ///     pays for training and serving `inferenceTokens`, `trainingCompute` for training alone.
    ///   - memory: the memory limit as written (`8GB`, `8GiB`, `2e10`).
    ///   - frontier: whether a frontier is asked for, with `frontierRange` and `frontierPoints`.
    ///   - costBySize: whether the cost-by-size curve is asked for.
    ///   - assumePatterns: `NAME=S` each, S the unstructured sparsity in [0, 1) whose loss the
    ///     pattern is assumed to reach; a name at most once.
    ///   - figure: whether a figure is drawn, which needs the frontier (and for a target, the
    ///     cost by size).
    public init(compute: Double?, trainingCompute: Double? = nil, targetLoss: Double?, inferenceTokens: Double? = nil, memory: String? = nil,
                frontier: Bool = false, frontierRange: ClosedRange<Double>? = nil, frontierPoints: Int = 41,
                costBySize: Bool = false, figure: Bool = false, assumePatterns: [String] = []) throws(PlanRequestError) {
        switch (compute, trainingCompute, targetLoss) {
        case (let compute?, nil, nil): question = .budget(compute: compute, inferenceTokens: inferenceTokens ?? 0, scope: .lifetime)
        case (nil, let compute?, nil): question = .budget(compute: compute, inferenceTokens: inferenceTokens ?? 0, scope: .training)
        case (nil, nil, let target?): question = .target(loss: target, inferenceTokens: inferenceTokens ?? 0)
        default: throw .oneQuestion
        }
        if costBySize, targetLoss == nil { throw .costBySizeWithoutTarget }
        if frontierRange != nil, !frontier, !figure { throw .frontierRangeWithoutFrontier }
        if let memory {
            switch MemoryAmount.parse(memory) {
            case .success(let amount): memoryLimit = amount.bytes
            case .failure(let error): throw .memory(error)
            }
        } else {
            memoryLimit = nil
        }
        self.frontier = frontier || figure ? FrontierRequest(range: frontierRange, points: frontierPoints) : nil
        self.costBySize = costBySize || (figure && targetLoss != nil)
        frontierBand = figure
        for text in assumePatterns {
            guard let equals = text.lastIndex(of: "=") else { throw .assumedPattern(text, .noEquals) }
            func trimmed(_ part: Substring) -> String { String(part.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()) }
            let name = trimmed(text[..<equals]), value = trimmed(text[text.index(after: equals)...])
            guard !name.isEmpty else { throw .assumedPattern(text, .noName) }
            guard case .success(let sparsity) = NumberParser.parse(value, allowPercent: true),
                  sparsity >= 0, sparsity < 1 else { throw .assumedPattern(text, .sparsity) }
            guard assumedPatterns.keys.allSatisfy({ $0.lowercased() != name.lowercased() }) else { throw .assumedPattern(text, .twice) }
            assumedPatterns[name] = sparsity
        }
    }

    /// The frontier's range of budgets, for a budget question.
    public func budgetRange(compute: Double) -> ClosedRange<Double> {
        frontier?.range ?? (compute / 100)...(compute * 100)
    }

    /// The frontier's range of target losses, for a target question; `irreducible` is the law's c.
    public func targetRange(target: Double, irreducible: Double) -> ClosedRange<Double> {
        frontier?.range ?? (irreducible + (target - irreducible) / 2)...(irreducible + 2 * (target - irreducible))
    }

    /// The frontier's targets across `range`, spaced evenly in log(X - c), where the cost changes;
    /// none lies at or below c, which no run reaches.
    public func targets(across range: ClosedRange<Double>, irreducible: Double) -> [Double] {
        let points = frontier?.points ?? 41
        let lower = max(range.lowerBound, irreducible + 1e-9 * max(1, irreducible))
        guard range.upperBound > lower else { return [range.upperBound] }
        return logSpaced(from: lower - irreducible, to: range.upperBound - irreducible, count: points).map { $0 + irreducible }
    }
}

/// Why a plan's request was refused.
public enum PlanRequestError: Error, Diagnostic {
    /// Neither question, or both.
    case oneQuestion
    case costBySizeWithoutTarget
    case frontierRangeWithoutFrontier
    case memory(MemoryAmount.ParseError)
    /// An `--assume-pattern` that is not `NAME=S` with S in [0, 1), or names a pattern twice.
    case assumedPattern(String, AssumptionProblem)

    public enum AssumptionProblem: String, Sendable, Equatable {
        case noEquals = "no-equals", noName = "no-name", sparsity, twice
    }

    public var code: String {
        switch self {
        case .oneQuestion: return "plan.one-question"
        case .costBySizeWithoutTarget: return "plan.sizes-without-target"
        case .frontierRangeWithoutFrontier: return "plan.frontier-range-without-frontier"
        case .memory: return "plan.memory"
        case .assumedPattern: return "plan.assume-pattern"
        }
    }

    public var values: [String: JSONValue] {
        switch self {
        case .memory(let error): return ["reason": .text(error.code)]
        case .assumedPattern(let text, let problem): return ["value": .text(text), "reason": .text(problem.rawValue)]
        default: return [:]
        }
    }
}

/// What the planner answered for a request.
public struct PlanResult: Sendable {
    public enum Answer: Sendable {
        case budget(BudgetPlan)
        case target(TargetPlan)
    }

    public var answer: Answer
    /// 95% intervals over the law's bootstrap replicates (nil: none).
    public var intervals: PlanIntervals?
    /// Whether sparsity pays, judged over the replicates (`SparsityVerdict`; the point estimate's
    /// verdict without them); nil for a dense law, or when the best or the dense plan is impossible.
    public var verdict: SparsityVerdict?
    /// The smallest models that reach the target (target questions).
    public var criticalSizes: CriticalSizes?
    public var budgetFrontier: BudgetFrontier?
    public var targetFrontier: TargetFrontier?
    /// The range the frontier spans, when one was computed.
    public var frontierRange: ClosedRange<Double>?
    /// The cost of reaching the target by model size, when asked and the target can be reached.
    public var sizes: [SizeCost] = []

    /// The verdict on the answer's gain and the replicates' (see `verdict`).
    mutating func judge(minGain: Double, denseLaw: Bool) {
        let gain: Double?
        switch answer {
        case .budget(let plan): gain = plan.verdictGain
        case .target(let plan): gain = plan.verdictGain
        }
        guard !denseLaw, let gain else { return }
        verdict = SparsityVerdict(gain: gain, replicateGains: intervals?.gains ?? [], minGain: minGain)
    }

    /// The best run of the answer, if any.
    public var best: Plan? {
        switch answer {
        case .budget(let plan): return plan.best.plan
        case .target(let plan): return plan.best.plan
        }
    }

    /// Where sparsity pays along the frontier, with its range.
    public var frontierSummary: (pays: SparsityPays, range: ClosedRange<Double>)? {
        guard let frontierRange, let pays = budgetFrontier?.sparsityPays ?? targetFrontier?.sparsityPays else { return nil }
        return (pays, frontierRange)
    }
}

extension Planner {
    /// Answers `request`, with intervals over `replicates` (the law's bootstrap replicates, with
    /// their pattern constants) on `threads` workers (nil: one per core).
    public func answer(_ request: PlanRequest, replicates: [(law: ScalingLaw, patterns: [String: Double])] = [],
                       threads: Int? = nil) -> PlanResult {
        switch request.question {
        case let .budget(compute, tokens, scope):
            var result = PlanResult(answer: .budget(plan(compute: compute, inferenceTokens: tokens, scope: scope)))
            if !replicates.isEmpty {
                result.intervals = intervals(replicates: replicates, compute: compute, inferenceTokens: tokens, scope: scope, threads: threads)
            }
            result.judge(minGain: request.minGain, denseLaw: law.form == .dense)
            if let frontier = request.frontier {
                let range = request.budgetRange(compute: compute)
                result.frontierRange = range
                let budgets = logSpaced(from: range.lowerBound, to: range.upperBound, count: frontier.points)
                result.budgetFrontier = self.frontier(budgets: budgets, inferenceTokens: tokens, scope: scope)
                if request.frontierBand {
                    let drawn = Array(replicates.prefix(PlanRequest.bandReplicates))
                    let band = frontierBand(replicates: drawn, budgets: budgets, inferenceTokens: tokens, scope: scope, minGain: request.minGain, threads: threads)
                    result.budgetFrontier?.band = band.intervals
                    result.budgetFrontier?.bandReplicates = drawn.count
                    if !drawn.isEmpty { result.budgetFrontier?.sparseVerdict = band.sparseVerdict(along: budgets) }
                }
            }
            return result
        case let .target(target, tokens):
            var result = PlanResult(answer: .target(plan(targetLoss: target, inferenceTokens: tokens)))
            result.criticalSizes = criticalSizes(targetLoss: target, inferenceTokens: tokens)
            if !replicates.isEmpty { result.intervals = intervals(replicates: replicates, targetLoss: target, inferenceTokens: tokens, threads: threads) }
            result.judge(minGain: request.minGain, denseLaw: law.form == .dense)
            if let critical = result.criticalSizes, request.costBySize {
                result.sizes = costBySize(targetLoss: target, inferenceTokens: tokens,
                                          params: logSpaced(from: critical.sparse * 1.01, to: critical.dense * 300, count: PlanRequest.sizePoints))
            }
            if request.frontier != nil {
                let range = request.targetRange(target: target, irreducible: irreducibleLoss)
                result.frontierRange = range
                let targets = request.targets(across: range, irreducible: irreducibleLoss)
                result.targetFrontier = frontier(targets: targets, inferenceTokens: tokens)
                if request.frontierBand {
                    // The frontier's plans are sorted by target, as `targets` already is.
                    let drawn = Array(replicates.prefix(PlanRequest.bandReplicates))
                    let band = frontierBand(replicates: drawn, targets: targets.sorted(), inferenceTokens: tokens, minGain: request.minGain, threads: threads)
                    result.targetFrontier?.band = band.intervals
                    result.targetFrontier?.bandReplicates = drawn.count
                    if !drawn.isEmpty { result.targetFrontier?.sparseVerdict = band.sparseVerdict(along: targets.sorted()) }
                }
            }
            return result
        }
    }
}
