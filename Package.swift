// swift-tools-version: 6.0
import PackageDescription

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
        .target(
            name: "SparseLaw",
            dependencies: ["CGSL", "CTemporaryFiles"],
            resources: []
        ),
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
            dependencies: ["SparseLaw"]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["SparseLawCLI", "SparseLaw"]
        ),
    ]
)
