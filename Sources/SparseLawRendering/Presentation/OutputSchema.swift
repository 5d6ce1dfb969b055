import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions

/// The `"schema"` value every JSON output carries: `sparselaw.<kind>/<version>`. The version
/// changes only when a key is removed or changes meaning; new keys may appear within a version.
/// docs/json.md documents each kind, key by key.
public enum OutputSchema: String, Sendable, Codable, CaseIterable {
    /// `fit --json` and the law file `fit --output` writes.
    case fit = "sparselaw.fit/1"
    case runs = "sparselaw.runs/1"
    case laws = "sparselaw.laws/1"
    case optimal = "sparselaw.optimal/1"
    /// `predict` at one point.
    case prediction = "sparselaw.prediction/1"
    /// `predict --queries`.
    case predictions = "sparselaw.predictions/1"
    case plan = "sparselaw.plan/1"
    case contours = "sparselaw.contours/1"
    /// `design`: the runs to train next.
    case design = "sparselaw.design/1"
    /// A refusal, printed to standard output by a command run with `--json`.
    case error = "sparselaw.error/1"
}
