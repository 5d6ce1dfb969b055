import Foundation
import Testing

/// Runs the Python snippet of docs/notebook.md as it stands, against the built binary, with the
/// package of python/ (from the checkout, by PYTHONPATH) in the environment `make python-env`
/// makes (pandas and numpy from PyPI).
@Suite("CLI: the notebook example")
struct NotebookTests {
    /// The environment's Python, else python3 on PATH.
    static let python: String? = {
        let environment = Repository.path(".build-python/venv/bin/python")
        return FileManager.default.isExecutableFile(atPath: environment) ? environment : InstallTests.which("python3")
    }()

    /// The child's environment: the package from the checkout, and the binary under test.
    static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONPATH"] = Repository.path("python/src")
        environment["SPARSELAW"] = CLI.executable.path
        return environment
    }

    /// Whether the Python can import what the snippet needs.
    static let ready: Bool = {
        guard let python else { return false }
        return (try? CLI.run(["-c", "import pandas, sparselaw"], executable: URL(fileURLWithPath: python), environment: environment).status) == 0
    }()

    /// The first ```python block of the page.
    static func snippet() throws -> String {
        let page = try String(contentsOfFile: Repository.path("docs/notebook.md"), encoding: .utf8)
        guard let start = page.range(of: "```python\n"), let end = page.range(of: "\n```", range: start.upperBound..<page.endIndex) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return String(page[start.upperBound..<end.lowerBound]) + "\n"
    }

    @Test("docs/notebook.md's snippet fits, plans, predicts, draws and refuses through the package",
          .enabled(if: ready, "skipped: Python with pandas is needed (make python-env, which make test runs first, makes .build-python/venv)"))
    func snippetRuns() throws {
        let scratch = try TemporaryDirectory()
        for file in ["data/example-runs.csv", "data/hardware/example-a100.json"] {
            let target = scratch.url.appendingPathComponent(file)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Repository.path(file), toPath: target.path)
        }
        let script = scratch.file("notebook.py", try Self.snippet())
        let result = try CLI.run([script], executable: URL(fileURLWithPath: try #require(Self.python)), environment: Self.environment, directory: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        // The coefficients printed are the fitted ones, and the refusal has its code.
        #expect(result.stdout.contains("largest |residual|:"))
        #expect(["aS", "bS", "cS", "bN", "aD", "bD", "c"].allSatisfy { result.stdout.contains($0) })
        #expect(result.stdout.contains("refused: data.missing-field 65 loss"))
        // The law file is the one `fit --output` writes for the same runs, but for the data's name.
        var law = try jsonObject(try String(contentsOfFile: scratch.file("law.json"), encoding: .utf8))
        let direct = try CLI.run(["fit", Repository.path("data/example-runs.csv"), "--output", scratch.file("direct.json")])
        #expect(direct.status == 0, "\(direct.stderr)")
        var expected = try jsonObject(try String(contentsOfFile: scratch.file("direct.json"), encoding: .utf8))
        law["data"] = nil
        expected["data"] = nil
        #expect(NSDictionary(dictionary: law).isEqual(to: expected))
        for figure in ["fit.svg", "contours.svg"] {
            let svg = try String(contentsOfFile: scratch.file(figure), encoding: .utf8)
            #expect(svg.contains("<svg") && svg.hasSuffix("</svg>\n"), "\(figure)")
        }
    }
}
