import Foundation
import Testing

/// `make install` into a temporary prefix, then the installed tool as a user without the
/// toolchain would run it. This builds the release binary (in its own build folder,
/// `.build-install`, since the test runner holds `.build`), which takes minutes on a cold
/// folder: the sanitizer runs of the suite skip it by setting SPARSELAW_SKIP_INSTALL_TEST.
@Suite("CLI: make install")
struct InstallTests {
    static let skipped = ProcessInfo.processInfo.environment["SPARSELAW_SKIP_INSTALL_TEST"] != nil

    /// Runs `executable` with `arguments`, output to temporary files; nil when it cannot start.
    static func run(_ executable: String, _ arguments: [String], directory: URL? = nil, environment: [String: String]? = nil) throws -> CLI.Result {
        try CLI.run(arguments, executable: URL(fileURLWithPath: executable), environment: environment, directory: directory)
    }

    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test("installs into a prefix; the installed binary runs from another folder with an empty environment, with no Swift runtime library linked",
          .enabled(if: !skipped, "skipped: SPARSELAW_SKIP_INSTALL_TEST is set (the suite's sanitizer runs skip the release build)"))
    func install() throws {
        let make = try #require(Self.which("make"), "make is not on PATH")
        let prefix = try TemporaryDirectory()
        let started = Date()
        let installed = try Self.run(make, ["install", "PREFIX=\(prefix.url.path)", "SCRATCH=\(Repository.path(".build-install"))"],
                                     directory: Repository.root)
        try #require(installed.status == 0, "make install failed:\n\(installed.stdout)\n\(installed.stderr)")
        print("make install took \(Int(Date().timeIntervalSince(started))) s")

        let binary = prefix.url.appendingPathComponent("bin/sparselaw").path
        let share = prefix.url.appendingPathComponent("share")
        func contents(_ relative: String) throws -> String {
            try String(contentsOf: share.appendingPathComponent(relative), encoding: .utf8)
        }
        let manual = try contents("man/man1/sparselaw.1")
        #expect(manual.contains(".Sh NAME") && manual.contains("optimal") && manual.contains("--queries"), "the man page lacks its sections or commands")
        #expect(try contents("bash-completion/completions/sparselaw").contains("-F _sparselaw sparselaw"))
        #expect(try contents("zsh/site-functions/_sparselaw").hasPrefix("#compdef sparselaw"))
        #expect(try contents("fish/vendor_completions.d/sparselaw.fish").contains("complete -c 'sparselaw'"))

        // A user elsewhere, with nothing set: no PATH, no HOME, no SPARSELAW_LAWS.
        let elsewhere = try TemporaryDirectory()
        let laws = try Self.run(binary, ["laws"], directory: elsewhere.url, environment: [:])
        #expect(laws.status == 0, "\(laws.stderr)")
        #expect(LawNames.all.allSatisfy { laws.stdout.contains($0 + " (") }, "\(laws.stdout)")
        let optimal = try Self.run(binary, ["optimal", "--law", "t5-c4", "--params", "50M", "--compute", "1e20", "--json"],
                                   directory: elsewhere.url, environment: [:])
        #expect(optimal.status == 0, "\(optimal.stderr)")
        // The closed form of the dense-cost optimum (docs/optimal-sparsity.md), by hand.
        let (aS, bS, bN, aD, bD) = (16.8, 0.722, 0.245, 6.9e8, 0.203)
        let k = 6 * aD * 5e7 / 1e20
        let expected = 1 - pow(bD * pow(k, bD) * pow(5e7, bN) / (aS * bS), 1 / (bS + bD))
        #expect(abs(try #require(try jsonObject(optimal.stdout)["sparsity"] as? Double) - expected) < 1e-12)

        let ldd = try Self.run(try #require(Self.which("ldd"), "ldd is not on PATH"), [binary])
        #expect(ldd.status == 0, "\(ldd.stderr)")
        let libraries = ldd.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let swiftRuntime = libraries.filter { line in
            ["libswift", "libFoundation", "lib_Foundation", "libdispatch", "libBlocksRuntime", "/swift/"].contains { line.contains($0) }
        }
        #expect(swiftRuntime.isEmpty, "Swift runtime libraries linked: \(swiftRuntime)")
        #expect(libraries.contains { $0.hasPrefix("libgsl.so") }, "GSL should stay a shared system library: \(libraries)")

        let uninstalled = try Self.run(make, ["uninstall", "PREFIX=\(prefix.url.path)"], directory: Repository.root)
        #expect(uninstalled.status == 0, "\(uninstalled.stderr)")
        #expect(!FileManager.default.fileExists(atPath: binary))
        #expect(!FileManager.default.fileExists(atPath: share.appendingPathComponent("man/man1/sparselaw.1").path))
    }
}

enum LawNames {
    static let all = ["t5-c4", "vit-jft", "chinchilla", "chinchilla-epoch"]
}
