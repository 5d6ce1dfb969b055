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

@Suite("Laws: predictions at queries")
struct PredictionTests {
    static let t5 = SparseScalingLaw(aS: 16.8, bS: 0.722, cS: 45.0, bN: 0.245, aD: 6.90e8, bD: 0.203, c: 0.651)

    /// L = (aS (1-S)^bS + cS) N^-bN + (aD/D)^bD + c, written out by hand.
    static func t5Loss(_ n: Double, _ s: Double, _ d: Double) -> Double {
        (16.8 * pow(1 - s, 0.722) + 45.0) * pow(n, -0.245) + pow(6.90e8 / d, 0.203) + 0.651
    }

    @Test("queries read from CSV: aliases, magnitudes, percentages, names and patterns; one query a row, loss ignored")
    func readCSV() throws {
        let text = "name,nonzero_params,sparsity,train_tokens,loss,pattern\na,125M,50%,2e9,3.1,\na,1e8,0,1e10,,unstructured\nb,2e7,0.5,1e9,2.0,2:4\n"
        let log = try QueryReader.read(data: Data(text.utf8), name: "q.csv")
        #expect(log.queries.count == 3)
        #expect(log.queries[0] == LawQuery(params: 125e6, sparsity: 0.5, tokens: 2e9, pattern: nil, name: "a", source: .line(2)))
        #expect(log.queries[1].name == "a" && log.queries[1].params == 1e8 && log.queries[1].structuredPattern == nil)
        #expect(log.queries[2].pattern == "2:4" && log.queries[2].structuredPattern == "2:4")
    }

    @Test("queries read from a JSON array of records and from pandas' column layout; sparsity defaults to 0")
    func readJSON() throws {
        let records = #"[{"params": 1e8, "tokens": 1e10}, {"params": 2e8, "tokens": "30B"}]"#
        let log = try QueryReader.read(data: Data(records.utf8), name: "q.json")
        #expect(log.queries.map(\.params) == [1e8, 2e8])
        #expect(log.queries.map(\.tokens) == [1e10, 3e10])
        #expect(log.queries.map(\.sparsity) == [0, 0])
        #expect(log.queries[1].source == .record(2))
        let pandas = #"{"params": {"0": 1e8, "1": 2e8}, "sparsity": {"0": 0.5, "1": 0.0}, "tokens": {"0": 1e9, "1": 1e9}}"#
        let frame = try QueryReader.read(data: Data(pandas.utf8), name: "frame.json")
        #expect(frame.queries.map(\.sparsity) == [0.5, 0])
        #expect(frame.queries[1].source == .rowID("1"))
    }

    @Test("a query file without D, or with a bad value, is refused naming the file, line and field")
    func refusals() throws {
        #expect(throws: DataError.self) { try QueryReader.read(data: Data("params,sparsity\n1e8,0\n".utf8), name: "q.csv") }
        do {
            _ = try QueryReader.read(data: Data("params,sparsity,tokens\n1e8,0,1e9\n1e8,1.5,1e9\n".utf8), name: "q.csv")
            Issue.record("accepted sparsity 1.5")
        } catch {
            #expect(error.file == "q.csv" && error.location == .line(3) && error.field == "\"sparsity\"")
        }
    }

    @Test("the evaluator matches the law written out by hand, sparse and dense")
    func handValues() throws {
        let evaluator = try LawEvaluator(file: PublishedLaws.t5C4, path: "t5-c4")
        // The preset carries the released runs' ranges (N 1,327,104 to 84,934,656; D 1.6384e10 to 6.5536e10).
        let (largest, least, most) = (84_934_656.0, 1.6384e10, 6.5536e10)
        let flagged: [[ExtrapolationWarning]] = [
            [.paramsAboveFitted(params: 1e8, fittedMax: largest), .tokensBelowFitted(tokens: 1e10, fittedMin: least)],
            [.tokensBelowFitted(tokens: 2e9, fittedMin: least)],
            [.paramsAboveFitted(params: 3e9, fittedMax: largest), .tokensAboveFitted(tokens: 4e11, fittedMax: most)],
        ]
        for ((n, s, d), expected) in zip([(1e8, 0.5, 1e10), (5e7, 0, 2e9), (3e9, 0.875, 4e11)], flagged) {
            let prediction = try evaluator.evaluate(LawQuery(params: n, sparsity: s, tokens: d))
            #expect(abs(prediction.loss - Self.t5Loss(n, s, d)) < 1e-13 * prediction.loss)
            #expect(prediction.interval == nil && prediction.warnings == expected)
        }
        let chinchilla = try LawEvaluator(file: PublishedLaws.chinchilla, path: "chinchilla")
        let expected = 1.69 + 406.4 * pow(7e10, -0.34) + 410.7 * pow(1.4e12, -0.28)
        #expect(abs(try chinchilla.evaluate(LawQuery(params: 7e10, tokens: 1.4e12)).loss - expected) < 1e-13 * expected)
        #expect(throws: PredictionFailure.denseLawWithSparsity(sparsity: 0.5)) { try chinchilla.evaluate(LawQuery(params: 7e10, sparsity: 0.5, tokens: 1.4e12)) }
    }

