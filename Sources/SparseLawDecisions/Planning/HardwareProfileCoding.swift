import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws
import FoundationEssentials

/// The profile file, a JSON object:
///
///     {"name": "my-cluster", "source": "measured with our kernels, 2026-11",
///      "training":  [[0, 1.0], [0.5, 1.3], [0.9, 2.0]],
///      "inference": [[0, 1.0], [0.5, 1.5], [0.9, 3.2]],
///      "bytesPerValue": 2, "bytesPerNonzero": 2.25, "bytesPerParameter": 0,
///      "patterns": [{"pattern": "2:4", "sparsity": 0.5, "training": 1.1, "inference": 1.4,
///                    "bytesPerNonzero": 2.25}],
///      "flopsPerSecond": 9.9e14, "utilization": 0.4, "pricePerHour": 2.5}
///
/// Only `training` is required; a curve may also be the name "dense" or "ideal". Decoding
/// validates every field and refuses unknown ones (a misspelt key would otherwise be a silent
/// default), naming the field in a `ProfileFieldError`.
extension HardwareProfile: Codable {
    static let knownKeys = ["name", "source", "training", "inference", "bytesPerValue", "bytesPerNonzero", "bytesPerParameter",
                            "patterns", "flopsPerSecond", "utilization", "pricePerHour"]

