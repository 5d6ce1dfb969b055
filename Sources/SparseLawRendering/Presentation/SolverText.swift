import SparseLawGSL

extension GSLStatus {
    /// What the solver's status means, for people.
    public var message: String {
        switch kind {
        case .domain: return "the function is not finite there"
        case .noMemory: return "memory could not be allocated"
        case .badFunction: return "the function returned a value that is not finite"
        case .maxIterations: return "the iteration limit was reached"
        case .roundOff: return "round-off limits the accuracy"
        case .singular: return "a singular point was met"
        case .divergent: return "the iteration diverges"
        case .noProgress: return "the iterations make no progress"
        case .toleranceUnreachable: return "the tolerance cannot be reached"
        case .other: return "GSL status \(code)"
        }
    }
}

extension NonlinearLeastSquaresError {
    /// Why a trust-region solve could not start, for people.
    public var message: String {
        switch self {
        case .allocation: return "GSL could not allocate its workspace"
        case .initialization(let status) where status.kind == .domain: return "the fit could not start: the law is not finite at the starting point"
        case .initialization(let status): return "the fit could not start: \(status.message)"
        }
    }
}
