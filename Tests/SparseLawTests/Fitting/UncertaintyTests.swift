import Foundation
import Testing
@testable import SparseLawCore
@testable import SparseLawGSL
@testable import SparseLawReader
@testable import SparseLawLaws
@testable import SparseLawFitting
@testable import SparseLawDecisions
@testable import SparseLawRendering
import SparseLaw

@Suite("Fitting: bootstrap and held-out runs")
struct UncertaintyTests {
    static let truth = SparseScalingLaw(aS: 16.8, bS: 0.722, cS: 45.0, bN: 0.245, aD: 6.90e8, bD: 0.203, c: 0.651)

    func runs(noise: Double, seed: UInt64) -> [TrainingRun] {
        SyntheticRuns(law: .sparse(Self.truth), params: [2e6, 6e6, 2e7, 6e7, 2e8], sparsities: [0, 0.5, 0.75, 0.875],
                      tokens: [1e9, 4e9, 1.6e10, 6.4e10], noise: noise).generate(seed: seed)
    }

    @Test("percentiles interpolate between order statistics (numpy's default), by hand")
    func percentiles() {
        let values = [1.0, 2, 3, 4, 10]
        #expect(percentile(sorted: values, 0) == 1)
        #expect(percentile(sorted: values, 1) == 10)
        #expect(percentile(sorted: values, 0.5) == 3)
        #expect(abs(percentile(sorted: values, 0.975) - (4 + 6 * 0.9)) < 1e-12)  // position 3.9
        #expect(abs(percentile(sorted: values, 0.025) - 1.1) < 1e-12)           // position 0.1
        #expect(percentileInterval([5]) == Interval(5, 5))
    }

    @Test("the same seed gives the same replicates; another seed other ones")
    func reproducible() throws {
        let data = runs(noise: 0.005, seed: 2)
        let fit = try LawFitter.fit(data)
        let a = LawFitter.bootstrap(data, fit: fit, replicates: 24, seed: 7)
        let b = LawFitter.bootstrap(data, fit: fit, replicates: 24, seed: 7)
        let c = LawFitter.bootstrap(data, fit: fit, replicates: 24, seed: 8)
        #expect(a == b)
        #expect(a.replicates != c.replicates)
        #expect(a.failed == 0 && a.replicates.count == 24)
        for (index, interval) in a.intervals.enumerated() {
            #expect(interval.lowerBound <= interval.upperBound)
            #expect(interval.contains(fit.law.coefficients[index]))
        }
    }

    @Test("the replicates do not depend on the number of threads")
    func threadCounts() throws {
        let data = runs(noise: 0.005, seed: 6)
        let fit = try LawFitter.fit(data)
        let serial = LawFitter.bootstrap(data, fit: fit, replicates: 30, seed: 2, threads: 1)
        #expect(serial.replicates.count == 30 && serial.failed == 0)
        #expect(LawFitter.bootstrap(data, fit: fit, replicates: 30, seed: 2, threads: 2) == serial)
        #expect(LawFitter.bootstrap(data, fit: fit, replicates: 30, seed: 2, threads: 7) == serial)
        #expect(LawFitter.bootstrap(data, fit: fit, replicates: 30, seed: 2) == serial)
    }