    public init(from decoder: Decoder) throws {
        let fields = try ProfileFields(decoder, known: Self.knownKeys, path: "")
        let name = try fields.string("name") ?? ""
        guard let training = try fields.curve("training") else { throw ProfileFieldError(field: "training", problem: .missing) }
        let inference = try fields.curve("inference")
        let bytesPerValue = try fields.number("bytesPerValue").map { value throws(ProfileFieldError) in
            guard value > 0 else { throw ProfileFieldError(field: "bytesPerValue", problem: .notPositive(value)) }
            return value
        } ?? 2
        let bytesPerNonzero = try fields.positive("bytesPerNonzero")
        let bytesPerParameter = try fields.nonNegative("bytesPerParameter") ?? 0
        let flopsPerSecond = try fields.positive("flopsPerSecond")
        try Self.check(flopsPerSecond, within: Limits.profileThroughput, field: "flopsPerSecond")
        let utilization = try fields.number("utilization")
        if let utilization, !(utilization > 0 && utilization <= 1) {
            throw ProfileFieldError(field: "utilization", problem: .utilizationOutOfRange(utilization))
        }
        try Self.check(utilization, within: Limits.profileUtilization, field: "utilization")
        let pricePerHour = try fields.nonNegative("pricePerHour")
        try Self.check(pricePerHour, within: Limits.profilePricePerHour, field: "pricePerHour")
        if pricePerHour != nil, flopsPerSecond == nil { throw ProfileFieldError(field: "pricePerHour", problem: .priceWithoutThroughput) }
        var patterns: [PatternProfile] = []
        let patternObjects = try fields.objects("patterns")
        guard patternObjects.count <= Limits.profilePatterns else {
            throw ProfileFieldError(field: "patterns", problem: .tooManyPatterns(count: patternObjects.count, limit: Limits.profilePatterns))
        }
        for (index, pattern) in patternObjects.enumerated() {
            let path = "patterns[\(index)]"
            let pattern = try ProfileFields(pattern, known: ["pattern", "sparsity", "training", "inference", "bytesPerNonzero"], path: path)
            guard let patternName = try pattern.string("pattern") else { throw ProfileFieldError(field: path + ".pattern", problem: .missing) }
            guard !patternName.isEmpty else { throw ProfileFieldError(field: path + ".pattern", problem: .emptyName) }
            if patterns.contains(where: { $0.pattern.lowercased() == patternName.lowercased() }) {
                throw ProfileFieldError(field: path + ".pattern", problem: .duplicatePattern(patternName))
            }
            guard let sparsity = try pattern.number("sparsity") else { throw ProfileFieldError(field: path + ".sparsity", problem: .missing) }
            guard sparsity > 0, sparsity < 1 else { throw ProfileFieldError(field: path + ".sparsity", problem: .sparsityOutOfRange(sparsity)) }
            guard let trainingSpeedup = try pattern.positive("training") else { throw ProfileFieldError(field: path + ".training", problem: .missing) }
            patterns.append(PatternProfile(pattern: patternName, sparsity: sparsity, training: trainingSpeedup,
                                           inference: try pattern.positive("inference"), bytesPerNonzero: try pattern.positive("bytesPerNonzero")))
        }
        self.init(name: name, source: try fields.string("source"), training: training, inference: inference,
                  bytesPerValue: bytesPerValue, bytesPerNonzero: bytesPerNonzero, bytesPerParameter: bytesPerParameter,
                  patterns: patterns, flopsPerSecond: flopsPerSecond, utilization: utilization, pricePerHour: pricePerHour)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: ProfileKey.self)
        try container.encode(name, forKey: ProfileKey("name"))
        try container.encodeIfPresent(source, forKey: ProfileKey("source"))
        try encodeCurve(training, in: &container, key: "training")
        if inference != training { try encodeCurve(inference, in: &container, key: "inference") }
        try container.encode(bytesPerValue, forKey: ProfileKey("bytesPerValue"))
        try container.encodeIfPresent(bytesPerNonzero, forKey: ProfileKey("bytesPerNonzero"))
        try container.encode(bytesPerParameter, forKey: ProfileKey("bytesPerParameter"))
        if !patterns.isEmpty {
            var list = container.nestedUnkeyedContainer(forKey: ProfileKey("patterns"))
            for pattern in patterns {
                var entry = list.nestedContainer(keyedBy: ProfileKey.self)
                try entry.encode(pattern.pattern, forKey: ProfileKey("pattern"))
                try entry.encode(pattern.sparsity, forKey: ProfileKey("sparsity"))
                try entry.encode(pattern.training, forKey: ProfileKey("training"))
                try entry.encode(pattern.inference, forKey: ProfileKey("inference"))
                try entry.encodeIfPresent(pattern.bytesPerNonzero, forKey: ProfileKey("bytesPerNonzero"))
            }
        }
        try container.encodeIfPresent(flopsPerSecond, forKey: ProfileKey("flopsPerSecond"))
        try container.encodeIfPresent(utilization, forKey: ProfileKey("utilization"))
        try container.encodeIfPresent(pricePerHour, forKey: ProfileKey("pricePerHour"))
    }

    private func encodeCurve(_ curve: SpeedupCurve, in container: inout KeyedEncodingContainer<ProfileKey>, key: String) throws {
        switch curve {
        case .dense: try container.encode("dense", forKey: ProfileKey(key))
        case .ideal: try container.encode("ideal", forKey: ProfileKey(key))
        case .measured(let points): try container.encode(points.map { [$0.sparsity, $0.speedup] }, forKey: ProfileKey(key))
        }
    }

    /// A profile from JSON, validated; errors name `file` and the field.
    /// Refuses a value given outside the bounds that keep a plan's hours and price finite.
    static func check(_ value: Double?, within bounds: ClosedRange<Double>, field: String) throws(ProfileFieldError) {
        if let value, !bounds.contains(value) {
            let limit = value < bounds.lowerBound ? bounds.lowerBound : bounds.upperBound
            throw ProfileFieldError(field: field, problem: .outOfBounds(value, limit: limit))
        }
    }

    public static func decode(_ bytes: Data, file: String) throws(HardwareProfileError) -> HardwareProfile {
        let data: Data
        do { data = try TextDecoding.jsonDocument(bytes, file: file) } catch {
            throw HardwareProfileError(file: file, problem: .input(error.problem(as: FileProblem.self) ?? .unreadable))
        }
        do {
            // Before the values are checked: a check of the first of two values would mislead.
            if let duplicate = JSONDuplicateKeys.first(in: [UInt8](data)) {
                throw ProfileFieldError(field: duplicate.path.isEmpty ? duplicate.key : duplicate.path + "." + duplicate.key,
                                        problem: .input(.duplicateJSONKey(duplicate)))
            }
            // A number no double holds would be "expected a number" from the decoder.
            if let overflow = JSONNumberScan.firstOverflow(in: [UInt8](data)) {
                throw ProfileFieldError(field: overflow.path.isEmpty ? nil : overflow.path, problem: .numberBeyondDouble(overflow.literal))
            }
            var profile = try JSONDecoder().decode(HardwareProfile.self, from: data)
            if profile.name.isEmpty {
                let stem = lastComponent(of: file)
                profile.name = stem.hasSuffix(".json") ? String(stem.dropLast(5)) : stem
            }
            return profile
        } catch let error as ProfileFieldError {
            throw HardwareProfileError(file: file, field: error.field, problem: error.problem)
        } catch {
            if JSONNesting.lineBeyond(Limits.jsonDepth, in: [UInt8](data)) != nil {
                throw HardwareProfileError(file: file, problem: .input(.jsonTooDeep(limit: Limits.jsonDepth)))
            }
            throw HardwareProfileError(file: file, problem: .notAProfile)
        }
    }

    /// A built-in profile by name (`dense`, `ideal`), or a profile file.
    /// `limit`: the largest profile file read, in bytes.
    public static func resolve(_ nameOrPath: String, limit: Int = Limits.inputBytes) throws(HardwareProfileError) -> HardwareProfile {
        let kind = FileKind(path: nameOrPath)
        if let builtin = builtin(named: nameOrPath), kind == .missing { return builtin }
        guard kind != .missing else { throw HardwareProfileError(file: nameOrPath, problem: .noSuchProfile(builtins: builtinNames)) }
        let data: Data
        do { data = try InputFile.read(path: nameOrPath, limit: limit) } catch {
            throw HardwareProfileError(file: nameOrPath, problem: .input(error.problem(as: FileProblem.self) ?? .unreadable))
        }
        return try decode(data, file: nameOrPath)
    }
}

struct ProfileKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// One JSON object of a profile, read field by field; every failure names its field.
private struct ProfileFields {
    let container: KeyedDecodingContainer<ProfileKey>
    let path: String

