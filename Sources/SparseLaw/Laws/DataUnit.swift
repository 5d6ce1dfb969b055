import Foundation

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
            law.B *= Foundation.pow(k, law.beta)
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
                values.count == form.coefficientNames.count && values.allSatisfy({ $0 > 0 && $0.isFinite })
                    ? ScalingLaw(form: form, coefficients: values).dataCounted(inUnitsSmallerBy: k).coefficients : values
            }
            converted.bootstrap = record
        }
        if let span = ranges?.tokens { converted.ranges?.tokens = Span(min: span.min * k, max: span.max * k) }
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
            name = text.replacingOccurrences(of: "`", with: "")
        case .complementOf, .totalParams, .absent: return "tokens"
        }
        let key = normalizedHeader(name)
        for (stem, unit) in [("image", "images"), ("example", "examples"), ("sample", "samples"), ("step", "steps"), ("iter", "steps")]
        where key.contains(stem) {
            return unit
        }
        return "tokens"
    }
}
