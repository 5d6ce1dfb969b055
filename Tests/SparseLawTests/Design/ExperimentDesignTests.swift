import Foundation
import Testing
@testable import SparseLawCore
@testable import SparseLawReader
@testable import SparseLawLaws
@testable import SparseLawFitting
@testable import SparseLawDecisions
@testable import SparseLawDesign

@Suite("Design: which runs to train next")
struct ExperimentDesignTests {
    static let t5 = SparseScalingLaw(aS: 16.8, bS: 0.722, cS: 45.0, bN: 0.245, aD: 6.90e8, bD: 0.203, c: 0.651)
    /// A second law near the first, standing for a bootstrap replicate.
    static let replicate = SparseScalingLaw(aS: 18.0, bS: 0.70, cS: 43.0, bN: 0.25, aD: 6.0e8, bD: 0.21, c: 0.66)

    /// 12 runs of the T5 law with a fixed, hand-written pattern of 0.4% noise.
    static let runs: [TrainingRun] = {
        let noise = [0.004, -0.003, 0.002, -0.004, 0.001, 0.003, -0.002, 0.0, 0.004, -0.001, -0.003, 0.002]
        var result: [TrainingRun] = []
        var index = 0
        for n in [4e6, 1.6e7] {
            for s in [0.0, 0.5, 0.75] {
                for d in [4e9, 2e10] {
                    result.append(TrainingRun(nonZeroParams: n, sparsity: s, tokens: d, loss: t5.loss(nonZeroParams: n, sparsity: s, tokens: d) * exp(noise[index])))
                    index += 1
                }
            }
        }
        return result
    }()

    static let candidates = [
        DesignCandidate(params: 3.2e7, sparsity: 0, tokens: 1e10), DesignCandidate(params: 6.4e7, sparsity: 0.5, tokens: 2e10),
        DesignCandidate(params: 4e6, sparsity: 0.875, tokens: 8e10), DesignCandidate(params: 1.6e7, sparsity: 0.75, tokens: 1e9),
        DesignCandidate(params: 1.28e8, sparsity: 0.9375, tokens: 5e9), DesignCandidate(params: 8e6, sparsity: 0.5, tokens: 2e11),
    ]

    static let target = DesignTarget.optimalSparsity(params: 1e9, compute: 1e22, cost: .denseFLOPs)

    static func request(budget: Double = 1e19, replicates: [ScalingLaw] = [], maxRuns: Int? = nil, candidates: [DesignCandidate]? = candidates,
                        refits: Int = 0, seed: UInt64 = 0, overhead: Double? = nil) -> DesignRequest {
        DesignRequest(runs: runs, law: .sparse(t5), replicates: replicates, fitOptions: FitOptions(form: .sparse, seed: seed), target: target,
                      studyBudget: budget, runOverhead: overhead, maxRuns: maxRuns, candidates: candidates, seed: seed, calibrationRefits: refits)
    }

    // MARK: The criterion, written out independently

    /// theta = log [aS Ng^-bN, bS, cS Ng^-bN, bN, aD / Dg, bD, c] and back.
    static func lawOf(_ theta: [Double], ng: Double, dg: Double) -> SparseScalingLaw {
        let bN = exp(theta[3])
        return SparseScalingLaw(aS: exp(theta[0]) * pow(ng, bN), bS: exp(theta[1]), cS: exp(theta[2]) * pow(ng, bN), bN: bN,
                                aD: exp(theta[4]) * dg, bD: exp(theta[5]), c: exp(theta[6]))
    }

    static func thetaOf(_ law: SparseScalingLaw, ng: Double, dg: Double) -> [Double] {
        [log(law.aS * pow(ng, -law.bN)), log(law.bS), log(law.cS * pow(ng, -law.bN)), log(law.bN), log(law.aD / dg), log(law.bD), log(law.c)]
    }

    /// The row of d log L / d theta at a point, by central differences of the law itself.
    static func row(_ theta: [Double], ng: Double, dg: Double, n: Double, s: Double, d: Double) -> [Double] {
        (0..<7).map { k in
            var up = theta, down = theta
            up[k] += 1e-5
            down[k] -= 1e-5
            return (log(lawOf(up, ng: ng, dg: dg).loss(nonZeroParams: n, sparsity: s, tokens: d))
                - log(lawOf(down, ng: ng, dg: dg).loss(nonZeroParams: n, sparsity: s, tokens: d))) / 2e-5
        }
    }

