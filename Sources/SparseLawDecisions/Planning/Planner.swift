import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Plans a training run on a hardware profile: the loss-minimizing (N, S, D) for a compute budget
/// (of training and serving, or of training alone), or the cheapest one that reaches a target
/// loss, each beside the best dense run under the same limits. The mathematics (see docs/planning.md):
///
/// With A = aS (1 - S)^bS + cS (a pattern's constant q_p in its place), m(S) = E_t[1/u] / (1 - S)
/// the cost multiplier of the profile's training speedup u over the pruning schedule, v(S) the
/// inference speedup and memory(1, S) the bytes per non-zero:
///
/// - Budget C, memory limit M: at fixed S, L(N) = A N^-bN + K N^bD + c with
///   K = (6 aD m(S) / C)^bD falls until N*(S) = (bN A / (bD K))^(1 / (bN + bD)) and rises after, so
///   the best N is min(N*(S), M / memory(1, S)), D = C / (6 N m(S)). For a dense law (S = 0) this
///   is the compute-optimal allocation.
/// - Budget C of training and serving T tokens (the lifetime question): at fixed S,
///   D(N) = (C - i N) / (6 N m(S)) with i = 2 T / ((1 - S) v(S)); L(N) falls, then rises, on
///   (0, C / i), its minimum the one root of a concave function of log N (see `lifetimeRun`),
///   capped by the memory limit.
/// - Target loss X, T inference tokens: at fixed (N, S), D = aD / q^(1/bD) with
///   q = X - c - A N^-bN > 0, and cost(N) = N / (1 - S) (6 D E_t[1/u] + 2 T / v(S)). With w = X - c,
///   r = bN / bD, p = 1 + 1/bD and q = w t, d cost / dN = 0 where
///       phi(t) = (1 + r) t + gamma t^p - r = 0,   gamma = 2 T w^(1/bD) / (6 aD E_t[1/u] v(S)),
///   phi increasing and convex on (0, r / (1 + r)], so one root, found by Newton's method from the
///   right (monotone convergence); without inference t = r / (1 + r) exactly. N = (A / (w - q))^(1/bN),
///   capped by the memory limit while q stays positive.
///
/// What remains is one dimension, S, searched globally: a scan of [0, cap] through every kink of the
/// curves, each local minimum polished by Brent's method (`scannedMinimum`), then each structured
/// pattern the law has a constant for. cap = the smallest of `maxSparsity` and the last measured
/// point of every curve the question uses (training; inference too when T > 0).
public struct Planner: Sendable {
    public private(set) var law: ScalingLaw
    public let profile: HardwareProfile
    public let schedule: PruningSchedule
    public let maxSparsity: Double
    public let memoryLimit: Double?
    /// The law's constants q_p for structured patterns, by pattern name (lower case).
    public let patternConstants: [String: Double]
    /// Patterns of the profile planned on an assumption rather than a fit, by name (lower case):
    /// each reaches the loss of unstructured sparsity s, so q_p = aS (1 - s)^bS + cS, for the law
    /// and for each bootstrap replicate alike.
    public let assumedPatterns: [String: Double]

    private(set) var sparseLaw: SparseScalingLaw
    let costs: ProfileCosts
    /// Options on the scan of [0, trainingCap] and of [0, servingCap].
    let trainingGrid: [SparsityOption]
    let servingGrid: [SparsityOption]
    /// The profile's patterns the law has a constant for (or one is assumed), with that constant
    /// and the assumed equivalent sparsity (nil: the law's own constant).
    private(set) var patternChoices: [(option: SparsityOption, constant: Double, assumed: Double?)]

    /// The largest unstructured sparsity a budget plan considers, and a plan that serves.
    public let trainingCap: Double
    public let servingCap: Double

