import SparseLawCore
import SparseLawReader
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ScalingLaw {
    /// The same law with D counted in a unit `k` times smaller, such as tokens instead of
    /// training steps of k tokens each: with D = D' / k, the sparse law's (aD / D)^bD becomes
    /// (aD k / D')^bD, so aD' = aD k; the dense law's B D^-beta becomes B k^beta D'^-beta. Every
    /// other coefficient is unchanged. k > 0.
    public func dataCounted(inUnitsSmallerBy k: Double) -> ScalingLaw {
        switch self {
        case .sparse(var law):
            law.aD *= k
            return .sparse(law)
        case .dense(var law):
            law.B *= pow(k, law.beta)
            return .dense(law)
        }
    }
}

extension LawFile {
    /// What D counts, as recorded in the file; "tokens" when it records nothing.
    public var dataUnit: String { units?.tokens ?? "tokens" }

    /// Whether D counts tokens, the unit in which training compute is C = 6 N D.
    public var dataCountsTokens: Bool { ["tokens", "token"].contains(dataUnit.lowercased()) }

    /// The same law with D in tokens, given `tokensPerUnit` tokens in one unit of D: the law and
    /// each replicate converted (`ScalingLaw.dataCounted(inUnitsSmallerBy:)`), the fitted range
    /// of D scaled, the unit recorded as tokens. Coefficients that fail to read are left as they
    /// are, to be refused when the law is read.
    public func dataInTokens(tokensPerUnit k: Double) -> LawFile {
        var converted = self
        if let original = try? law(file: "") {
            let scaled = original.dataCounted(inUnitsSmallerBy: k)
            converted.coefficients = Dictionary(uniqueKeysWithValues: zip(form.coefficientNames, scaled.coefficients))
        }
        if var record = bootstrap {
            record.replicates = record.replicates.map { values in
                guard values.allSatisfy({ $0 > 0 && $0.isFinite }), let law = ScalingLaw(form: form, coefficients: values) else { return values }
                return law.dataCounted(inUnitsSmallerBy: k).coefficients
            }
            converted.bootstrap = record
        }
        if let span = ranges?.tokens { converted.ranges?.tokens = Span(min: span.min * k, max: span.max * k, distinct: span.distinct) }
        converted.units = Units(params: units?.params ?? "parameters", tokens: "tokens")
        return converted
    }
}

extension FieldSource {
    /// What D counts when it is read from here, judged by the column's name: a column of
    /// images, examples, samples or steps (alone, not in an expression that converts it) counts
    /// those; anything else, tokens.
    public var impliedDataUnit: String {
        let name: String
        switch self {
        case .column(let column): name = column
        case .expression(let text):
            // `steps*65536` converts steps to tokens; `steps` alone still counts steps.
            guard text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "`" || $0 == " " }) else { return "tokens" }
            name = String(text.filter { $0 != "`" })
        case .complementOf, .totalParams, .assumedDense: return "tokens"
        }
        let key = normalizedHeader(name)
        for (stem, unit) in [("image", "images"), ("example", "examples"), ("sample", "samples"), ("step", "steps"), ("iter", "steps")]
        where key.contains(stem) {
            return unit
        }
        return "tokens"
    }
}

/// What to do with a law whose D does not count tokens, when a question involves compute.
public enum DataUnitChoice: Sendable, Equatable {
    /// Nothing said: only a law whose D counts tokens can answer.
    case tokensOnly
    /// One unit of D is this many tokens: convert the law.
    case tokensPerUnit(Double)
    /// Answer in the law's own unit of D, as if it were tokens.
    case lawUnit
}

/// How D of a law was made to serve a question of compute.
public enum DataUnitResolution: Sendable, Equatable {
    /// D counts tokens.
    case tokens
    /// D counted `from` and was converted at `tokensPerUnit` tokens each.
    case converted(from: String, tokensPerUnit: Double)
    /// D counts `unit`, taken for tokens as asked.
    case lawUnit(String)

    /// What D counts in the answer.
    public var unit: String {
        if case .lawUnit(let unit) = self { return unit }
        return "tokens"
    }

    public var tokensPerUnit: Double? {
        if case .converted(_, let k) = self { return k }
        return nil
    }
}

/// Why a law cannot answer a question of compute as asked.
public enum DataUnitError: Error, Sendable, Equatable {
    /// D counts `unit`, not tokens, and no conversion was chosen.
    case notTokens(law: String, unit: String)
    /// D counts tokens already: a conversion was given for nothing.
    case alreadyTokens(law: String)
}

extension LawFile {
    /// The law ready for a question of compute (C = 6 N D with D in tokens), as `choice` says,
    /// and how its D was treated. `name` is the law as the user named it, for messages.
    public func forCompute(_ choice: DataUnitChoice, name: String) throws(DataUnitError) -> (file: LawFile, dataUnit: DataUnitResolution) {
        switch (dataCountsTokens, choice) {
        case (true, .tokensPerUnit): throw .alreadyTokens(law: name)
        case (true, _): return (self, .tokens)
        case (false, .tokensPerUnit(let k)): return (dataInTokens(tokensPerUnit: k), .converted(from: dataUnit, tokensPerUnit: k))
        case (false, .lawUnit): return (self, .lawUnit(dataUnit))
        case (false, .tokensOnly): throw .notTokens(law: name, unit: dataUnit)
        }
    }
}
