import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CostModel {
    /// One line for people, with the formula.
    public var summary: String {
        switch self {
        case .denseFLOPs:
            return "dense FLOPs: every weight computed, C = 6 N D / (1 - S)"
        case .sparseFLOPs(let schedule):
            return "sparse FLOPs: only non-zeros computed, pruned from \(numberText(100 * schedule.start, significant: 3))% to \(numberText(100 * schedule.end, significant: 3))% of training (power \(numberText(schedule.power, significant: 3))), C = 6 N D (1 - \(numberText(schedule.meanSparsityFraction, significant: 4)) S) / (1 - S)"
        }
    }
}

extension PruningSchedule {
    /// "dense until 25% of training, to the final sparsity by 75% (power 3)".
    public var summary: String {
        "dense until \(numberText(100 * start, significant: 3))% of training, to the final sparsity by \(numberText(100 * end, significant: 3))% (power \(numberText(power, significant: 3)))"
    }
}

extension LawFile {
    /// "name (source)", or the path the law was read from, for titles.
    public func title(path: String) -> String {
        escapedForMessage(name.map { n in source.map { "\(n) (\($0))" } ?? n } ?? path)
    }
}

/// a / b for positive a and b, to three digits, also where the quotient overflows a double
/// (1e300 / 1e-300 prints 1e+600).
func ratioText(_ a: Double, _ b: Double) -> String {
    let ratio = a / b
    if ratio.isFinite, ratio > 0 { return numberText(ratio, significant: 3) }
    let exponent = log10(a) - log10(b)
    guard exponent.isFinite else { return numberText(ratio, significant: 3) }
    let whole = exponent.rounded(.down)
    return numberText(pow(10, exponent - whole), significant: 3) + "e+" + String(Int(whole))
}

extension ExtrapolationWarning: DescribedDiagnostic {
    public var message: String {
        // Beyond the span but within the factor of a warning: said, with the factor, as a note.
        let beyond = isWarning ? ": this extrapolates" : ": beyond the fitted range"
        switch self {
        case let .paramsAboveFitted(params, fittedMax):
            return "N = \(numberText(params)) is \(ratioText(params, fittedMax))x the largest model the law was fitted on (\(numberText(fittedMax)))" + beyond
        case let .paramsBelowFitted(params, fittedMin):
            return "N = \(numberText(params)) is \(ratioText(fittedMin, params))x below the smallest model the law was fitted on (\(numberText(fittedMin)))" + beyond
        case let .tokensAboveFitted(tokens, fittedMax):
            return "D = \(numberText(tokens)) is \(ratioText(tokens, fittedMax))x the most data the law was fitted on (\(numberText(fittedMax)))" + beyond
        case let .tokensBelowFitted(tokens, fittedMin):
            return "D = \(numberText(tokens)) is \(ratioText(fittedMin, tokens))x below the least data the law was fitted on (\(numberText(fittedMin)))" + beyond
        case let .sparsityBeyondFitted(fitted, cap):
            return "sparsities above \(numberText(fitted)) (up to the cap \(numberText(cap))) were never fitted: the law extrapolates there"
        case let .sparsityAboveFitted(sparsity, fittedMax):
            return "S = \(numberText(sparsity)) is above the largest sparsity the law was fitted on (\(numberText(fittedMax))): this extrapolates"
        }
    }
}

extension BootstrapCondition: DescribedDiagnostic {
    public var message: String {
        let held = heldAtBound.sorted { $0.key < $1.key }.map { "\($0.value) hold \($0.key) at 0" }.joined(separator: ", ")
        return "of \(replicates) bootstrap replicates, \(held) even when released: the intervals are conditional on that bound"
    }
}

extension OptimumWarning: DescribedDiagnostic {
    public var message: String {
        switch self {
        case .atCap(let cap):
            return "the optimum is the cap --max-sparsity \(numberText(cap)): the loss still falls with more sparsity, so this is a bound, not an interior optimum"
        case .atCurveEnd(let sparsity):
            return "the optimum is the last measured point of the profile's training curve, sparsity \(numberText(sparsity)): more sparsity might pay, but nothing beyond it was measured"
        case .extrapolation(let warning): return warning.message
        case let .replicatesAtCap(count, replicates):
            return "\(count) of \(replicates) bootstrap replicates put the optimum at the cap: the interval's upper end is the cap, a bound"
        case .interpolatedSpeedup(let warning): return warning.message
        case .conditional(let condition): return condition.message
        case .verdictWithoutReplicates:
            return "the verdict rests on the point estimate alone: the law has no bootstrap replicates, so nothing says how sure it is (fit with --bootstrap for a verdict from the replicates)"
        }
    }
}