    /// nil when `maxSparsity` is outside (0, 1) or the memory limit is not positive.
    public init?(law: ScalingLaw, profile: HardwareProfile, schedule: PruningSchedule = PruningSchedule(), maxSparsity: Double = SparseScalingLaw.defaultMaxSparsity,
                 memoryLimit: Double? = nil, patternConstants: [String: Double] = [:], assumedPatterns: [String: Double] = [:]) {
        guard maxSparsity > 0, maxSparsity < 1 else { return nil }
        if let memoryLimit, !(memoryLimit > 0 && memoryLimit.isFinite) { return nil }
        self.law = law
        self.profile = profile
        self.schedule = schedule
        self.maxSparsity = maxSparsity
        self.memoryLimit = memoryLimit
        self.patternConstants = Dictionary(patternConstants.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.assumedPatterns = Dictionary(assumedPatterns.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        costs = ProfileCosts(profile: profile, schedule: schedule)
        switch law {
        case .sparse(let sparse):
            sparseLaw = sparse
            trainingCap = min(maxSparsity, profile.training.lastSparsity ?? 1)
            servingCap = min(trainingCap, profile.inference.lastSparsity ?? 1)
        case .dense(let dense):
            sparseLaw = dense.asSparseAtZero
            trainingCap = 0
            servingCap = 0
        }
        let costs = self.costs
        trainingGrid = costs.scanSparsities(cap: trainingCap).compactMap { costs.option(sparsity: $0) }
        servingGrid = servingCap == trainingCap ? trainingGrid : costs.scanSparsities(cap: servingCap).compactMap { costs.option(sparsity: $0) }
        let (constants, assumed, sparse) = (self.patternConstants, self.assumedPatterns, sparseLaw)
        patternChoices = law.form == .sparse ? profile.patterns.compactMap { pattern in
            let name = pattern.pattern.lowercased()
            if let constant = constants[name] { return (costs.option(pattern: pattern), constant, nil) }
            return assumed[name].map { (costs.option(pattern: pattern), sparse.sparsityFactor($0), $0) }
        } : []
    }

    /// The same question asked of another law (a bootstrap replicate) with its own pattern
    /// constants: the profile's options are shared; a pattern without a constant is left out.
    public func replacingLaw(_ replicate: ScalingLaw, patternConstants: [String: Double] = [:]) -> Planner {
        var copy = self
        copy.replaceLaw(replicate, patternConstants: patternConstants)
        return copy
    }

    private mutating func replaceLaw(_ replicate: ScalingLaw, patternConstants constants: [String: Double]) {
        law = replicate
        switch replicate {
        case .sparse(let sparse): sparseLaw = sparse
        case .dense(let dense): sparseLaw = dense.asSparseAtZero
        }
        let lowered = Dictionary(constants.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        let sparse = sparseLaw
        patternChoices = patternChoices.compactMap { choice in
            if let assumed = choice.assumed { return (choice.option, sparse.sparsityFactor(assumed), assumed) }
            return (choice.option.pattern?.pattern.lowercased()).flatMap { lowered[$0] }.map { (choice.option, $0, nil) }
        }
    }

    /// c, the law's irreducible loss: no run reaches it.
    public var irreducibleLoss: Double { sparseLaw.c }

    /// The profile's patterns the law has no constant for, and none is assumed: they are left out
    /// of every plan.
    public var patternsWithoutConstants: [String] {
        law.form == .sparse ? profile.patterns.map(\.pattern).filter { patternConstants[$0.lowercased()] == nil && assumedPatterns[$0.lowercased()] == nil } : []
    }

    /// The assumed patterns, as planned: name, equivalent unstructured sparsity, and the constant
    /// it gives this law, aS (1 - s)^bS + cS.
    public var assumptions: [(pattern: String, sparsity: Double, constant: Double)] {
        patternChoices.compactMap { choice in choice.assumed.map { (choice.option.pattern?.pattern ?? "", $0, choice.constant) } }
    }

    // MARK: Budget

    /// The loss-minimizing run for C dense FLOPs, within the memory limit, and the best dense run
    /// under the same limit. The model serves `inferenceTokens`: for `.lifetime` the budget pays
    /// for training and serving them, for `.training` for training alone, with serving costed
    /// beside it. Serving needs the inference curve, so the sparsity is capped by its end too.
    public func plan(compute: Double, inferenceTokens: Double = 0, scope: BudgetScope = .lifetime) -> BudgetPlan {
        let serving = inferenceTokens > 0
        let objective = { (option: SparsityOption, factor: Double) in
            serving && scope == .lifetime
                ? self.lifetimeRun(option, factor: factor, compute: compute, inferenceTokens: inferenceTokens)
                : self.budgetRun(option, factor: factor, compute: compute, inferenceTokens: inferenceTokens)
        }
        let grid = serving ? servingGrid : trainingGrid
        let found = searchFormats(grid, cap: serving ? servingCap : trainingCap, objective: objective, key: \.loss)
        let dense = outcome(grid.first.flatMap { objective($0, sparseLaw.sparsityFactor(0)) })
        return BudgetPlan(compute: compute, inferenceTokens: inferenceTokens, scope: scope, memoryLimit: memoryLimit,
                          best: outcome(found.best), dense: dense,
                          options: formatOptions(dense: dense, found: found) { _ in .notFinite })
    }

    /// The plan found, or why there is none: nil is a plan that overflows, and a model of less
    /// than one non-zero parameter (a memory limit of a few bytes or less) is no model.
    func outcome(_ plan: Plan?) -> PlanOutcome {
        guard let plan else { return .impossible(.notFinite) }
        guard plan.params >= 1 else { return .impossible(.belowOneParameter(params: plan.params, memoryLimit: memoryLimit)) }
        return .plan(plan)
    }

    /// log N*(S), the loss-minimizing size for C of training at one sparsity:
    /// N* = (bN A / (bD K))^(1 / (bN + bD)), K = (6 aD m(S) / C)^bD.
    func logTrainingOptimum(_ option: SparsityOption, factor: Double, compute: Double) -> Double {
        let law = sparseLaw
        return (log(law.bN * factor) - log(law.bD) - law.bD * log(trainingCompute(params: 1, tokens: law.aD, multiplier: option.costMultiplier) / compute)) / (law.bN + law.bD)
    }

    /// The best run at one sparsity for budget C of training: N = min(N*(S), M / memory(1, S)),
    /// serving `inferenceTokens` costed beside it.
    func budgetRun(_ option: SparsityOption, factor: Double, compute: Double, inferenceTokens: Double = 0) -> Plan? {
        var params = exp(logTrainingOptimum(option, factor: factor, compute: compute)), binds = false
        if let memoryLimit, memoryLimit / option.bytesPerNonzero < params {
            params = memoryLimit / option.bytesPerNonzero
            binds = true
        }
        let tokens = compute / trainingCompute(params: params, tokens: 1, multiplier: option.costMultiplier)
        return run(option, factor: factor, params: params, tokens: tokens, inferenceTokens: inferenceTokens, memoryBinds: binds)
    }

    /// The best run at one sparsity when training plus serving T tokens costs C.
    ///
    /// Serving costs i N with i = 2 T / ((1 - S) v(S)) per non-zero, so D(N) = (C - i N) / (6 m(S) N),
    /// defined for N < N_max = C / i. With z = N / N_max and y = log z < 0, L(N) = A N^-bN +
    /// (aD / D(N))^bD + c has dL/dN = 0 where
    ///
    ///     h(y) = (bN + bD) (log N* - log N_max - y) + (1 + bD) log(1 - e^y) = 0,
    ///
    /// N* the optimum of training alone. h falls from +infinity to -infinity and is concave, so the
    /// root is unique (L falls, then rises) and Newton's method from a point right of it (h < 0)
    /// converges to it monotonically. z* = N* / N_max is right of it (h(log z*) = (1 + bD) log(1 - z*)
    /// < 0): the run serves, so it is smaller than N*. The memory limit caps N as in training alone,
    /// and D spends what is left. T -> 0 gives z -> 0 and N -> N*, the training plan.
    func lifetimeRun(_ option: SparsityOption, factor: Double, compute: Double, inferenceTokens: Double) -> Plan? {
        let law = sparseLaw
        let servingPerNonzero = 2 * inferenceTokens / (option.density * option.inferenceSpeedup)
        guard servingPerNonzero.isFinite, servingPerNonzero > 0 else { return nil }
        let logLargest = log(compute) - log(servingPerNonzero)
        let exponents = law.bN + law.bD
        let offset = exponents * (logTrainingOptimum(option, factor: factor, compute: compute) - logLargest)
        func h(_ y: Double) -> Double { offset - exponents * y + (1 + law.bD) * log(-expm1(y)) }
        // A start right of the root: z*, or nearer N_max, halving y until h < 0 (h -> -infinity as y -> 0).
        var y = min(offset / exponents, log(0.5))
        var value = h(y)
        for _ in 0..<1100 where !(value < 0) {
            y /= 2
            value = h(y)
        }
        guard value < 0, y < 0 else { return nil }
        for _ in 0..<100 {
            let remaining = -expm1(y)
            let slope = -exponents - (1 + law.bD) * exp(y) / remaining
            let next = y - value / slope
            guard next.isFinite, next < y else { break }
            let converged = y - next <= 1e-15 * abs(y)
            y = next
            value = h(y)
            if converged || !(value < 0) { break }
        }
        var params = exp(logLargest + y), binds = false
        var spare = compute * -expm1(y)
        if let memoryLimit, memoryLimit / option.bytesPerNonzero < params {
            params = memoryLimit / option.bytesPerNonzero
            binds = true
            spare = compute - servingPerNonzero * params
        }
        guard spare > 0 else { return nil }
        var tokens = spare / trainingCompute(params: params, tokens: 1, multiplier: option.costMultiplier)
        var plan = run(option, factor: factor, params: params, tokens: tokens, inferenceTokens: inferenceTokens, memoryBinds: binds)
        // Rounding may put training plus serving an ulp or two above C: trim D until it is within.
        for _ in 0..<4 {
            guard let over = plan, over.cost > compute else { break }
            tokens = (tokens * (compute - over.inferenceCost) / over.trainingCost).nextDown
            plan = run(option, factor: factor, params: params, tokens: tokens, inferenceTokens: inferenceTokens, memoryBinds: binds)
        }
        return plan
    }

    // MARK: Target loss

    /// The cheapest run, training plus serving `inferenceTokens`, whose predicted loss is
    /// `targetLoss`, within the memory limit; and the cheapest dense run under the same limit.
    public func plan(targetLoss: Double, inferenceTokens: Double = 0) -> TargetPlan {
        var result = TargetPlan(targetLoss: targetLoss, inferenceTokens: inferenceTokens, memoryLimit: memoryLimit,
                                best: .impossible(.notFinite), dense: .impossible(.notFinite))
        guard targetLoss > sparseLaw.c else {
            let reason = PlanImpossibility.belowIrreducibleLoss(target: targetLoss, irreducible: sparseLaw.c)
            result.best = .impossible(reason)
            result.dense = .impossible(reason)
            return result
        }
        let grid = inferenceTokens > 0 ? servingGrid : trainingGrid
        let objective = { (option: SparsityOption, factor: Double) in
            self.targetRun(option, factor: factor, target: targetLoss, inferenceTokens: inferenceTokens)
        }
        let found = searchFormats(grid, cap: inferenceTokens > 0 ? servingCap : trainingCap, objective: objective, key: \.cost)
        if let best = found.best {
            result.best = outcome(best)
        } else if let reachable = reachableLoss(grid, dense: false), reachable >= targetLoss, let memoryLimit {
            result.best = .impossible(.beyondMemory(target: targetLoss, memoryLimit: memoryLimit, reachable: reachable))
        }
        if let option = grid.first, let dense = objective(option, sparseLaw.sparsityFactor(0)) {
            result.dense = outcome(dense)
        } else if let reachable = reachableLoss(grid, dense: true), reachable >= targetLoss, let memoryLimit {
            result.dense = .impossible(.beyondMemory(target: targetLoss, memoryLimit: memoryLimit, reachable: reachable))
        }
        result.options = formatOptions(dense: result.dense, found: found) { format in
            guard let memoryLimit, let reachable = self.reachableLoss(grid, format: format), reachable >= targetLoss else { return .notFinite }
            return .beyondMemory(target: targetLoss, memoryLimit: memoryLimit, reachable: reachable)
        }
        return result
    }

    /// The cheapest run at one sparsity that reaches the target (nil: none within the memory).
    func targetRun(_ option: SparsityOption, factor: Double, target: Double, inferenceTokens: Double) -> Plan? {
        let law = sparseLaw
        let w = target - law.c
        let r = law.bN / law.bD, p = 1 + 1 / law.bD
        var t = r / (1 + r)
        if inferenceTokens > 0 {
            let gamma = 2 * inferenceTokens * pow(w, 1 / law.bD) / (trainingCompute(params: 1, tokens: law.aD, multiplier: option.trainingFactor) * option.inferenceSpeedup)
            guard gamma.isFinite, gamma > 0 else { return nil }
            // phi > 0 at both r / (1 + r) and (r / gamma)^(1/p): start from the smaller, right of the root.
            t = min(t, pow(r / gamma, 1 / p))
            for _ in 0..<100 {
                let power = pow(t, p - 1)
                let phi = (1 + r) * t + gamma * power * t - r
                let next = t - phi / ((1 + r) + gamma * p * power)
                if !(next > 0 && next < t) { break }
                let converged = t - next <= 1e-15 * t
                t = next
                if converged { break }
            }
        }
        var q = w * t
        var params = exp((log(factor) - log(w - q)) / law.bN), binds = false
        if let memoryLimit, memoryLimit / option.bytesPerNonzero < params {
            params = memoryLimit / option.bytesPerNonzero
            binds = true
            q = w - factor * pow(params, -law.bN)
            guard q > 0 else { return nil }
        }
        let tokens = exp(log(law.aD) - log(q) / law.bD)
        return run(option, factor: factor, params: params, tokens: tokens, inferenceTokens: inferenceTokens, memoryBinds: binds)
    }

    /// The lowest loss any run within the memory limit reaches with unlimited data,
    /// min over S of c + A(S) (M / memory(1, S))^-bN; nil without a limit.
    func reachableLoss(_ grid: [SparsityOption], dense: Bool) -> Double? {
        guard let memoryLimit else { return nil }
        let law = sparseLaw
        let loss = { (option: SparsityOption, factor: Double) in law.c + factor * pow(memoryLimit / option.bytesPerNonzero, -law.bN) }
        guard let zero = grid.first else { return nil }
        if dense { return loss(zero, law.sparsityFactor(0)) }
        let values = grid.map { loss($0, law.sparsityFactor($0.sparsity)) }
        var best = scannedMinimum(grid: grid.map(\.sparsity), values: values) { s in
            guard let option = self.costs.option(sparsity: s) else { return .infinity }
            return loss(option, law.sparsityFactor(s))
        }?.value ?? .infinity
        for choice in patternChoices { best = min(best, loss(choice.option, choice.constant)) }
        return best
    }

    /// The lowest loss one format reaches within the memory limit with unlimited data; nil
    /// without a limit.
    func reachableLoss(_ grid: [SparsityOption], format: PlanFormat) -> Double? {
        switch format {
        case .dense: return reachableLoss(grid, dense: true)
        case .unstructured:
            guard let memoryLimit, let zero = grid.first else { return nil }
            let law = sparseLaw
            let loss = { (option: SparsityOption) in law.c + law.sparsityFactor(option.sparsity) * pow(memoryLimit / option.bytesPerNonzero, -law.bN) }
            return scannedMinimum(grid: grid.map(\.sparsity), values: grid.map(loss)) { s in
                self.costs.option(sparsity: s).map(loss) ?? .infinity
            }?.value ?? loss(zero)
        case .pattern(let name):
            guard let memoryLimit, let choice = patternChoices.first(where: { $0.option.pattern?.pattern == name }) else { return nil }
            return sparseLaw.c + choice.constant * pow(memoryLimit / choice.option.bytesPerNonzero, -sparseLaw.bN)
        }
    }

    // MARK: Shared

    /// The best plan at one unstructured sparsity for `question` (N and D free, S fixed); nil
    /// beyond the question's sparsity cap or where there is none.
    public func plan(sparsity: Double, question: PlanRequest.Question) -> Plan? {
        let factor = sparseLaw.sparsityFactor(sparsity)
        switch question {
        case let .budget(compute, tokens, scope):
            guard sparsity <= (tokens > 0 ? servingCap : trainingCap), let option = costs.option(sparsity: sparsity) else { return nil }
            let plan = tokens > 0 && scope == .lifetime
                ? lifetimeRun(option, factor: factor, compute: compute, inferenceTokens: tokens)
                : budgetRun(option, factor: factor, compute: compute, inferenceTokens: tokens)
            return outcome(plan).plan
        case let .target(loss, tokens):
            guard loss > sparseLaw.c, sparsity <= (tokens > 0 ? servingCap : trainingCap), let option = costs.option(sparsity: sparsity) else { return nil }
            return outcome(targetRun(option, factor: factor, target: loss, inferenceTokens: tokens)).plan
        }
    }

    /// Where a plan's `sparsity` lies strictly between two measured points of a curve the
    /// question's answer rests on (training; inference too when serving counts, in a lifetime
    /// budget or a target, not when it is only costed beside a training budget), the best plan
    /// at each of the two.
    public func interpolationWarnings(sparsity: Double, question: PlanRequest.Question) -> [InterpolatedSpeedup] {
        let serving: Bool, measure: InterpolatedSpeedup.Measure
        switch question {
        case .budget(_, let tokens, let scope): (serving, measure) = (tokens > 0 && scope == .lifetime, .loss)
        case .target(_, let tokens): (serving, measure) = (tokens > 0, .cost)
        }
        return profile.interpolatedCurves(at: sparsity, serving: serving).map { found in
            func at(_ point: SpeedupPoint) -> InterpolatedSpeedup.AtPoint {
                let plan = self.plan(sparsity: point.sparsity, question: question)
                return InterpolatedSpeedup.AtPoint(point: point, value: plan.map { measure == .loss ? $0.loss : $0.cost }, params: plan?.params)
            }
            return InterpolatedSpeedup(curve: found.curve, sparsity: sparsity, measure: measure, lower: at(found.lower), upper: at(found.upper))
        }
    }

    /// A plan from its own (N, S, D): everything else follows from them and the profile.
    func run(_ option: SparsityOption, factor: Double, params: Double, tokens: Double, inferenceTokens: Double, memoryBinds: Bool) -> Plan? {
        let law = sparseLaw
        let total = params / option.density
        let loss = factor * pow(params, -law.bN) + pow(law.aD / tokens, law.bD) + law.c
        // N_total E_t[1/u] = N m(S): the same 6 N D m(S), counted over every weight.
        let training = trainingCompute(params: total, tokens: tokens, multiplier: option.trainingFactor)
        let inference = inferenceTokens > 0 ? 2 * total * inferenceTokens / option.inferenceSpeedup : 0
        let cost = training + inference
        let plan = Plan(params: params, sparsity: option.sparsity, pattern: option.pattern?.pattern, totalParams: total, tokens: tokens,
                        loss: loss, memory: params * option.bytesPerNonzero, storage: option.storage,
                        trainingCost: training, inferenceCost: inference, cost: cost,
                        seconds: profile.seconds(denseFLOPs: cost), money: profile.money(denseFLOPs: cost),
                        memoryBinds: memoryBinds, atSparsityCap: false)
        return plan.isFinite && params > 0 && tokens > 0 ? plan : nil
    }

    /// The best plan over the scan of [0, cap] (polished), then over the patterns, by `key`.
    func search(_ grid: [SparsityOption], cap: Double, objective: (SparsityOption, Double) -> Plan?, key: (Plan) -> Double) -> Plan? {
        searchFormats(grid, cap: cap, objective: objective, key: key).best
    }

    /// The best unstructured plan over the scan of [0, cap] (polished), the plan of each pattern
    /// the law has a constant for, and the best of them by `key` (ties to unstructured).
    func searchFormats(_ grid: [SparsityOption], cap: Double, objective: (SparsityOption, Double) -> Plan?,
                       key: (Plan) -> Double) -> (unstructured: Plan?, patterns: [(pattern: String, plan: Plan?)], best: Plan?) {
        let law = sparseLaw
        let plans = grid.map { objective($0, law.sparsityFactor($0.sparsity)) }
        var unstructured: Plan?
        let found = scannedMinimum(grid: grid.map(\.sparsity), values: plans.map { $0.map(key) ?? .infinity }) { s in
            guard let option = self.costs.option(sparsity: s), let plan = objective(option, law.sparsityFactor(s)) else { return .infinity }
            return key(plan)
        }
        if let found {
            if let index = grid.firstIndex(where: { $0.sparsity == found.x }) {
                unstructured = plans[index]
            } else if let option = costs.option(sparsity: found.x) {
                unstructured = objective(option, law.sparsityFactor(found.x))
            }
        }
        if var plan = unstructured, cap > 0, plan.sparsity >= cap { plan.atSparsityCap = true; unstructured = plan }
        var best = unstructured
        var patterns: [(pattern: String, plan: Plan?)] = []
        for choice in patternChoices {
            var plan = objective(choice.option, choice.constant)
            plan?.assumedSparsity = choice.assumed
            patterns.append((choice.option.pattern?.pattern ?? "", plan))
            guard let plan else { continue }
            if best.map({ key(plan) < key($0) }) ?? true { best = plan }
        }
        return (unstructured, patterns, best)
    }

    /// The plan of each format the law and the profile allow: dense, unstructured (a sparse law),
    /// and each pattern the law has a constant for. A format without a plan says why: `missing`
    /// gives the reason for a plan that was not found.
    func formatOptions(dense: PlanOutcome, found: (unstructured: Plan?, patterns: [(pattern: String, plan: Plan?)], best: Plan?),
                       missing: (PlanFormat) -> PlanImpossibility) -> [PlanOption] {
        var options = [PlanOption(format: .dense, outcome: dense)]
        guard law.form == .sparse else { return options }
        options.append(PlanOption(format: .unstructured, outcome: found.unstructured.map(outcome) ?? .impossible(missing(.unstructured))))
        for (pattern, plan) in found.patterns {
            options.append(PlanOption(format: .pattern(pattern), outcome: plan.map(outcome) ?? .impossible(missing(.pattern(pattern)))))
        }
        return options
    }
}
