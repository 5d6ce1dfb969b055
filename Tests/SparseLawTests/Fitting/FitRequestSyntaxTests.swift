import Testing
@testable import SparseLawCore
@testable import SparseLawReader
@testable import SparseLawLaws
@testable import SparseLawFitting
@testable import SparseLawRendering

@Suite("Fitting: the syntax of fixed coefficients and hold-out rules")
struct FitRequestSyntaxTests {
    @Test func fixedCoefficientsAreTrimmedAndKeyedByName() throws {
        let fixed = try FixedCoefficientSyntax.parse(["bS=0.722", " bN = 0.25 ", "aD=\t1.5B"], form: .sparse)
        #expect(fixed == ["bS": 0.722, "bN": 0.25, "aD": 1.5e9])
        #expect(try FixedCoefficientSyntax.parse([], form: .dense).isEmpty)
    }

    @Test func refusalsSayWhichRuleBroke() {
        func refusal(_ specifications: [String], form: LawForm = .sparse) -> FixedCoefficientError? {
            do throws(FixedCoefficientError) { _ = try FixedCoefficientSyntax.parse(specifications, form: form); return nil } catch { return error }
        }
        #expect(refusal(["bN"]) == .malformed(specification: "bN"))
        #expect(refusal(["bN=abc"])?.code == "fit.fix-bad-value")
        #expect(refusal(["bN=-1"])?.code == "fit.fix-bad-value")
        #expect(refusal(["x=1"]) == .unknownName(specification: "x=1", name: "x", form: .sparse))
        #expect(refusal(["bS=0.3"], form: .dense)?.code == "fit.fix-unknown-coefficient")
        #expect(refusal(["bN=0.3", "bN = 0.4"]) == .repeated(name: "bN"))
        // The value is checked before the name, as the message for `x=abc` reads.
        #expect(refusal(["x=abc"])?.code == "fit.fix-bad-value")
    }

    @Test func refusalsAreWorded() {
        #expect(FixedCoefficientError.repeated(name: "bN").description == "--fix names bN twice")
        #expect(FixedCoefficientError.unknownName(specification: "x=1", name: "x", form: .sparse).description
            == "--fix \"x=1\": x is not a coefficient of the sparse law (aS, bS, cS, bN, aD, bD, c)")
    }

    @Test func holdoutRules() throws {
        #expect(try HoldoutRule.parse("largest") == .largestParams(1))
        #expect(try HoldoutRule.parse("tokens") == .longestTokens)
        #expect(try HoldoutRule.parse("3") == .largestParams(3))
        #expect(HoldoutRule(argument: "2") == .largestParams(2))
        for text in ["bogus", "0", "1.5", ""] {
            #expect(throws: HoldoutRuleError.self) { try HoldoutRule.parse(text) }
            #expect(HoldoutRule(argument: text) == nil)
        }
        do throws(HoldoutRuleError) { _ = try HoldoutRule.parse("bogus") } catch {
            #expect(error.code == "fit.holdout-rule")
            #expect(error.description.hasPrefix("expected largest, tokens or a count K of the largest sizes: "))
        }
    }

    @Test func fitErrorsHaveStableCodes() {
        let errors: [FitError] = [
            .tooFewPoints(needed: 8, got: 3, form: .sparse), .noFiniteStart, .allStartsFailed(nil),
            .unknownFixedCoefficient(name: "x", form: .sparse), .fixedValueNotPositive(name: "bN", value: -1), .everyCoefficientFixed,
            .tooManyPatterns(["2:4"]), .constantLoss(3), .notFinite(fixed: [:]), .holdoutLeavesNothing(rule: .longestTokens, toFit: true),
            .unrepresentable(coefficient: "aD", log10Magnitude: 400, field: .tokens, scale: 1e9),
            .flatTermUnrepresentable(coefficient: "aD", log10Magnitude: 400, exponent: "bD", exponentValue: 0.001),
        ]
        let codes = errors.map(\.code)
        #expect(Set(codes).count == errors.count)
        for code in codes {
            #expect(code.hasPrefix("fit."))
            #expect(code.dropFirst(4).allSatisfy { $0.isLowercase || $0 == "-" })
        }
        #expect(FitError.constantLoss(3).values == ["loss": .number(3)])
    }

    @Test func aRefusedFitNamesItsFile() {
        let runs = [TrainingRun(nonZeroParams: 1e6, sparsity: 0, tokens: 1e9, loss: 3)]
        do throws(FitRefusal) {
            _ = try LawFitter.run(FitRequest(runs: runs, holdout: .longestTokens), file: "runs.csv")
            Issue.record("a single run was fitted")
        } catch {
            #expect(error.reason == .holdoutLeavesNothing(rule: .longestTokens, toFit: true))
            #expect(error.values["file"] == .text("runs.csv"))
            #expect(error.description == "runs.csv: --holdout tokens leaves nothing to fit on")
        }
    }
}
