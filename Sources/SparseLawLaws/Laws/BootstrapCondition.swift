import SparseLawCore

/// Answers built on bootstrap replicates some of which hold a coefficient at its bound (c = 0,
/// say) even after re-checking it on their resample: those replicates are fits of the law with
/// that term removed, so every interval built on them is conditional on the term being absent
/// there. The intervals are still the best the replicates give; the warning says what they
/// assume.
public struct BootstrapCondition: Diagnostic {
    /// Replicates holding each coefficient at 0, by coefficient name.
    public var heldAtBound: [String: Int]
    /// Replicates in all.
    public var replicates: Int

    public var code: String { "law.intervals-conditional-on-bound" }

    public var values: [String: JSONValue] {
        ["heldAtBound": .object(heldAtBound.mapValues { .integer($0) }), "replicates": .integer(replicates)]
    }
}

extension LawFile {
    /// The condition the law's replicates put on the answers built from them, or nil when no
    /// replicate holds a coefficient at its bound (or the law has no replicates).
    public var bootstrapCondition: BootstrapCondition? {
        guard let bootstrap, !bootstrap.replicates.isEmpty else { return nil }
        let held = (bootstrap.heldAtBound ?? [:]).filter { $0.value > 0 }
        return held.isEmpty ? nil : BootstrapCondition(heldAtBound: held, replicates: bootstrap.replicates.count)
    }
}