    /// A t5-c4 law with five replicates whose c is 0.60, 0.62, ..., 0.68, a fitted range, and a
    /// 2:4 constant q = 50 (replicates 48, 49, ..., 52).
    static func lawWithReplicates() -> LawFile {
        var file = LawFile(law: .sparse(t5), name: "t5-replicated", maxFittedSparsity: 0.75)
        file.ranges = .init(params: .init(min: 1e7, max: 1e8), tokens: .init(min: 1e9, max: 1e10))
        file.patterns = [PatternConstant(pattern: "2:4", q: 50, standardError: nil, equivalentSparsity: nil)]
        let replicates = (0..<5).map { k in [16.8, 0.722, 45.0, 0.245, 6.90e8, 0.203, 0.60 + 0.02 * Double(k)] }
        file.bootstrap = .init(requested: 5, failed: 0, seed: 1, replicates: replicates,
                               patternReplicates: (0..<5).map { [48.0 + Double($0)] })
        return file
    }

    @Test("with replicates every loss has its 95% percentile interval, computed by hand")
    func intervals() throws {
        let evaluator = try LawEvaluator(file: Self.lawWithReplicates(), path: "law.json")
        #expect(evaluator.replicateCount == 5)
        let (n, s, d) = (5e7, 0.5, 5e9)
        let prediction = try evaluator.evaluate(LawQuery(params: n, sparsity: s, tokens: d))
        // Replicate losses are L(c = 0.651) shifted by c_k - 0.651, sorted as k; type-7
        // percentiles of five values: positions 0.1 and 3.9, so 0.60 + 0.1 x 0.02 and 0.66 + 0.9 x 0.02.
        let base = Self.t5Loss(n, s, d) - 0.651
        let interval = try #require(prediction.interval)
        #expect(abs(interval.lowerBound - (base + 0.602)) < 1e-12)
        #expect(abs(interval.upperBound - (base + 0.678)) < 1e-12)

        // 2:4: q N^-bN replaces the sparsity term; replicates q = 48...52 at c = 0.60...0.68.
        let structured = try evaluator.evaluate(LawQuery(params: n, sparsity: 0.5, tokens: d, pattern: "2:4"))
        let rest = pow(6.90e8 / d, 0.203)
        #expect(abs(structured.loss - (50 * pow(n, -0.245) + rest + 0.651)) < 1e-13)
        let low = 48.1 * pow(n, -0.245) + rest + 0.602, high = 51.9 * pow(n, -0.245) + rest + 0.678
        #expect(abs(try #require(structured.interval).lowerBound - low) < 1e-12)
        #expect(abs(try #require(structured.interval).upperBound - high) < 1e-12)
        #expect(throws: PredictionFailure.unknownPattern("1:4", known: ["2:4"])) {
            try evaluator.evaluate(LawQuery(params: n, sparsity: 0.75, tokens: d, pattern: "1:4"))
        }
    }

    @Test("a pattern of a law whose replicates lack its constant is refused, not printed without its interval and without a word")
    func replicatesWithoutPattern() throws {
        var file = Self.lawWithReplicates()
        file.bootstrap?.patternReplicates = nil
        let evaluator = try LawEvaluator(file: file, path: "law.json")
        #expect(throws: PredictionFailure.replicatesWithoutPattern(pattern: "2:4")) {
            try evaluator.evaluate(LawQuery(params: 5e7, sparsity: 0.5, tokens: 5e9, pattern: "2:4"))
        }
        #expect(PredictionFailure.replicatesWithoutPattern(pattern: "2:4").problem.code == "query.replicates-without-pattern")
        // Unstructured queries keep their intervals.
        #expect(try evaluator.evaluate(LawQuery(params: 5e7, sparsity: 0.5, tokens: 5e9)).interval != nil)
    }

    @Test("queries beyond the fitted ranges are flagged, each with its code and values")
    func extrapolation() throws {
        let evaluator = try LawEvaluator(file: Self.lawWithReplicates(), path: "law.json")
        // Inside the spans: nothing. At 10x the largest N and D: notes with the factor, not yet warnings.
        #expect(try evaluator.evaluate(LawQuery(params: 5e7, sparsity: 0.75, tokens: 1e10)).warnings.isEmpty)
        let tenfold = try evaluator.evaluate(LawQuery(params: 1e9, sparsity: 0.75, tokens: 1e11)).warnings
        #expect(tenfold == [.paramsAboveFitted(params: 1e9, fittedMax: 1e8), .tokensAboveFitted(tokens: 1e11, fittedMax: 1e10)])
        #expect(tenfold.allSatisfy { !$0.isWarning && $0.factor == 10 && $0.values["severity"] == .string("note") })
        let far = try evaluator.evaluate(LawQuery(params: 2e9, sparsity: 0.9, tokens: 5e7))
        #expect(far.warnings == [.paramsAboveFitted(params: 2e9, fittedMax: 1e8), .tokensBelowFitted(tokens: 5e7, fittedMin: 1e9),
                                 .sparsityAboveFitted(sparsity: 0.9, fittedMax: 0.75)])
        #expect(far.warnings.map(\.code) == ["law.params-above-fitted", "law.tokens-below-fitted", "law.sparsity-above-fitted"])
    }

    @Test("a built-in law's query 60x beyond the runs it was fitted on is warned of, with the factor")
    func presetBeyondItsRuns() throws {
        let evaluator = try LawEvaluator(file: PublishedLaws.t5C4, path: "t5-c4")
        // The released T5 runs reach 84,934,656 non-zero parameters and 6.5536e10 tokens.
        let params = 60 * 84_934_656.0
        let warnings = try evaluator.evaluate(LawQuery(params: params, sparsity: 0.5, tokens: 3e10)).warnings
        #expect(warnings == [.paramsAboveFitted(params: params, fittedMax: 84_934_656)])
        #expect(warnings.first?.isWarning == true)
        #expect(warnings.first?.values["factor"] == .number(params / 84_934_656))
        #expect(abs((warnings.first?.factor ?? 0) - 60) < 1e-12)
        // optimal on the preset says so too (the data of its optimum are beyond the runs' as well).
        let query = try SparsityQuery(file: PublishedLaws.t5C4, path: "t5-c4", cost: .denseFLOPs, maxSparsity: 0.875)
        let answer = try query.answer(params: params, compute: 1e22)
        #expect(answer.warnings.contains { $0 == .extrapolation(.paramsAboveFitted(params: params, fittedMax: 84_934_656)) })
    }

    @Test("a fitted law's query 2x beyond its largest model gets a note with the factor")
    func fittedTwiceBeyond() throws {
        let runs = SyntheticRuns(law: .sparse(Self.t5), params: [2e6, 6e6, 2e7, 6e7, 2e8], sparsities: [0, 0.5, 0.75],
                                 tokens: [1e9, 4e9, 1.6e10], noise: 0.003).generate(seed: 3)
        let file = LawFile(fit: try LawFitter.fit(runs, options: .init(starts: 2)), units: .init())
        let evaluator = try LawEvaluator(file: file, path: "law.json")
        let prediction = try evaluator.evaluate(LawQuery(params: 4e8, sparsity: 0.5, tokens: 4e9))
        #expect(prediction.warnings == [.paramsAboveFitted(params: 4e8, fittedMax: 2e8)])
        let note = try #require(prediction.warnings.first)
        #expect(note.factor == 2 && !note.isWarning)
        #expect(note.code == "law.params-above-fitted" && note.values["factor"] == .number(2) && note.values["severity"] == .string("note"))
        #expect(note.message.contains("2x the largest model the law was fitted on"))
        let record = DiagnosticRecord(note)
        #expect(record.label == "note")
        // At the largest model fitted, nothing.
        #expect(try evaluator.evaluate(LawQuery(params: 2e8, sparsity: 0.5, tokens: 4e9)).warnings.isEmpty)
    }

    @Test("a replicate with the wrong number of pattern constants is refused, naming the field")
    func damagedReplicates() {
        var file = Self.lawWithReplicates()
        file.bootstrap?.patternReplicates?[2] = [1, 2]
        #expect(throws: DataError(file: "law.json", field: "bootstrap.patternReplicates[2]", problem: .replicateShape(expected: 1))) {
            try LawEvaluator(file: file, path: "law.json")
        }
    }
}
