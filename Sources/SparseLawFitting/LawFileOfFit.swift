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
            let count = fit.law.form.coefficientNames.count
            self.bootstrap = BootstrapRecord(requested: bootstrap.requested, failed: bootstrap.failed, seed: bootstrapSeed,
                                             replicates: bootstrap.replicates.map { Array($0.prefix(count)) },
                                             patternReplicates: fit.patternNames.isEmpty ? nil : bootstrap.replicates.map { Array($0.dropFirst(count)) })
        }
    }
}
