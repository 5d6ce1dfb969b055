import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions

// The words for refused requests, as the command line's options name them.

extension FixedCoefficientError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .malformed(let specification):
            return "--fix \"\(specification)\": expected NAME=VALUE with a positive VALUE, e.g. bS=0.722"
        case let .badValue(specification, error): return "--fix \"\(specification)\": \(error)"
        case let .unknownName(specification, name, form):
            return "--fix \"\(specification)\": \(name) is not a coefficient of the \(form.rawValue) law (\(form.coefficientNames.joined(separator: ", ")))"
        case .repeated(let name): return "--fix names \(name) twice"
        }
    }
}

extension HoldoutRuleError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .notARule(_, let error): return "expected largest, tokens or a count K of the largest sizes: \(error)"
        }
    }
}

extension FitRefusal: CustomStringConvertible {
    public var description: String { reason.message(file: file, withHoldout: withHoldout) }
}

extension SimulationError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .tooManyRuns(params, sparsities, tokens):
            return "\(params) x \(sparsities) x \(tokens) = \(numberText(runCount, significant: 17)) runs: a simulation writes at most \(Limits.simulatedRuns)"
        case .denseLawWithSparsity: return "a dense law says nothing about sparsity: omit --sparsities, or use a sparse law"
        case let .notFinite(params, sparsity, tokens):
            return "the law is not finite at N = \(numberText(params)), S = \(numberText(sparsity)), D = \(numberText(tokens)): the run is outside what the law can describe"
        }
    }
}

extension PlanRequestError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .oneQuestion:
            return "give one question: --compute C (the lowest loss for a budget of training and serving --inference-tokens), --training-compute C (for a budget of training alone) or --target-loss X (the cheapest run to a loss)"
        case .costBySizeWithoutTarget: return "--sizes goes with --target-loss"
        case .frontierRangeWithoutFrontier: return "--frontier-range goes with --frontier or --svg"
        case .memory(let error): return "--memory: " + error.message
        case .assumedPattern(let text, let problem):
            let what: String
            switch problem {
            case .noEquals, .noName: what = "give the pattern and the unstructured sparsity whose loss it is assumed to reach, as NAME=S (e.g. 2:4=0.45)"
            case .sparsity: what = "the sparsity after = must be a number in [0, 1) (e.g. 2:4=0.45)"
            case .twice: what = "the pattern is assumed twice"
            }
            return "--assume-pattern \(quotedExcerpt(text)): " + what
        }
    }
}

extension AssumedPatternError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .notInProfile(let pattern, let patterns):
            return "--assume-pattern \(quotedExcerpt(pattern)): the hardware profile has no such pattern ("
                + (patterns.isEmpty ? "it has none" : "it has \(patterns.joined(separator: ", "))") + "): its speedups and storage come from the profile"
        case .fitted(let pattern):
            return "--assume-pattern \(quotedExcerpt(pattern)): the law has a fitted constant for this pattern; plan with it, or use a law without it"
        case .denseLaw(let pattern):
            return "--assume-pattern \(quotedExcerpt(pattern)): a dense law has no sparsity term to take the pattern's constant from"
        }
    }
}

/// A plan whose answer JSON cannot hold: the query is beyond what the law describes.
public struct PlanNotFinite: Error, Diagnostic {
    public var code: String { "plan.answer-not-finite" }
    public var values: [String: JSONValue] { [:] }
}

extension PlanNotFinite: CustomStringConvertible {
    public var description: String { "the answer is not finite: the query is outside what the law can describe" }
}

extension PlanReport {
    /// The report of `result` (see `init(lawName:lawTitle:profile:schedule:answer:...)`).
    public init(lawName: String, lawTitle: String, profile: HardwareProfile, schedule: PruningSchedule, result: PlanResult,
                warnings: [PlanWarning], dataUnit: DataUnitResolution) {
        let answer: Answer
        switch result.answer {
        case .budget(let plan): answer = .budget(plan)
        case .target(let plan): answer = .target(plan)
        }
        self.init(lawName: lawName, lawTitle: lawTitle, profile: profile, schedule: schedule, answer: answer, intervals: result.intervals,
                  warnings: warnings, frontier: result.frontierSummary, criticalSizes: result.criticalSizes, dataUnit: dataUnit,
                  verdict: result.verdict)
    }

    /// `jsonText()`, refusing an answer that is not finite.
    public func finiteJSONText() throws(PlanNotFinite) -> String {
        do { return try jsonText() } catch { throw PlanNotFinite() }
    }
}

extension PredictionRequestError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .pointWithQueries: return "--queries takes N, S, D and the pattern from the file: leave out --params, --sparsity, --tokens and --pattern"
        case .fileOptionsWithoutQueries: return "--format and --column describe a --queries file"
        case .incompletePoint: return "give --params and --tokens (and --sparsity), or --queries FILE"
        case .column(let error): return error.description
        case .denseLawWithSparsity: return "a dense law says nothing about sparsity: omit --sparsity, or use a sparse law"
        case .patternWithoutSparsity(let pattern):
            return "--pattern \(escapedForMessage(pattern)) without --sparsity: at sparsity 0 a run is dense, and the pattern's constant describes its sparse runs; give --sparsity (0.5 for 2:4), or leave out --pattern"
        }
    }
}

extension LawFile.Units {
    /// The units a law fitted to `runLog` records: N counts non-zero parameters for a sparse law;
    /// D counts `dataUnit` when given, else what the log's data column implies, else tokens.
    public init(fitted form: LawForm, dataUnit: String?, runLog: RunLog) {
        self.init(params: form == .sparse ? "non-zero parameters" : "parameters",
                  tokens: dataUnit ?? runLog.sources[.tokens]?.impliedDataUnit ?? "tokens")
    }
}
