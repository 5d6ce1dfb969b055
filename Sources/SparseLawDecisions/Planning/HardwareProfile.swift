import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a model costs to train, serve and store on some hardware, beside the dense model of the
/// same shape. Read from a JSON file (see `HardwareProfile.decode`) or one of the two built in:
/// `dense` (u = 1: the paper's dense FLOPs) and `ideal` (u = 1 / (1 - s): its sparse FLOPs).
///
/// Memory of the weights of N non-zeros at sparsity S, N_total = N / (1 - S), is the smaller of
/// dense storage and sparse storage (values plus index or bitmask overhead):
///
///     memory(N, S) = min(N_total bytesPerValue, N bytesPerNonzero + N_total bytesPerParameter)
///
/// linear in N at fixed S; sparse storage exists only when `bytesPerNonzero` is given.
public struct HardwareProfile: Sendable, Equatable {
    public var name: String
    public var source: String?
    /// Training speedup u(s).
    public var training: SpeedupCurve
    /// Inference speedup v(s); the training curve when the file gives none.
    public var inference: SpeedupCurve
    /// Bytes per weight stored densely (every weight, zero or not). 2 (bfloat16) by default.
    public var bytesPerValue: Double
    /// Bytes per non-zero stored sparsely (value and index); nil: no sparse storage.
    public var bytesPerNonzero: Double?
    /// Bytes per weight, zero or not, on top of sparse storage (a bitmask: 1/8).
    public var bytesPerParameter: Double
    /// Structured (n:m) formats at a fixed sparsity, used where the law has a constant for them.
    public var patterns: [PatternProfile]
    /// Peak dense throughput of one accelerator, in FLOP/s.
    public var flopsPerSecond: Double?
    /// The fraction of the peak a training or serving run achieves, in (0, 1]; 1 when absent.
    public var utilization: Double?
    /// Price of one accelerator for an hour, in any currency.
    public var pricePerHour: Double?
    /// How the measured curves are read between their points (`SpeedupInterpolation`).
    public var interpolation: SpeedupInterpolation = .linear

    public init(name: String, source: String? = nil, training: SpeedupCurve, inference: SpeedupCurve? = nil,
                bytesPerValue: Double = 2, bytesPerNonzero: Double? = nil, bytesPerParameter: Double = 0,
                patterns: [PatternProfile] = [], flopsPerSecond: Double? = nil, utilization: Double? = nil, pricePerHour: Double? = nil) {
        self.name = name
        self.source = source
        self.training = training
        self.inference = inference ?? training
        self.bytesPerValue = bytesPerValue
        self.bytesPerNonzero = bytesPerNonzero
        self.bytesPerParameter = bytesPerParameter
        self.patterns = patterns
        self.flopsPerSecond = flopsPerSecond
        self.utilization = utilization
        self.pricePerHour = pricePerHour
    }

    /// Every weight computed, stored densely at 2 bytes: the paper's dense FLOPs.
    public static let dense = HardwareProfile(name: "dense", training: .dense)

    /// Only non-zeros computed, at full speed, and stored at 2 bytes each with no index: the
    /// paper's sparse FLOPs, and the best any sparse kernel and format could do.
    public static let ideal = HardwareProfile(name: "ideal", training: .ideal, bytesPerNonzero: 2)

    public static let builtinNames = ["dense", "ideal"]

    public static func builtin(named name: String) -> HardwareProfile? {
        switch name {
        case "dense": return .dense
        case "ideal": return .ideal
        default: return nil
        }
    }

    /// The cost model of `optimal` this profile's training curve is, when it is one of the two
    /// closed forms: there the answers are those of `SparsityOptimizer`, exactly.
    public func costModel(schedule: PruningSchedule) -> CostModel? {
        switch training {
        case .dense: return .denseFLOPs
        case .ideal: return .sparseFLOPs(schedule)
        case .measured: return nil
        }
    }

    /// How the weights are stored.
    public enum StorageFormat: String, Sendable, Codable {
        case dense, sparse
    }

    /// Bytes of weight storage per non-zero parameter at sparsity S, memory(1, S), and the format
    /// that gives it. A pattern with its own `bytesPerNonzero` stores that per non-zero and nothing
    /// per weight (its index is per non-zero, as in 2:4's 2 bits); otherwise the profile's sparse
    /// format applies.
    public func storage(sparsity: Double, pattern: PatternProfile? = nil) -> (bytesPerNonzero: Double, format: StorageFormat) {
        let dense = bytesPerValue / (1 - sparsity)
        let (perNonzero, perParameter) = pattern?.bytesPerNonzero.map { ($0, 0.0) } ?? (bytesPerNonzero, bytesPerParameter)
        guard sparsity > 0, let perNonzero else { return (dense, .dense) }
        let sparse = perNonzero + perParameter / (1 - sparsity)
        return sparse < dense ? (sparse, .sparse) : (dense, .dense)
    }

    /// memory(N, S) in bytes.
    public func memory(nonZeroParams: Double, sparsity: Double) -> Double {
        nonZeroParams * storage(sparsity: sparsity).bytesPerNonzero
    }

    /// Accelerator-seconds for a cost in dense FLOPs: cost / (flopsPerSecond utilization); nil
    /// without a throughput.
    public func seconds(denseFLOPs: Double) -> Double? {
        flopsPerSecond.map { denseFLOPs / ($0 * (utilization ?? 1)) }
    }

    /// The price of those accelerator-seconds: seconds / 3600 pricePerHour; nil without a price.
    public func money(denseFLOPs: Double) -> Double? {
        guard let pricePerHour, let seconds = seconds(denseFLOPs: denseFLOPs) else { return nil }
        return seconds / 3600 * pricePerHour
    }
}

/// A structured (n:m) format: its fixed sparsity, speedups, and storage.
public struct PatternProfile: Sendable, Equatable {
    /// The name the law's pattern constant carries, e.g. "2:4".
    public var pattern: String
    public var sparsity: Double
    public var training: Double
    /// The training speedup when the file gives none.
    public var inference: Double
    /// Bytes per non-zero in the pattern's format; the profile's when the file gives none.
    public var bytesPerNonzero: Double?

    public init(pattern: String, sparsity: Double, training: Double, inference: Double? = nil, bytesPerNonzero: Double? = nil) {
        self.pattern = pattern
        self.sparsity = sparsity
        self.training = training
        self.inference = inference ?? training
        self.bytesPerNonzero = bytesPerNonzero
    }
}
