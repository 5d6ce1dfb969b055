import Foundation
@testable import SparseLawCore
@testable import SparseLawGSL
@testable import SparseLawReader
@testable import SparseLawLaws
@testable import SparseLawFitting
@testable import SparseLawDecisions
@testable import SparseLawRendering
import SparseLaw

/// Every figure the project draws, on data sets of every design it knows: synthetic runs that
/// need nothing, and the anchor data sets when they are present.
enum FigureCases {
    static let t5 = SparsityOptimizerTests.t5
    static let vit = SparsityOptimizerTests.vit
    static let chinchilla = DenseScalingLaw(E: 1.817, A: 482.0, B: 2085.4, alpha: 0.348, beta: 0.366)

    /// Sizes trained on several budgets, the design of Frantar et al.; the largest size held out.
    static var dataCurves: FitFigure {
        let law = ScalingLaw.sparse(t5)
        let runs = SyntheticRuns(law: law, params: [2e6, 8e6, 3.2e7, 1.28e8], sparsities: [0, 0.5, 0.75, 0.875, 0.9375],
                                 tokens: [1.6e10, 3.3e10, 6.6e10], noise: 0.01).generate(seed: 3)
        let (fitted, heldOut) = HoldoutRule.largestParams(1).split(runs)
        return FitFigure(law: law, fitted: fitted, heldOut: heldOut, title: "Sparse law fitted to synthetic runs of four sizes")
    }

    /// Fourteen sizes: more than the panels shown.
    static var manySizes: FitFigure {
        let law = ScalingLaw.sparse(vit)
        let runs = SyntheticRuns(law: law, params: logSpaced(from: 1e6, to: 1e9, count: 14), sparsities: [0, 0.5],
                                 tokens: [2e8, 8e8], noise: 0.01).generate(seed: 4)
        return FitFigure(law: law, fitted: runs, title: "Many sizes", units: .init(params: "non-zero parameters", tokens: "images"))
    }

    /// Nine budgets, each spent on seven sizes: the iso-FLOP design of Hoffmann et al.
    static var isoFLOP: FitFigure {
        let law = ScalingLaw.dense(chinchilla)
        var runs: [TrainingRun] = []
        for budget in [6e18, 1e19, 3e19, 6e19, 1e20, 3e20, 6e20, 1e21, 3e21] {
            let optimal = pow(budget / 6 / 20, 0.5)
            for factor in [0.25, 0.4, 0.63, 1, 1.6, 2.5, 4.0] {
                let n = optimal * factor
                runs.append(TrainingRun(nonZeroParams: n, sparsity: 0, tokens: budget / (6 * n), loss: law.loss(nonZeroParams: n, sparsity: 0, tokens: budget / (6 * n))))
            }
        }
        return FitFigure(law: law, fitted: runs, title: "Dense law fitted to iso-FLOP profiles",
                         units: .init(params: "parameters", tokens: "tokens"))
    }

    /// Every run at its own size and budget.
    static var scattered: FitFigure {
        let law = ScalingLaw.sparse(t5)
        var generator = SeededGenerator(seed: 9)
        let runs = (0..<30).map { _ in
            let n = pow(10, 6 + 3 * generator.nextUniform()), d = pow(10, 9 + 2 * generator.nextUniform())
            return TrainingRun(nonZeroParams: n, sparsity: 0.5, tokens: d, loss: law.loss(nonZeroParams: n, sparsity: 0.5, tokens: d))
        }
        return FitFigure(law: law, fitted: runs, title: "A law fitted to runs with no two alike in size or budget, and a title long enough that it must wrap onto a second line")
    }

    /// Replicates of a law with its coefficients scaled by up to `spread` either way.
    static func replicates(of law: SparseScalingLaw, count: Int, spread: Double) -> [SparseScalingLaw] {
        var generator = SeededGenerator(seed: 11)
        return (0..<count).map { _ in
            SparseScalingLaw(coefficients: law.coefficients.map { $0 * exp(spread * (2 * generator.nextUniform() - 1)) })!
        }
    }

