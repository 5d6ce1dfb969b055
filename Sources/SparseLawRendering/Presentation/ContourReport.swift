import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawDecisions

/// `contours --json`: the table `contours` prints, as values (docs/json.md), and the files it
/// wrote.
public struct ContourReport: Sendable, Encodable {
    public struct Level: Sendable, Encodable {
        public var level: Double
        /// The budget at which the level becomes optimal at each of `params`; null on a measured
        /// profile where no budget of the range reaches it.
        public var compute: [Double?]
        /// C_s / C* (closed-form costs only: the same at every size).
        public var ratioToDenseOptimal: Double?
    }

    public let schema = OutputSchema.contours
    public var law: String
    /// `dense`, `sparse`, or `hardware` for a measured profile.
    public var cost: String
    public var hardware: String?
    public var dataUnit: String
    /// The smallest, the geometric middle and the largest size of the range.
    public var params: [Double]
    public var levels: [Level]
    /// C*(N) at each of `params`.
    public var denseOptimal: [Double]
    /// The lines' common slope in log-log axes (closed-form costs only).
    public var slope: Double?
    /// The budgets searched (measured profiles only).
    public var computeRange: [Double]?
    public var files: [String]
    /// What the bands rest on: replicates holding a coefficient at its bound.
    public var warnings: [DiagnosticRecord] = []

    /// Under a closed-form cost.
    public init(law: String, table: ContourTable, cost: CostModel, dataUnit: DataUnitResolution, files: [String]) {
        self.law = law
        self.cost = cost.name
        self.dataUnit = dataUnit.unit
        params = table.params
        levels = table.rows.map { Level(level: $0.level, compute: $0.compute, ratioToDenseOptimal: $0.ratioToDenseOptimal) }
        denseOptimal = table.denseOptimal
        slope = table.slope
        self.files = files
    }

    /// On a measured profile.
    public init(law: String, table: MeasuredContourTable, dataUnit: DataUnitResolution, files: [String]) {
        self.law = law
        cost = "hardware"
        hardware = table.profile.name
        self.dataUnit = dataUnit.unit
        params = table.params
        levels = table.rows.map { Level(level: $0.level, compute: $0.compute, ratioToDenseOptimal: nil) }
        denseOptimal = table.denseOptimal
        computeRange = [table.compute.lowerBound, table.compute.upperBound]
        self.files = files
    }

    private enum Keys: String, CodingKey {
        case schema, law, cost, hardware, dataUnit, params, levels, denseOptimal, slope, computeRange, files, warnings
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(schema, forKey: .schema)
        try container.encode(law, forKey: .law)
        try container.encode(cost, forKey: .cost)
        try container.encodeIfPresent(hardware, forKey: .hardware)
        try container.encode(dataUnit, forKey: .dataUnit)
        try container.encode(params, forKey: .params)
        try container.encode(levels, forKey: .levels)
        try container.encode(denseOptimal, forKey: .denseOptimal)
        try container.encodeIfPresent(slope, forKey: .slope)
        try container.encodeIfPresent(computeRange, forKey: .computeRange)
        try container.encode(files, forKey: .files)
        try container.encode(warnings, forKey: .warnings)
    }
}