    /// S* unclipped, from the closed form of math.md section 4.
    static func optimum(_ law: SparseScalingLaw) -> Double {
        let k = 6 * law.aD * 1e9 / 1e22
        return 1 - pow(law.bD * pow(k, law.bD) * pow(1e9, law.bN) / (law.aS * law.bS), 1 / (law.bS + law.bD))
    }

    /// The inverse by Gauss-Jordan elimination with partial pivoting.
    static func inverse(_ a: [[Double]]) -> [[Double]] {
        let n = a.count
        var m = a.enumerated().map { i, row in row + (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for column in 0..<n {
            let pivot = (column..<n).max { abs(m[$0][column]) < abs(m[$1][column]) }!
            m.swapAt(column, pivot)
            let p = m[column][column]
            m[column] = m[column].map { $0 / p }
            for r in 0..<n where r != column {
                let f = m[r][column]
                m[r] = zip(m[r], m[column]).map { $0 - f * $1 }
            }
        }
        return m.map { Array($0[n...]) }
    }

    /// var g = grad^T (J^T J / sigma^2 + I/9)^-1 grad, for the runs' rows plus `extra` rows.
    static func variance(law: SparseScalingLaw, ng: Double, dg: Double, sigma: Double, extra: [DesignCandidate]) -> Double {
        let theta = thetaOf(law, ng: ng, dg: dg)
        let points = runs.map { ($0.nonZeroParams, $0.sparsity, $0.tokens) } + extra.map { ($0.params, $0.sparsity, $0.tokens) }
        var information = (0..<7).map { i in (0..<7).map { $0 == i ? 1.0 / 9 : 0.0 } }
        for (n, s, d) in points {
            let j = row(theta, ng: ng, dg: dg, n: n, s: s, d: d)
            for a in 0..<7 { for b in 0..<7 { information[a][b] += j[a] * j[b] / (sigma * sigma) } }
        }
        let gradient = (0..<7).map { k in
            var up = theta, down = theta
            up[k] += 1e-4
            down[k] -= 1e-4
            return (optimum(lawOf(up, ng: ng, dg: dg)) - optimum(lawOf(down, ng: ng, dg: dg))) / 2e-4
        }
        let covariance = inverse(information)
        return (0..<7).reduce(0) { total, a in total + (0..<7).reduce(0) { $0 + gradient[a] * covariance[a][$1] * gradient[$1] } }
    }

    static var scales: (ng: Double, dg: Double) {
        (exp(runs.map { log($0.nonZeroParams) }.reduce(0, +) / 12), exp(runs.map { log($0.tokens) }.reduce(0, +) / 12))
    }

    /// sigma, by hand: the residuals are minus the noise pattern; the larger of 1.4826 x their MAD
    /// (median 0.0015, absolute deviations' median 0.0025) and sqrt(sum r^2 / (12 - 7)) with
    /// sum r^2 = 89e-6.
    static let sigma = max(1.4826 * 0.0025, (89e-6 / 5).squareRoot())

    @Test("sigma is the larger of 1.4826 x the MAD of the log residuals and their standard error")
    func residualScale() {
        // With no coefficients counted, sqrt(89e-6 / 12) = 0.00272 is below the MAD's 0.00371.
        #expect(abs(ExperimentDesigner.residualScale(law: .sparse(Self.t5), runs: Self.runs) - 1.4826 * 0.0025) < 1e-9)
        // With the law's 7, sqrt(89e-6 / 5) = 0.00422 is above it.
        #expect(abs(ExperimentDesigner.residualScale(law: .sparse(Self.t5), runs: Self.runs, freeCoefficients: 7) - (89e-6 / 5).squareRoot()) < 1e-9)
        #expect(Self.sigma == (89e-6 / 5).squareRoot())
    }

    @Test("the analytic Jacobian of log L matches central differences of the law")
    func jacobian() {
        let (ng, dg) = Self.scales
        let model = DesignModel(law: .sparse(Self.t5), runs: Self.runs)
        let theta = model.theta(.sparse(Self.t5))
        for (n, s, d) in [(3e7, 0.0, 1e10), (5e5, 0.9, 1e12), (1e9, 0.5, 1e8)] {
            var analytic = [Double](repeating: 0, count: 7)
            _ = model.logPrediction(theta, params: n, sparsity: s, tokens: d, gradient: &analytic)
            let numeric = Self.row(Self.thetaOf(Self.t5, ng: ng, dg: dg), ng: ng, dg: dg, n: n, s: s, d: d)
            for k in 0..<7 { #expect(abs(analytic[k] - numeric[k]) < 1e-6 * max(1, abs(numeric[k])), "entry \(k) at N = \(n)") }
        }
    }

    @Test("each greedy step takes the candidate a brute force over all candidates scores best, with the share it removes")
    func greedyAgainstBruteForce() throws {
        let (ng, dg) = Self.scales
        let overhead = 1e17
        let laws = [Self.t5, Self.replicate]
        let design = try ExperimentDesigner.design(Self.request(budget: 1e21, replicates: [.sparse(Self.replicate)], maxRuns: 3, overhead: overhead))
        #expect(design.replicatesUsed == 1)
        #expect(design.runs.count == 3)
        var chosen: [DesignCandidate] = []
        for step in design.runs {
            let now = laws.map { Self.variance(law: $0, ng: ng, dg: dg, sigma: Self.sigma, extra: chosen) }
            let scores = Self.candidates.map { candidate in
                let share = laws.indices.map { r in
                    (now[r] - Self.variance(law: laws[r], ng: ng, dg: dg, sigma: Self.sigma, extra: chosen + [candidate])) / now[r]
                }.reduce(0, +) / Double(laws.count)
                return share / (candidate.compute(cost: .denseFLOPs) + overhead)
            }
            let best = scores.indices.max { scores[$0] < scores[$1] }!
            let sorted = scores.sorted(by: >)
            // The brute force's winner leads clearly, so differences in the numerics cannot swap it.
            #expect(sorted[0] > 1.01 * sorted[1])
            #expect(step.candidate == Self.candidates[best])
            let initial = Self.variance(law: Self.t5, ng: ng, dg: dg, sigma: Self.sigma, extra: [])
            let after = Self.variance(law: Self.t5, ng: ng, dg: dg, sigma: Self.sigma, extra: chosen + [step.candidate])
            #expect(abs(step.varianceRemoved - (now[0] - after) / initial) < 1e-4 * max(step.varianceRemoved, 1e-3))
            chosen.append(step.candidate)
        }
        let initial = Self.variance(law: Self.t5, ng: ng, dg: dg, sigma: Self.sigma, extra: [])
        #expect(abs(design.linearWidthNow - 2 * 1.959963984540054 * initial.squareRoot()) < 1e-4 * design.linearWidthNow)
    }

    @Test("the budget is never exceeded, no configuration is taken more than the limit, and the design stops only when nothing fits")
    func budget() throws {
        for budget in [3e17, 2e18, 1.7e19, 4e20] {
            for overhead in [0, 1e16, 3e17] {
                let request = Self.request(budget: budget, overhead: overhead)
                let design: ExperimentDesign
                do { design = try ExperimentDesigner.design(request) } catch {
                    // The cheapest candidate is 1.6e7 x 1e9 at S = 0.75: 6 N D / (1 - S) = 3.84e17.
                    guard case .budgetBelowCheapest(let refused, let cheapest) = error else { Issue.record("\(error)"); continue }
                    #expect(refused == budget && abs(cheapest - (3.84e17 + overhead)) < 1e3)
                    #expect(budget < 3.84e17 + overhead)
                    continue
                }
                var total = 0.0
                var counts: [DesignCandidate: Int] = [:]
                for run in design.runs {
                    total += run.candidate.compute(cost: .denseFLOPs) + overhead
                    counts[run.candidate, default: 0] += 1
                    #expect(abs(run.cumulativeCost - total) <= 1e-9 * total)
                }
                #expect(total <= budget * (1 + 1e-12))
                #expect(counts.values.allSatisfy { $0 <= 3 })
                let left = budget - total
                for candidate in Self.candidates where counts[candidate, default: 0] < 3 {
                    #expect(candidate.compute(cost: .denseFLOPs) + overhead > left * (1 + 1e-12))
                }
            }
        }
    }

    @Test("the same seed gives the same runs and calibration; the default grid is used without candidates")
    func reproducible() throws {
        let first = try ExperimentDesigner.design(Self.request(budget: 5e19, candidates: nil, refits: 5, seed: 7))
        let second = try ExperimentDesigner.design(Self.request(budget: 5e19, candidates: nil, refits: 5, seed: 7))
        #expect(first.runs == second.runs)
        #expect(first.calibrationFactor == second.calibrationFactor)
        #expect(first.calibrationRefits == 10)  // 5 at the runs now, 5 with the chosen runs
        #expect(first.calibrationFactor != 1 && first.calibrationFactorAfter != 1)
        #expect(first.runs.count > 0)
        #expect(abs(first.widthNow - first.calibrationFactor * first.linearWidthNow) < 1e-12 * first.widthNow)
        let grid = DesignCandidates.grid(runs: Self.runs, form: .sparse, budget: 5e19, cost: .denseFLOPs)
        #expect(first.candidateCount == grid.count)
        // The runs' sparsities and the grid's; sizes from the smallest run's up; all within the budget.
        #expect(Set(grid.map(\.sparsity)) == [0, 0.5, 0.75, 0.875, 0.9375])
        #expect(grid.allSatisfy { $0.compute(cost: .denseFLOPs) <= 5e19 || $0.params == 4e6 })
        #expect(grid.map(\.params).min() == 4e6)
    }

    @Test("refusals: a dense law asked for a sparsity, a budget below the cheapest run, an unknown coefficient")
    func refusals() throws {
        var dense = Self.request()
        dense.law = .dense(DenseScalingLaw(E: 1.8, A: 480, B: 2000, alpha: 0.35, beta: 0.37))
        #expect(throws: DesignError.targetNeedsSparseLaw) { try ExperimentDesigner.design(dense) }
        do {
            _ = try ExperimentDesigner.design(Self.request(budget: 1e15))
            Issue.record("a budget below every candidate was not refused")
        } catch {
            // The default overhead is 1% of the budget.
            guard case .budgetBelowCheapest(let budget, let cheapest) = error else { Issue.record("\(error)"); return }
            #expect(budget == 1e15 && abs(cheapest - (3.84e17 + 1e13)) < 1e3)
        }
        #expect(throws: DesignError.unknownCoefficient(name: "beta", form: .sparse)) { try DesignTarget.coefficient(named: "beta", form: .sparse) }
        #expect(try DesignTarget.coefficient(named: "bn", form: .sparse) == .coefficient(name: "bN", index: 3))
    }

    @Test("a candidates file is read by its header; a bad field is refused naming its line and field")
    func candidateFile() throws {
        let good = try DesignCandidates.parse("tokens,params,sparsity\n1e10,2M,0.5\n\n2e10,4e6,50%\n", file: "c.csv", form: .sparse)
        #expect(good == [DesignCandidate(params: 2e6, sparsity: 0.5, tokens: 1e10), DesignCandidate(params: 4e6, sparsity: 0.5, tokens: 2e10)])
        func problem(_ text: String, form: LawForm = .sparse) -> DataError? {
            do { _ = try DesignCandidates.parse(text, file: "c.csv", form: form); return nil } catch { return error }
        }
        #expect(problem("params,sparsity,tokens\n2M,0.5,abc\n") == DataError(file: "c.csv", location: .line(2), field: "tokens", problem: CandidateProblem.notANumber("abc")))
        #expect(problem("params,sparsity,tokens\n2M,0.5,1e9\n2M,1.5,1e9\n") == DataError(file: "c.csv", location: .line(3), field: "sparsity", problem: CandidateProblem.sparsityOutsideDomain(1.5)))
        #expect(problem("params,sparsity,tokens\n2M,0.5,1e9\n", form: .dense) == DataError(file: "c.csv", location: .line(2), field: "sparsity", problem: CandidateProblem.sparsityForDenseLaw(0.5)))
        #expect(problem("params,tokens\n2M,1e9\n") == DataError(file: "c.csv", location: .line(1), problem: CandidateProblem.missingColumn("sparsity")))
        #expect(problem("params,sparsity,tokens\n-2M,0,1e9\n") == DataError(file: "c.csv", location: .line(2), field: "params", problem: CandidateProblem.notPositive(-2e6)))
        #expect(problem("params,sparsity,tokens\n2M,0\n") == DataError(file: "c.csv", location: .line(2), field: "tokens", problem: CandidateProblem.missingField))
        #expect(problem("params,sparsity,tokens\n") == DataError(file: "c.csv", problem: CandidateProblem.noRows))
        #expect(try DesignCandidates.parse("params,tokens\n2M,1e9\n", file: "c.csv", form: .dense) == [DesignCandidate(params: 2e6, sparsity: 0, tokens: 1e9)])
    }
}
