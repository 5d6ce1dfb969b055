import SparseLawCore
import SparseLawLaws

/// Why an assumed pattern (`--assume-pattern NAME=S`) cannot be planned.
public enum AssumedPatternError: Error, Diagnostic, Equatable {
    /// The profile has no pattern of that name: it has no speedups or storage to plan it with.
    case notInProfile(pattern: String, profilePatterns: [String])
    /// The law has a fitted constant for it: an assumption would replace a measurement.
    case fitted(pattern: String)
    /// A dense law has no sparsity term to take the pattern's constant from.
    case denseLaw(pattern: String)

    public var code: String {
        switch self {
        case .notInProfile: return "plan.assumed-pattern-not-in-profile"
        case .fitted: return "plan.assumed-pattern-fitted"
        case .denseLaw: return "plan.assumed-pattern-dense-law"
        }
    }

    public var values: [String: JSONValue] {
        switch self {
        case .notInProfile(let pattern, let patterns): return ["pattern": .text(pattern), "profilePatterns": .texts(patterns)]
        case .fitted(let pattern), .denseLaw(let pattern): return ["pattern": .text(pattern)]
        }
    }
}

extension Planner {
    /// Checks that each assumed pattern (by name, case-insensitive) is a pattern of the profile that
    /// the law, a sparse one, has no fitted constant for.
    public static func checkAssumptions(_ assumed: [String: Double], law: ScalingLaw, profile: HardwareProfile,
                                        patternConstants: [String: Double]) throws(AssumedPatternError) {
        for name in assumed.keys.sorted() {
            guard law.form == .sparse else { throw .denseLaw(pattern: name) }
            guard profile.patterns.contains(where: { $0.pattern.lowercased() == name.lowercased() }) else {
                throw .notInProfile(pattern: name, profilePatterns: profile.patterns.map(\.pattern))
            }
            if patternConstants.keys.contains(where: { $0.lowercased() == name.lowercased() }) { throw .fitted(pattern: name) }
        }
    }
}
