import SparseLawCore
import SparseLawReader
import SparseLawLaws

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A law in the design's coordinates: theta = the logarithms of its coefficients, with N and D
/// divided by the runs' geometric means Ng and Dg, so that every entry of theta is of order one
/// whatever the data's units (math.md sections 1 and 9).
///
/// Sparse: theta = log [aS', bS, cS', bN, aD', bD, c] with aS' = aS Ng^-bN, cS' = cS Ng^-bN,
/// aD' = aD / Dg, and L = (aS' (1-S)^bS + cS') n^-bN + (aD' / d)^bD + c, n = N / Ng, d = D / Dg.
/// Dense: theta = log [E, A', B', alpha, beta] with A' = A Ng^-alpha, B' = B Dg^-beta.
///
/// A coefficient at 0 (a term the fit dropped) has no logarithm: it is left out of the free
/// entries, and the design neither learns about it nor moves it.
package struct DesignModel: Sendable {
    package let form: LawForm
    package let paramsScale: Double
    package let tokensScale: Double
    /// The indices of theta that are free: the coefficients of the law at hand that are positive.
    package let free: [Int]

    package init(law: ScalingLaw, paramsScale: Double, tokensScale: Double) {
        form = law.form
        self.paramsScale = paramsScale
        self.tokensScale = tokensScale
        free = law.coefficients.indices.filter { law.coefficients[$0] > 0 && law.coefficients[$0].isFinite }
    }

    /// Normalized by the geometric means of the runs' N and D.
    package init(law: ScalingLaw, runs: [TrainingRun]) {
        let count = Double(max(runs.count, 1))
        let logN = runs.reduce(0) { $0 + log($1.nonZeroParams) } / count
        let logD = runs.reduce(0) { $0 + log($1.tokens) } / count
        self.init(law: law, paramsScale: exp(logN), tokensScale: exp(logD))
    }

    /// theta of a law (its full length; -infinity where a coefficient is 0).
    package func theta(_ law: ScalingLaw) -> [Double] {
        let k = law.coefficients
        let lnNg = log(paramsScale), lnDg = log(tokensScale)
        switch form {
        case .sparse: return [log(k[0]) - k[3] * lnNg, log(k[1]), log(k[2]) - k[3] * lnNg, log(k[3]), log(k[4]) - lnDg, log(k[5]), log(k[6])]
        case .dense: return [log(k[0]), log(k[1]) - k[3] * lnNg, log(k[2]) - k[4] * lnDg, log(k[3]), log(k[4])]
        }
    }

    /// The law of theta, in the data's units; nil where a coefficient overflows.
    package func law(_ theta: [Double]) -> ScalingLaw? {
        let lnNg = log(paramsScale), lnDg = log(tokensScale)
        let coefficients: [Double]
        switch form {
        case .sparse:
            let bN = exp(theta[3])
            coefficients = [exp(theta[0] + bN * lnNg), exp(theta[1]), exp(theta[2] + bN * lnNg), bN, exp(theta[4] + lnDg), exp(theta[5]), exp(theta[6])]
        case .dense:
            let alpha = exp(theta[3]), beta = exp(theta[4])
            coefficients = [exp(theta[0]), exp(theta[1] + alpha * lnNg), exp(theta[2] + beta * lnDg), alpha, beta]
        }
        guard coefficients.allSatisfy(\.isFinite) else { return nil }
        return ScalingLaw(form: form, coefficients: coefficients)
    }

    /// theta with the free entries replaced by `values` (in `free` order).
    package func theta(_ base: [Double], free values: [Double]) -> [Double] {
        var result = base
        for (position, index) in free.enumerated() { result[index] = values[position] }
        return result
    }

    /// log L(N, S, D) and its gradient with respect to the free entries of theta (analytic).
    ///
    /// With T the law's terms, d log L / d theta_k = (d L / d theta_k) / L, and for an entry
    /// theta_k = log x_k: d L / d theta_k = x_k d L / d x_k, e.g. for the sparse law
    /// d L / d log bN = -(aS' (1-S)^bS + cS') n^-bN ln(n) bN and
    /// d L / d log bD = (aD' / d)^bD ln(aD' / d) bD.
    package func logPrediction(_ theta: [Double], params: Double, sparsity: Double, tokens: Double, gradient: inout [Double]) -> Double {
        let lnN = log(params / paramsScale), lnD = log(tokens / tokensScale)
        var full = [Double](repeating: 0, count: theta.count)
        let loss: Double
        switch form {
        case .sparse:
            let bS = exp(theta[1]), bN = exp(theta[3]), bD = exp(theta[5])
            let lnU = log1p(-sparsity)
            let sizeTerm = exp(-bN * lnN)
            let densityTerm = exp(theta[0] + bS * lnU)
            let constantTerm = exp(theta[2])
            let factor = densityTerm + constantTerm
            let dataLog = theta[4] - lnD
            let dataTerm = exp(bD * dataLog)
            full[0] = densityTerm * sizeTerm
            full[1] = densityTerm * lnU * bS * sizeTerm
            full[2] = constantTerm * sizeTerm
            full[3] = -factor * sizeTerm * lnN * bN
            full[4] = dataTerm * bD
            // A data term at 0 has theta[4] = -infinity: its slope is 0, not 0 x infinity.
            full[5] = dataTerm == 0 ? 0 : dataTerm * dataLog * bD
            full[6] = exp(theta[6])
            loss = factor * sizeTerm + dataTerm + full[6]
        case .dense:
            let alpha = exp(theta[3]), beta = exp(theta[4])
            let sizeTerm = exp(theta[1] - alpha * lnN), dataTerm = exp(theta[2] - beta * lnD)
            full[0] = exp(theta[0])
            full[1] = sizeTerm
            full[2] = dataTerm
            full[3] = -sizeTerm * lnN * alpha
            full[4] = -dataTerm * lnD * beta
            loss = full[0] + sizeTerm + dataTerm
        }
        for (position, index) in free.enumerated() { gradient[position] = full[index] / loss }
        return log(loss)
    }
}
