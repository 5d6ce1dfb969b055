/// The bounds every input is held to, so that no argument or file can make the tool run out of
/// memory, stack or time before it says why. Each refusal states the bound it met.
public enum Limits {
    /// The largest run log or law file read, in bytes, unless raised for one run (256 MB). A file
    /// is read whole and then parsed into a table several times its size, so the bound keeps the
    /// memory of a run to a few gigabytes at most.
    public static let inputBytes = 256_000_000
    /// The most `--max-input-size` may raise it to: 2^32 - 1 bytes (about 4.3 GB). The reader
    /// keeps a row's fields as 32-bit offsets into its bytes, and a file of this size already
    /// takes about 11 GB to read (docs/performance.md).
    public static let largestInputBytes = Int(UInt32.max)
    /// The most characters in a `NAME=EXPR` column expression.
    public static let expressionLength = 1_000
    /// The deepest nesting of parentheses and signs in a column expression: the parser and the
    /// evaluator recurse once per level.
    public static let expressionDepth = 64
    /// The most characters in a `--where` condition: its parser and evaluator recurse once per
    /// `and`, `or`, `not` and parenthesis, so the length bounds the depth of the tree.
    public static let conditionLength = 1_000
    /// The deepest nesting of parentheses and `not` in a `--where` condition, as for a column
    /// expression.
    public static let conditionDepth = expressionDepth
    /// The deepest nesting of protocol-buffer groups in an event record: unknown groups are
    /// skipped field by field, recursing once per level. TensorFlow's own parser stops at 100.
    public static let protobufGroupDepth = 100
    /// The deepest nesting of arrays and objects in a JSON document (the decoder's own bound):
    /// a deeper document is refused, not decoded.
    public static let jsonDepth = 512
    /// The most runs one simulation writes (the product of the three lists' lengths).
    public static let simulatedRuns = 1_000_000
    /// The most points of an optimal-sparsity grid (N x M), about 700 MB of CSV.
    public static let gridPoints = 10_000_000
    /// The most points per contour line.
    public static let contourPoints = 100_000
    /// The most contour levels (`contours --levels`): a figure of more is unreadable, and the
    /// CSV of as many lines of `contourPoints` points each holds as many rows as the largest grid.
    public static let contourLevels = 100
    /// The most bootstrap replicates of a fit, and that a law file may hold: every replicate is
    /// kept, in memory and in the law file (about 200 bytes each).
    public static let bootstrapReplicates = 100_000
    /// The peak throughputs a hardware profile may give for one accelerator, in FLOP/s: from one
    /// FLOP a second to 10^30 (today's accelerators give about 10^15).
    public static let profileThroughput: ClosedRange<Double> = 1...1e30
    /// The utilizations a hardware profile may give: from 10^-6 of the peak to all of it.
    public static let profileUtilization: ClosedRange<Double> = 1e-6...1
    /// The prices per accelerator-hour a hardware profile may give, in any currency: up to 10^12.
    /// With the throughput and utilization bounds, hours and prices of any budget up to 10^280
    /// dense FLOPs are finite; a plan whose hours or price would still overflow is not a plan.
    public static let profilePricePerHour: ClosedRange<Double> = 0...1e12
    /// The most points of one speedup curve of a hardware profile. A search over a measured
    /// curve scans every measured point, and each scanned or polished sparsity costs a quadrature
    /// over the pieces below it, exact, with no interpolation: O(n^2) for the scan, shared by
    /// bootstrap replicates, and O(n) per polished point. Kernel benchmarks measure tens of
    /// sparsities (a sweep in steps of 0.01 is 100); at 256 points a plan takes 0.06 s and one
    /// with 200 replicates about 2 s of CPU (docs/performance.md).
    public static let speedupCurvePoints = 256
    /// The most structured patterns a hardware profile may list: each is an option of every plan.
    public static let profilePatterns = 100
}
