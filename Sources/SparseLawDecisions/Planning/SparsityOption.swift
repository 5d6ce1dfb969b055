import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a run at one sparsity costs and stores on a profile, beside the law: the inputs of every
/// plan at that sparsity, computed once and shared by every law (bootstrap replicates included).
struct SparsityOption: Sendable, Equatable {
    var sparsity: Double
    /// The structured pattern, or nil for unstructured sparsity.
    var pattern: PatternProfile?
    /// E_t[1/u], the mean inverse training speedup over the pruning schedule.
    var trainingFactor: Double
    /// v(S); NaN past the end of the inference curve, where only training may be asked about.
    var inferenceSpeedup: Double
    /// memory(1, S).
    var bytesPerNonzero: Double
    var storage: HardwareProfile.StorageFormat

    var density: Double { 1 - sparsity }
    /// m(S) = E_t[1/u] / (1 - S): C = 6 N D m(S).
    var costMultiplier: Double { trainingFactor / density }
}

/// The profile and the pruning schedule, turned into sparsity options.
struct ProfileCosts: Sendable {
    var profile: HardwareProfile
    var schedule: PruningSchedule

    /// Unstructured sparsity S; nil past the end of the training curve, or should the schedule's
    /// average not be computable.
    func option(sparsity: Double) -> SparsityOption? {
        guard let factor = schedule.meanInverseSpeedup(profile.training, finalSparsity: sparsity, interpolation: profile.interpolation) else { return nil }
        let storage = profile.storage(sparsity: sparsity)
        return SparsityOption(sparsity: sparsity, pattern: nil, trainingFactor: factor,
                              inferenceSpeedup: profile.inferenceSpeedup(at: sparsity) ?? .nan,
                              bytesPerNonzero: storage.bytesPerNonzero, storage: storage.format)
    }

    /// A structured pattern. Pruning to an n:m pattern is not n:m until it is complete, so the run
    /// trains at dense speed until the end of pruning and at the pattern's speedup after it:
    /// E_t[1/u] = end + (1 - end) / u_p.
    func option(pattern: PatternProfile) -> SparsityOption {
        let storage = profile.storage(sparsity: pattern.sparsity, pattern: pattern)
        return SparsityOption(sparsity: pattern.sparsity, pattern: pattern,
                              trainingFactor: schedule.end + (1 - schedule.end) / pattern.training,
                              inferenceSpeedup: pattern.inference, bytesPerNonzero: storage.bytesPerNonzero, storage: storage.format)
    }

    /// The sparsities scanned in [0, cap]: 97 evenly spaced, 97 evenly spaced in log(1 - S) (fine
    /// toward the cap, where the sparsity factor and the costs change fastest), every measured
    /// point of the curves (where the cost has kinks), and the sparsity at which sparse storage
    /// becomes smaller than dense (a kink of the memory).
    func scanSparsities(cap: Double) -> [Double] {
        guard cap > 0 else { return [0] }
        let count = 96
        var values = (0...count).map { cap * Double($0) / Double(count) }
        let logRemaining = log1p(-cap)
        values += (1...count).map { -expm1(logRemaining * Double($0) / Double(count)) }
        values += profile.training.kinks + (profile.training.lastSparsity.map { [$0] } ?? [])
        values += profile.inference.kinks + (profile.inference.lastSparsity.map { [$0] } ?? [])
        if let perNonzero = profile.bytesPerNonzero, profile.bytesPerValue > profile.bytesPerParameter {
            // bytesPerValue / (1 - S) = bytesPerNonzero + bytesPerParameter / (1 - S)
            values.append(1 - (profile.bytesPerValue - profile.bytesPerParameter) / perNonzero)
        }
        values.append(cap)
        return Array(Set(values.filter { $0 >= 0 && $0 <= cap })).sorted()
    }
}
