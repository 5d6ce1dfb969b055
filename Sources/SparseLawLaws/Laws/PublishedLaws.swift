import SparseLawCore
import SparseLawReader

/// The published laws, built into the library so that an installed binary needs no data files.
///
/// Each is the law file of the same name in the project's `data/laws/`, written out as values;
/// `PublishedLawTests` reads those files and checks every name, source, unit and coefficient
/// against these, so the two cannot drift apart.
public enum PublishedLaws {
    /// Frantar et al. (2023), Table 1: T5 on C4, N in non-zero parameters, D in tokens.
    public static let t5C4 = LawFile(
        law: .sparse(SparseScalingLaw(aS: 16.8, bS: 0.722, cS: 45.0, bN: 0.245, aD: 6.90e8, bD: 0.203, c: 0.651)),
        name: "t5-c4",
        source: "Frantar et al. 2023, Scaling Laws for Sparsely-Connected Foundation Models, Table 1 (T5 on C4)",
        units: .init(params: "non-zero parameters", tokens: "tokens"))

    /// Frantar et al. (2023), Table 1: ViT on JFT-4B, D in images.
    public static let vitJFT = LawFile(
        law: .sparse(SparseScalingLaw(aS: 294.0, bS: 0.821, cS: 468.0, bN: 0.392, aD: 2.37e8, bD: 0.890, c: 4.517)),
        name: "vit-jft",
        source: "Frantar et al. 2023, Scaling Laws for Sparsely-Connected Foundation Models, Table 1 (ViT on JFT-4B)",
        units: .init(params: "non-zero parameters", tokens: "images"))

    /// Hoffmann et al. (2022), eq. 10: Chinchilla's dense law.
    public static let chinchilla = LawFile(
        law: .dense(DenseScalingLaw(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28)),
        name: "chinchilla",
        source: "Hoffmann et al. 2022, Training Compute-Optimal Large Language Models, eq. 10",
        units: .init(params: "parameters", tokens: "tokens"))

    /// Besiroglu et al. (2024): Epoch AI's refit of the digitized Chinchilla points.
    public static let chinchillaEpoch = LawFile(
        law: .dense(DenseScalingLaw(E: 1.817, A: 482.0, B: 2085.4, alpha: 0.348, beta: 0.366)),
        name: "chinchilla-epoch",
        source: "Besiroglu et al. 2024, Chinchilla Scaling: A replication attempt (Epoch AI), fit to the digitized Chinchilla points",
        units: .init(params: "parameters", tokens: "tokens"))

    /// All of them, in the order `laws` lists them.
    public static let all: [LawFile] = [t5C4, vitJFT, chinchilla, chinchillaEpoch]

    /// The law named `name`, if one is built in.
    public static func named(_ name: String) -> LawFile? {
        all.first { $0.name == name }
    }
}
