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

@Suite("Presentation: typed diagnostics and where text is made")
struct PresentationTests {
    /// Library folders whose code must not contain command-line flags or user prose with them:
    /// everything but the presentation layer.
    static let libraryRoot = Repository.root.appendingPathComponent("Sources")

    /// Lines of code (comments removed) that name a flag such as `--fix` inside a string literal.
    static func flagMentions(in text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
            var code = Substring(line)
            if let comment = code.range(of: "//") { code = code[..<comment.lowerBound] }
            return code.range(of: #""[^"]*--[a-z]"#, options: .regularExpression) == nil ? nil : "\(index + 1): \(line.trimmingCharacters(in: .whitespaces))"
        }
    }

    @Test("the boundary check finds a flag in a literal and ignores one in a comment")
    func checkWorks() {
        #expect(Self.flagMentions(in: "let x = \"use --fix here\"").count == 1)
        #expect(Self.flagMentions(in: "/// with `--fix`\nlet y = 1 // --form").isEmpty)
    }

    @Test("no flag name in library code outside the presentation layer")
    func noFlagsOutsidePresentation() throws {
        let files = try #require(FileManager.default.enumerator(atPath: Self.libraryRoot.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") && $0.hasPrefix("SparseLaw") && !$0.hasPrefix("SparseLawCLI/") && !$0.hasPrefix("SparseLawFuzz/") }
            .filter { !$0.hasPrefix("SparseLawRendering/Presentation/") }
        #expect(files.count > 30, "library sources not found at \(Self.libraryRoot.path)")
        for file in files {
            let text = try String(contentsOf: Self.libraryRoot.appendingPathComponent(file), encoding: .utf8)
            let mentions = Self.flagMentions(in: text)
            #expect(mentions.isEmpty, "\(file): \(mentions.joined(separator: "; "))")
        }
    }

    @Test("the library and the executable import FoundationEssentials, never all of Foundation (start-up)")
    func noFoundation() throws {
        let sources = Self.libraryRoot
        let folders = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { $0.hasPrefix("SparseLaw") && $0 != "SparseLawFuzz" }
        #expect(folders.count >= 9)
        for folder in folders {
            let root = sources.appendingPathComponent(folder)
            let files = try #require(FileManager.default.enumerator(atPath: root.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
            #expect(!files.isEmpty)
            for file in files {
                let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
                #expect(!text.split(separator: "\n").contains("import Foundation"), "\(folder)/\(file) imports all of Foundation")
            }
        }
    }

    @Test("a dense fit warns in the dense law's terms: its five coefficients, alpha, B and beta")
    func denseWarnings() throws {
        // Six dense runs at two sizes and two budgets (plus one): enough for five coefficients, thin for alpha and beta.
        let law = DenseScalingLaw(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28)
        let points: [(Double, Double)] = [(1e7, 1e9), (1e7, 4e9), (4e7, 1e9), (4e7, 4e9), (1e7, 1.6e10), (4e7, 1.6e10)]
        let runs = points.map { TrainingRun(nonZeroParams: $0.0, sparsity: 0, tokens: $0.1, loss: law.loss(params: $0.0, tokens: $0.1) * 1.001) }
        let fit = try LawFitter.fit(runs, options: .init(form: .dense))
        let coverage = fit.warnings.compactMap { if case .coverage(let warning) = $0 { return warning } else { return nil } }
        #expect(coverage == [.fewSizes(distinct: 2, form: .dense)])
        let messages = fit.warnings.map(\.message).joined(separator: "\n")
        #expect(messages.contains("alpha"))
        for sparseName in ["seven", "aS", "bS", "cS", "bN", "aD", "bD", "sparsity"] {
            #expect(!messages.contains(sparseName), "\(sparseName) in: \(messages)")
        }
        // Four dense runs are too few for five coefficients; the summary says so in the dense law's terms.
        let summary = try #require(RunSummary(runs: Array(runs.prefix(4))))
        #expect(summary.coverageWarnings(form: .dense).contains(.fewRuns(count: 4, coefficients: 5, form: .dense)))
        #expect(CoverageWarning.fewRuns(count: 4, coefficients: 5, form: .dense).message == "4 runs: fewer than the dense law's five coefficients")
        #expect(CoverageWarning.fewBudgets(distinct: 2, form: .dense).message.contains("(B, beta)"))
    }

    @Test("a warning in JSON carries its code, its message and its values")
    func warningJSON() throws {
        let warning = FitWarning.nearlyInterchangeable(first: "B", second: "beta", correlation: -0.9994)
        let object = try JSONSerialization.jsonObject(with: Data(JSONRendering.text(DiagnosticRecord(warning)).utf8)) as? [String: Any]
        #expect(object?["code"] as? String == "fit.nearly-interchangeable")
        #expect((object?["message"] as? String)?.hasPrefix("B and beta are nearly interchangeable") == true)
        #expect(object?["coefficients"] as? [String] == ["B", "beta"])
        #expect(object?["correlation"] as? Double == -0.9994)
    }

    @Test("a solve that stopped short says why in JSON: GSL's status as a reason in words")
    func notConvergedReason() {
        // GSL_EMAXITER is 11 in gsl_errno.h.
        let record = DiagnosticRecord(FitWarning.notConverged(status: GSLStatus(code: 11)))
        #expect(record.code == "fit.not-converged")
        #expect(record.values == ["reason": .text("the iteration limit was reached")])
        #expect(DiagnosticRecord(FitWarning.notConverged(status: nil)).values.isEmpty)
    }

    @Test("a curve of 12 points or fewer is listed whole; a longer one by its first and last four points and the count between")
    func longCurveSummary() {
        func curve(_ count: Int) -> SpeedupCurve {
            .measured([SpeedupPoint(sparsity: 0, speedup: 1)] + (1..<count).map { SpeedupPoint(sparsity: Double($0) / 1000, speedup: 1 + Double($0) / 100) })
        }
        #expect(curve(13).summary.components(separatedBy: ", ").count == 12)
        let long = curve(300).summary
        #expect(long.components(separatedBy: ", ") == ["1.01x at 0.001", "1.02x at 0.002", "1.03x at 0.003", "1.04x at 0.004", "... (291 more)",
                                                       "3.96x at 0.296", "3.97x at 0.297", "3.98x at 0.298", "3.99x at 0.299"])
    }
}
