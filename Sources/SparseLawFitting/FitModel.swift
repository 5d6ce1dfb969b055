import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A law form as the fitter sees it: coefficients as logarithms (theta = log coefficient, which
/// keeps every coefficient positive without bounds), N and D divided by their geometric means
/// (so that the coefficients are of order one whatever the data's units), and the form's linear
/// structure for the exponent search.
protocol FitModel: Sendable {
    var form: LawForm { get }
    var points: NormalizedPoints { get }
    var parameterCount: Int { get }
    /// The exponents the global search grids over, in log space: (lower, upper, points).
    var exponentAxes: [(lower: Double, upper: Double, count: Int)] { get }
    /// How many linear coefficients the exponents leave (the columns of `linearBasis`).
    var linearCount: Int { get }
    /// Positions of the exponents within theta, in `exponentAxes` order.
    var exponentIndices: [Int] { get }

    func predict(_ theta: [Double], at point: Int) -> Double
    func predict(_ theta: [Double], at point: Int, gradient: inout [Double]) -> Double
    /// The per-point factor an exponent (in log space) contributes to the design, exp(exponent x
    /// data), so that a lattice computes each power once per axis value, not once per point.
    func axisFactors(axis: Int, exponent: Double) -> [Double]
    /// The row of the design matrix of point `point` for fixed exponents, from one factor array
    /// per axis: the law is row . linear coefficients.
    func linearBasis(factors: [[Double]], at point: Int, into row: inout [Double])
    /// theta from exponents and positive linear coefficients.
    func theta(exponents: [Double], linear: [Double]) -> [Double]
    /// The coefficients in the data's own units.
    func coefficients(_ theta: [Double]) -> [Double]
    /// Their natural logarithms (-infinity for a coefficient at 0), finite even where a
    /// coefficient itself is beyond the range of a double.
    func logCoefficients(_ theta: [Double]) -> [Double]
    /// For each coefficient, the data field whose unit it carries a power of (nil: none).
    var coefficientUnits: [RunField?] { get }
    /// theta with linear coefficient `column` (in `linearBasis` order, normalized units) set to
    /// `value`; 0 gives -infinity, which makes its term vanish exactly.
    func settingLinear(_ theta: [Double], column: Int, value: Double) -> [Double]
    /// d coefficient_k / d theta_j (p x p, row-major), for propagating the covariance.
    func coefficientJacobian(_ theta: [Double]) -> [Double]
    /// The theta index of each linear coefficient, in `linearBasis` column order.
    var linearThetaIndices: [Int] { get }
    /// The theta indices of the exponents each linear coefficient's term involves, in
    /// `linearBasis` column order: an exponent whose terms all have coefficient 0 has no effect.
    var linearExponents: [[Int]] { get }
    /// The value of linear coefficient `column` at theta.
    func linearValue(_ theta: [Double], column: Int) -> Double
    /// theta's entry for coefficient `index` held at `value` (data units): log value minus
    /// exp(theta[coupledExponent]) x logScale when its normalization involves an exponent.
    func fixedTheta(index: Int, value: Double) -> (logValue: Double, coupledExponent: Int?, logScale: Double)
}

/// The points with N and D normalized, shared by both forms.
struct NormalizedPoints: Sendable {
    let count: Int
    /// log(N / N0), log(D / D0), log(1 - S).
    let logParams: [Double]
    let logTokens: [Double]
    let logDensity: [Double]
    let loss: [Double]
    /// N0 and D0: the geometric means of N and D.
    let paramsScale: Double
    let tokensScale: Double

    /// Normalized by the runs' own geometric means.
    init(_ runs: [TrainingRun]) {
        let lnN = runs.map { log($0.nonZeroParams) }, lnD = runs.map { log($0.tokens) }
        self.init(runs, paramsScale: exp(lnN.reduce(0, +) / Double(runs.count)), tokensScale: exp(lnD.reduce(0, +) / Double(runs.count)))
    }

    /// Normalized by given scales, so that coefficients in theta carry over between data sets
    /// (a bootstrap resample is normalized like the data it was drawn from).
    init(_ runs: [TrainingRun], paramsScale: Double, tokensScale: Double) {
        count = runs.count
        self.paramsScale = paramsScale
        self.tokensScale = tokensScale
        let meanN = log(paramsScale), meanD = log(tokensScale)
        logParams = runs.map { log($0.nonZeroParams) - meanN }
        logTokens = runs.map { log($0.tokens) - meanD }
        logDensity = runs.map { log1p(-$0.sparsity) }
        loss = runs.map(\.loss)
    }
}

/// L = (aS (1-S)^bS + cS) n^-bN + (aD / d)^bD + c in normalized n, d;
/// theta = log [aS, bS, cS, bN, aD, bD, c, q_1, ..., q_P].
///
/// Runs of a structured pattern p (n:m sparsity) replace aS (1-S)^bS + cS by their own constant
/// q_p and share bN, aD, bD and c with the unstructured runs.
struct SparseFitModel: FitModel {
    let points: NormalizedPoints
    /// For each point, the index of its structured pattern, or nil for unstructured.
    let patternOf: [Int?]
    let patternCount: Int

    init(points: NormalizedPoints, patternOf: [Int?]? = nil, patternCount: Int = 0) {
        self.points = points
        self.patternOf = patternOf ?? Array(repeating: nil, count: points.count)
        self.patternCount = patternCount
    }

    var form: LawForm { .sparse }
    var parameterCount: Int { 7 + patternCount }
    var linearCount: Int { 4 + patternCount }
    var exponentIndices: [Int] { [1, 3, 5] }
    var exponentAxes: [(lower: Double, upper: Double, count: Int)] {
        [(log(0.05), log(4.0), 10), (log(0.03), log(1.5), 12), (log(0.03), log(2.0), 12)]
    }

    @inline(__always)
    func predict(_ theta: [Double], at i: Int) -> Double {
        let sizeTerm = exp(-exp(theta[3]) * points.logParams[i])
        let dataTerm = exp(exp(theta[5]) * (theta[4] - points.logTokens[i]))
        let factor: Double
        if let pattern = patternOf[i] {
            factor = exp(theta[7 + pattern])
        } else {
            factor = exp(theta[0] + exp(theta[1]) * points.logDensity[i]) + exp(theta[2])
        }
        return factor * sizeTerm + dataTerm + exp(theta[6])
    }

    @inline(__always)
    func predict(_ theta: [Double], at i: Int, gradient g: inout [Double]) -> Double {
        let bN = exp(theta[3]), bD = exp(theta[5])
        let lnN = points.logParams[i]
        let c = exp(theta[6])
        let sizeTerm = exp(-bN * lnN)
        let dataExponent = theta[4] - points.logTokens[i]
        let dataTerm = exp(bD * dataExponent)
        for j in 7..<(7 + patternCount) { g[j] = 0 }
        let factor: Double
        if let pattern = patternOf[i] {
            factor = exp(theta[7 + pattern])
            g[0] = 0; g[1] = 0; g[2] = 0
            g[7 + pattern] = factor * sizeTerm
        } else {
            let bS = exp(theta[1]), lnU = points.logDensity[i]
            let densityTerm = exp(theta[0] + bS * lnU)
            let cS = exp(theta[2])
            factor = densityTerm + cS
            g[0] = densityTerm * sizeTerm
            g[1] = densityTerm * lnU * bS * sizeTerm
            g[2] = cS * sizeTerm
        }
        g[3] = -factor * sizeTerm * lnN * bN
        g[4] = dataTerm * bD
        // A data term held at 0 has theta[4] = -infinity: its slopes are 0, not 0 x infinity.
        g[5] = dataTerm == 0 ? 0 : dataTerm * dataExponent * bD
        g[6] = c
        return factor * sizeTerm + dataTerm + c
    }

    func axisFactors(axis: Int, exponent e: Double) -> [Double] {
        let value = exp(e)
        switch axis {
        case 0: return points.logDensity.map { exp(value * $0) }
        case 1: return points.logParams.map { exp(-value * $0) }
        default: return points.logTokens.map { exp(-value * $0) }
        }
    }

    func linearBasis(factors f: [[Double]], at i: Int, into row: inout [Double]) {
        let sizeTerm = f[1][i]
        for column in 4..<(4 + patternCount) { row[column] = 0 }
        if let pattern = patternOf[i] {
            row[0] = 0
            row[1] = 0
            row[4 + pattern] = sizeTerm
        } else {
            row[0] = f[0][i] * sizeTerm
            row[1] = sizeTerm
        }
        row[2] = f[2][i]
        row[3] = 1
    }

    func theta(exponents e: [Double], linear b: [Double]) -> [Double] {
        let bD = exp(e[2])
        // (aD / d)^bD = aD^bD d^-bD, so the linear coefficient of d^-bD is aD^bD.
        return [log(b[0]), e[0], log(b[1]), e[1], log(b[2]) / bD, e[2], log(b[3])]
            + (0..<patternCount).map { log(b[4 + $0]) }
    }

    func coefficients(_ theta: [Double]) -> [Double] {
        let bN = exp(theta[3])
        let sizeUnit = pow(points.paramsScale, bN)
        return [exp(theta[0]) * sizeUnit, exp(theta[1]), exp(theta[2]) * sizeUnit, bN,
                exp(theta[4]) * points.tokensScale, exp(theta[5]), exp(theta[6])]
            + (0..<patternCount).map { exp(theta[7 + $0]) * sizeUnit }
    }

    func logCoefficients(_ theta: [Double]) -> [Double] {
        let sizeUnit = exp(theta[3]) * log(points.paramsScale)
        return [theta[0] + sizeUnit, theta[1], theta[2] + sizeUnit, theta[3], theta[4] + log(points.tokensScale), theta[5], theta[6]]
            + (0..<patternCount).map { theta[7 + $0] + sizeUnit }
    }

    var coefficientUnits: [RunField?] { [.params, nil, .params, nil, .tokens, nil, nil] + Array(repeating: .params, count: patternCount) }

    func settingLinear(_ theta: [Double], column: Int, value: Double) -> [Double] {
        var result = theta
        // The data term's linear coefficient is aD^bD (normalized), and theta holds log aD.
        result[linearThetaIndices[column]] = column == 2 ? log(value) / exp(theta[5]) : log(value)
        return result
    }

    func coefficientJacobian(_ theta: [Double]) -> [Double] {
        let k = coefficients(theta), p = parameterCount
        var t = [Double](repeating: 0, count: p * p)
        let lnN0 = log(points.paramsScale)
        for j in 0..<p { t[j * p + j] = k[j] }
        // aS = exp(theta0 + exp(theta3) ln N0), and likewise cS and every q_p.
        for j in [0, 2] + Array(7..<p) { t[j * p + 3] = k[j] * k[3] * lnN0 }
        return t
    }

    var linearThetaIndices: [Int] { [0, 2, 4, 6] + Array(7..<(7 + patternCount)) }
    var linearExponents: [[Int]] { [[1, 3], [3], [5], []] + Array(repeating: [3], count: patternCount) }

    func linearValue(_ theta: [Double], column: Int) -> Double {
        column == 2 ? exp(theta[4] * exp(theta[5])) : exp(theta[linearThetaIndices[column]])
    }

    func fixedTheta(index: Int, value: Double) -> (logValue: Double, coupledExponent: Int?, logScale: Double) {
        switch index {
        case 0, 2: return (log(value), 3, log(points.paramsScale))
        case 4: return (log(value / points.tokensScale), nil, 0)
        default: return (log(value), nil, 0)
        }
    }
}

/// L = E + A n^-alpha + B d^-beta in normalized n, d; theta = log [E, A, B, alpha, beta].
struct DenseFitModel: FitModel {
    let points: NormalizedPoints
    var form: LawForm { .dense }
    var parameterCount: Int { 5 }
    var linearCount: Int { 3 }
    var exponentIndices: [Int] { [3, 4] }
    var exponentAxes: [(lower: Double, upper: Double, count: Int)] {
        [(log(0.03), log(2.0), 24), (log(0.03), log(2.0), 24)]
    }

    @inline(__always)
    func predict(_ theta: [Double], at i: Int) -> Double {
        exp(theta[0]) + exp(theta[1] - exp(theta[3]) * points.logParams[i]) + exp(theta[2] - exp(theta[4]) * points.logTokens[i])
    }

    @inline(__always)
    func predict(_ theta: [Double], at i: Int, gradient g: inout [Double]) -> Double {
        let alpha = exp(theta[3]), beta = exp(theta[4])
        let lnN = points.logParams[i], lnD = points.logTokens[i]
        let sizeTerm = exp(theta[1] - alpha * lnN), dataTerm = exp(theta[2] - beta * lnD), e = exp(theta[0])
        g[0] = e
        g[1] = sizeTerm
        g[2] = dataTerm
        g[3] = -sizeTerm * lnN * alpha
        g[4] = -dataTerm * lnD * beta
        return e + sizeTerm + dataTerm
    }

    func axisFactors(axis: Int, exponent e: Double) -> [Double] {
        let value = exp(e)
        return (axis == 0 ? points.logParams : points.logTokens).map { exp(-value * $0) }
    }

    func linearBasis(factors f: [[Double]], at i: Int, into row: inout [Double]) {
        row[0] = f[0][i]
        row[1] = f[1][i]
        row[2] = 1
    }

    func theta(exponents e: [Double], linear b: [Double]) -> [Double] {
        [log(b[2]), log(b[0]), log(b[1]), e[0], e[1]]
    }

    func coefficients(_ theta: [Double]) -> [Double] {
        let alpha = exp(theta[3]), beta = exp(theta[4])
        return [exp(theta[0]), exp(theta[1]) * pow(points.paramsScale, alpha), exp(theta[2]) * pow(points.tokensScale, beta), alpha, beta]
    }

    func logCoefficients(_ theta: [Double]) -> [Double] {
        [theta[0], theta[1] + exp(theta[3]) * log(points.paramsScale), theta[2] + exp(theta[4]) * log(points.tokensScale), theta[3], theta[4]]
    }

    var coefficientUnits: [RunField?] { [nil, .params, .tokens, nil, nil] }

    func settingLinear(_ theta: [Double], column: Int, value: Double) -> [Double] {
        var result = theta
        result[linearThetaIndices[column]] = log(value)
        return result
    }

    func coefficientJacobian(_ theta: [Double]) -> [Double] {
        let k = coefficients(theta), p = 5
        var t = [Double](repeating: 0, count: p * p)
        for j in 0..<p { t[j * p + j] = k[j] }
        t[1 * p + 3] = k[1] * k[3] * log(points.paramsScale)
        t[2 * p + 4] = k[2] * k[4] * log(points.tokensScale)
        return t
    }

    var linearThetaIndices: [Int] { [1, 2, 0] }
    var linearExponents: [[Int]] { [[3], [4], []] }

    func linearValue(_ theta: [Double], column: Int) -> Double { exp(theta[linearThetaIndices[column]]) }

    func fixedTheta(index: Int, value: Double) -> (logValue: Double, coupledExponent: Int?, logScale: Double) {
        switch index {
        case 1: return (log(value), 3, log(points.paramsScale))
        case 2: return (log(value), 4, log(points.tokensScale))
        default: return (log(value), nil, 0)
        }
    }
}
