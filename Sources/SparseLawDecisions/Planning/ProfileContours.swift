import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ProfileOptimizer {
    /// The contour of `level` at N on any profile: the least budget C in `range` at which the
    /// global optimum `optimum(params:compute:)` (the answer of `optimal --hardware`) reaches
    /// `level` (for level 0: leaves 0, where sparsity starts to pay, as under closed-form costs;
    /// see `reached`).
    /// A measured curve gives no closed form, and L(S) need not have one minimum, so the optimum
    /// may jump as C grows: the budgets of `range` are scanned (`points`, log-spaced) from below,
    /// and the first step at which the optimum reaches the level is bisected in log C to a
    /// relative 1e-9. nil when no budget of the range reaches it.
    ///
    /// Under dense FLOPs this is C_s(N) = 6 aD (bD / (aS bS))^(1/bD) N^(1 + bN/bD) (1 - s)^(-(bS + bD)/bD)
    /// (math.md section 5), whatever the curve's form.
    public func contourCompute(level: Double, params: Double, within range: ClosedRange<Double>, points: Int = 97) -> Double? {
        if reaches(level: level, params: params, compute: range.lowerBound) { return range.lowerBound }
        var below = range.lowerBound
        for compute in logSpaced(from: range.lowerBound, to: range.upperBound, count: max(points, 2)).dropFirst() {
            guard reaches(level: level, params: params, compute: compute) else { below = compute; continue }
            return contourCompute(level: level, params: params, above: below, atMost: compute)
        }
        return nil
    }

    /// Whether the optimum at (N, C) has reached the contour `level`: at or above it, and for
    /// level 0 above `Self.leavesZero`.
    public func reaches(level: Double, params: Double, compute: Double) -> Bool {
        Self.reached(optimum(params: params, compute: compute).sparsity, level: level)
    }

    /// Whether an optimum at `sparsity` has reached `level`. Where the optimum leaves 0
    /// continuously its polish returns values of order 1e-12 on either side of the contour: an
    /// optimum counts as sparse from 1e-6 on.
    public static func reached(_ sparsity: Double, level: Double) -> Bool {
        level > 0 ? sparsity >= level : sparsity > leavesZero
    }

    /// The sparsity from which an optimum is taken to have left 0.
    public static let leavesZero = 1e-6

    /// The least budget in (low, high] at which the optimum reaches `level`, where it does at
    /// `high` and not at `low`: bisected in log C to a relative 1e-9.
    public func contourCompute(level: Double, params: Double, above low: Double, atMost high: Double) -> Double {
        var (low, high) = (log(low), log(high))
        for _ in 0..<200 where high - low > 1e-9 {
            let middle = (low + high) / 2
            if reaches(level: level, params: params, compute: exp(middle)) { high = middle } else { low = middle }
        }
        return exp(high)
    }
}

/// The budget at which each sparsity becomes the global optimum on a measured profile, at a few
/// model sizes: the table `contours --hardware` prints.
public struct MeasuredContourTable: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var level: Double
        /// The contour's budget at each of `params`; nil where no budget of `compute` reaches it.
        public var compute: [Double?]
    }

    public var profile: HardwareProfile
    /// The smallest, the geometric middle and the largest size of the range.
    public var params: [Double]
    /// The budgets searched.
    public var compute: ClosedRange<Double>
    public var rows: [Row]
    /// C*(N) at each of `params`, the dense compute-optimal budget (the same on every profile).
    public var denseOptimal: [Double]

    public init(_ optimizer: ProfileOptimizer, levels: [Double], params: ClosedRange<Double>, compute: ClosedRange<Double>) {
        let sizes = [params.lowerBound, (params.lowerBound * params.upperBound).squareRoot(), params.upperBound]
        profile = optimizer.profile
        self.params = sizes
        self.compute = compute
        rows = levels.map { level in Row(level: level, compute: sizes.map { optimizer.contourCompute(level: level, params: $0, within: compute) }) }
        let dense = SparsityOptimizer(law: optimizer.law, cost: .denseFLOPs, maxSparsity: optimizer.cap)
        denseOptimal = sizes.map { dense?.denseOptimalCompute(params: $0) ?? .nan }
    }
}
