import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting

extension FitFigure {
    /// The figure of a fit of the runs in `file`: the fitted runs and the held-out ones against
    /// the law, titled by the law's form and the file.
    public init(outcome: FitOutcome, form: LawForm, file: String, units: LawFile.Units) {
        self.init(law: outcome.fit.law, patternConstants: outcome.fit.patternConstants, fitted: outcome.fitted, heldOut: outcome.heldOut,
                  title: FitFigure.title(form: form, file: file), units: units)
    }
}

extension FitReport {
    /// The report of a fit of the runs in `data`, with its bootstrap (drawn from `seed`) and its
    /// held-out runs.
    public init(outcome: FitOutcome, data: String, units: LawFile.Units, seed: UInt64) {
        self.init(fit: outcome.fit, data: data, units: units, bootstrap: outcome.bootstrap, bootstrapSeed: seed, holdout: outcome.holdout)
        fit.deltaAuto = outcome.threshold
    }
}
