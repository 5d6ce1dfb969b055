import Foundation
import Testing
@testable import SparseLawCore
@testable import SparseLawReader
@testable import SparseLawLaws
@testable import SparseLawDecisions
@testable import SparseLawRendering

/// Variations on the hostile inputs already refused, on the library's other surfaces: names a
/// lookup cannot tell apart, constants at their bounds, queries whose pattern would be dropped,
/// numbers beyond a double in profiles, law files and profiles that are not JSON text.
@Suite("Reliability: hostile variations on law files, profiles and queries")
struct HostileVariationsTests {
    static let coefficients: [String: Double] = ["aS": 16.8, "bS": 0.722, "cS": 45, "bN": 0.245, "aD": 6.9e8, "bD": 0.203, "c": 0.651]

    /// A sparse law file with two pattern constants, named as given.
    static func lawWithPatterns(_ names: [String], q: [Double] = [30, 25]) -> Data {
        let patterns = zip(names, q).map { ["pattern": $0, "q": $1] as [String: Any] }
        return try! JSONSerialization.data(withJSONObject: ["form": "sparse", "coefficients": coefficients, "patterns": patterns] as [String: Any])
    }

    static func refusal(_ data: Data) -> DataError? {
        do { _ = try LawFile.decode(data, file: "law.json"); return nil } catch { return error }
    }

    // MARK: Pattern names of a law file

    @Test("two pattern constants a lookup cannot tell apart are refused naming the second, not one of them silently unused",
          arguments: [["2:4", "2:4"], ["N:M", "n:m"], ["caf\u{E9}", "cafe\u{301}"]])
    func duplicatePatternNames(names: [String]) throws {
        let error = try #require(Self.refusal(Self.lawWithPatterns(names)), "\(names) was accepted")
        #expect(error.field == "patterns[1].pattern")
        #expect(error.problem.code == "law.duplicate-pattern")
        #expect(error.problem as? LawProblem == .duplicatePattern(names[1], first: 0))
    }

    @Test("a pattern with an empty name is refused naming it")
    func emptyPatternName() throws {
        let error = try #require(Self.refusal(Self.lawWithPatterns(["2:4", ""])))
        #expect(error.field == "patterns[1].pattern")
        #expect(error.problem.code == "law.empty-pattern-name")
    }

    @Test("a pattern constant of 0 (its size term absent) is answered as the law without that term, not called not finite")
    func zeroPatternConstant() throws {
        let file = try LawFile.decode(Self.lawWithPatterns(["2:4", "4:8"], q: [0, 25]), file: "law.json")
        let evaluator = try LawEvaluator(file: file, path: "law.json")
        let prediction = try evaluator.evaluate(LawQuery(params: 1e8, sparsity: 0.5, tokens: 1e10, pattern: "2:4"))
        // q = 0: L = (aD / D)^bD + c, by hand.
        let expected = pow(6.9e8 / 1e10, 0.203) + 0.651
        #expect(abs(prediction.loss - expected) <= 1e-12 * expected)
    }

    // MARK: A pattern at sparsity 0

    @Test("a query of a structured pattern at sparsity 0 is refused, not answered for the dense model with the pattern dropped")
    func patternAtZeroSparsity() throws {
        let file = try LawFile.decode(Self.lawWithPatterns(["2:4", "4:8"]), file: "law.json")
        let evaluator = try LawEvaluator(file: file, path: "law.json")
        #expect(throws: PredictionFailure.patternWithoutSparsity("2:4")) {
            try evaluator.evaluate(LawQuery(params: 1e8, sparsity: 0, tokens: 1e10, pattern: "2:4"))
        }
        #expect(throws: PredictionRefusal.request(.patternWithoutSparsity("2:4"))) {
            try evaluator.evaluate(LawQuery(params: 1e8, sparsity: 0, tokens: 1e10, pattern: "2:4"), file: "law.json")
        }
        // Unstructured, or no pattern, at sparsity 0 is the dense model, as before.
        let dense = try evaluator.evaluate(LawQuery(params: 1e8, sparsity: 0, tokens: 1e10, pattern: "unstructured"))
        let expected = (16.8 + 45) * pow(1e8, -0.245) + pow(6.9e8 / 1e10, 0.203) + 0.651
        #expect(abs(dense.loss - expected) <= 1e-12 * expected)
    }

    // MARK: Law files and profiles that are not JSON text

    static let lawText = #"{"form": "sparse", "coefficients": {"aS": 16.8, "bS": 0.722, "cS": 45, "bN": 0.245, "aD": 6.9e8, "bD": 0.203, "c": 0.651}, "name": "NAME"}"#
    static let profileText = #"{"training": [[0, 1], [0.5, 2]], "name": "NAME"}"#

    /// The document with its name's bytes replaced, and the problem a run log's text would have.
    static let textCases: [(String, [UInt8], FileProblem)] = [
        ("empty", [], .empty),
        ("white space", Array(" \n\t".utf8), .onlyWhiteSpace),
        ("a NUL byte", [0], .binary(nulOffset: 0)),
        ("a byte that is not UTF-8", [0x78, 0xFF], .invalidUTF8),
    ]

    static func document(_ text: String, name: [UInt8]) -> Data {
        // An empty or blank document is the case itself, not a document with that name.
        if name.isEmpty || name.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 }) { return Data(name) }
        let parts = text.components(separatedBy: "NAME")
        return Data(Array(parts[0].utf8) + name + Array(parts[1].utf8))
    }

    @Test("a law file that is empty, blank, binary or not UTF-8 is refused as a run log's text is, not as JSON that is not valid or read with U+FFFD",
          arguments: 0..<4)
    func lawFileText(index: Int) throws {
        let (_, name, problem) = Self.textCases[index]
        let error = try #require(Self.refusal(Self.document(Self.lawText, name: name)))
        let offset: FileProblem
        if case .binary = problem {
            offset = .binary(nulOffset: Self.lawText.utf8.count - #"NAME"}"#.utf8.count)
        } else {
            offset = problem
        }
        #expect(error.problem as? FileProblem == offset, "\(error)")
    }

    @Test("a hardware profile that is empty, blank, binary or not UTF-8 is refused as a run log's text is, not as no profile or a name that is not a string",
          arguments: 0..<4)
    func profileText(index: Int) throws {
        let (_, name, problem) = Self.textCases[index]
        do {
            _ = try HardwareProfile.decode(Self.document(Self.profileText, name: name), file: "gpu.json")
            Issue.record("accepted")
        } catch {
            guard case .input(let found) = error.problem else { Issue.record("\(error)"); return }
            #expect(found.code == problem.code, "\(error)")
        }
    }

    @Test("a number beyond a double in a profile is named with its field, not \"expected a number\"",
          arguments: [(#"{"training": [[0, 1], [0.5, 2]], "flopsPerSecond": 1e400}"#, "flopsPerSecond"),
                      (#"{"training": [[0, 1], [0.5, -1e999]]}"#, "training[1][1]")])
    func profileNumberBeyondDouble(text: String, field: String) throws {
        do {
            _ = try HardwareProfile.decode(Data(text.utf8), file: "gpu.json")
            Issue.record("accepted")
        } catch {
            #expect(error.field == field, "\(error)")
            #expect(error.problem.code == "profile.number-beyond-double", "\(error)")
        }
    }
}
