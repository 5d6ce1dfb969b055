import SparseLawGSL
import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions

/// The output of `sparselaw fit`: a law file (readable by every `--law` option) with the fit's
/// diagnostics. Keys are fixed; the JSON is sorted and stable, so the same input and seed give
/// the same bytes.
public struct FitReport: Sendable, Encodable {
    public struct Diagnostics: Sendable, Encodable {
        public var objective: Double
        public var loss: String
        public var delta: Double?
        public var points: Int
        public var starts: Int
        public var startsAtBest: Int
        /// Distinct basins of the exponent lattice polished, and how many reached the best objective.
        public var basins: Int
        public var basinsAtBest: Int
        public var converged: Bool
        public var iterations: Int
        public var stopReason: String?
        public var rmse: Double
        public var maxRelativeError: Double
        public var seed: UInt64
        /// How `--delta auto` chose `delta`: 1.345 x `scale` (1.4826 x the MAD of the residuals
        /// of a first fit with `firstDelta`); nil for a threshold given.
        public var deltaAuto: HuberThreshold?
    }

    public struct Correlation: Sendable, Encodable {
        public var names: [String]
        public var matrix: [[Double]]
    }

    /// The law itself, as every query reads it: form, coefficients, units, ranges, bootstrap.
    public var law: LawFile
    public var standardErrors: [String: Double]?
    /// Coefficients held fixed in the fit.
    public var fixed: [String: Double]?
    public var correlation: Correlation?
    public var fit: Diagnostics
    public var data: String
    public var warnings: [FitWarning]
    /// Coefficients at the edge of the law's domain; absent when every coefficient is determined.
    public var degenerate: [DegenerateCoefficient]?

    /// A coefficient the data do not determine: at 0 (`at` "zero"), without effect because the
    /// terms it shapes are at 0 ("no effect"), or at a bound of the plausible exponents
    /// ("upper bound", "lower bound", with `bound`).
    public struct DegenerateCoefficient: Sendable, Encodable, Equatable {
        public var coefficient: String
        public var at: String
        public var bound: Double?
        public var code: String
    }
    /// 95% percentile intervals from the bootstrap, by coefficient name.
    public var intervals: [String: Interval]?
    public var holdout: HoldoutResult?
    /// One constant per structured (n:m) pattern in the runs.
    public var patterns: [PatternReport]?
    /// Every run with the law's prediction and the residual: in `fit --json`, not in the law
    /// file, which stays small for the commands that read it.
    public var runs: [RunRow]?

    public var form: LawForm { law.form }
    public var coefficients: [String: Double] { law.coefficients }
    public var units: LawFile.Units { law.units ?? .init() }
    public var bootstrap: LawFile.BootstrapRecord? { law.bootstrap }

