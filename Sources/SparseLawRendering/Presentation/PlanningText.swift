import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions

// Text for people, and JSON, from the planning stage's typed values.

extension HardwareProfileError {
    /// "FILE, field F: what is wrong".
    public var message: String {
        var parts = [displayedPath(file)]
        if let field { parts.append("field \(field)") }
        return escapedForMessage(parts.joined(separator: ", ") + ": " + problem.message)
    }
}

extension HardwareProfileError.Problem {
    public var message: String {
        switch self {
        case .noSuchProfile(let builtins):
            return "no such profile file, and not a built-in profile (built in: \(builtins.joined(separator: ", ")))"
        case .unreadable: return "cannot be read"
        case .input(let problem): return problem.message
        case .notAProfile: return "not a hardware profile (a JSON object with at least \"training\"; see docs/planning.md)"
        case .missing: return "missing"
        case .wrongType(let expected): return "expected \(expected)"
        case .unknownField(let known): return "not a field of a profile (fields: \(known.joined(separator: ", ")))"
        case .unknownCurve(let name): return "\"\(name)\" is not a curve: give [[sparsity, speedup], ...] pairs, or \"dense\" or \"ideal\""
        case .tooFewPoints(let count): return "\(count) point\(count == 1 ? "" : "s"): a curve needs [0, 1] and at least one measured point"
        case .tooManyPoints(let count, let limit):
            return "\(count) points, more than the \(limit) a curve may have: a plan evaluates the curve at every point, so resample it (kernel benchmarks measure tens of sparsities)"
        case .tooManyPatterns(let count, let limit):
            return "\(count) patterns, more than the \(limit) a profile may list"
        case .notAPoint: return "expected a [sparsity, speedup] pair of numbers"
        case .firstPointNotDense(let sparsity, let speedup):
            return "the first point is [\(numberText(sparsity)), \(numberText(speedup))]: a curve starts at [0, 1], the dense model's own speed"
        case .sparsityOutOfRange(let value): return "sparsity \(numberText(value)) is outside [0, 1)"
        case .sparsityNotIncreasing(let previous, let value):
            return "sparsity \(numberText(value)) does not increase on the previous point's \(numberText(previous))"
        case .notPositive(let value): return "\(numberText(value)) is not a positive number"
        case .negative(let value): return "\(numberText(value)) is negative (or not a number)"
        case .utilizationOutOfRange(let value): return "\(numberText(value)) is outside (0, 1]: utilization is the fraction of the peak a run achieves"
        case .outOfBounds(let value, let limit):
            return "\(numberText(value)) is \(value < limit ? "below the least" : "above the most") accepted, \(numberText(limit)): the bounds keep a plan's hours and price finite"
        case .priceWithoutThroughput: return "a price per hour needs flopsPerSecond to turn FLOPs into hours"
        case .duplicatePattern(let name): return "pattern \"\(name)\" is given twice"
        case .emptyName: return "the pattern's name is empty"
        case .numberBeyondDouble(let literal): return "\(quotedExcerpt(literal)) is beyond the largest number that can be held (about 1.8e308)"
        }
    }
}

extension MemoryAmount.ParseError {
    public var message: String {
        switch self {
        case .empty: return "the memory is empty"
        case .notANumber(let text):
            return "\(quotedExcerpt(text)) is not an amount of memory" + (NumberParser.looksHexadecimal(text) ? ": hexadecimal is not accepted, write the value in decimal" : "") + " (e.g. 8GB, 8GiB, 2e10)"
        case .unknownUnit(let unit):
            return "\"\(unit)\" is not a unit of memory (B, kB, MB, GB, TB, PB for powers of 1000; KiB, MiB, GiB, TiB, PiB for powers of 1024)"
        case .notPositive(let value):
            // An amount whose unit overflows it (1e308GB) is named as such, never printed as inf.
            guard value.isFinite else { return "the amount is more bytes than the largest number that can be held (about 1.8e308): the memory must be positive and finite" }
            return "\(numberText(value)) bytes: the memory must be positive and finite"
        case .bitsNotBytes(let unit):
            return "\"\(unit)\" is bits (a lower-case b); the memory is in bytes: write \"\(unit.dropLast())B\" (e.g. 8GB, 8GiB)"
        }
    }
}