extension QueryError: CustomStringConvertible {
    public var description: String { escapedForMessage(text) }

    private var text: String {
        switch self {
        case .data(let error): return error.description
        case .denseLaw(let name):
            return "\(name) is a dense law: it has no sparsity term. Use a sparse law (t5-c4, vit-jft, or one fitted with --form sparse)"
        case .maxSparsityOutOfRange:
            return "--max-sparsity must lie in (0, 1)"
        case let .notFinite(params, compute):
            return "the law or the data it implies is not finite at N = \(numberText(params)), C = \(numberText(compute)): the query is outside what the law can describe"
        case .noContours:
            return "with sparse training from the start (--prune-start = --prune-end = 0), more sparsity always helps: every budget's optimum is the cap, and there are no contours"
        case let .levelOutsideCap(_, cap):
            return "--levels must lie in [0, \(numberText(cap))] (the sparsity cap)"
        case let .tooManyLevels(count, limit):
            return "--levels: \(count) levels, more than the \(limit) a figure and its CSV can hold (at --points 100000, as many rows as the largest grid)"
        case .repeatedLevel(let level):
            return "--levels: \(numberText(level)) is given twice"
        case .contoursNeedCostModel(let profile):
            return "the hardware profile \(profile) has a measured training curve: contours have a closed form only under --cost dense or --cost sparse"
        case .termAtZero(let zero): return zero.message
        case let .replicateNotFinite(replicate, params, compute):
            return "bootstrap replicate \(replicate + 1) of the law has no finite optimum at N = \(numberText(params)), C = \(numberText(compute)): its coefficients overflow there, and no interval can be given"
        case let .contourNotFinite(level, params, replicate):
            return "the contour of sparsity \(numberText(level)) " + (replicate.map { "of bootstrap replicate \($0 + 1) " } ?? "")
                + "is not a finite compute at N = \(numberText(params)): the range of N (--params) or the law is outside what can be computed"
        case .denseOptimalNotFinite(let params):
            return "the dense compute-optimal budget is not finite at N = \(numberText(params)): the range of N (--params) or the law is outside what can be computed"
        case .computeRangeNotFinite:
            return "the range of compute (--compute) is outside what can be computed"
        }
    }
}

extension TermAtZero: DescribedDiagnostic, CustomStringConvertible {
    public var message: String {
        let head = "\(law) has \(coefficient) = 0: under this law "
        switch (question, term) {
        case (.optimalSparsity, .data):
            return head + "the loss does not depend on the data, so compute does not trade against sparsity"
        case (.optimalSparsity, _):
            return head + "sparsity does not change the loss at a fixed number of non-zero parameters, so there is no sparsity to optimize"
        case (.plan, .data):
            return head + "the loss does not depend on the data, so there is no trade of model size against data to plan"
        case (.plan, _):
            return head + "the loss does not depend on the model's size, so there is no trade of model size against data to plan"
        }
    }

    public var description: String { message }
}

/// The answer of `sparselaw optimal`, as JSON and as text.
public struct OptimalReport: Sendable, Encodable {
    public var schema = OutputSchema.optimal
    public var law: String
    public var cost: String
    /// The hardware profile's name, when a measured one was asked about (not a cost model).
    public var hardware: String?
    /// The mean sparsity fraction of the pruning schedule (sparse FLOPs only).
    public var kappa: Double?
    /// The answer; its keys stand beside the report's in JSON.
    public var optimum: OptimalSparsity
    /// What `tokens` and `denseTokens` count: tokens, or the law's own unit when asked.
    public var dataUnit: String
    /// The conversion of the law's D to tokens, when one was given.
    public var tokensPerUnit: Double?
    public var sparsityInterval: Interval?
    public var tokensInterval: Interval?
    public var lossInterval: Interval?
    public var replicatesAtCap: Int?
    /// Whether sparsity pays: `sparse`, `dense` or `unclear` (`SparsityVerdict`).
    public var verdict: SparsityVerdict.Outcome
    /// `replicates`, or `pointEstimate` for a law without replicates.
    public var verdictBasis: SparsityVerdict.Basis
    /// The 95% interval of the replicates' paired gains over dense.
    public var gainInterval: Interval?
    /// The share of replicates in which sparsity wins by at least `minGain`.
    public var sparseWinShare: Double?
    public var minGain: Double
    public var warnings: [DiagnosticRecord]