    /// A measured profile that slows training at half sparsity, as example-a100 does.
    static let measuredProfile = HardwareProfile(name: "measured", training: .measured([
        SpeedupPoint(sparsity: 0, speedup: 1), SpeedupPoint(sparsity: 0.5, speedup: 0.95), SpeedupPoint(sparsity: 0.7, speedup: 1.1),
        SpeedupPoint(sparsity: 0.8, speedup: 1.35), SpeedupPoint(sparsity: 0.9, speedup: 1.9), SpeedupPoint(sparsity: 0.95, speedup: 2.5),
    ]))

    static var contours: [(String, ContourFigure)] {
        let dense = SparsityOptimizer(law: t5, cost: .denseFLOPs)!
        let sparse = SparsityOptimizer(law: t5, cost: .sparseFLOPs(PruningSchedule(start: 0.25, end: 0.75, power: 3)))!
        let vitOptimizer = SparsityOptimizer(law: vit, cost: .denseFLOPs, maxSparsity: 0.9375)!
        let nine = [0, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.875, 0.9375]
        let fitted = LawFile.Ranges(params: .init(min: 1.33e6, max: 8.49e7), tokens: .init(min: 1.6e10, max: 6.6e10))
        return [
            ("contours-t5-dense", ContourFigure(optimizer: dense, levels: [0, 0.5, 0.75, 0.875], lawName: "t5-c4")),
            ("contours-t5-sparse", ContourFigure(optimizer: sparse, levels: [0, 0.5, 0.75, 0.875], lawName: "t5-c4")),
            ("contours-nine-levels", ContourFigure(optimizer: dense, levels: nine, lawName: "t5-c4",
                                                   ranges: .centered(dense, levels: nine, fitted: fitted))),
            ("contours-bands", ContourFigure(optimizer: vitOptimizer, levels: [0, 0.5, 0.75, 0.875], lawName: "vit-fitted-on-the-jft-runs-with-a-very-long-file-name-that-cannot-fit-on-one-line-of-the-title-at-all",
                                             ranges: .centered(vitOptimizer, levels: [0, 0.5, 0.75, 0.875], fitted: fitted),
                                             replicates: replicates(of: vit, count: 60, spread: 0.08))),
            ("contours-wide-bands", ContourFigure(optimizer: dense, levels: [0, 0.5, 0.75, 0.875], lawName: "t5",
                                                  replicates: replicates(of: t5, count: 60, spread: 0.4))),
            ("contours-measured", ContourFigure(measured: ProfileOptimizer(law: t5, profile: measuredProfile)!, levels: [0, 0.5, 0.75, 0.875], lawName: "t5-c4",
                                                ranges: ContourRanges(params: 1e7...1e11, compute: 1e14...1e29))),
        ]
    }

    /// The anchors' runs with the published laws (no fit needed), when the anchors are present.
    static var anchors: [(String, FitFigure)] {
        guard Anchors.available else { return [] }
        var figures: [(String, FitFigure)] = []
        if let runs = try? RunLogReader.read(path: Anchors.path("t5-data.csv"), options: .init(columns: [
            try! ColumnDefinition.parse("params=169869312*scale*(1-sparsity)"), try! ColumnDefinition.parse("tokens=steps*65536"),
        ])).runs {
            figures.append(("fit-t5", FitFigure(law: .sparse(t5), fitted: runs, title: "Sparse law fitted to t5-data.csv")))
        }
        if let runs = try? RunLogReader.read(path: Anchors.path("vit-data.json"), options: .init(columns: [
            try! ColumnDefinition.parse("params=84934656*scale*(1-sparsity)"),
        ])).runs {
            let (fitted, heldOut) = HoldoutRule.largestParams(1).split(runs)
            figures.append(("fit-vit", FitFigure(law: .sparse(vit), fitted: fitted, heldOut: heldOut, title: "Sparse law fitted to vit-data.json",
                                                 units: .init(params: "non-zero parameters", tokens: "images"))))
        }
        if let runs = try? RunLogReader.read(path: Anchors.path("chinchilla-svg-extracted.csv"), options: .init(columns: [
            try! ColumnDefinition.parse("tokens=`Training FLOP`/(6*`Model Size`)"),
        ], dropHighestLoss: 5)).runs {
            figures.append(("fit-chinchilla", FitFigure(law: .dense(chinchilla), fitted: runs, title: "Dense law fitted to chinchilla-svg-extracted.csv",
                                                        units: .init(params: "parameters", tokens: "tokens"))))
        }
        return figures
    }

