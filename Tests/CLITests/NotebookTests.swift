import Foundation
import Testing

/// Runs the Python snippet of docs/notebook.md as it stands, against the built binary.
@Suite("CLI: the notebook example")
struct NotebookTests {
    static let python: String? = InstallTests.which("python3")

    /// Whether python3 can import what the snippet needs.
    static let ready: Bool = {
        guard let python else { return false }
        return (try? CLI.run(["-c", "import pandas, matplotlib"], executable: URL(fileURLWithPath: python)).status) == 0
    }()

    /// The first ```python block of the page.
    static func snippet() throws -> String {
        let page = try String(contentsOfFile: Repository.path("docs/notebook.md"), encoding: .utf8)
        guard let start = page.range(of: "```python\n"), let end = page.range(of: "\n```", range: start.upperBound..<page.endIndex) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return String(page[start.upperBound..<end.lowerBound]) + "\n"
    }

    @Test("docs/notebook.md's snippet fits, plans, predicts and plots",
          .enabled(if: ready, "skipped: python3 with pandas and matplotlib is needed (make notebook-deps installs them)"))
    func snippetRuns() throws {
        let scratch = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("data"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Repository.path("data/example-runs.csv"), toPath: scratch.file("data/example-runs.csv"))
        let script = scratch.file("notebook.py", try Self.snippet())
        var environment = ProcessInfo.processInfo.environment
        environment["SPARSELAW"] = CLI.executable.path
        environment["MPLBACKEND"] = "Agg"
        let result = try CLI.run([script], executable: URL(fileURLWithPath: try #require(Self.python)), environment: environment, directory: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        // The coefficients printed are the fitted ones, the plan has its four sizes, the
        // predictions their four sparsities.
        #expect(result.stdout.contains("largest |residual|:"))
        #expect(["aS", "bS", "cS", "bN", "aD", "bD", "c"].allSatisfy { result.stdout.contains($0) })
        let figure = try Data(contentsOf: scratch.url.appendingPathComponent("fit-and-plan.png"))
        #expect(figure.starts(with: [0x89, 0x50, 0x4E, 0x47]), "fit-and-plan.png is not a PNG")
        #expect(figure.count > 10_000)
        let law = try jsonObject(try String(contentsOfFile: scratch.file("law.json"), encoding: .utf8))
        #expect(law["schema"] as? String == "sparselaw.fit/1")
    }
}