    /// The title line's law: "name (source)" or the path.
    var lawTitle: String
    var costSummary: String
    var intervalReplicates: Int?
    var dataNote: String?

    private enum CodingKeys: String, CodingKey {
        case schema, law, cost, hardware, kappa, dataUnit, tokensPerUnit, sparsityInterval, tokensInterval, lossInterval, replicatesAtCap
        case verdict, verdictBasis, gainInterval, sparseWinShare, minGain, warnings
    }

    /// The optimum's keys (`params`, `sparsity`, `loss`, ...) and the report's in one object;
    /// keys of absent values are left out.
    public func encode(to encoder: Encoder) throws {
        try optimum.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        let members: [(CodingKeys, (any Encodable)?)] = [
            (.schema, schema), (.law, law), (.cost, cost), (.hardware, hardware), (.kappa, kappa), (.dataUnit, dataUnit),
            (.tokensPerUnit, tokensPerUnit), (.sparsityInterval, sparsityInterval), (.tokensInterval, tokensInterval),
            (.lossInterval, lossInterval), (.replicatesAtCap, replicatesAtCap), (.verdict, verdict), (.verdictBasis, verdictBasis),
            (.gainInterval, gainInterval), (.sparseWinShare, sparseWinShare), (.minGain, minGain), (.warnings, warnings),
        ]
        for case let (key, value?) in members { try container.encode(value, forKey: key) }
    }

    public init(answer: SparsityAnswer, query: SparsityQuery, lawArgument: String) {
        let optimum = answer.optimum
        law = query.file.name ?? lawArgument
        lawTitle = query.file.title(path: lawArgument)
        let (profile, schedule) = (query.optimizer.profile, query.optimizer.schedule)
        if let model = query.optimizer.closedForm?.cost {
            // The built-in curves are reported as the cost models they are.
            cost = model.name
            costSummary = model.summary
            if case .sparseFLOPs(let schedule) = model { kappa = schedule.meanSparsityFraction }
        } else {
            cost = "hardware"
            hardware = profile.name
            costSummary = (["hardware profile \(profile.name)" + (profile.source.map { " (\($0))" } ?? "")] + profile.summary.dropFirst() + [
                "  pruning: " + schedule.summary]).joined(separator: "\n")
        }
        self.optimum = optimum
        dataUnit = query.dataUnit.unit
        tokensPerUnit = query.dataUnit.tokensPerUnit
        dataNote = query.dataUnit.note
        sparsityInterval = answer.intervals?.sparsity
        tokensInterval = answer.intervals?.tokens
        lossInterval = answer.intervals?.loss
        replicatesAtCap = answer.intervals?.atCap
        intervalReplicates = answer.intervals?.replicates
        verdict = answer.verdict.outcome
        verdictBasis = answer.verdict.basis
        gainInterval = answer.verdict.gainInterval
        sparseWinShare = answer.verdict.winShare
        minGain = answer.verdict.minGain
        warnings = answer.warnings.map(DiagnosticRecord.init)
    }

    /// The verdict in words, with what it rests on.
    var verdictText: String {
        let threshold = minGain > 0 ? " by at least \(numberText(minGain, significant: 3))" : ""
        switch verdictBasis {
        case .pointEstimate:
            let words = verdict == .sparse ? "sparse (sparsity gains\(threshold))" : "dense (sparsity does not gain\(threshold))"
            return words + ", from the point estimate alone"
        case .replicates:
            let share = sparseWinShare.map { "sparsity wins\(threshold) in \(numberText(100 * $0, significant: 3))% of \(intervalReplicates ?? 0) replicates" } ?? ""
            switch verdict {
            case .sparse: return "sparse: " + share
            case .dense: return "dense: " + share
            case .unclear: return "unclear: " + share + " (sparse needs 95%, dense at most 5%)"
            }
        }
    }

