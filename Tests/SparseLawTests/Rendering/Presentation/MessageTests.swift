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

    @Test("a damaged event record is named with its file and byte offset")
    func damagedEventRecord() {
        let error = DataError(file: "run/events.out.tfevents.1.host", location: .byteOffset(40),
                              problem: ReaderProblem.eventFile(.dataChecksumMismatch(stored: 1, computed: 2), offset: 60))
        #expect(error.description.hasPrefix("run/events.out.tfevents.1.host, byte offset 40: damaged event record: the record's data does not match its checksum"))
    }

    @Test("syntax errors in an expression say what was found where", arguments: [
        (ColumnExpression.ParseError(expression: "", position: 0, reason: .empty), "empty expression"),
        (.init(expression: "1 +", position: 3, reason: .expectedOperand(found: .end)), "expected a number"),
        (.init(expression: "(1 + 2", position: 6, reason: .unclosedParenthesis(openedAt: 0, found: .end)), "expected \")\""),
        (.init(expression: "1 2", position: 2, reason: .unexpected(.number(2))), "unexpected number"),
        (.init(expression: "a $ b", position: 2, reason: .unexpectedCharacter("$")), "unexpected character"),
        (.init(expression: "`open", position: 0, reason: .unclosedQuote("`")), "unclosed"),
        (.init(expression: String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200), position: Limits.expressionDepth,
               reason: .tooDeep(limit: Limits.expressionDepth)), "at most \(Limits.expressionDepth) levels"),
    ])
    func expressionErrors(error: ColumnExpression.ParseError, fragment: String) {
        #expect(error.description.contains(fragment), "\(error)")
    }

    @Test("the expression length limit states itself")
    func expressionLength() {
        let long = String(repeating: "1+", count: 600) + "1"
        let error = ColumnDefinition.ParseError.expression(specification: "tokens=" + long, .init(
            expression: String(long.prefix(40)) + "...", position: Limits.expressionLength, reason: .tooLong(length: 1201, limit: Limits.expressionLength)))
        #expect(error.description.contains("the expression has 1201 characters: at most \(Limits.expressionLength) are accepted"))
    }

    // MARK: Files

    @Test("UTF-32 and BOM-less UTF-16 files are named as such", arguments: [
        TextEncodingGuess.utf32LittleEndian, .utf32BigEndian, .utf16LittleEndianWithoutMark, .utf16BigEndianWithoutMark,
    ])
    func encodings(encoding: TextEncodingGuess) {
        let error = DataError(file: "a.csv", problem: .unsupportedEncoding(encoding))
        #expect(error.description.contains("the file is \(encoding.rawValue) text, which is not read: re-save it as UTF-8"))
    }

    @Test("a ^Z-terminated file is told where and how to fix it")
    func endOfFileMark() {
        #expect(DataError(file: "a.csv", location: .line(4), problem: .endOfFileMark).description
                == "a.csv, line 4: the file ends with ^Z (0x1A), the end-of-file mark of old DOS tools: remove it")
    }

    @Test("an oversized file states the limit and the option that raises it")
    func tooLarge() {
        let error = DataError(file: "huge.csv", problem: .tooLarge(size: 8 << 30, limit: Limits.inputBytes))
        #expect(error.description.contains("more than the limit of 256000000 (256MB): raise it with --max-input-size"))
    }

    @Test("messages: a file name or a value with control characters is one escaped line")
    func escapedMessages() {
        let hostileName = HostileTextTests.hostileName
        let data = DataError(file: hostileName + ".csv", location: .line(3), field: "\"loss\" (column \"a\u{1B}b\")",
                             problem: .number(.notANumber("x\u{1B}[2J")))
        #expect(!HostileTextTests.hasRawControl(data.description), "\(data.description.debugDescription)")
        #expect(data.description.contains("evil\\u{1B}[31m"))
        let output = OutputError(file: hostileName, problem: .isInput("in\u{1B}.csv"))
        #expect(!HostileTextTests.hasRawControl(output.description))
        let query = QueryError.denseLaw(name: hostileName)
        #expect(!HostileTextTests.hasRawControl(query.description))
        let fit = FitError.tooManyPatterns(["2:4\u{1B}", "1:2", "4:8", "1:4", "8:16"])
        #expect(!HostileTextTests.hasRawControl(fit.description))
        #expect(!HostileTextTests.hasRawControl(ValueError.notANumber(.notANumber("1\u{1B}")).description))
        do { _ = try ColumnDefinition.parse("tokens=a\u{01}b") } catch { #expect(!HostileTextTests.hasRawControl(error.description)) }
    }

    @Test("a result JSON cannot hold names its field and value")
    func nonFiniteResult() {
        #expect(NonFiniteResult(field: "fit.rmse", value: .infinity).description.contains("fit.rmse = inf"))
    }

    // MARK: Law files and queries

    @Test("a law file's refused fields say which bound they break", arguments: [
        (LawProblem.outOfBounds(2, .sparsity), "2 is outside [0, 1)"),
        (.outOfBounds(-0.5, .sparsity), "-0.5 is outside [0, 1)"),
        (.outOfBounds(-1, .positive), "-1 is negative: the value must be positive"),
        (.outOfBounds(0, .positive), "0 is not positive"),
        (.spanInverted(min: 1e9, max: 6.4e7), "the minimum 1e+09 is above the maximum 6.4e+07"),
        (.spanInverted(min: 2.5, max: 1), "the minimum 2.5 is above the maximum 1"),
        (.countOutOfRange(0, minimum: 1, maximum: nil), "0 is outside 1..."),
        (.outOfBounds(1.5, .sparsity), "1.5 is outside [0, 1)"),
        (.countOutOfRange(-3, minimum: 0, maximum: 2), "-3 is negative: a count is zero or more"),
        (.countOutOfRange(5, minimum: 0, maximum: 2), "5 is outside 0...2"),
        (.countOutOfRange(-1, minimum: 0, maximum: Limits.bootstrapReplicates), "-1 is negative"),
    ])
    func lawFileFields(problem: LawProblem, fragment: String) {
        #expect(problem.message.contains(fragment), "\(problem.message)")
    }

    @Test("an unknown law form is named, with the forms there are")
    func unknownForm() {
        #expect(DataError(file: "law.json", field: "form", problem: .unknownLawForm("quadratic")).description
                == "law.json, field form: \"quadratic\" is not a law form (sparse, dense)")
    }

    @Test("a coefficient beyond the doubles is quoted as written", arguments: ["1e400", "-1e400"])
    func numberBeyondDouble(text: String) {
        #expect(DataError(file: "law.json", field: "coefficients.aS", problem: .numberBeyondDouble(text)).description
                == "law.json, field coefficients.aS: \"\(text)\" is beyond the largest number that can be held (about 1.8e308)")
    }

    @Test("bootstrap replicates are numbered from 1 in messages")
    func replicateNumber() {
        #expect(QueryError.replicateNotFinite(replicate: 1, params: 1e9, compute: 1e21).description.contains("bootstrap replicate 2"))
    }

    @Test("extrapolation warnings state the ratio to the fitted range")
    func extrapolationRatio() {
        #expect(ExtrapolationWarning.paramsAboveFitted(params: 2e9, fittedMax: 1e8).message.contains("20x the largest model"))
    }

    @Test("ratios that overflow a double print as powers of ten, not inf")
    func ratios() {
        let warning = ExtrapolationWarning.paramsAboveFitted(params: 1e300, fittedMax: 1e-300)
        #expect(warning.message.contains("1e+600x the largest model"))
        #expect(ratioText(2e300, 1e-10) == "2e+310")
        #expect(ratioText(30, 10) == "3")
    }

    // MARK: Runs and fits

    @Test("coverage warnings name what is thin and what to do")
    func coverage() {
        #expect(CoverageWarning.fewBudgets(distinct: 1, form: .sparse).message.contains("data budget"))
        #expect(CoverageWarning.fewRuns(count: 4, coefficients: 7, form: .sparse).message.contains("fewer than the sparse law's seven"))
        #expect(CoverageWarning.oneSparsityLevel(0).message.contains("--form dense"))
        #expect(FitWarning.coverage(.oneSparsityLevel(0.5)).message.contains("one sparsity level"))
    }

    // MARK: Argument values

    @Test("hexadecimal is refused with the same hint by every parser", arguments: ["0x10", "0X1p3", "-0x1", "+0x10"])
    func hexadecimal(text: String) {
        let hint = "hexadecimal is not accepted"
        let notANumber = ValueError.notANumber(.notANumber(text))
        for error in [notANumber, .listItem(position: 2, notANumber), .rangeEnd(.upper, notANumber)] {
            #expect(error.description.contains(hint), "\(error)")
        }
        #expect(ReaderProblem.number(.notANumber(text)).message.contains(hint))
        #expect(ColumnExpression.ParseError(expression: "steps*0x10", position: 6, reason: .notANumber("0x10")).description.contains(hint))
    }

    @Test("a value's refusal states the bound it breaks", arguments: [
        (ValueError.outOfBounds(-1, .positive), "-1 is negative: the value must be positive"),
        (.outOfBounds(0, .positive), "0 is not positive: the value must be positive"),
        (.outOfBounds(1, .sparsity), "1 is outside [0, 1)"),
        (.notFinite("nan"), "\"nan\" is not a finite number"),
        (.notANumber(.empty), "the value is empty"),
        (.listItem(position: 2, .notANumber(.empty)), "item 2 of the list: the value is empty"),
        (.listItem(position: 2, .outOfBounds(-8e6, .positive)), "item 2 of the list: -8e+06 is negative: the value must be positive"),
        (.emptyList, "the list is empty"),
    ])
    func valueRefusals(error: ValueError, text: String) {
        #expect(error.description == text)
    }

    @Test("a value's refusal names the value and the limit", arguments: [
        (ValueError.wholeNumberOutOfRange(-3, 0...Int.max), "-3 is outside 0..."),
        (.gridSize(first: 1, second: 100), "at least 2 points along each axis and at most \(Limits.gridPoints) in all"),
        (.gridSize(first: 4294967296, second: 4294967296), "at least 2 points along each axis and at most \(Limits.gridPoints) in all"),
        (.gridSide(position: 1, .notWhole(2.5)), "2.5 is not a whole number"),
        (.rangeEnd(.lower, .outOfBounds(-1, .positive)), "the range's lower end: -1 is negative"),
        (.rangeInverted(low: 1e10, high: 1e6), "inverted"),
        (.rangeInverted(low: 5, high: 5), "empty"),
        (.rangeEnd(.upper, .notFinite("1e400")), "beyond the largest number"),
        (.rangeEnd(.upper, .notFinite("inf")), "not a finite number"),
        (.rangeSyntax("1e6"), "not a range"),
        (.notANumber(.percentNotAllowed("75%")), "percentage"),
    ])
    func valueLimits(error: ValueError, fragment: String) {
        #expect(error.description.contains(fragment), "\(error)")
    }

    @Test("replicates without a plan: some leave the intervals over the others; all leave no intervals, and it says so")
    func replicatesWithoutPlan() {
        #expect(PlanWarning.replicatesWithoutPlan(count: 3, replicates: 20).message.contains("the intervals are over the others"))
        let none = PlanWarning.replicatesWithoutPlan(count: 20, replicates: 20).message
        #expect(none.contains("none of the 20") && none.contains("no intervals") && !none.contains("the others"))
    }
}
