import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions
import SparseLawDesign

extension DesignError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .budgetBelowCheapest(let budget, let cheapest):
            return "the study budget \(numberText(budget)) FLOPs is below the cheapest candidate run, \(numberText(cheapest)) FLOPs with its overhead: raise --study-budget, lower --run-overhead, or give cheaper --candidates"
        case .targetNeedsSparseLaw:
            return "a dense law has no sparsity term, so it cannot say which sparsity is optimal or what a sparse plan gains: fit the sparse law (--form sparse) or design for a coefficient (--coefficient)"
        case .unknownCoefficient(let name, let form):
            return "\(form.rawValue) law has no coefficient \"\(name)\"; its coefficients are \(form.coefficientNames.joined(separator: ", "))"
        case .targetNotDefined:
            return "the target has no finite value at the law, or does not move with any of its coefficients (a plan on a profile where sparsity never pays gains 0 whatever the law), so no run can make it surer"
        case .noCandidates:
            return "no candidate run fits the study budget"
        case .budgetNotPositive:
            return "--study-budget must be a positive number of FLOPs and --run-overhead a non-negative one"
        case .tooFewRuns(let count, let needed):
            return "\(count) runs cannot inform a law of \(needed - 1) free coefficients: a design needs at least \(needed)"
        }
    }
}

extension CandidateProblem {
    /// The reason, for people.
    public var message: String {
        switch self {
        case .missingColumn(let name): return "the header has no column \"\(name)\" (a candidates file has columns params, sparsity, tokens)"
        case .missingField: return "the row has fewer fields than the header"
        case .notANumber(let text): return "\(quotedExcerpt(text)) is not a number"
        case .notPositive(let value): return "\(numberText(value)) is not a positive amount"
        case .sparsityOutsideDomain(let value): return "sparsity \(numberText(value)) is outside [0, 1), the law's domain"
        case .sparsityForDenseLaw(let value): return "sparsity \(numberText(value)) for a dense law, which has no sparsity term: give 0, or fit the sparse law"
        case .noRows: return "the file has no candidate runs"
        }
    }
}

/// What a design chose, as text and as JSON (`sparselaw.design/1`).
public struct DesignReport: Sendable, Encodable {
    public struct Target: Sendable, Encodable {
        public var kind: String
        public var params: Double?
        public var compute: Double?
        public var cost: String?
        public var memoryLimit: Double?
        public var coefficient: String?
        public var estimate: Double
    }

    public struct Run: Sendable, Encodable {
        public var params: Double
        public var sparsity: Double
        public var tokens: Double
        public var cost: Double
        public var varianceRemoved: Double
        public var cumulativeCost: Double
        public var expectedWidth: Double
    }

    public var schema = OutputSchema.design
    public var target: Target
    public var studyBudget: Double
    public var runOverhead: Double
    public var spent: Double
    /// The 95% interval width of the target now: calibrated, and as the linearization gives it.
    public var widthNow: Double
    public var linearWidthNow: Double
    public var expectedWidth: Double
    public var calibrationFactor: Double
    public var calibrationFactorAfter: Double
    public var calibrationRefits: Int
    public var replicates: Int
    public var sigma: Double
    public var candidates: Int
    public var runs: [Run]

    public init(design: ExperimentDesign) {
        switch design.target {
        case .optimalSparsity(let params, let compute, let cost):
            target = Target(kind: "optimal-sparsity", params: params, compute: compute, cost: cost.name, estimate: design.estimate)
        case .planGain(let compute, let memoryLimit, let profile, _):
            target = Target(kind: "plan-gain", compute: compute, cost: profile.name, memoryLimit: memoryLimit, estimate: design.estimate)
        case .coefficient(let name, _):
            target = Target(kind: "coefficient", coefficient: name, estimate: design.estimate)
        }
        studyBudget = design.studyBudget
        runOverhead = design.runOverhead
        spent = design.spent
        widthNow = design.widthNow
        linearWidthNow = design.linearWidthNow
        expectedWidth = design.widthAfter
        calibrationFactor = design.calibrationFactor
        calibrationFactorAfter = design.calibrationFactorAfter
        calibrationRefits = design.calibrationRefits
        replicates = design.replicatesUsed
        sigma = design.sigma
        candidates = design.candidateCount
        runs = design.runs.map {
            Run(params: $0.candidate.params, sparsity: $0.candidate.sparsity, tokens: $0.candidate.tokens, cost: $0.cost,
                varianceRemoved: $0.varianceRemoved, cumulativeCost: $0.cumulativeCost, expectedWidth: $0.expectedWidth)
        }
    }

    var targetText: String {
        switch target.kind {
        case "optimal-sparsity":
            return "the optimal sparsity at N = \(numberText(target.params ?? 0)), C = \(numberText(target.compute ?? 0)) FLOPs (cost \(target.cost ?? ""), unclipped)"
        case "plan-gain":
            return "the loss the best plan for \(numberText(target.compute ?? 0)) FLOPs gains over the best dense one"
                + (target.memoryLimit.map { " within \(numberText($0)) bytes" } ?? "")
        default:
            return "the coefficient \(target.coefficient ?? "")"
        }
    }

    public var text: String {
        var lines = [
            "Design for \(targetText)",
            "  estimate now: \(numberText(target.estimate)), 95% interval width \(numberText(widthNow)) (calibrated; linearized \(numberText(linearWidthNow)))",
            "  calibration: simulated / linearized sd = \(numberText(calibrationFactor, significant: 3)) now, \(numberText(calibrationFactorAfter, significant: 3)) with the runs below (\(calibrationRefits) refits); scores averaged over the estimate and \(replicates) bootstrap replicates",
            "  budget: \(numberText(spent)) of \(numberText(studyBudget)) FLOPs spent on \(runs.count) runs (\(numberText(runOverhead)) FLOPs overhead each), chosen from \(candidates) candidates",
            "  expected width after these runs: \(numberText(expectedWidth))",
            "",
        ]
        let header = ["#", "params", "sparsity", "tokens", "cost", "removed", "cumulative", "width"]
        var rows = [header]
        for (index, run) in runs.enumerated() {
            rows.append([String(index + 1), numberText(run.params), numberText(run.sparsity), numberText(run.tokens), numberText(run.cost, significant: 3),
                         cFormatted("%.1f%%", 100 * run.varianceRemoved), numberText(run.cumulativeCost, significant: 3), numberText(run.expectedWidth, significant: 3)])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            lines.append("  " + row.enumerated().map { column, cell in
                String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `params,sparsity,tokens,cost,varianceRemoved,cumulativeCost`, one line a run in the order
    /// chosen, numbers exact.
    public var csv: String {
        var text = "params,sparsity,tokens,cost,varianceRemoved,cumulativeCost\n"
        for run in runs {
            text += [run.params, run.sparsity, run.tokens, run.cost, run.varianceRemoved, run.cumulativeCost].map(exactText).joined(separator: ",") + "\n"
        }
        return text
    }
}