    public var text: String {
        let (params, compute, sparsity, tokens, loss) = (optimum.params, optimum.compute, optimum.sparsity, optimum.tokens, optimum.loss)
        let (denseTokens, denseLoss, gain) = (optimum.denseTokens, optimum.denseLoss, optimum.gain)
        let place: String
        switch optimum.boundary {
        case .interior: place = "interior optimum"
        case .dense: place = "dense is best: sparsity does not pay at this budget"
        case .cap: place = "at the cap"
        }
        var text = """
            law: \(lawTitle)
            cost: \(costSummary)\(dataNote.map { "\ndata: " + $0 } ?? "")
            N = \(numberText(params)) non-zero parameters, C = \(numberText(compute)) FLOPs

              optimal sparsity       \(numberText(sparsity, significant: 4)) (\(place))
              data at that sparsity  \(numberText(tokens)) \(dataUnit)
              loss                   \(numberText(loss, significant: 6))
              dense model            loss \(numberText(denseLoss, significant: 6)) with \(numberText(denseTokens)) \(dataUnit)
              gain over dense        \(numberText(gain, significant: 3)) (\(numberText(gain / denseLoss * 100, significant: 3))%)
              equivalent dense size  \(numberText(optimum.equivalentDenseParams)) parameters

            """
        if let sparsityInterval, let tokensInterval, let lossInterval, let intervalReplicates {
            text += """

                95% bootstrap intervals (\(intervalReplicates) replicates of the law)
                  optimal sparsity       \(sparsityInterval.text(significant: 3))
                  data                   \(tokensInterval.text(significant: 3))
                  loss                   \(lossInterval.text(significant: 5))
                """
            if let gainInterval { text += "\n  gain over dense        \(gainInterval.text(significant: 3))" }
            text += "\n\n"
        }
        text += "verdict: \(verdictText)\n"
        for warning in warnings { text += "\(warning.label): \(warning.message)\n" }
        return text
    }
}

extension ContourTable {
    /// The table as `contours` prints it, under the law and cost lines.
    public func text(law: String, cost: CostModel, dataUnit: DataUnitResolution = .tokens) -> String {
        var lines = ["law: \(law)", "cost: \(cost.summary)"] + (dataUnit.note.map { ["data: " + $0] } ?? []) + [
                     "contours: straight lines of slope \(numberText(slope, significant: 4)) in log-log axes; compute at which each sparsity becomes optimal:"]
        lines.append("  level    " + params.map { pad("N = " + numberText($0, significant: 3), 14) }.joined() + pad("C / C*", 12))
        for row in rows {
            lines.append("  " + numberText(row.level, significant: 4).leftAligned(7)
                         + row.compute.map { pad(numberText($0, significant: 3), 14) }.joined()
                         + pad(numberText(row.ratioToDenseOptimal, significant: 3), 12))
        }
        lines.append("  dense compute-optimal C*: " + denseOptimal.map { numberText($0, significant: 3) }.joined(separator: ", "))
        return lines.joined(separator: "\n") + "\n"
    }
}

extension MeasuredContourTable {
    /// The table for people: the law, the profile, and each level's budget at three sizes.
    public func text(law: String, dataUnit: DataUnitResolution = .tokens) -> String {
        var lines = ["law: \(law)"] + profile.summary + (dataUnit.note.map { ["data: " + $0] } ?? [])
        lines.append("contours on a measured profile, found numerically: the least budget in \(numberText(compute.lowerBound, significant: 3)) to \(numberText(compute.upperBound, significant: 3)) at which the global optimum reaches each sparsity (- where none does):")
        lines.append("  level    " + params.map { pad("N = " + numberText($0, significant: 3), 14) }.joined())
        for row in rows {
            lines.append("  " + numberText(row.level, significant: 4).leftAligned(7) + row.compute.map { pad($0.map { numberText($0, significant: 3) } ?? "-", 14) }.joined())
        }
        lines.append("  dense compute-optimal C*: " + denseOptimal.map { numberText($0, significant: 3) }.joined(separator: ", "))
        return lines.joined(separator: "\n") + "\n"
    }
}