/// Bytes for people: `8 GB`, `512 MB`, `123 bytes` (powers of 1000, as the memory is parsed).
public func memoryText(_ bytes: Double) -> String {
    for (scale, unit) in [(1e15, "PB"), (1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")] where bytes >= scale {
        return numberText(bytes / scale, significant: 3) + " " + unit
    }
    return numberText(bytes, significant: 3) + " bytes"
}

extension PlanImpossibility: DescribedDiagnostic {
    public var message: String {
        switch self {
        case .belowIrreducibleLoss(let target, let irreducible):
            return "the target loss \(numberText(target, significant: 5)) is at or below the law's irreducible loss c = \(numberText(irreducible, significant: 5)): no model and no amount of data reaches it"
        case .beyondMemory(let target, let limit, let reachable):
            return "within \(memoryText(limit)) of weights the lowest loss any model reaches, even with unlimited data, is \(numberText(reachable, significant: 5)), above the target \(numberText(target, significant: 5)): raise --memory or the target"
        case .belowOneParameter(let params, let limit):
            return "the best run would have \(numberText(params, significant: 3)) non-zero parameters, less than one" + (limit.map { ": \(memoryText($0)) of weights holds no model; raise --memory" } ?? "")
        case .notFinite:
            return "the numbers overflow at this query (N, D, the cost, or its hours or price are not finite): it is outside what the law and the profile can describe"
        }
    }
}

extension PlanWarning: DescribedDiagnostic {
    public var message: String {
        switch self {
        case .atSparsityCap(let cap, let curveEnd):
            return curveEnd
                ? "the plan's sparsity \(numberText(cap)) is the last point of the profile's curve: more sparsity might pay, but nothing beyond it was measured"
                : "the plan's sparsity is the cap --max-sparsity \(numberText(cap)): more sparsity would still pay, so this is a bound, not an optimum"
        case .denseLaw: return "a dense law has no sparsity term: the plan is the compute-optimal dense allocation"
        case .assumedPattern(let pattern, let sparsity, let constant):
            return "pattern \(pattern) is planned on an assumption, not a fit: that it reaches the loss of unstructured sparsity \(numberText(sparsity)) (its constant aS (1 - \(numberText(sparsity)))^bS + cS = \(numberText(constant, significant: 4))); fit runs of the pattern to replace it"
        case .patternsWithoutConstants(let names):
            return "the law has no constant for pattern\(names.count == 1 ? "" : "s") \(names.joined(separator: ", ")) of the profile: left out (fit runs of that pattern to use it)"
        case .patternsLeftOutOfReplicates(let names):
            return "bootstrap replicates carry no pattern constants: their plans leave out \(names.joined(separator: ", ")), so the intervals are for unstructured sparsity"
        case .replicatesWithoutPlan(let count, let replicates):
            return count == replicates
                ? "none of the \(replicates) bootstrap replicates finds a plan within the limits: there are no intervals, and the plan's uncertainty is unknown"
                : "\(count) of \(replicates) bootstrap replicates find no plan within the limits: the intervals are over the others"
        case .replicatesAtCap(let count, let replicates):
            return "\(count) of \(replicates) bootstrap replicates plan at the sparsity cap: the interval's upper end is the cap, a bound"
        case .extrapolation(let warning): return warning.message
        case .conditional(let condition): return condition.message
        case .interpolatedSpeedup(let warning): return warning.message
        }
    }
}

extension InterpolatedSpeedup: DescribedDiagnostic {
    public var message: String {
        func point(_ side: AtPoint) -> String { "\(numberText(side.point.sparsity)) (\(numberText(side.point.speedup, significant: 3))x)" }
        func answer(_ side: AtPoint, verb: String) -> String {
            guard let value = side.value else { return "at \(numberText(side.point.sparsity)) there is none within the limits" }
            let what = measure == .loss ? "loss \(numberText(value, significant: 6))" : "cost \(numberText(value, significant: 4)) FLOPs"
            return "at \(numberText(side.point.sparsity))\(verb) \(what)" + (side.params.map { " (N = \(numberText($0, significant: 4)))" } ?? "")
        }
        let best = lower.params == nil ? "the optimum" : "the best plan"
        return "sparsity \(numberText(sparsity, significant: 4)) lies between the measured points \(point(lower)) and \(point(upper)) of the \(curve.rawValue) curve: its speedup there is interpolated, not measured; "
            + "\(best) \(answer(lower, verb: " has")), \(answer(upper, verb: "")) (--speedup-interpolation step reads the curve at the measured point at or below each sparsity)"
    }
}

extension SpeedupCurve {
    /// "1 / (1 - s)", "1", or "1.3x at 0.5, 2x at 0.9".
    public var summary: String {
        switch self {
        case .dense: return "none (1x at every sparsity)"
        case .ideal: return "1 / (1 - S), every zero skipped"
        case .measured(let points):
            let described = points.dropFirst().map { "\(numberText($0.speedup, significant: 3))x at \(numberText($0.sparsity, significant: 3))" }
            // A long curve would fill the screen: its first and last points, and how many between.
            guard described.count > 12 else { return described.joined(separator: ", ") }
            return (described.prefix(4) + ["... (\(described.count - 8) more)"] + described.suffix(4)).joined(separator: ", ")
        }
    }
}

extension HardwareProfile {
    /// Lines describing the profile: name and source, speedups, storage, throughput.
    public var summary: [String] {
        var lines = ["hardware: \(name)" + (source.map { " (\($0))" } ?? "")]
        lines.append("  training speedup: \(training.summary)")
        if inference != training { lines.append("  inference speedup: \(inference.summary)") }
        if interpolation == .step, training.points != nil || inference.points != nil {
            lines.append("  read as steps: each sparsity has the speedup of the measured point at or below it")
        }
        var storage = "  weights: \(numberText(bytesPerValue)) bytes per value dense"
        if let bytesPerNonzero {
            storage += ", \(numberText(bytesPerNonzero)) per non-zero" + (bytesPerParameter > 0 ? " + \(numberText(bytesPerParameter)) per weight" : "") + " sparse"
        }
        lines.append(storage)
        for pattern in patterns {
            lines.append("  pattern \(pattern.pattern): sparsity \(numberText(pattern.sparsity)), training \(numberText(pattern.training))x, inference \(numberText(pattern.inference))x")
        }
        if let flopsPerSecond {
            lines.append("  throughput: \(numberText(flopsPerSecond, significant: 3)) FLOP/s at \(numberText(100 * (utilization ?? 1), significant: 3))% utilization"
                         + (pricePerHour.map { ", \(numberText($0, significant: 4)) per accelerator-hour" } ?? ""))
        }
        return lines
    }
}


/// The answer of `plan`: text for the terminal and JSON.
public struct PlanReport: Sendable {
    public enum Answer: Sendable {
        case budget(BudgetPlan)
        case target(TargetPlan)
    }

    /// The law's name (or the path it was read from), for JSON; and "name (source)" for the text.
    public var lawName: String
    public var lawTitle: String
    public var profile: HardwareProfile
    public var schedule: PruningSchedule
    public var answer: Answer
    public var intervals: PlanIntervals?
    public var warnings: [PlanWarning]
    /// Where sparsity pays along the frontier, when one was computed, with its range.
    public var frontier: (pays: SparsityPays, range: ClosedRange<Double>)?
    /// The smallest models that reach the target (target questions).
    public var criticalSizes: CriticalSizes?
    /// How the law's D was made to count tokens.
    public var dataUnit: DataUnitResolution
    /// Whether sparsity pays, judged over the replicates (nil for a dense law or no comparison).
    public var verdict: SparsityVerdict?

    public init(lawName: String, lawTitle: String, profile: HardwareProfile, schedule: PruningSchedule, answer: Answer, intervals: PlanIntervals?,
                warnings: [PlanWarning], frontier: (pays: SparsityPays, range: ClosedRange<Double>)? = nil, criticalSizes: CriticalSizes? = nil,
                dataUnit: DataUnitResolution = .tokens, verdict: SparsityVerdict? = nil) {
        self.verdict = verdict
        self.lawName = lawName
        self.lawTitle = lawTitle
        self.profile = profile
        self.schedule = schedule
        self.answer = answer
        self.intervals = intervals
        self.warnings = warnings
        self.frontier = frontier
        self.criticalSizes = criticalSizes
        self.dataUnit = dataUnit
    }

    var best: PlanOutcome {
        switch answer {
        case .budget(let plan): return plan.best
        case .target(let plan): return plan.best
        }
    }

    var dense: PlanOutcome {
        switch answer {
        case .budget(let plan): return plan.dense
        case .target(let plan): return plan.dense
        }
    }

    /// Every format's plan, side by side.
    var options: [PlanOption] {
        switch answer {
        case .budget(let plan): return plan.options
        case .target(let plan): return plan.options
        }
    }

    /// The index of the option that is the answer: the first whose plan is the best plan.
    var bestOption: Int? {
        guard let plan = best.plan else { return nil }
        return options.firstIndex { $0.outcome.plan == plan }
    }

    // MARK: JSON

    /// A plan's keys. Its quantities are null when the plan does not exist (with the reason under
    /// `impossible`); `pattern`, `seconds` and `money` are absent where they do not apply.
    static func json(_ outcome: PlanOutcome) -> [String: JSONValue] {
        let plan = outcome.plan
        var object: [String: JSONValue] = [
            "params": .optional(plan?.params), "sparsity": .optional(plan?.sparsity), "tokens": .optional(plan?.tokens),
            "loss": .optional(plan?.loss), "memory": .optional(plan?.memory), "cost": .optional(plan?.cost),
            "totalParams": .optional(plan?.totalParams), "trainingCost": .optional(plan?.trainingCost),
            "inferenceCost": .optional(plan?.inferenceCost), "storage": plan.map { .string($0.storage.rawValue) } ?? .null,
            "memoryBinds": plan.map { .bool($0.memoryBinds) } ?? .null, "atSparsityCap": plan.map { .bool($0.atSparsityCap) } ?? .null,
            "impossible": outcome.impossibility.map { DiagnosticRecord($0).json } ?? .null,
        ]
        if let pattern = plan?.pattern { object["pattern"] = .string(pattern) }
        if let assumed = plan?.assumedSparsity { object["assumedSparsity"] = .number(assumed) }
        if let seconds = plan?.seconds { object["seconds"] = .number(seconds) }
        if let money = plan?.money { object["money"] = .number(money) }
        return object
    }

    var jsonValue: JSONValue {
        var object = Self.json(best)
        object["schema"] = .string(OutputSchema.plan.rawValue)
        object["dense"] = .object(Self.json(dense))
        object["law"] = .string(lawName)
        object["hardware"] = .string(profile.name)
        object["speedupInterpolation"] = .string(profile.interpolation.rawValue)
        object["dataUnit"] = .string(dataUnit.unit)
        if let k = dataUnit.tokensPerUnit { object["tokensPerUnit"] = .number(k) }
        var memoryLimit: Double?
        switch answer {
        case .budget(let plan):
            // "lifetime": the budget pays for training and serving; "budget": for training alone.
            object["question"] = .string(plan.countsServing ? "lifetime" : "budget")
            object["compute"] = .number(plan.compute)
            object["inferenceTokens"] = .number(plan.inferenceTokens)
            memoryLimit = plan.memoryLimit
            if let gain = plan.gain { object["gain"] = .number(gain) }
            object["sparsityPays"] = .bool(plan.sparsityPays)
        case .target(let plan):
            object["question"] = .string("target")
            object["targetLoss"] = .number(plan.targetLoss)
            object["inferenceTokens"] = .number(plan.inferenceTokens)
            memoryLimit = plan.memoryLimit
            if let saving = plan.saving { object["saving"] = .number(saving) }
            object["sparsityPays"] = .bool(plan.sparsityPays)
        }
        if let memoryLimit { object["memoryLimit"] = .number(memoryLimit) }
        if let verdict {
            object["verdict"] = .string(verdict.outcome.rawValue)
            object["verdictBasis"] = .string(verdict.basis.rawValue)
            object["minGain"] = .number(verdict.minGain)
            if let interval = verdict.gainInterval { object["gainInterval"] = .interval(interval) }
            if let share = verdict.winShare { object["sparseWinShare"] = .number(share) }
        }
        if let intervals {
            var values: [String: JSONValue] = ["replicates": .number(Double(intervals.replicates)), "planned": .number(Double(intervals.planned)),
                                              "atCap": .number(Double(intervals.atCap))]
            let ranges: [(String, Interval?)] = [("params", intervals.params), ("sparsity", intervals.sparsity), ("tokens", intervals.tokens),
                                                            ("loss", intervals.loss), ("cost", intervals.cost)]
            for (key, range) in ranges {
                if case .budget = answer, key == "cost" { continue }
                if let range { values[key] = .interval(range) }
            }
            if let share = intervals.sparseBeatsDense { values["sparseBeatsDense"] = .number(share) }
            object["intervals"] = .object(values)
        }
        if let frontier {
            object["frontier"] = .object(["range": .interval(Interval(frontier.range)), "sparsityPaysAtStart": .bool(frontier.pays.atStart),
                                          "switches": .array(frontier.pays.switches.map(JSONValue.number))])
        }
        if let criticalSizes {
            var sizes: [String: JSONValue] = ["dense": .number(criticalSizes.dense), "sparse": .number(criticalSizes.sparse),
                                             "sparsity": .number(criticalSizes.sparsity)]
            if let pattern = criticalSizes.pattern { sizes["pattern"] = .string(pattern) }
            if let assumed = criticalSizes.assumedSparsity { sizes["assumedSparsity"] = .number(assumed) }
            object["criticalSizes"] = .object(sizes)
        }
        let bestOption = self.bestOption
        object["options"] = .array(options.indices.map { index in
            var option = Self.json(options[index].outcome)
            option["format"] = .string(options[index].format.name)
            option["best"] = .bool(index == bestOption)
            return .object(option)
        })
        object["warnings"] = .array(warnings.map { DiagnosticRecord($0).json })
        return .object(object)
    }

    /// Sorted, pretty-printed JSON; throws rather than print a non-finite number.
    public func jsonText() throws -> String { try JSONRendering.text(jsonValue) }

    // MARK: Text

    public var text: String {
        var lines = ["law: \(lawTitle)"] + (dataUnit.note.map { ["data: " + $0] } ?? []) + profile.summary
        if profile.training != .dense {
            lines.append("  pruning: " + schedule.summary)
        }
        lines.append("")
        let question: String
        switch answer {
        case .budget(let plan):
            let tokens = numberText(plan.inferenceTokens, significant: 4)
            question = "the lowest loss for \(numberText(plan.compute, significant: 4)) dense FLOPs of "
                + (plan.countsServing ? "training and serving \(tokens) tokens"
                   : "training" + (plan.inferenceTokens > 0 ? " (serving \(tokens) tokens costed beside it)" : ""))
                + (plan.memoryLimit.map { ", weights within \(memoryText($0))" } ?? "")
        case .target(let plan):
            question = "the cheapest run to loss \(numberText(plan.targetLoss, significant: 5))"
                + (plan.inferenceTokens > 0 ? ", then serving \(numberText(plan.inferenceTokens, significant: 4)) tokens" : "")
                + (plan.memoryLimit.map { ", weights within \(memoryText($0))" } ?? "")
        }
        lines.append("question: \(question)")
        lines.append("")
        if best.plan != nil || dense.plan != nil {
            lines += table()
            lines.append("")
        }
        switch denseLaw ? nil : answer {
        case nil: break
        case .budget(let plan):
            if let gain = plan.gain, let dense = plan.dense.plan {
                lines.append(plan.sparsityPays
                    ? "sparsity pays: loss \(numberText(gain, significant: 3)) lower than the best dense run (\(numberText(100 * gain / dense.loss, significant: 3))%)"
                    : "sparsity does not pay: the best run is dense")
            }
        case .target(let plan):
            if let saving = plan.saving, let dense = plan.dense.plan {
                lines.append(plan.sparsityPays
                    ? "sparsity pays: \(numberText(saving, significant: 3)) FLOPs cheaper than the best dense run (\(numberText(100 * saving / dense.cost, significant: 3))% saved)"
                    : "sparsity does not pay: the cheapest run is dense")
            } else if plan.best.plan != nil, plan.dense.plan == nil {
                lines.append("sparsity pays: only a sparse run reaches the target within the limits")
            }
        }
        if let verdict, !denseLaw { lines.append("verdict: " + verdictText(verdict)) }
        if let reason = best.impossibility { lines.append("no plan: \(reason.message)") }
        if let reason = dense.impossibility, !denseLaw, reason != best.impossibility { lines.append("no dense plan: \(reason.message)") }
        for option in options.dropFirst() {
            if let reason = option.outcome.impossibility, reason != best.impossibility, best.plan != nil || option.format != .unstructured {
                lines.append("no \(option.format.name) plan: \(reason.message)")
            }
        }
        if let criticalSizes {
            lines.append("smallest models that reach the target (unlimited data): dense \(numberText(criticalSizes.dense, significant: 3)), "
                         + "sparse \(numberText(criticalSizes.sparse, significant: 3)) non-zeros at "
                         + (criticalSizes.pattern.map { "pattern \($0)" + (criticalSizes.assumedSparsity != nil ? " (assumed)" : "") } ?? "sparsity \(numberText(criticalSizes.sparsity, significant: 3))"))
        }
        if let frontier { lines.append(frontierText(frontier.pays, range: frontier.range)) }
        if let intervals { lines += [""] + intervalLines(intervals) }
        for warning in warnings { lines.append("\(DiagnosticRecord(warning).label): \(warning.message)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The model serves tokens, whose cost the plans report.
    var servesTokens: Bool {
        switch answer {
        case .budget(let plan): return plan.inferenceTokens > 0
        case .target(let plan): return plan.inferenceTokens > 0
        }
    }

    /// A dense law: one plan, the compute-optimal allocation, with nothing to compare.
    var denseLaw: Bool { warnings.contains(.denseLaw) }

    /// One column per format (dense, unstructured, each pattern), the answer's marked "(best)";
    /// for a dense law one column, the compute-optimal allocation.
    func table() -> [String] {
        let columns: [(title: String, plan: Plan?)]
        if denseLaw {
            columns = [("compute-optimal", best.plan)]
        } else if options.isEmpty {
            columns = [("best plan", best.plan), ("best dense", dense.plan)]
        } else {
            let bestOption = self.bestOption
            columns = options.indices.map { index in
                (options[index].format.name + (options[index].outcome.plan?.assumedSparsity != nil ? " (assumed)" : "")
                    + (index == bestOption ? " (best)" : ""), options[index].outcome.plan)
            }
        }
        let plans = columns.map(\.plan)
        func row(_ label: String, _ value: (Plan) -> String) -> String {
            // Each cell is padded to 26 and followed by at least one space, never cut: a long one
            // (`1e-21 bytes, dense (limit)`) does not run into the next column.
            let cells = plans.map { plan -> String in
                let cell = plan.map(value) ?? "-"
                return cell + String(repeating: " ", count: max(1, 26 - cell.count))
            }
            var text = "  " + label.leftAligned(22) + cells.joined()
            while text.last == " " { text.removeLast() }
            return text
        }
        var header = "  " + "".leftAligned(22) + columns.map { $0.title + String(repeating: " ", count: max(1, 26 - $0.title.count)) }.joined()
        while header.last == " " { header.removeLast() }
        var rows = [header]
        rows.append(row("non-zero params N") { numberText($0.params, significant: 4) })
        rows.append(row("sparsity S") { plan in
            (plan.pattern.map { "\(numberText(plan.sparsity, significant: 4)) (\($0)\(plan.assumedSparsity != nil ? ", assumed" : ""))" }
                ?? numberText(plan.sparsity, significant: 4))
                + (plan.atSparsityCap ? " (cap)" : "")
        })
        rows.append(row("total params") { numberText($0.totalParams, significant: 4) })
        rows.append(row("data D") { numberText($0.tokens, significant: 4) })
        rows.append(row("loss") { numberText($0.loss, significant: 6) })
        rows.append(row("weights") { "\(memoryText($0.memory)), \($0.storage.rawValue)" + ($0.memoryBinds ? " (limit)" : "") })
        rows.append(row("training (FLOPs)") { numberText($0.trainingCost, significant: 4) })
        if servesTokens {
            rows.append(row("inference (FLOPs)") { numberText($0.inferenceCost, significant: 4) })
            rows.append(row("total (FLOPs)") { numberText($0.cost, significant: 4) })
        }
        if profile.flopsPerSecond != nil {
            rows.append(row("accelerator-hours") { plan in plan.seconds.map { numberText($0 / 3600, significant: 4) } ?? "-" })
        }
        if profile.pricePerHour != nil {
            rows.append(row("price") { plan in plan.money.map { numberText($0, significant: 4) } ?? "-" })
        }
        return rows
    }

    func frontierText(_ pays: SparsityPays, range: ClosedRange<Double>) -> String {
        let budget: Bool
        if case .budget = answer { budget = true } else { budget = false }
        let what = budget ? "budgets" : "target losses"
        let span = "\(what) \(numberText(range.lowerBound, significant: 3)) to \(numberText(range.upperBound, significant: 3))"
        let spans = pays.spans(over: range)
        guard !spans.isEmpty else { return "frontier (\(span)): sparsity pays nowhere in the range" }
        let pieces = spans.map { piece -> String in
            let low = numberText(piece.lowerBound, significant: 4), high = numberText(piece.upperBound, significant: 4)
            switch (piece.lowerBound == range.lowerBound, piece.upperBound == range.upperBound) {
            case (true, true): return "across the whole range"
            case (true, false): return budget ? "up to \(high) FLOPs" : "for targets up to \(high)"
            case (false, true): return budget ? "from \(low) FLOPs" : "for targets from \(low)"
            case (false, false): return budget ? "from \(low) to \(high) FLOPs" : "for targets from \(low) to \(high)"
            }
        }
        return "frontier (\(span)): sparsity pays " + pieces.joined(separator: " and ")
    }

    /// The verdict in words, with what it rests on and the gain's interval.
    func verdictText(_ verdict: SparsityVerdict) -> String {
        let isTarget: Bool
        if case .target = answer { isTarget = true } else { isTarget = false }
        let gainWords = isTarget ? "saves" : "gains"
        let threshold = verdict.minGain > 0
            ? " by at least " + (isTarget ? "\(numberText(100 * verdict.minGain, significant: 3))% of the dense cost" : "\(numberText(verdict.minGain, significant: 3)) in loss")
            : ""
        switch verdict.basis {
        case .pointEstimate:
            return (verdict.outcome == .sparse ? "sparse (sparsity \(gainWords)\(threshold))" : "dense (sparsity does not gain\(threshold))")
                + ", from the point estimate alone: fit with --bootstrap for a verdict from the replicates"
        case .replicates:
            let share = "sparsity \(gainWords)\(threshold) in \(numberText(100 * (verdict.winShare ?? 0), significant: 3))% of \(verdict.replicates) replicates"
            let interval = verdict.gainInterval.map { interval -> String in
                isTarget ? "; 95% interval of the share of cost saved [\(numberText(100 * interval.lowerBound, significant: 3))%, \(numberText(100 * interval.upperBound, significant: 3))%]"
                    : "; 95% interval of the loss gained \(interval.text(significant: 3))"
            } ?? ""
            switch verdict.outcome {
            case .sparse: return "sparse: " + share + interval
            case .dense: return "dense: " + share + interval
            case .unclear: return "unclear: " + share + interval + " (sparse needs 95%, dense at most 5%)"
            }
        }
    }

    func intervalLines(_ intervals: PlanIntervals) -> [String] {
        func range(_ value: Interval?, _ digits: Int) -> String { value?.text(significant: digits) ?? "-" }
        var lines = ["95% bootstrap intervals (\(intervals.planned) of \(intervals.replicates) replicates of the law with a plan)"]
        lines.append("  non-zero params N     \(range(intervals.params, 3))")
        lines.append("  sparsity S            \(range(intervals.sparsity, 3))")
        lines.append("  data D                \(range(intervals.tokens, 3))")
        if case .target = answer {
            lines.append("  cost (FLOPs)          \(range(intervals.cost, 3))")
        } else {
            lines.append("  loss                  \(range(intervals.loss, 5))")
        }
        if let share = intervals.sparseBeatsDense {
            lines.append("  sparse beats dense in \(numberText(100 * share, significant: 3))% of them")
        }
        return lines
    }
}
