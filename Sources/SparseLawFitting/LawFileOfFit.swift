import SparseLawCore
import SparseLawLaws

extension LawFile {
    /// The law file a fit writes: its law, the units of N and D, the ranges of the runs it was
    /// fitted on (queries beyond them extrapolate), the schema `fit` writes, and the bootstrap's
    /// replicates as laws, with their pattern constants beside them.
    ///
    /// The pattern constants themselves are written by the fit's report, which adds their
    /// intervals.
    public init(fit: LawFit, units: Units, bootstrap: BootstrapResult? = nil, bootstrapSeed: UInt64 = 0) {
        self.init(law: fit.law, units: units, maxFittedSparsity: fit.summary.sparsities.last ?? 0, ranges: Ranges(fit.summary))
        schema = Self.writtenSchema
        if let bootstrap {
            let names = fit.law.form.coefficientNames
            let count = names.count
            // Only the law's own coefficients can be held at 0 (pattern constants never are).
            let held = Dictionary(uniqueKeysWithValues: bootstrap.stillHeld.enumerated().filter { $0.offset < count && $0.element > 0 }
                .map { (names[$0.offset], $0.element) })
            let oneSided = bootstrap.oneSided.filter { $0 < count }.map { names[$0] }
            self.bootstrap = BootstrapRecord(requested: bootstrap.requested, failed: bootstrap.failed, seed: bootstrapSeed,
                                             replicates: bootstrap.replicates.map { Array($0.prefix(count)) },
                                             patternReplicates: fit.patternNames.isEmpty ? nil : bootstrap.replicates.map { Array($0.dropFirst(count)) },
                                             oneSided: oneSided.isEmpty ? nil : oneSided, heldAtBound: held.isEmpty ? nil : held,
                                             unit: bootstrap.unit)
            let profiles = Dictionary(uniqueKeysWithValues: bootstrap.profileBounds.filter { $0.key < count }.map { (names[$0.key], $0.value) })
            self.bootstrap?.profileBounds = profiles.isEmpty ? nil : profiles
        }
    }
}
