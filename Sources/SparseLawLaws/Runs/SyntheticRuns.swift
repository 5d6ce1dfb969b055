import SparseLawCore
import SparseLawReader

/// Runs drawn from a known law: every combination of the given sizes, sparsities and data
/// budgets, with loss = law x exp(noise x z), z standard normal. A dense law ignores sparsity.
///
/// This is how the project's example data and its recovery tests are made: a fit of these runs
/// should give back the law's coefficients, to within the noise. The runs are unnamed; written as
/// CSV they are named by their coordinates.
public struct SyntheticRuns: Sendable {
    public var law: ScalingLaw
    public var params: [Double]
    public var sparsities: [Double]
    public var tokens: [Double]
    /// The standard deviation of the multiplicative log-normal noise on the loss.
    public var noise: Double

    public init(law: ScalingLaw, params: [Double], sparsities: [Double], tokens: [Double], noise: Double) {
        self.law = law
        self.params = params
        self.sparsities = sparsities
        self.tokens = tokens
        self.noise = noise
    }

    public func generate(seed: UInt64) -> [TrainingRun] {
        var generator = SeededGenerator(seed: seed)
        var runs: [TrainingRun] = []
        for n in params {
            for s in sparsities {
                for d in tokens {
                    let exact = law.loss(nonZeroParams: n, sparsity: s, tokens: d)
                    let loss = exact * exp(noise * generator.nextNormal())
                    runs.append(TrainingRun(nonZeroParams: n, sparsity: s, tokens: d, loss: loss))
                }
            }
        }
        return runs
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
