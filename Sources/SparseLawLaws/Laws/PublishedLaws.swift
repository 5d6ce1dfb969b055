import SparseLawCore
import SparseLawReader

/// The published laws, built into the library so that an installed binary needs no data files.
///
/// Each is the law file of the same name in the project's `data/laws/`, written out as values;
/// `PublishedLawTests` reads those files and checks every name, source, unit, coefficient and range
/// against these, so the two cannot drift apart.
///
/// The ranges are those of the runs each law was fitted on, so that queries beyond them are
/// flagged as for a fitted law. They were computed once with `sparselaw fit --json` from the
/// released runs in the anchor data sets (`ranges` of its output): T5 from `t5-data.csv` (N =
/// 169869312 scale (1 - S), D = 65536 steps), ViT from `vit-data.json` (N = 84934656 scale
/// (1 - S), D = total_examples), Chinchilla from the 245 digitized points of
/// `chinchilla-svg-extracted.csv` (N = Model Size, D = Training FLOP / (6 N)), and Epoch's refit
/// from the 240 left after dropping the 5 of highest loss, as Epoch did. `PublishedLawTests`
/// recomputes them from the anchors when they are present. The largest fitted sparsity is not
/// set: a preset's default cap stays `SparseScalingLaw.defaultMaxSparsity`.
public enum PublishedLaws {
    /// Frantar et al. (2023), Table 1: T5 on C4, N in non-zero parameters, D in tokens.
    public static let t5C4 = LawFile(
        law: .sparse(SparseScalingLaw(aS: 16.8, bS: 0.722, cS: 45.0, bN: 0.245, aD: 6.90e8, bD: 0.203, c: 0.651)),
        name: "t5-c4",
        source: "Frantar et al. 2023, Scaling Laws for Sparsely-Connected Foundation Models, Table 1 (T5 on C4)",
        units: .init(params: "non-zero parameters", tokens: "tokens"),
        ranges: .init(params: .init(min: 1327104, max: 84934656, distinct: 4), tokens: .init(min: 1.6384e10, max: 6.5536e10, distinct: 3),
                      loss: .init(min: 1.6029677006236294, max: 3.1256396912691886, distinct: 48), sparsities: [0, 0.5, 0.75, 0.875]))

    /// Frantar et al. (2023), Table 1: ViT on JFT-4B, D in images.
    public static let vitJFT = LawFile(
        law: .sparse(SparseScalingLaw(aS: 294.0, bS: 0.821, cS: 468.0, bN: 0.392, aD: 2.37e8, bD: 0.890, c: 4.517)),
        name: "vit-jft",
        source: "Frantar et al. 2023, Scaling Laws for Sparsely-Connected Foundation Models, Table 1 (ViT on JFT-4B)",
        units: .init(params: "non-zero parameters", tokens: "images"),
        ranges: .init(params: .init(min: 663552, max: 42467328, distinct: 7), tokens: .init(min: 2.25e8, max: 1.8e9, distinct: 4),
                      loss: .init(min: 5.2840933368, max: 9.7578700901, distinct: 112), sparsities: [0, 0.5, 0.75, 0.875, 0.9375]))

    /// Hoffmann et al. (2022), eq. 10: Chinchilla's dense law.
    public static let chinchilla = LawFile(
        law: .dense(DenseScalingLaw(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28)),
        name: "chinchilla",
        source: "Hoffmann et al. 2022, Training Compute-Optimal Large Language Models, eq. 10",
        units: .init(params: "parameters", tokens: "tokens"),
        ranges: .init(params: .init(min: 57334197.40687078, max: 16183346310.730501, distinct: 142),
                      tokens: .init(min: 245105957.9245427, max: 317754489343.9688, distinct: 245),
                      loss: .init(min: 2.0773942450664395, max: 5.005581996196243, distinct: 99)))

    /// Besiroglu et al. (2024): Epoch AI's refit of the digitized Chinchilla points.
    public static let chinchillaEpoch = LawFile(
        law: .dense(DenseScalingLaw(E: 1.817, A: 482.0, B: 2085.4, alpha: 0.348, beta: 0.366)),
        name: "chinchilla-epoch",
        source: "Besiroglu et al. 2024, Chinchilla Scaling: A replication attempt (Epoch AI), fit to the digitized Chinchilla points",
        units: .init(params: "parameters", tokens: "tokens"),
        ranges: .init(params: .init(min: 57334197.40687078, max: 16183346310.730501, distinct: 140),
                      tokens: .init(min: 818680776.817937, max: 317754489343.9688, distinct: 240),
                      loss: .init(min: 2.0773942450664395, max: 3.4059279641864753, distinct: 94)))

    /// All of them, in the order `laws` lists them.
    public static let all: [LawFile] = [t5C4, vitJFT, chinchilla, chinchillaEpoch]

    /// The law named `name`, if one is built in.
    public static func named(_ name: String) -> LawFile? {
        all.first { $0.name == name }
    }
}