    @Test("over many data sets, 95% intervals cover the true coefficients and optimal sparsity at about the nominal rate")
    func coverage() throws {
        let dataSets = 24, replicates = 80
        var covered = 0, trials = 0, sparsityCovered = 0
        let optimizer = SparsityOptimizer(law: Self.truth, cost: .denseFLOPs, maxSparsity: 0.99)!
        let query = (params: 5e7, compute: 30 * optimizer.denseOptimalCompute(params: 5e7))
        let trueOptimum = optimizer.optimum(params: query.params, compute: query.compute).sparsity
        for seed in 0..<UInt64(dataSets) {
            let data = runs(noise: 0.004, seed: 100 + seed)
            let fit = try LawFitter.fit(data, options: .init(starts: 4))
            let result = LawFitter.bootstrap(data, fit: fit, replicates: replicates, seed: seed)
            for (index, interval) in result.intervals.enumerated() {
                trials += 1
                if interval.contains(Self.truth.coefficients[index]) { covered += 1 }
            }
            let laws = result.replicates.map { SparseScalingLaw(coefficients: $0)! }
            guard case .sparse(let fitted) = fit.law else { Issue.record("expected a sparse law"); continue }
            let interval = try #require(try SparsityOptimizer(law: fitted, cost: .denseFLOPs, maxSparsity: 0.99)!
                .intervals(replicates: laws, params: query.params, compute: query.compute))
            if interval.sparsity.contains(trueOptimum) { sparsityCovered += 1 }
        }
        let rate = Double(covered) / Double(trials)
        // 168 trials at a true rate of 95% fall below 88% with probability under 1e-4; the
        // percentile bootstrap is known to undercover slightly at this sample size, never to
        // cover everything.
        #expect(rate >= 0.88 && rate <= 0.995, "coefficient coverage \(rate)")
        #expect(Double(sparsityCovered) / Double(dataSets) >= 0.8, "optimal-sparsity coverage \(sparsityCovered)/\(dataSets)")
    }

    /// T5 runs with 1% noise on which the fit puts c at 0 (seed 29 of `simulate`, found by scanning
    /// seeds; the truth is c = 0.651).
    func runsFittedAtZero() throws -> [TrainingRun] {
        let law = try PublishedLaws.t5C4.law(file: "t5-c4")
        return SyntheticRuns(law: law, params: [2e6, 6e6, 2e7, 6e7, 2e8], sparsities: [0, 0.5, 0.75, 0.875],
                             tokens: [1e9, 4e9, 1.6e10], noise: 0.01).generate(seed: 29)
    }

    @Test("a coefficient fitted at 0 gets a one-sided interval [0, upper] from replicates that re-check the bound, and answers say they are conditional")
    func coefficientAtBound() throws {
        let data = try runsFittedAtZero()
        let fit = try LawFitter.fit(data)
        let c = SparseScalingLaw.coefficientNames.firstIndex(of: "c")!
        #expect(fit.law.coefficients[c] == 0)
        #expect(fit.degeneracies.contains { if case .atZero(let name, _) = $0 { name == "c" } else { false } })
        let result = LawFitter.bootstrap(data, fit: fit, replicates: 100, seed: 3)
        #expect(result.failed == 0)
        #expect(result.oneSided == [c])
        let interval = result.intervals[c]
        // One-sided: from the bound to the 95th percentile of the replicates' c, here by hand
        // (numpy's linear interpolation at position 0.95 (R - 1)).
        let sorted = result.replicates.map { $0[c] }.sorted()
        let position = 0.95 * Double(sorted.count - 1)
        let below = Int(position.rounded(.down))
        let byHand = sorted[below] + (position - Double(below)) * (sorted[min(below + 1, sorted.count - 1)] - sorted[below])
        #expect(interval.lowerBound == 0)
        #expect(abs(interval.upperBound - byHand) <= 1e-12 * byHand)
        // Not [0, 0]: replicates released c and found it positive, up to the truth's order.
        #expect(interval.upperBound > 0.1, "c's interval \(interval)")
        #expect(result.replicates.contains { $0[c] > 0.1 })
        // The replicates that keep c at 0 after releasing it are counted; they hold it at exactly 0.
        let atZero = result.replicates.filter { $0[c] == 0 }.count
        #expect(result.stillHeld[c] == atZero && atZero > 0)
        #expect(result.isConditional)
        // Every answer built on the replicates carries the condition, with a code saying so.
        let file = LawFile(fit: fit, units: .init(), bootstrap: result)
        #expect(file.bootstrap?.heldAtBound == ["c": atZero])
        let query = try SparsityQuery(file: file, path: "law.json", cost: .denseFLOPs, maxSparsity: 0.95)
        let answer = try query.answer(params: 1e8, compute: 1e20)
        #expect(answer.warnings.contains { $0.code.contains("conditional") })
        let prediction = try LawEvaluator(file: file, path: "law.json").evaluate(LawQuery(params: 1e8, sparsity: 0.5, tokens: 1e10))
        #expect(prediction.condition?.code.contains("conditional") == true)
        #expect(prediction.condition?.heldAtBound == ["c": atZero])
    }

    @Test("where 95% of the replicates hold c at 0 too, its upper end is the profile-likelihood bound, checked against fits with c fixed there")
    func profileBound() throws {
        // Seed 5 of the same design: c at 0, and most resamples agree.
        let law = try PublishedLaws.t5C4.law(file: "t5-c4")
        let data = SyntheticRuns(law: law, params: [2e6, 6e6, 2e7, 6e7, 2e8], sparsities: [0, 0.5, 0.75, 0.875],
                                 tokens: [1e9, 4e9, 1.6e10], noise: 0.01).generate(seed: 5)
        let fit = try LawFitter.fit(data)
        let c = SparseScalingLaw.coefficientNames.firstIndex(of: "c")!
        #expect(fit.law.coefficients[c] == 0)
        let result = LawFitter.bootstrap(data, fit: fit, replicates: 100, seed: 3)
        let sorted = result.replicates.map { $0[c] }.sorted()
        #expect(percentile(sorted: sorted, 0.95) == 0)
        let bound = try #require(result.profileBounds[c])
        #expect(result.intervals[c] == Interval(0, bound))
        #expect(bound > 0.01)
        // By hand: the robust scale of the fit's log residuals (Huber, delta 1e-3), and the
        // statistic 2 n (F(t) - F) / kappa of full fits (the whole search) with c fixed at the bound.
        let delta = 1e-3
        let residuals = data.map { log(fit.predictedLoss(of: $0)) - log($0.loss) }
        let kappa = residuals.map { min($0 * $0, delta * delta) }.reduce(0, +) / Double(residuals.filter { abs($0) <= delta }.count)
        func statistic(_ t: Double) throws -> Double {
            let held = try LawFitter.fit(data, options: .init(fixed: ["c": t]))
            return 2 * Double(data.count) * (held.objective - fit.objective) / kappa
        }
        let atBound = try statistic(bound)
        #expect(abs(atBound - 2.7055) < 0.1, "statistic at the bound \(atBound)")
        #expect(try statistic(0.5 * bound) < 2.7055)
        // The law file and the report say where the upper end came from.
        let file = LawFile(fit: fit, units: .init(), bootstrap: result)
        #expect(file.bootstrap?.profileBounds == ["c": bound])
    }

    @Test("--delta auto picks 1.345 x the robust scale of a first fit's residuals: near 1.345 sigma on data of known noise")
    func automaticDelta() throws {
        let sigma = 0.01
        let law = try PublishedLaws.t5C4.law(file: "t5-c4")
        let data = SyntheticRuns(law: law, params: [2e6, 4e6, 8e6, 1.6e7, 3.2e7, 6.4e7, 1.28e8, 2.56e8], sparsities: [0, 0.5, 0.75, 0.875],
                                 tokens: [1e9, 2e9, 4e9, 8e9, 1.6e10], noise: sigma).generate(seed: 1)
        let outcome = try LawFitter.run(FitRequest(runs: data, automaticDelta: true))
        let threshold = try #require(outcome.threshold)
        // By hand: the first fit (the default delta), its log residuals, their median absolute
        // deviation from their median by sorting.
        let first = try LawFitter.fit(data)
        let residuals = data.map { log(first.predictedLoss(of: $0)) - log($0.loss) }.sorted()
        func median(_ sorted: [Double]) -> Double {
            sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
        let center = median(residuals)
        let mad = median(residuals.map { abs($0 - center) }.sorted())
        #expect(threshold.firstDelta == 1e-3)
        #expect(abs(threshold.scale - 1.4826 * mad) <= 1e-12 * threshold.scale)
        #expect(abs(threshold.delta - 1.345 * threshold.scale) <= 1e-12 * threshold.delta)
        // The noise is known: the threshold is near 1.345 sigma (160 residuals: the MAD's relative
        // standard error is about 9%).
        #expect(abs(threshold.delta / (1.345 * sigma) - 1) < 0.25, "delta \(threshold.delta)")
        // The law was refitted with it, and the bootstrap would use it too.
        #expect(outcome.fit.options.loss.delta == threshold.delta)
        #expect(outcome.fit.objective != first.objective)
        // Exact data: no spread, the first threshold kept.
        let exact = HuberThreshold(residuals: [0, 0, 0, 1e-3], firstDelta: 1e-3)
        #expect(exact.scale == 0 && exact.delta == 1e-3)
    }

    /// Runs with four checkpoints each (D = 2e9 to 1.6e10), named by run, whose rows share the
    /// run's noise (1%) beside a little of their own (0.1%): loss = law x exp(z_run + z_row).
    func checkpointRuns(seed: UInt64) -> [TrainingRun] {
        var generator = SeededGenerator(seed: seed)
        var runs: [TrainingRun] = []
        for n in [2e6, 6e6, 2e7, 6e7, 2e8] {
            for s in [0, 0.5, 0.75, 0.875] {
                let shared = 0.01 * generator.nextNormal()
                for d in [2e9, 4e9, 8e9, 1.6e10] {
                    let loss = Self.truth.loss(nonZeroParams: n, sparsity: s, tokens: d) * exp(shared + 0.001 * generator.nextNormal())
                    runs.append(TrainingRun(nonZeroParams: n, sparsity: s, tokens: d, loss: loss, run: "N\(n)-S\(s)"))
                }
            }
        }
        return runs
    }

    @Test("rows that share their run's noise are resampled by run, which widens the intervals; one row per run draws the same as rows")
    func byRunResampling() throws {
        let data = checkpointRuns(seed: 11)
        #expect(LawFile.BootstrapUnit.clusters(data).count == 20)
        let fit = try LawFitter.fit(data, options: .init(starts: 4))
        let byRun = LawFitter.bootstrap(data, fit: fit, replicates: 100, seed: 1)
        let byRow = LawFitter.bootstrap(data, fit: fit, replicates: 100, seed: 1, unit: .row)
        #expect(byRun.unit == .run && byRow.unit == .row)
        #expect(byRun.failed == 0 && byRow.failed == 0)
        // Widths in logarithms (the coefficients span orders of magnitude), compared coefficient
        // by coefficient: resampling rows treats 80 points as independent when there are 20 runs'
        // worth of noise, so its intervals are too narrow.
        let widths = zip(byRun.intervals, byRow.intervals).map { run, row in
            log(run.upperBound / run.lowerBound) / log(row.upperBound / row.lowerBound)
        }
        // The noise is shared within a run, so what varies between runs (N and S: aS, bS, cS,
        // bN) is known only to 20 runs' worth; the data term is pinned by the differences
        // between a run's own rows, which a by-run resample keeps together and a by-row one
        // breaks apart, so it may come out narrower by run.
        for name in ["aS", "bS", "cS", "bN"] {
            let index = SparseScalingLaw.coefficientNames.firstIndex(of: name)!
            #expect(widths[index] > 1.5, "\(name): by run / by row width \(widths[index])")
        }
        // With one row per run the clusters are the rows, in order: the same draws.
        let single = runs(noise: 0.005, seed: 2)
        let singleFit = try LawFitter.fit(single, options: .init(starts: 4))
        let asRuns = LawFitter.bootstrap(single, fit: singleFit, replicates: 12, seed: 4, unit: .run)
        let asRows = LawFitter.bootstrap(single, fit: singleFit, replicates: 12, seed: 4)
        #expect(asRows.unit == .row)
        #expect(asRuns.replicates == asRows.replicates)
        // The law file records the unit.
        #expect(LawFile(fit: fit, units: .init(), bootstrap: byRun).bootstrap?.unit == .run)
    }

    @Test("held-out rules pick the runs a hand count picks")
    func holdoutSplit() {
        let data = runs(noise: 0, seed: 1)
        let largest = HoldoutRule.largestParams(1).split(data)
        #expect(largest.heldOut.count == 16 && largest.heldOut.allSatisfy { $0.nonZeroParams == 2e8 })
        #expect(largest.fit.count == 64)
        let two = HoldoutRule(argument: "2")!.split(data)
        #expect(Set(two.heldOut.map(\.nonZeroParams)) == [6e7, 2e8])
        let tokens = HoldoutRule(argument: "tokens")!.split(data)
        #expect(tokens.heldOut.count == 20 && tokens.heldOut.allSatisfy { $0.tokens == 6.4e10 })
        #expect(HoldoutRule(argument: "0") == nil && HoldoutRule(argument: "big") == nil)
        // Sizes and budgets in tiny units are told apart as well.
        let tiny = data.map { TrainingRun(nonZeroParams: $0.nonZeroParams * 1e-300, sparsity: $0.sparsity, tokens: $0.tokens * 1e-300, loss: $0.loss) }
        #expect(HoldoutRule.largestParams(1).split(tiny).heldOut.count == 16)
        #expect(HoldoutRule.longestTokens.split(tiny).heldOut.count == 20)
    }

    @Test("the held-out report matches a hand computation with the fitted law")
    func holdoutReport() throws {
        let data = runs(noise: 0.01, seed: 4)
        let (train, heldOut) = HoldoutRule.largestParams(1).split(data)
        let fit = try LawFitter.fit(train)
        let report = HoldoutResult(rule: .largestParams(1), law: fit.law, fittedOn: train.count, heldOut: heldOut)
        guard case .sparse(let law) = fit.law else { Issue.record("expected a sparse law"); return }
        var total = 0.0
        for (point, run) in zip(report.points, heldOut) {
            let byHand = (law.aS * pow(1 - run.sparsity, law.bS) + law.cS) * pow(run.nonZeroParams, -law.bN) + pow(law.aD / run.tokens, law.bD) + law.c
            #expect(abs(point.predicted - byHand) < 1e-12 * byHand)
            #expect(abs(point.relativeError - (byHand / run.loss - 1)) < 1e-12)
            total += abs(byHand / run.loss - 1)
        }
        #expect(abs(report.meanAbsRelError - total / Double(heldOut.count)) < 1e-15)
        #expect(report.fittedOn == 64)
    }
}
