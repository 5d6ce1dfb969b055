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

/// The catalog of hostile inputs: each is refused with its reason, or read as stated. Never a
/// crash, a hang, or a non-finite number in a result.
@Suite("Reliability: hostile input catalog")
struct HostileInputTests {
    static let header = "params,sparsity,tokens,loss\n"

    static let refusals: [(name: String, file: String, text: String, problem: any InputProblem)] = [
        ("NaN loss", "a.csv", header + "1e6,0,1e9,NaN\n", ReaderProblem.nonFinite(text: "NaN", isNaN: true)),
        ("infinite tokens", "a.csv", header + "1e6,0,Infinity,3\n", ReaderProblem.nonFinite(text: "Infinity", isNaN: false)),
        ("negative infinity", "a.csv", header + "1e6,0,1e9,-inf\n", ReaderProblem.nonFinite(text: "-inf", isNaN: false)),
        ("negative params", "a.csv", header + "-5,0,1e9,3\n", ReaderProblem.notPositive(-5)),
        ("zero loss", "a.csv", header + "1e6,0,1e9,0\n", ReaderProblem.notPositive(0)),
        ("sparsity one", "a.csv", header + "1e6,1,1e9,3\n", ReaderProblem.sparsityOutOfRange(1)),
        ("sparsity above one", "a.csv", header + "1e6,1.5,1e9,3\n", ReaderProblem.sparsityOutOfRange(1.5)),
        ("sparsity as a bare percentage", "a.csv", header + "1e6,87.5,1e9,3\n", ReaderProblem.sparsityOutOfRange(87.5)),
        ("doubled suffix", "a.csv", header + "1e6,0,1.3BB,3\n", ReaderProblem.number(.notANumber("1.3BB"))),
        ("unknown suffix", "a.csv", header + "1e6,0,12Q,3\n", ReaderProblem.number(.notANumber("12Q"))),
        ("suffix alone", "a.csv", header + "M,0,1e9,3\n", ReaderProblem.number(.notANumber("M"))),
        ("suffix after an exponent", "a.csv", header + "1e6,0,1e9M,3\n", ReaderProblem.number(.notANumber("1e9M"))),
        ("hexadecimal", "a.csv", header + "0x10,0,1e9,3\n", ReaderProblem.number(.notANumber("0x10"))),
        ("ragged short row", "a.csv", header + "1e6,0,1e9\n", ReaderProblem.raggedRow(count: 3, expected: 4, headerLine: 1)),
        ("ragged long row", "a.csv", header + "1e6,0,1e9,3,7\n", ReaderProblem.raggedRow(count: 5, expected: 4, headerLine: 1)),
        ("unclosed quote", "a.csv", header + "1e6,0,\"1e9,3\n2e6,0,1e9,3\n", ReaderProblem.unclosedQuote),
        ("duplicate header", "a.csv", "params,loss,tokens,loss\n1,2,3,4\n", ReaderProblem.duplicateHeader(name: "loss", columns: [2, 4])),
        ("empty file", "a.csv", "", FileProblem.empty),
        ("only empty lines", "a.csv", "\n\n\r\n\n", FileProblem.onlyWhiteSpace),
        ("header only", "a.csv", header, ReaderProblem.headerWithoutRows),
        ("missing value", "a.csv", header + "1e6,,1e9,3\n", ReaderProblem.missingValue),
        ("truncated JSON Lines", "a.jsonl", "{\"params\": 1e6, \"tokens\": 1e9, \"loss\": 3}\n{\"params\": 2e6, \"tok", ReaderProblem.invalidJSON(detail: nil)),
        ("truncated JSON array", "a.json", "[{\"params\": 1e6, \"tokens\": 1e9, \"loss\": 3},", ReaderProblem.invalidJSON(detail: nil)),
        ("NaN literal in JSON", "a.json", "[{\"params\": 1e6, \"tokens\": 1e9, \"loss\": NaN}]", ReaderProblem.invalidJSON(detail: nil)),
        ("JSON scalar", "a.json", "42", ReaderProblem.singleJSONValue),
        ("JSON Lines of arrays", "a.jsonl", "[1, 2]\n", ReaderProblem.lineNotObject),
        ("boolean in a field", "a.jsonl", "{\"params\": true, \"tokens\": 1e9, \"loss\": 3}\n", ReaderProblem.unusableValue(kind: "a boolean", expectedName: false)),
        ("nested value in a field", "a.jsonl", "{\"params\": {\"n\": 1}, \"tokens\": 1e9, \"loss\": 3}\n", ReaderProblem.unusableValue(kind: "a nested JSON value", expectedName: false)),
        ("deeply nested JSON", "a.json", String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000), FileProblem.jsonTooDeep(limit: Limits.jsonDepth)),
        ("no loss column", "a.csv", "params,tokens\n1,2\n", ReaderProblem.missingField(field: .loss, aliases: RunField.loss.aliases, columns: ["params", "tokens"], stepsColumn: nil, hasCompute: false)),
    ]

    @Test("refused, with the reason", arguments: refusals)
    func refused(name: String, file: String, text: String, problem: any InputProblem) {
        let error = refusal(text, name: file)
        #expect(error != nil, "\(name) was read")
        #expect(error?.problem.isEqual(to: problem) == true, "\(name): \(error.map { String(reflecting: $0.problem) } ?? "")")
        #expect(error?.problem.code == problem.code, "\(name)")
        #expect(error?.file == file)
    }

    @Test("binary garbage is refused as not text")
    func binary() {
        var generator = SeededGenerator(seed: 99)
        let bytes = (0..<4096).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        for name in ["g.csv", "g.json", "g.jsonl", "g.tsv"] {
            #expect(throws: DataError.self) { try RunLogReader.read(data: Data(bytes), name: name) }
        }
    }

    @Test("a 2 MB field is refused as not a number, at its line and field")
    func longLine() throws {
        let text = Self.header + "1e6,0,1e9," + String(repeating: "7", count: 2_000_000) + "x\n"
        let error = try #require(refusal(text))
        #expect(error.problem(as: ReaderProblem.self) == .number(.notANumber(String(repeating: "7", count: 2_000_000) + "x")))
        #expect(error.location == .line(2) && error.field == "\"loss\"")
        let fine = Self.header + "1e6,0,1e9,3\n" + "1e6,0,1e9,3" + String(repeating: " ", count: 2_000_000) + "\n"
        #expect(try readLog(fine).runs.count == 2)
    }

    @Test("BOM, CRLF, blank lines and quoted numbers are read as they are meant")
    func benign() throws {
        let text = "\u{FEFF}params,sparsity,tokens,loss\r\n\r\n\"1,000,000\",\"50%\",\"2B\",\"3.5\"\r\n\r\n"
        let run = try #require(try readLog(text).runs.first)
        #expect(run == TrainingRun(nonZeroParams: 1e6, sparsity: 0.5, tokens: 2e9, loss: 3.5, source: .line(3), file: "runs.csv"))
    }

    @Test("too few runs, constant loss: refused by the fitter")
    func fitterRefusals() {
        let few = (1...5).map { TrainingRun(nonZeroParams: Double($0) * 1e6, sparsity: 0, tokens: 1e9, loss: 3 - Double($0) * 0.1) }
        #expect(throws: FitError.tooFewPoints(needed: 7, got: 5, form: .sparse)) { try LawFitter.fit(few) }
        let constant = (0..<27).map { i in
            TrainingRun(nonZeroParams: [1e6, 2e6, 4e6][i % 3], sparsity: [0, 0.5, 0.75][(i / 3) % 3], tokens: [1e9, 2e9, 4e9][i / 9], loss: 3)
        }
        #expect(throws: FitError.constantLoss(3)) { try LawFitter.fit(constant) }
    }

    static let ordinaryRuns = SyntheticRuns(law: .sparse(SparseScalingLaw(aS: 16.8, bS: 0.722, cS: 45, bN: 0.245, aD: 6.9e8, bD: 0.203, c: 0.651)),
                                            params: [1e6, 4e6, 1.6e7, 6.4e7], sparsities: [0, 0.5, 0.75], tokens: [1e9, 4e9, 1.6e10], noise: 0.003).generate(seed: 1)
    static let ordinaryFit = Result { try LawFitter.fit(ordinaryRuns, options: .init(starts: 2)) }

    /// Rescaling N by k multiplies aS and cS by k^bN; rescaling D by k multiplies aD by k; the
    /// objective does not change (the fitter normalizes by the data's geometric means).
    @Test("numbers at the edge of the doubles fit like the same runs in ordinary units: same objective, coefficients rescaled", arguments: [
        (1e300, 1e-300), (1e-300, 1e290), (1e150, 1e150), (Double.leastNonzeroMagnitude, 1.0),
    ])
    func extremeMagnitudes(scaleN: Double, scaleD: Double) throws {
        let scaled = Self.ordinaryRuns.map { TrainingRun(nonZeroParams: $0.nonZeroParams * scaleN, sparsity: $0.sparsity, tokens: $0.tokens * scaleD, loss: $0.loss) }
        // Every product is finite and positive (sizes times 2^-1074 are exact subnormals).
        #expect(scaled.allSatisfy { $0.nonZeroParams > 0 && $0.nonZeroParams.isFinite && $0.tokens > 0 && $0.tokens.isFinite })
        let reference = try Self.ordinaryFit.get(), fit = try LawFitter.fit(scaled, options: .init(starts: 2))
        #expect(abs(fit.objective / reference.objective - 1) < 1e-9)
        let (k, r) = (fit.law.coefficients, reference.law.coefficients)  // aS, bS, cS, bN, aD, bD, c
        for index in [1, 3, 5, 6] { #expect(abs(k[index] / r[index] - 1) < 1e-6, "\(SparseScalingLaw.coefficientNames[index])") }
        #expect(abs(k[0] / (r[0] * pow(scaleN, k[3])) - 1) < 1e-5)
        #expect(abs(k[2] / (r[2] * pow(scaleN, k[3])) - 1) < 1e-5)
        #expect(abs(k[4] / (r[4] * scaleD) - 1) < 1e-5)
        // Four sizes and three budgets are counted as such at any unit: no warning the ordinary fit lacks.
        #expect(fit.warnings == reference.warnings)
        let summary = try #require(RunSummary(runs: scaled))
        #expect(summary.params.distinct == 4 && summary.tokens.distinct == 3)
    }

    @Test("one sparsity level is fitted with a warning, not refused")
    func oneLevel() throws {
        let runs = SyntheticRuns(law: .sparse(SparseScalingLaw(aS: 16.8, bS: 0.722, cS: 45, bN: 0.245, aD: 6.9e8, bD: 0.203, c: 0.651)),
                                 params: [1e6, 4e6, 1.6e7], sparsities: [0.5], tokens: [1e9, 4e9, 1.6e10], noise: 0.003).generate(seed: 2)
        let fit = try LawFitter.fit(runs)
        #expect(fit.warnings.contains(.coverage(.oneSparsityLevel(0.5))))
    }
}
