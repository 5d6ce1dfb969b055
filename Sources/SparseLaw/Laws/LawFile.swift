import Foundation

/// A law as stored on disk: the JSON object that `fit --output` writes and the presets in
/// `data/laws/` hold. Only `form` and `coefficients` are required to read one.
public struct LawFile: Sendable, Codable, Equatable {
    public struct Units: Sendable, Codable, Equatable {
        /// What N counts, e.g. "parameters".
        public var params: String
        /// What D counts, e.g. "tokens" or "images".
        public var tokens: String

        public init(params: String = "parameters", tokens: String = "tokens") {
            self.params = params
            self.tokens = tokens
        }
    }

    /// The span of a quantity the law was fitted on.
    public struct Span: Sendable, Codable, Equatable {
        public var min: Double
        public var max: Double
    }

    /// What the law was fitted on, as `fit` records it; queries far outside extrapolate.
    public struct Ranges: Sendable, Codable, Equatable {
        public var params: Span?
        public var tokens: Span?
    }

    public var form: LawForm
    public var name: String?
    public var source: String?
    public var coefficients: [String: Double]
    public var units: Units?
    /// The largest sparsity the law was fitted on; queries beyond it extrapolate.
    public var maxFittedSparsity: Double?
    public var ranges: Ranges?
    /// Bootstrap replicates of the coefficients, when the law was fitted with `--bootstrap`.
    public var bootstrap: BootstrapRecord?
    /// One constant per structured (n:m) pattern, in place of aS (1 - S)^bS + cS, when the law was
    /// fitted on runs of such patterns.
    public var patterns: [PatternRecord]?

    /// A structured pattern's constant as the law file stores it.
    public struct PatternRecord: Sendable, Codable, Equatable {
        public var pattern: String
        public var q: Double
    }

    /// The pattern constants by name, each validated like a coefficient.
    public func patternConstants(file: String) throws(DataError) -> [String: Double] {
        var constants: [String: Double] = [:]
        for (index, record) in (patterns ?? []).enumerated() {
            guard record.q.isFinite, record.q > 0 else {
                throw DataError(file: file, field: "patterns[\(index)].q", reason: "\(record.q) is not a positive number")
            }
            constants[record.pattern.lowercased()] = record.q
        }
        return constants
    }

    /// The coefficient vectors of bootstrap refits, in `form.coefficientNames` order.
    public struct BootstrapRecord: Sendable, Codable, Equatable {
        public var requested: Int
        public var failed: Int
        public var seed: UInt64
        public var replicates: [[Double]]
    }

    /// The replicate laws, each validated like the law itself.
    public func replicateLaws(file: String) throws(DataError) -> [ScalingLaw] {
        guard let bootstrap else { return [] }
        var laws: [ScalingLaw] = []
        for (index, values) in bootstrap.replicates.enumerated() {
            guard values.count == form.coefficientNames.count, values.allSatisfy({ $0.isFinite && $0 > 0 }) else {
                throw DataError(file: file, field: "bootstrap.replicates[\(index)]", reason: "expected \(form.coefficientNames.count) positive numbers")
            }
            laws.append(ScalingLaw(form: form, coefficients: values))
        }
        return laws
    }

    public init(law: ScalingLaw, name: String? = nil, source: String? = nil, units: Units? = nil, maxFittedSparsity: Double? = nil) {
        self.form = law.form
        self.name = name
        self.source = source
        self.coefficients = Dictionary(uniqueKeysWithValues: zip(law.form.coefficientNames, law.coefficients))
        self.units = units
        self.maxFittedSparsity = maxFittedSparsity
    }

    /// The law, once every coefficient is present, finite and positive.
    public func law(file: String) throws(DataError) -> ScalingLaw {
        var values: [Double] = []
        for name in form.coefficientNames {
            guard let value = coefficients[name] else {
                throw DataError(file: file, field: "coefficients.\(name)", reason: "missing (a \(form.rawValue) law has \(form.coefficientNames.joined(separator: ", ")))")
            }
            guard value.isFinite, value > 0 else {
                throw DataError(file: file, field: "coefficients.\(name)", reason: "\(value) is not a positive number")
            }
            values.append(value)
        }
        return ScalingLaw(form: form, coefficients: values)
    }

    public static func read(path: String) throws(DataError) -> LawFile {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw DataError(file: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        return try decode(data, file: path)
    }

    public static func decode(_ data: Data, file: String) throws(DataError) -> LawFile {
        do {
            return try JSONDecoder().decode(LawFile.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw DataError(file: file, field: (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."), reason: "missing")
        } catch let DecodingError.typeMismatch(_, context) {
            throw DataError(file: file, field: context.codingPath.map(\.stringValue).joined(separator: "."), reason: "wrong type: \(context.debugDescription)")
        } catch let DecodingError.dataCorrupted(context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw DataError(file: file, field: field.isEmpty ? nil : field, reason: "not a law file: \(context.debugDescription)")
        } catch {
            throw DataError(file: file, reason: "not a law file (a JSON object with \"form\" and \"coefficients\")")
        }
    }
}
