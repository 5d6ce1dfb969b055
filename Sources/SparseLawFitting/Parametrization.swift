import SparseLawCore
import SparseLawGSL
import SparseLawReader
import SparseLawLaws

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The free parameters the solver sees, and how the fitter's full parameter vector theta
/// (logarithms of normalized coefficients) follows from them when some coefficients are held
/// fixed with `--fix`.
///
/// A fixed coefficient is given in the data's units. Most become a constant entry of theta; a
/// scale coefficient whose normalization involves an exponent does not: aS = aS' N0^bN means
/// theta_aS = log aS - bN log N0, which moves with bN. Such entries are "coupled" to their
/// exponent, and the chain rule carries the coupling into the Jacobian.
struct Parametrization: Sendable {
    struct Fixed: Sendable {
        var index: Int
        var logValue: Double
        var coupledExponent: Int?
        var logScale: Double
    }

    let parameterCount: Int
    /// Indices into theta of the free parameters, in the solver's order.
    let free: [Int]
    let fixed: [Fixed]

    init<Model: FitModel>(model: Model, fixed values: [Int: Double]) {
        parameterCount = model.parameterCount
        free = (0..<model.parameterCount).filter { values[$0] == nil }
        fixed = values.keys.sorted().map { index in
            let entry = model.fixedTheta(index: index, value: values[index]!)
            return Fixed(index: index, logValue: entry.logValue, coupledExponent: entry.coupledExponent, logScale: entry.logScale)
        }
    }

    private init(parameterCount: Int, free: [Int], fixed: [Fixed]) {
        self.parameterCount = parameterCount
        self.free = free
        self.fixed = fixed
    }

    var isIdentity: Bool { fixed.isEmpty }

    /// The same parametrization with more entries of theta held at given values (theta's own
    /// units, not coupled to any exponent): a linear coefficient at its bound 0 (log value
    /// -infinity, so that its term vanishes exactly), or an exponent at a bound of the search.
    func holding(_ entries: [Int: Double]) -> Parametrization {
        let added = entries.keys.sorted().filter { free.contains($0) }
        return Parametrization(parameterCount: parameterCount, free: free.filter { !added.contains($0) },
                               fixed: fixed + added.map { Fixed(index: $0, logValue: entries[$0]!, coupledExponent: nil, logScale: 0) })
    }

    /// Overwrites the fixed entries of theta, given its exponents.
    func complete(_ theta: inout [Double]) {
        for entry in fixed where entry.coupledExponent == nil { theta[entry.index] = entry.logValue }
        for entry in fixed {
            if let exponent = entry.coupledExponent { theta[entry.index] = entry.logValue - exp(theta[exponent]) * entry.logScale }
        }
    }

    func theta(_ phi: [Double]) -> [Double] {
        var theta = [Double](repeating: 0, count: parameterCount)
        for (position, index) in free.enumerated() { theta[index] = phi[position] }
        complete(&theta)
        return theta
    }

    func phi(_ theta: [Double]) -> [Double] { free.map { theta[$0] } }

    /// d theta / d phi at theta (p x q, row-major).
    func derivative(_ theta: [Double]) -> [Double] {
        let q = free.count
        var matrix = [Double](repeating: 0, count: parameterCount * q)
        for (position, index) in free.enumerated() { matrix[index * q + position] = 1 }
        for entry in fixed {
            guard let exponent = entry.coupledExponent, let position = free.firstIndex(of: exponent) else { continue }
            matrix[entry.index * q + position] = -exp(theta[exponent]) * entry.logScale
        }
        return matrix
    }

    /// J_phi = J_theta (d theta / d phi), for n rows.
    func chain(_ jacobian: [Double], theta: [Double], rows: Int, into result: inout [Double]) {
        let p = parameterCount, q = free.count
        for i in 0..<rows {
            for (position, index) in free.enumerated() { result[i * q + position] = jacobian[i * p + index] }
            for entry in fixed {
                guard let exponent = entry.coupledExponent, let position = free.firstIndex(of: exponent) else { continue }
                result[i * q + position] += jacobian[i * p + entry.index] * (-exp(theta[exponent]) * entry.logScale)
            }
        }
    }
}

extension FitOptions {
    /// `fixed` by coefficient index of the form, refusing unknown names and non-positive values.
    func fixedIndices() throws(FitError) -> [Int: Double] {
        var result: [Int: Double] = [:]
        for (name, value) in fixed {
            guard let index = form.coefficientNames.firstIndex(of: name) else {
                throw .unknownFixedCoefficient(name: name, form: form)
            }
            guard value.isFinite, value > 0 else { throw .fixedValueNotPositive(name: name, value: value) }
            result[index] = value
        }
        if result.count == form.coefficientNames.count { throw .everyCoefficientFixed }
        return result
    }
}
