// swift-tools-version: 6.0
import PackageDescription

// The library is one target per stage, in the order data flow through them: each stage depends
// only on stages before it, so the compiler keeps the flow one way (docs/architecture.md draws the
// graph, and a test checks it against this manifest).
let package = Package(
    name: "sparselaw",
    products: [
        .executable(name: "sparselaw", targets: ["SparseLawCLI"]),
        .library(name: "SparseLaw", targets: ["SparseLaw"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // GSL through pkg-config; the shim re-exports the solver type objects that Swift 6
        // cannot import directly (they are global C constants).
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        // The table of temporary files that a signal handler removes, in C: a handler may only do
        // async-signal-safe work, which Swift code cannot promise.
        .target(name: "CTemporaryFiles"),
        // Numerics, values and their syntax, the diagnostic protocol, files and number text:
        // what every stage uses.
        .target(name: "SparseLawCore"),
        // The only code that touches GSL and C pointers.
        .target(name: "SparseLawGSL", dependencies: ["CGSL"]),
        // Logs as people have them -> training runs, and queries.
        .target(name: "SparseLawReader", dependencies: ["SparseLawCore"]),
        // The law forms, law files, presets, and what runs cover.
        .target(name: "SparseLawLaws", dependencies: ["SparseLawCore", "SparseLawReader"]),
        // Runs -> a law: the global search, bootstrap, hold-out.
        .target(name: "SparseLawFitting", dependencies: ["SparseLawCore", "SparseLawGSL", "SparseLawReader", "SparseLawLaws"]),
        // A law -> decisions: optimal sparsity, contours, hardware-aware plans.
        .target(name: "SparseLawDecisions", dependencies: ["SparseLawCore", "SparseLawGSL", "SparseLawReader", "SparseLawLaws"]),
        // A law and its runs -> the runs to train next (experiment design).
        .target(name: "SparseLawDesign", dependencies: ["SparseLawCore", "SparseLawReader", "SparseLawLaws", "SparseLawFitting", "SparseLawDecisions"]),
        // Values -> words and files: every message, report, CSV and SVG figure.
        .target(name: "SparseLawRendering", dependencies: [
            "SparseLawCore", "CTemporaryFiles", "SparseLawGSL", "SparseLawReader", "SparseLawLaws", "SparseLawFitting", "SparseLawDecisions",
            "SparseLawDesign",
        ]),
        // The library as one import, for code outside the package.
        .target(name: "SparseLaw", dependencies: [
            "SparseLawCore", "SparseLawGSL", "SparseLawReader", "SparseLawLaws", "SparseLawFitting", "SparseLawDecisions",
            "SparseLawDesign", "SparseLawRendering",
        ]),
        .executableTarget(
            name: "SparseLawCLI",
            dependencies: [
                "SparseLaw",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The reader's fuzz target: a corpus replayer in a normal build, a libFuzzer target when
        // built with -sanitize=fuzzer -DFUZZING (see `make fuzz`).
        .executableTarget(
            name: "SparseLawFuzz",
            dependencies: ["SparseLaw"]
        ),
        .testTarget(
            name: "SparseLawTests",
            dependencies: [
                "SparseLaw", "SparseLawCore", "SparseLawGSL", "SparseLawReader", "SparseLawLaws", "SparseLawFitting",
                "SparseLawDecisions", "SparseLawDesign", "SparseLawRendering",
            ]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["SparseLawCLI", "SparseLaw"]
        ),
    ]
)