    /// The planning figures: a budget frontier where sparsity starts to pay under a memory limit,
    /// one where it pays throughout, a target-loss frontier with the cost against model size, and
    /// one where dense runs cannot reach the hardest targets within the memory (gaps in a curve).
    static var plans: [(String, PlanFigure)] {
        let points = { (pairs: [(Double, Double)]) in SpeedupCurve.measured(pairs.map { SpeedupPoint(sparsity: $0.0, speedup: $0.1) }) }
        let profile = HardwareProfile(name: "kinked", training: points([(0, 1), (0.5, 0.95), (0.7, 1.1), (0.8, 1.35), (0.9, 1.9), (0.95, 2.5)]),
                                      inference: points([(0, 1), (0.5, 1.25), (0.8, 2), (0.95, 3.6)]), bytesPerNonzero: 2, bytesPerParameter: 0.125)
        let law = ScalingLaw.sparse(t5)
        let limited = Planner(law: law, profile: profile, memoryLimit: 4e9)!
        let ideal = Planner(law: law, profile: .ideal)!
        let free = Planner(law: law, profile: profile)!
        let tight = Planner(law: law, profile: profile, memoryLimit: 2e7)!
        let budgets = logSpaced(from: 1e19, to: 1e25, count: 25)
        let targets = logSpaced(from: 0.7, to: 2.7, count: 25).map { $0 + t5.c }
        let sizes = free.costBySize(targetLoss: 2, inferenceTokens: 1e13, params: logSpaced(from: 2e6, to: 2e9, count: 40))
        return [
            ("plan-budget-memory", PlanFigure(budgets: limited.frontier(budgets: budgets), question: limited.plan(compute: 1e22),
                                              lawName: "t5-c4", hardware: "kinked")),
            ("plan-budget-ideal", PlanFigure(budgets: ideal.frontier(budgets: budgets), question: ideal.plan(compute: 1e21),
                                             lawName: "t5-c4", hardware: "ideal")),
            ("plan-target-sizes", PlanFigure(targets: free.frontier(targets: targets, inferenceTokens: 1e13),
                                             question: free.plan(targetLoss: 2, inferenceTokens: 1e13), sizes: sizes,
                                             lawName: "t5-c4", hardware: "kinked")),
            ("plan-lifetime-options", lifetimeOptions(profile)),
            ("plan-target-memory", PlanFigure(targets: tight.frontier(targets: targets, inferenceTokens: 0),
                                              question: tight.plan(targetLoss: 2.4, inferenceTokens: 0), sizes: [],
                                              lawName: "a-law-fitted-on-runs-with-a-very-long-file-name-that-cannot-fit-on-one-line-of-the-title-at-all",
                                              hardware: "kinked")),
        ]
    }

    /// A lifetime frontier with a pattern planned on an assumption beside unstructured sparsity,
    /// a memory limit that starts to bind, and the band of a few replicates.
    static func lifetimeOptions(_ base: HardwareProfile) -> PlanFigure {
        var profile = base
        profile.patterns = [PatternProfile(pattern: "2:4", sparsity: 0.5, training: 1.15, inference: 1.4, bytesPerNonzero: 2.25)]
        let planner = Planner(law: .sparse(t5), profile: profile, memoryLimit: 4e9, assumedPatterns: ["2:4": 0.6])!
        let replicates = [0.95, 1.0, 1.05].map { k in
            (ScalingLaw.sparse(SparseScalingLaw(aS: t5.aS * k, bS: t5.bS, cS: t5.cS / k, bN: t5.bN, aD: t5.aD * k, bD: t5.bD, c: t5.c)), [String: Double]())
        }
        let result = planner.answer(try! PlanRequest(compute: 1e22, targetLoss: nil, inferenceTokens: 1e12, frontierRange: 1e19...1e25, frontierPoints: 25, figure: true),
                                    replicates: replicates)
        return result.figure(lawName: "t5-c4", hardware: "kinked")!
    }

    /// Every figure as a laid-out document, by name.
    static var all: [(String, SVGDocument)] {
        [("fit-data-curves", dataCurves.document), ("fit-many-sizes", manySizes.document), ("fit-iso-flop", isoFLOP.document),
         ("fit-scattered", scattered.document)]
            + contours.map { ($0.0, $0.1.document) }
            + plans.map { ($0.0, $0.1.document) }
            + anchors.map { ($0.0, $0.1.document) }
    }
}
