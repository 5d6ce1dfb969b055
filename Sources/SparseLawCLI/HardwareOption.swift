import ArgumentParser
import SparseLaw

/// `--hardware PROFILE`, shared by `optimal` and `plan`: a profile file, or `dense` or `ideal`.
struct HardwareOption: ParsableArguments {
    @Option(help: ArgumentHelp("A hardware profile: a JSON file of measured speedups and storage (see docs/planning.md), or a built-in: dense (every weight computed, as --cost dense) or ideal (only non-zeros, at full speed, as --cost sparse).", valueName: "profile"))
    var hardware: String?

    @Option(help: ArgumentHelp("How a measured speedup curve is read between its points: linear (the default) or step (the speedup of the measured point at or below each sparsity, a conservative reading).", valueName: "reading"))
    var speedupInterpolation: SpeedupInterpolation = .linear

    /// The profile asked for; `--cost` names one of the built-ins, and cannot be given with `--hardware`.
    func profile(cost: CostChoice?) throws -> HardwareProfile {
        guard let hardware else { return (cost ?? .dense).profile }
        if cost != nil { throw ValidationError("--cost and --hardware both say what training costs: give one (--cost dense is --hardware dense, --cost sparse is --hardware ideal)") }
        return try HardwareProfile.resolve(hardware).reading(speedupInterpolation)
    }
}

extension SpeedupInterpolation: ExpressibleByArgument {}
