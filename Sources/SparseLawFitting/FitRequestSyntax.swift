import SparseLawCore
import SparseLawLaws

/// Coefficients held fixed in a fit, as written: `NAME=VALUE`, e.g. `bS=0.722`.
///
/// The rules, checked in this order for each specification:
/// - it has an `=`; the name and the value around it are trimmed of white space;
/// - the value is a positive number in the project's number syntax (`ValueSyntax`);
/// - the name is a coefficient of the law's form;
/// - no name is given twice.
public enum FixedCoefficientSyntax {
    /// The coefficients by name, in the data's units.
    public static func parse(_ specifications: [String], form: LawForm) throws(FixedCoefficientError) -> [String: Double] {
        var result: [String: Double] = [:]
        for specification in specifications {
            let parts = specification.split(separator: "=", maxSplits: 1).map(trimmed)
            guard parts.count == 2 else { throw .malformed(specification: specification) }
            let value: Double
            do { value = try ValueSyntax.number(parts[1], in: .positive) } catch {
                throw .badValue(specification: specification, error)
            }
            guard form.coefficientNames.contains(parts[0]) else {
                throw .unknownName(specification: specification, name: parts[0], form: form)
            }
            if result[parts[0]] != nil { throw .repeated(name: parts[0]) }
            result[parts[0]] = value
        }
        return result
    }

    /// `text` without leading or trailing white space (any Unicode white space, as people paste it).
    private static func trimmed(_ text: Substring) -> String {
        String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}

/// Why a fixed coefficient's specification was refused.
public enum FixedCoefficientError: Error, Diagnostic {
    /// No `=` between a name and a value.
    case malformed(specification: String)
    /// The value is not a positive number.
    case badValue(specification: String, ValueError)
    /// The name is not a coefficient of `form`.
    case unknownName(specification: String, name: String, form: LawForm)
    /// The same coefficient is fixed twice.
    case repeated(name: String)

    public var code: String {
        switch self {
        case .malformed: return "fit.fix-malformed"
        case .badValue: return "fit.fix-bad-value"
        case .unknownName: return "fit.fix-unknown-coefficient"
        case .repeated: return "fit.fix-repeated"
        }
    }

    public var values: [String: JSONValue] {
        switch self {
        case .malformed(let specification), .badValue(let specification, _): return ["specification": .text(specification)]
        case let .unknownName(specification, name, form):
            return ["specification": .text(specification), "coefficient": .text(name), "form": .text(form.rawValue)]
        case .repeated(let name): return ["coefficient": .text(name)]
        }
    }
}

extension HoldoutRule {
    /// `largest` (the largest model size), `tokens` (the most data), or a count K of the largest
    /// sizes, a whole number from 1 with the number syntax of every value (`ValueSyntax`).
    public static func parse(_ text: String) throws(HoldoutRuleError) -> HoldoutRule {
        switch text {
        case "largest": return .largestParams(1)
        case "tokens": return .longestTokens
        default:
            do { return .largestParams(try ValueSyntax.wholeNumber(text, in: 1...Int.max)) } catch {
                throw .notARule(text: text, error)
            }
        }
    }
}

/// Why a hold-out rule was refused: it is neither word, nor a count from 1.
public enum HoldoutRuleError: Error, Diagnostic {
    case notARule(text: String, ValueError)

    public var code: String { "fit.holdout-rule" }

    public var values: [String: JSONValue] {
        switch self {
        case .notARule(let text, _): return ["rule": .text(text)]
        }
    }
}
