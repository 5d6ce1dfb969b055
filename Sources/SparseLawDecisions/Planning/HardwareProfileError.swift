import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

/// Why a hardware profile cannot be used: the file, the field (a path such as `training[2]` or
/// `patterns[0].sparsity`), and what is wrong with it.
public struct HardwareProfileError: Error, Sendable, Equatable {
    public var file: String
    public var field: String?
    public var problem: Problem

    public init(file: String, field: String? = nil, problem: Problem) {
        self.file = file
        self.field = field
        self.problem = problem
    }

    public enum Problem: Sendable, Equatable {
        /// Neither a built-in name nor a file that exists.
        case noSuchProfile(builtins: [String])
        case unreadable
        /// The file cannot be read as input: a directory, a device, larger than the size limit.
        case input(FileProblem)
        /// Not JSON, or not a JSON object.
        case notAProfile
        case missing
        case wrongType(expected: String)
        case unknownField(known: [String])
        /// A curve given by name that is not `dense` or `ideal`.
        case unknownCurve(String)
        case tooFewPoints(count: Int)
        /// A curve of more points than `Limits.speedupCurvePoints`.
        case tooManyPoints(count: Int, limit: Int)
        /// More patterns than `Limits.profilePatterns`.
        case tooManyPatterns(count: Int, limit: Int)
        /// A curve point that is not two numbers.
        case notAPoint
        /// The first point must be (0, 1): no speedup at no sparsity.
        case firstPointNotDense(sparsity: Double, speedup: Double)
        case sparsityOutOfRange(Double)
        case sparsityNotIncreasing(previous: Double, value: Double)
        /// Speedups, throughputs and bytes per value must be positive and finite.
        case notPositive(Double)
        case negative(Double)
        case utilizationOutOfRange(Double)
        /// A throughput, utilization or price beyond `limit`, the end of its bounds in `Limits`
        /// that it crosses (the bounds keep the hours and price of a plan finite).
        case outOfBounds(Double, limit: Double)
        /// A price needs a throughput to turn FLOPs into hours.
        case priceWithoutThroughput
        case duplicatePattern(String)
        case emptyName
        /// A number JSON allows but no double holds (`1e400`), as written.
        case numberBeyondDouble(String)

        /// A stable identifier.
        public var code: String {
            switch self {
            case .noSuchProfile: return "profile.no-such-profile"
            case .unreadable: return "profile.unreadable"
            case .input(let problem): return problem.code
            case .notAProfile: return "profile.not-a-profile"
            case .missing: return "profile.missing-field"
            case .wrongType: return "profile.wrong-type"
            case .unknownField: return "profile.unknown-field"
            case .unknownCurve: return "profile.unknown-curve"
            case .tooFewPoints: return "profile.too-few-points"
            case .tooManyPoints: return "profile.too-many-points"
            case .tooManyPatterns: return "profile.too-many-patterns"
            case .notAPoint: return "profile.not-a-point"
            case .firstPointNotDense: return "profile.first-point-not-dense"
            case .sparsityOutOfRange: return "profile.sparsity-out-of-range"
            case .sparsityNotIncreasing: return "profile.sparsity-not-increasing"
            case .notPositive: return "profile.not-positive"
            case .negative: return "profile.negative"
            case .utilizationOutOfRange: return "profile.utilization-out-of-range"
            case .outOfBounds: return "profile.out-of-bounds"
            case .priceWithoutThroughput: return "profile.price-without-throughput"
            case .duplicatePattern: return "profile.duplicate-pattern"
            case .emptyName: return "profile.empty-name"
            case .numberBeyondDouble: return "profile.number-beyond-double"
            }
        }
    }
}

/// The problem and field found while decoding, before the file is known.
struct ProfileFieldError: Error {
    var field: String?
    var problem: HardwareProfileError.Problem
}