    public init(fit result: LawFit, data: String, units: LawFile.Units, bootstrap: BootstrapResult? = nil, bootstrapSeed: UInt64 = 0, holdout: HoldoutResult? = nil) {
        let names = result.law.form.coefficientNames
        law = LawFile(fit: result, units: units, bootstrap: bootstrap, bootstrapSeed: bootstrapSeed)
        // Fixed coefficients have no uncertainty of their own: they are listed under `fixed`.
        var entries: [DegenerateCoefficient] = []
        for degeneracy in result.degeneracies {
            switch degeneracy {
            case let .atZero(name, idle):
                entries.append(.init(coefficient: name, at: "zero", bound: nil, code: degeneracy.code))
                entries += idle.map { .init(coefficient: $0, at: "no effect", bound: nil, code: degeneracy.code) }
            case let .atExponentBound(name, bound, upper):
                entries.append(.init(coefficient: name, at: upper ? "upper bound" : "lower bound", bound: bound, code: degeneracy.code))
            case .withoutEffect(let name, _, _):
                entries.append(.init(coefficient: name, at: "no effect", bound: nil, code: degeneracy.code))
            }
        }
        degenerate = entries.isEmpty ? nil : entries
        let undetermined = Set(entries.map(\.coefficient))
        // Fixed coefficients and those at the edge of the domain have no uncertainty of their own.
        let free = names.indices.filter { result.options.fixed[names[$0]] == nil && !undetermined.contains(names[$0]) }
        // A standard error that could not be computed (a direction the data do not determine) is left out.
        standardErrors = result.standardErrors.flatMap { errors in
            let known = free.filter { errors[$0].isFinite }
            return known.isEmpty ? nil : Dictionary(uniqueKeysWithValues: known.map { (names[$0], errors[$0]) })
        }
        correlation = result.correlation.map { matrix in
            Correlation(names: free.map { names[$0] }, matrix: free.map { i in free.map { j in matrix[i][j] } })
        }
        fixed = result.options.fixed.isEmpty ? nil : result.options.fixed
        fit = Diagnostics(objective: result.objective, loss: result.options.loss.kind.rawValue,
                          delta: result.options.loss.kind == .squares ? nil : result.options.loss.delta,
                          points: result.points, starts: result.starts, startsAtBest: result.startsAtBest,
                          basins: result.basins, basinsAtBest: result.basinsAtBest,
                          converged: result.converged, iterations: result.iterations, stopReason: result.stopStatus?.message,
                          rmse: result.rmse, maxRelativeError: result.maxRelativeError, seed: result.options.seed)
        self.data = data
        warnings = result.degeneracies.map(FitWarning.degenerate) + result.warnings
        if let bootstrap {
            intervals = Dictionary(uniqueKeysWithValues: zip(names, bootstrap.intervals))
            if bootstrap.failed > 0 {
                warnings.append(.bootstrapFailures(failed: bootstrap.failed, requested: bootstrap.requested))
            }
            if let condition = law.bootstrapCondition { warnings.append(.bootstrapConditional(condition)) }
        }
        self.holdout = holdout
        let patternConstants = result.patterns
        patterns = patternConstants.isEmpty ? nil : patternConstants.enumerated().map { index, constant in
            let interval = bootstrap.map { $0.intervals[names.count + index] }
            return PatternReport(pattern: constant.pattern, q: constant.q, standardError: constant.standardError,
                                 equivalentSparsity: constant.equivalentSparsity,
                                 interval: interval)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case standardErrors, fixed, correlation, fit, data, warnings, degenerate, intervals, holdout, patterns, runs
    }

    /// The law file's keys and the fit's side by side in one object, so that the report is itself
    /// a law file that `--law` reads.
    public func encode(to encoder: Encoder) throws {
        try law.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        // Keys of absent values are left out.
        let members: [(CodingKeys, (any Encodable)?)] = [
            (.standardErrors, standardErrors), (.fixed, fixed), (.correlation, correlation), (.fit, fit), (.data, data),
            (.warnings, warnings.map(DiagnosticRecord.init)), (.degenerate, degenerate), (.intervals, intervals), (.holdout, holdout),
            (.patterns, patterns), (.runs, runs),
        ]
        for case let (key, value?) in members { try container.encode(value, forKey: key) }
    }

    /// Every run of the log in order, with the fitted law's prediction, and whether it was held
    /// out of the fit.
    public static func runRows(_ log: RunLog, fit: LawFit, heldOut: [TrainingRun]) -> [RunRow] {
        let heldOutRuns = Set(heldOut)
        return log.runs.map { run in
            RunRow(run: run, file: log.file, predicted: fit.predictedLoss(of: run), heldOut: heldOutRuns.contains(run))
        }
    }

    /// A structured pattern's constant and its unstructured equivalent.
    public struct PatternReport: Sendable, Encodable {
        public var pattern: String
        public var q: Double
        public var standardError: Double?
        public var equivalentSparsity: Double?
        public var interval: Interval?
    }

    public var text: String {
        let names = form.coefficientNames
        var lines: [String] = []
        let autoText = fit.deltaAuto.map { auto in
            auto.scale > 0 ? " (auto: 1.345 x robust scale \(numberText(auto.scale, significant: 3)))"
                : " (auto: the first fit's residuals have no spread, its threshold kept)"
        } ?? ""
        let lossText = fit.loss + (fit.delta.map { ", delta \(numberText($0, significant: 4))" + autoText } ?? "")
        // Several rows of one run (`--reduce none`): rows, and the runs they come from.
        let fitted = (runs ?? []).filter { $0.heldOut != true }
        let named = Set(fitted.compactMap { $0.name.map { Array($0.utf8) } }).count
        let counted = named > 0 && named < fit.points && fitted.allSatisfy { $0.name != nil }
            ? "\(fit.points) rows of \(named) runs" : "\(fit.points) runs"
        lines.append("\(form.rawValue) law fitted to \(counted) of \(data) (\(lossText))")
        lines.append(form == .sparse ? "  L = (aS (1-S)^bS + cS) N^-bN + (aD/D)^bD + c" : "  L = E + A N^-alpha + B D^-beta")
        lines.append("")
        lines.append("  coefficient        value   std. error" + (intervals == nil ? "" : "   95% bootstrap interval"))
        for name in names {
            let value = numberText(coefficients[name]!, significant: 5)
            let edge = degenerate?.first { $0.coefficient == name }.map { $0.at == "no effect" ? "no effect" : "at bound" }
            let error = fixed?[name] != nil ? "fixed" : (edge ?? standardErrors?[name].map { numberText($0, significant: 2) } ?? "-")
            var line = "  " + name.leftAligned(11) + pad(value, 12) + pad(error, 13)
            if let interval = intervals?[name] {
                let side = bootstrap?.profileBounds?[name] != nil ? " one-sided, profile" : (bootstrap?.oneSided?.contains(name) == true ? " one-sided" : "")
                line += "   " + interval.text(significant: 4) + side
            }
            lines.append(line)
        }
        if let patterns {
            lines.append("")
            lines.append("  pattern   q (in place of aS (1-S)^bS + cS)   equivalent unstructured sparsity")
            for pattern in patterns {
                let error = pattern.standardError.map { " +- " + numberText($0, significant: 2) } ?? ""
                let equivalent = pattern.equivalentSparsity.map { numberText($0, significant: 3) }
                    ?? (pattern.q > (coefficients["aS"]! + coefficients["cS"]!) ? "none: worse than dense" : "none: beyond every unstructured sparsity")
                lines.append("  " + pattern.pattern.leftAligned(9) + " " + (numberText(pattern.q, significant: 5) + error).leftAligned(35) + equivalent)
            }
        }
        lines.append("")
        lines.append("objective \(numberText(fit.objective, significant: 6)) (mean \(fit.loss == "squares" ? "r^2/2" : "Huber")); RMSE \(numberText(fit.rmse, significant: 3)); max relative error \(numberText(100 * fit.maxRelativeError, significant: 3))%")
        lines.append("search: \(fit.basinsAtBest) of \(fit.basins) distinct basins (\(fit.startsAtBest) of \(fit.starts) starts) reached the best objective; \(fit.converged ? "converged" : "did not converge") in \(fit.iterations) iterations (seed \(fit.seed))")
        lines.append("units: N in \(units.params), D in \(units.tokens)")
        if let bootstrap {
            let unit = bootstrap.unit == .run ? ", each drawing whole runs with all their rows" : ""
            lines.append("bootstrap: \(bootstrap.replicates.count) of \(bootstrap.requested) resamples refitted\(unit) (seed \(bootstrap.seed))")
        }
        if let holdout {
            lines.append("")
            lines.append("held out (\(holdout.rule)): \(holdout.points.count) runs, fitted on the other \(holdout.fittedOn); mean |relative error| \(numberText(100 * holdout.meanAbsRelError, significant: 3))%")
            lines.append("         N          S          D       loss  predicted    error")
            for point in holdout.points {
                lines.append(pad(numberText(point.params, significant: 4), 10) + pad(numberText(point.sparsity, significant: 4), 11)
                             + pad(numberText(point.tokens, significant: 4), 11) + pad(numberText(point.loss, significant: 5), 11)
                             + pad(numberText(point.predicted, significant: 5), 11) + pad(numberText(100 * point.relativeError, significant: 3) + "%", 9))
            }
        }
        if !warnings.isEmpty {
            lines.append("")
            lines += warnings.map { "warning: " + $0.message }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// `text` right-aligned in `width` columns (with one space before it when it is wider).
func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
}
