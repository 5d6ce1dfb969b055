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

/// The words of refusals, warnings and notes: that each names what it is about (the value, the
/// field, the limit) and the option that changes the outcome. The library suites check which
/// problem or warning is decided; these check how it reads.
@Suite("Presentation: the words of diagnostics")
struct MessageTests {
    // MARK: Run logs

    static let readerMessages: [(problem: any InputProblem, fragment: String)] = [
        (ReaderProblem.nonFinite(text: "NaN", isNaN: true), "NaN"),
        (ReaderProblem.nonFinite(text: "nan", isNaN: true), "NaN"),
        (ReaderProblem.nonFinite(text: "Infinity", isNaN: false), "infinite"),
        (ReaderProblem.nonFinite(text: "-inf", isNaN: false), "infinite"),
        (ReaderProblem.nonFinite(text: nil, isNaN: false), "infinite"),
        (ReaderProblem.notPositive(-5), "not positive"),
        (ReaderProblem.notPositive(0), "not positive"),
        (ReaderProblem.sparsityOutOfRange(1), "outside [0, 1)"),
        (ReaderProblem.sparsityOutOfRange(-0.1), "outside [0, 1)"),
        (ReaderProblem.sparsityOutOfRange(87.5), "87.5%"),
        (ReaderProblem.sparsityOutOfRange(50), "percentage"),
        (ReaderProblem.number(.notANumber("abc")), "is not a number"),
        (ReaderProblem.number(.notANumber("1.3BB")), "is not a number"),
        (ReaderProblem.number(.notANumber("0x10")), "not a number"),
        (ReaderProblem.number(.percentNotAllowed("1e6%")), "percentage"),
        (ReaderProblem.raggedRow(count: 3, expected: 4, headerLine: 1), "ragged"),
        (ReaderProblem.raggedRow(count: 5, expected: 4, headerLine: 1), "ragged"),
        (ReaderProblem.unclosedQuote, "never closed"),
        (ReaderProblem.duplicateHeader(name: "loss", columns: [2, 4]), "duplicate header"),
        (FileProblem.empty, "empty"),
        (FileProblem.onlyWhiteSpace, "empty"),
        (ReaderProblem.headerWithoutRows, "no data rows"),
        (ReaderProblem.missingValue, "missing"),
        (ReaderProblem.invalidJSON(detail: nil), "not valid JSON"),
        (ReaderProblem.singleJSONValue, "single value"),
        (ReaderProblem.lineNotObject, "JSON object"),
        (ReaderProblem.unusableValue(kind: "a boolean", expectedName: false), "boolean"),
        (ReaderProblem.unusableValue(kind: "a nested JSON value", expectedName: false), "nested"),
        (ReaderProblem.missingField(field: .loss, aliases: RunField.loss.aliases, columns: ["params", "tokens"], stepsColumn: nil, hasCompute: false),
         "no column for this field"),
        (ReaderProblem.unknownColumn(definition: "tokens=stepz*2", column: "stepz", columns: ["params", "sparsity", "steps", "loss"], suggestion: nil),
         "no column \"stepz\""),
    ]

    @Test("a run log's refusals say what is wrong", arguments: readerMessages)
    func readerRefusals(problem: any InputProblem, fragment: String) {
        #expect(problem.message.contains(fragment), "\(problem.code): \(problem.message)")
    }

    @Test("a 2 MB field is quoted in part, with its length, in a short message")
    func longField() {
        let error = DataError(file: "runs.csv", location: .line(2), field: "\"loss\"",
                              problem: ReaderProblem.number(.notANumber(String(repeating: "7", count: 2_000_000) + "x")))
        #expect(error.description.count < 300)
        #expect(error.problem.message.contains("2000001 characters"))
    }

    @Test("a missing field lists the columns and suggests --column")
    func missingField() {
        let problem = ReaderProblem.missingField(field: .params, aliases: RunField.params.aliases, columns: ["scale", "sparsity", "steps", "val-loss"],
                                                 stepsColumn: nil, hasCompute: false)
        #expect(problem.message.contains("\"scale\""))
        #expect(problem.message.contains("--column params="))
    }

    @Test("several evaluation losses point to --loss-column; a column split at a / suggests backticks")
    func lossColumns() {
        #expect(ReaderProblem.severalEvaluationLosses(columns: ["eval/c4_en/CrossEntropyLoss", "eval/pile/CrossEntropyLoss"]).message.contains("--loss-column"))
        let split = ReaderProblem.unknownColumn(definition: "loss=eval/loss", column: "eval", columns: ["run", "step", "tokens", "loss", "eval/loss"],
                                                suggestion: "eval/loss")
        #expect(split.message.contains("`eval/loss`"))
    }

    @Test("reduced loss curves mention the learning-rate schedule")
    func reducedCurves() {
        #expect(ReaderNote.reducedCurves(runs: 1, reduction: .last).message.contains("learning-rate"))
    }

    @Test("syntax errors in an expression say what was found where", arguments: [
        (ColumnExpression.ParseError(expression: "", position: 0, reason: .empty), "empty expression"),
        (.init(expression: "1 +", position: 3, reason: .expectedOperand(found: .end)), "expected a number"),
        (.init(expression: "(1 + 2", position: 6, reason: .unclosedParenthesis(openedAt: 0, found: .end)), "expected \")\""),
        (.init(expression: "1 2", position: 2, reason: .unexpected(.number(2))), "unexpected number"),
        (.init(expression: "a $ b", position: 2, reason: .unexpectedCharacter("$")), "unexpected character"),
        (.init(expression: "`open", position: 0, reason: .unclosedQuote("`")), "unclosed"),
    ])
    func expressionErrors(error: ColumnExpression.ParseError, fragment: String) {
        #expect(error.description.contains(fragment), "\(error)")
    }

    // MARK: Runs and fits

    @Test("coverage warnings name what is thin and what to do")
    func coverage() {
        #expect(CoverageWarning.fewBudgets(distinct: 1, form: .sparse).message.contains("data budget"))
        #expect(CoverageWarning.fewRuns(count: 4, coefficients: 7, form: .sparse).message.contains("fewer than the sparse law's seven"))
        #expect(CoverageWarning.oneSparsityLevel(0).message.contains("--form dense"))
        #expect(FitWarning.coverage(.oneSparsityLevel(0.5)).message.contains("one sparsity level"))
    }
}
