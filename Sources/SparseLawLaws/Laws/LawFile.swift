import SparseLawCore
import SparseLawReader
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A law as stored on disk: the JSON object that `fit` writes (inside its report) and that every
/// query reads, and the form of the presets in `data/laws/`. Only `form` and `coefficients` are
/// required to read one; a fit records everything else.
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
        /// Distinct values among the runs, when recorded.
        public var distinct: Int?

        public init(min: Double, max: Double, distinct: Int? = nil) {
            self.min = min
            self.max = max
            self.distinct = distinct
        }

        public init(_ range: RunSummary.Range) {
            self.init(min: range.min, max: range.max, distinct: range.distinct)
        }
    }

    /// What the law was fitted on; queries far outside extrapolate.
    public struct Ranges: Sendable, Codable, Equatable {
        public var params: Span?
        public var tokens: Span?
        public var loss: Span?
        /// The distinct sparsity levels of the runs, ascending.
        public var sparsities: [Double]?

        public init(params: Span? = nil, tokens: Span? = nil, loss: Span? = nil, sparsities: [Double]? = nil) {
            self.params = params
            self.tokens = tokens
            self.loss = loss
            self.sparsities = sparsities
        }

        /// The ranges of a set of runs.
        public init(_ summary: RunSummary) {
            self.init(params: Span(summary.params), tokens: Span(summary.tokens), loss: Span(summary.loss), sparsities: summary.sparsities)
        }
    }

    /// What a bootstrap resample draws.
    public enum BootstrapUnit: String, Sendable, Equatable, Codable {
        /// Runs, each with all of its rows: the unit when some run has several rows (`--reduce
        /// none`), since the rows of one run share its noise (its seed, its data order) and are
        /// not independent draws.
        case run
        /// Rows, each run a single row.
        case row
    }

    /// The coefficient vectors of bootstrap refits, in `form.coefficientNames` order.
    public struct BootstrapRecord: Sendable, Codable, Equatable {
        public var requested: Int
        public var failed: Int
        public var seed: UInt64
        public var replicates: [[Double]]
        /// Each replicate's pattern constants, in the order of `patterns`; nil without patterns.
        public var patternReplicates: [[Double]]?
        /// The coefficients the fit held at 0 whose intervals are one-sided, [0, upper]; nil for none.
        public var oneSided: [String]?
        /// For each coefficient some replicate still holds at 0 after re-checking the bound on its
        /// resample, how many do: every answer built on the replicates is conditional on the
        /// bound there. Nil (or empty) when none does.
        public var heldAtBound: [String: Int]?
        /// What the resamples drew: runs or rows (absent in files from before it was recorded: rows).
        public var unit: BootstrapUnit?
        /// Coefficients held at 0 whose interval's upper end is a profile-likelihood bound, not a
        /// percentile of the replicates (95% of which hold them at 0 too), by name.
        public var profileBounds: [String: Double]?

        public init(requested: Int, failed: Int, seed: UInt64, replicates: [[Double]], patternReplicates: [[Double]]? = nil,
                    oneSided: [String]? = nil, heldAtBound: [String: Int]? = nil, unit: BootstrapUnit? = nil) {
            self.unit = unit
            self.requested = requested
            self.failed = failed
            self.seed = seed
            self.replicates = replicates
            self.patternReplicates = patternReplicates
            self.oneSided = oneSided
            self.heldAtBound = heldAtBound
        }
    }

    /// The schema of the law files `fit` writes (its JSON report): read back, anything else is
    /// refused. Hand-written law files, such as the presets, leave it out.
    public static let writtenSchema = "sparselaw.fit/1"

    /// `writtenSchema` in files `fit` wrote; absent in hand-written ones.
    public var schema: String?
    public var form: LawForm
    public var name: String?
    public var source: String?
    public var coefficients: [String: Double]
    public var units: Units?
    /// The largest sparsity the law was fitted on; queries beyond it extrapolate.
    public var maxFittedSparsity: Double?
    public var ranges: Ranges?
    /// Bootstrap replicates of the coefficients, when the law was fitted with a bootstrap.
    public var bootstrap: BootstrapRecord?
    /// One constant per structured (n:m) pattern the law was fitted on, in place of its
    /// sparsity term.
    public var patterns: [PatternConstant]?

    public init(law: ScalingLaw, name: String? = nil, source: String? = nil, units: Units? = nil,
                maxFittedSparsity: Double? = nil, ranges: Ranges? = nil, bootstrap: BootstrapRecord? = nil) {
        self.form = law.form
        self.name = name
        self.source = source
        self.coefficients = Dictionary(uniqueKeysWithValues: zip(law.form.coefficientNames, law.coefficients))
        self.units = units
        self.maxFittedSparsity = maxFittedSparsity
        self.ranges = ranges
        self.bootstrap = bootstrap
    }

    /// The law, once every coefficient is present and finite, the exponents positive and the
    /// other coefficients positive or 0 (a term a fit found absent).
    public func law(file: String) throws(DataError) -> ScalingLaw {
        var values: [Double] = []
        for name in form.coefficientNames {
            guard let value = coefficients[name] else {
                throw DataError(file: file, field: "coefficients.\(name)", problem: .missingCoefficient(name: name, form: form))
            }
            guard form.admits(value, for: name) else {
                throw DataError(file: file, field: "coefficients.\(name)",
                                problem: form.exponentNames.contains(name) || !value.isFinite ? .coefficientNotPositive(value) : .coefficientNegative(value))
            }
            values.append(value)
        }
        // One value per name of the form, so the count matches.
        return ScalingLaw(form: form, coefficients: values)!
    }

    /// The replicate laws, each validated like the law itself.
    public func replicateLaws(file: String) throws(DataError) -> [ScalingLaw] {
        guard let bootstrap else { return [] }
        var laws: [ScalingLaw] = []
        for (index, values) in bootstrap.replicates.enumerated() {
            guard values.count == form.coefficientNames.count, zip(form.coefficientNames, values).allSatisfy({ form.admits($1, for: $0) }),
                  let law = ScalingLaw(form: form, coefficients: values) else {
                throw DataError(file: file, field: "bootstrap.replicates[\(index)]", problem: .replicateShape(expected: form.coefficientNames.count))
            }
            laws.append(law)
        }
        return laws
    }

    /// The replicates of a sparse law, as sparse laws (none for a dense law).
    public func sparseReplicates(file: String) throws(DataError) -> [SparseScalingLaw] {
        try replicateLaws(file: file).compactMap { law in
            if case .sparse(let sparse) = law { return sparse } else { return nil }
        }
    }

    public static func read(path: String, limit: Int = Limits.inputBytes) throws(DataError) -> LawFile {
        try decode(try InputFile.read(path: path, limit: limit), file: path)
    }

    /// The law file in `data`, checked: every number where the law and its queries can use it
    /// (see `validate`).
    public static func decode(_ data: Data, file: String) throws(DataError) -> LawFile {
        let decoded = try decodeJSON(data, file: file)
        try decoded.validate(file: file)
        return decoded
    }

    /// Refuses what JSON allows but a law file cannot mean: a largest fitted sparsity outside
    /// [0, 1), spans that are not positive or run backwards, fitted sparsities outside [0, 1),
    /// negative bootstrap counts, more failures than refits, more replicates than
    /// `Limits.bootstrapReplicates`. The coefficients themselves are checked by `law(file:)`.
    public func validate(file: String) throws(DataError) {
        if let maxFittedSparsity, !ValueBounds.sparsity.contains(maxFittedSparsity) {
            throw DataError(file: file, field: "maxFittedSparsity", problem: .outOfBounds(maxFittedSparsity, .sparsity))
        }
        for (name, span) in [("params", ranges?.params), ("tokens", ranges?.tokens), ("loss", ranges?.loss)] {
            guard let span else { continue }
            for (end, value) in [("min", span.min), ("max", span.max)] where !(value.isFinite && value > 0) {
                throw DataError(file: file, field: "ranges.\(name).\(end)", problem: .outOfBounds(value, .positive))
            }
            guard span.min <= span.max else {
                throw DataError(file: file, field: "ranges.\(name)", problem: .spanInverted(min: span.min, max: span.max))
            }
            if let distinct = span.distinct, distinct < 1 {
                throw DataError(file: file, field: "ranges.\(name).distinct", problem: .countOutOfRange(distinct, minimum: 1, maximum: nil))
            }
        }
        for (index, sparsity) in (ranges?.sparsities ?? []).enumerated() where !ValueBounds.sparsity.contains(sparsity) {
            throw DataError(file: file, field: "ranges.sparsities[\(index)]", problem: .outOfBounds(sparsity, .sparsity))
        }
        if let bootstrap {
            if bootstrap.requested < 0 || bootstrap.requested > Limits.bootstrapReplicates {
                throw DataError(file: file, field: "bootstrap.requested", problem: .countOutOfRange(bootstrap.requested, minimum: 0, maximum: Limits.bootstrapReplicates))
            }
            if bootstrap.failed < 0 || bootstrap.failed > bootstrap.requested {
                throw DataError(file: file, field: "bootstrap.failed", problem: .countOutOfRange(bootstrap.failed, minimum: 0, maximum: bootstrap.requested))
            }
            if bootstrap.replicates.count > Limits.bootstrapReplicates {
                throw DataError(file: file, field: "bootstrap.replicates", problem: .countOutOfRange(bootstrap.replicates.count, minimum: 0, maximum: Limits.bootstrapReplicates))
            }
            for (name, count) in (bootstrap.heldAtBound ?? [:]).sorted(by: { $0.key < $1.key }) where count < 0 || count > bootstrap.replicates.count {
                throw DataError(file: file, field: "bootstrap.heldAtBound.\(name)", problem: .countOutOfRange(count, minimum: 0, maximum: bootstrap.replicates.count))
            }
        }
        // Patterns are looked up by name, ignoring case (as the logs name them): two names that
        // one lookup cannot tell apart, "2:4" and "2:4" again, or spelt in other case or in
        // another Unicode normalization, would leave one constant silently unused.
        for (index, constant) in (patterns ?? []).enumerated() {
            guard !constant.pattern.isEmpty else { throw DataError(file: file, field: "patterns[\(index)].pattern", problem: .emptyPatternName) }
            if let first = patterns?[..<index].firstIndex(where: { $0.pattern.lowercased() == constant.pattern.lowercased() }) {
                throw DataError(file: file, field: "patterns[\(index)].pattern", problem: .duplicatePattern(constant.pattern, first: first))
            }
        }
    }

    /// The fields of a law file that hold whole numbers, read as any number, so that a fraction
    /// or a number beyond the integer type is named: the JSON decoder refuses it there without
    /// naming the field.
    struct WholeNumbers: Decodable {
        struct Span: Decodable { var distinct: Double? }
        struct Ranges: Decodable { var params, tokens, loss: Span? }
        struct Bootstrap: Decodable { var requested, failed, seed: Double? }
        var ranges: Ranges?
        var bootstrap: Bootstrap?

        /// Each field as its path, its value and its bounds.
        var fields: [(path: String, value: Double?, bounds: ClosedRange<Double>)] {
            let count = 0...Double(Int.max), distinct = 1...Double(Int.max)
            return [("ranges.params.distinct", ranges?.params?.distinct, distinct), ("ranges.tokens.distinct", ranges?.tokens?.distinct, distinct),
                    ("ranges.loss.distinct", ranges?.loss?.distinct, distinct), ("bootstrap.requested", bootstrap?.requested, count),
                    ("bootstrap.failed", bootstrap?.failed, count), ("bootstrap.seed", bootstrap?.seed, 0...Double(UInt64.max))]
        }
    }

    /// The first whole-number field that holds a fraction or a number beyond its bounds.
    static func wholeNumberError(in data: Data, file: String) -> DataError? {
        guard let numbers = try? JSONDecoder().decode(WholeNumbers.self, from: data) else { return nil }
        for field in numbers.fields {
            guard let value = field.value else { continue }
            if !field.bounds.contains(value) || value != value.rounded() {
                return DataError(file: file, field: field.path,
                                 problem: .notAWholeNumber(value, minimum: field.bounds.lowerBound, maximum: field.bounds.upperBound))
            }
        }
        return nil
    }

    private static func decodeJSON(_ bytes: Data, file: String) throws(DataError) -> LawFile {
        let data = try TextDecoding.jsonDocument(bytes, file: file)
        // Before the values are checked: a check of the first of two values would mislead.
        if let duplicate = DataError.duplicateJSONKey(in: [UInt8](data), file: file) { throw duplicate }
        let decoded: LawFile
        do {
            decoded = try JSONDecoder().decode(LawFile.self, from: data)
        } catch let DecodingError.dataCorrupted(context) where context.codingPath.map(\.stringValue) == ["form"] {
            // Name the form that was written, and the ones there are.
            struct FormOnly: Decodable { var form: String }
            let written = (try? JSONDecoder().decode(FormOnly.self, from: data))?.form ?? ""
            throw DataError(file: file, field: "form", problem: .unknownLawForm(written))
        } catch let DecodingError.keyNotFound(key, context) {
            throw DataError(file: file, field: (context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: "."), problem: .missingKey)
        } catch let DecodingError.typeMismatch(_, context) {
            throw DataError(file: file, field: context.codingPath.map(\.stringValue).joined(separator: "."), problem: .wrongType(detail: context.debugDescription))
        } catch let DecodingError.dataCorrupted(context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            if field.isEmpty, let deep = DataError.jsonTooDeep(in: [UInt8](data), file: file) { throw deep }
            if field.isEmpty, let overflow = JSONNumberScan.firstOverflow(in: [UInt8](data)) {
                throw DataError(file: file, field: overflow.path.isEmpty ? nil : overflow.path, problem: LawProblem.numberBeyondDouble(overflow.literal))
            }
            if field.isEmpty, let whole = wholeNumberError(in: data, file: file) { throw whole }
            throw DataError(file: file, field: field.isEmpty ? nil : field, problem: .notALawFile(detail: context.debugDescription))
        } catch {
            throw DataError(file: file, problem: .notALawFile(detail: nil))
        }
        if let schema = decoded.schema, schema != writtenSchema {
            throw DataError(file: file, field: "schema", problem: .unsupportedSchema(found: schema, supported: writtenSchema))
        }
        return decoded
    }
}
