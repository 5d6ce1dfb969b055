import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The compute at which each sparsity becomes optimal, at a few model sizes: the table that
/// `contours` prints beside its files.
public struct ContourTable: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var level: Double
        /// C_s(N) at each of `params`.
        public var compute: [Double]
        /// C_s / C* at the smallest size: how far past the dense compute-optimal budget the level
        /// becomes optimal (the same at every size, since the lines are parallel).
        public var ratioToDenseOptimal: Double
    }

    /// The smallest, the geometric middle and the largest size of the range.
    public var params: [Double]
    public var rows: [Row]
    /// C*(N) at each of `params`.
    public var denseOptimal: [Double]
    /// The common slope of the lines in log-log axes.
    public var slope: Double
}

extension SparsityQuery {
    /// The optimizer whose contours `contours` draws, once every level is checked: the profile's
    /// cost model, under which some budget makes a sparsity below the cap optimal, and levels in
    /// [0, cap].
    public func contourOptimizer(levels: [Double]) throws(QueryError) -> SparsityOptimizer {
        guard let optimizer = optimizer.closedForm else { throw .contoursNeedCostModel(profile: optimizer.profile.name) }
        if case .sparseFLOPs(let schedule) = optimizer.cost, schedule.meanSparsityFraction >= 1 { throw .noContours }
        guard levels.count <= Limits.contourLevels else { throw .tooManyLevels(count: levels.count, limit: Limits.contourLevels) }
        for (index, level) in levels.enumerated() {
            guard level >= 0 && level <= optimizer.maxSparsity else { throw .levelOutsideCap(level: level, cap: optimizer.maxSparsity) }
            // The same line twice in the table, the CSV and the figure says nothing more.
            if levels[..<index].contains(level) { throw .repeatedLevel(level) }
        }
        return optimizer
    }

    /// Checks that everything `contours` draws and writes over `params` (and `compute`, when
    /// given) is a finite positive number: each level's contour, the contours at 0 and at the
    /// cap that bound the figure's color field, the dense compute-optimal line, and every
    /// bootstrap replicate's contours. Each is a power law in N, so its values at the ends of the
    /// range bound those in between; the first that overflows or underflows is refused with the
    /// level and the N where it does.
    public func checkContours(levels: [Double], params: ClosedRange<Double>, compute: ClosedRange<Double>? = nil) throws(QueryError) {
        let optimizer = try contourOptimizer(levels: levels)
        let ends = [params.lowerBound, params.upperBound]
        guard ends.allSatisfy({ $0.isFinite && $0 > 0 }) else { throw .contourNotFinite(level: levels.first ?? 0, params: params.upperBound, replicate: nil) }
        if let compute, !(compute.lowerBound > 0 && compute.upperBound.isFinite) { throw .computeRangeNotFinite }
        let allLevels = [0] + levels + [optimizer.maxSparsity]
        for n in ends {
            let dense = optimizer.denseOptimalCompute(params: n)
            guard dense.isFinite, dense > 0 else { throw .denseOptimalNotFinite(params: n) }
            for level in allLevels {
                let value = optimizer.contourCompute(level: level, params: n)
                guard value.isFinite, value > 0, (value / dense).isFinite else { throw .contourNotFinite(level: level, params: n, replicate: nil) }
            }
        }
        for (index, law) in replicates.enumerated() {
            let replicate = optimizer.with(law: law)
            for n in ends {
                for level in levels {
                    let value = replicate.contourCompute(level: level, params: n)
                    guard value.isFinite, value > 0 else { throw .contourNotFinite(level: level, params: n, replicate: index) }
                }
            }
        }
    }
}

extension SparsityOptimizer {
    /// The table of contour budgets at the ends and the geometric middle of `params`.
    public func contourTable(levels: [Double], params: ClosedRange<Double>) -> ContourTable {
        let sizes = [params.lowerBound, (params.lowerBound * params.upperBound).squareRoot(), params.upperBound]
        let rows = levels.map { level in
            ContourTable.Row(level: level, compute: sizes.map { contourCompute(level: level, params: $0) },
                             ratioToDenseOptimal: contourCompute(level: level, params: sizes[0]) / denseOptimalCompute(params: sizes[0]))
        }
        return ContourTable(params: sizes, rows: rows, denseOptimal: sizes.map { denseOptimalCompute(params: $0) }, slope: contourSlope)
    }
}