    init(_ decoder: Decoder, known: [String], path: String) throws(ProfileFieldError) {
        do { container = try decoder.container(keyedBy: ProfileKey.self) } catch {
            throw ProfileFieldError(field: path.isEmpty ? nil : path, problem: path.isEmpty ? .notAProfile : .wrongType(expected: "an object"))
        }
        self.path = path
        for key in container.allKeys where !known.contains(key.stringValue) {
            throw ProfileFieldError(field: field(key.stringValue), problem: .unknownField(known: known))
        }
    }

    func field(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// Present and not null.
    func has(_ key: String) -> Bool {
        container.contains(ProfileKey(key)) && ((try? container.decodeNil(forKey: ProfileKey(key))) == false)
    }

    func string(_ key: String) throws(ProfileFieldError) -> String? {
        guard has(key) else { return nil }
        do { return try container.decode(String.self, forKey: ProfileKey(key)) } catch {
            throw ProfileFieldError(field: field(key), problem: .wrongType(expected: "a string"))
        }
    }

    func number(_ key: String) throws(ProfileFieldError) -> Double? {
        guard has(key) else { return nil }
        do { return try container.decode(Double.self, forKey: ProfileKey(key)) } catch {
            throw ProfileFieldError(field: field(key), problem: .wrongType(expected: "a number"))
        }
    }

    func positive(_ key: String) throws(ProfileFieldError) -> Double? {
        guard let value = try number(key) else { return nil }
        guard value > 0, value.isFinite else { throw ProfileFieldError(field: field(key), problem: .notPositive(value)) }
        return value
    }

    func nonNegative(_ key: String) throws(ProfileFieldError) -> Double? {
        guard let value = try number(key) else { return nil }
        guard value >= 0, value.isFinite else { throw ProfileFieldError(field: field(key), problem: .negative(value)) }
        return value
    }

    /// The decoders of the objects in an array field (none when absent).
    func objects(_ key: String) throws(ProfileFieldError) -> [Decoder] {
        guard has(key) else { return [] }
        do {
            var list = try container.nestedUnkeyedContainer(forKey: ProfileKey(key))
            var decoders: [Decoder] = []
            while !list.isAtEnd { decoders.append(try list.superDecoder()) }
            return decoders
        } catch {
            throw ProfileFieldError(field: field(key), problem: .wrongType(expected: "an array of objects"))
        }
    }

    /// A speedup curve: "dense", "ideal", or [[sparsity, speedup], ...] from (0, 1), sparsities
    /// increasing within [0, 1), speedups positive.
    func curve(_ key: String) throws(ProfileFieldError) -> SpeedupCurve? {
        guard has(key) else { return nil }
        let name = field(key)
        if let word = try? container.decode(String.self, forKey: ProfileKey(key)) {
            switch word {
            case "dense": return .dense
            case "ideal": return .ideal
            default: throw ProfileFieldError(field: name, problem: .unknownCurve(word))
            }
        }
        var points: [SpeedupPoint] = []
        do {
            var list = try container.nestedUnkeyedContainer(forKey: ProfileKey(key))
            if let count = list.count, count > Limits.speedupCurvePoints {
                throw ProfileFieldError(field: name, problem: .tooManyPoints(count: count, limit: Limits.speedupCurvePoints))
            }
            while !list.isAtEnd {
                let index = list.currentIndex
                guard var pair = try? list.nestedUnkeyedContainer(), pair.count == 2,
                      let sparsity = try? pair.decode(Double.self), let speedup = try? pair.decode(Double.self) else {
                    throw ProfileFieldError(field: "\(name)[\(index)]", problem: .notAPoint)
                }
                points.append(SpeedupPoint(sparsity: sparsity, speedup: speedup))
            }
        } catch let error as ProfileFieldError {
            throw error
        } catch {
            throw ProfileFieldError(field: name, problem: .wrongType(expected: "a list of [sparsity, speedup] pairs, or \"dense\" or \"ideal\""))
        }
        guard points.count >= 2 else { throw ProfileFieldError(field: name, problem: .tooFewPoints(count: points.count)) }
        for (index, point) in points.enumerated() {
            let place = "\(name)[\(index)]"
            guard point.sparsity >= 0, point.sparsity < 1 else { throw ProfileFieldError(field: place, problem: .sparsityOutOfRange(point.sparsity)) }
            guard point.speedup > 0, point.speedup.isFinite else { throw ProfileFieldError(field: place, problem: .notPositive(point.speedup)) }
            if index == 0, point.sparsity != 0 || point.speedup != 1 {
                throw ProfileFieldError(field: place, problem: .firstPointNotDense(sparsity: point.sparsity, speedup: point.speedup))
            }
            if index > 0, point.sparsity <= points[index - 1].sparsity {
                throw ProfileFieldError(field: place, problem: .sparsityNotIncreasing(previous: points[index - 1].sparsity, value: point.sparsity))
            }
        }
        return .measured(points)
    }
}
