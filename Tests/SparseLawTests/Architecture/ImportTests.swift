import Foundation
import Testing

/// The imports of the package's own targets, checked against the dependencies each target
/// declares: a stage imports only the stages it names in Package.swift, so data keep flowing one way.
enum ImportFlow {
    /// An import of one of the package's targets that the importing target does not declare.
    struct Finding: Equatable, CustomStringConvertible {
        var target: String
        var file: String
        var line: Int
        var module: String

        var description: String { "\(file):\(line): \(target) imports \(module), which it does not declare as a dependency" }
    }

    /// `import X`, with any attributes (`@_exported`, `@testable`, `@preconcurrency`, `@_spi(S)`),
    /// an access level, or a declaration kind (`import struct X.Y`) before or after the keyword.
    static let importPattern = try! NSRegularExpression(pattern:
        #"^\s*(?:@[A-Za-z_]\w*(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|fileprivate|private)\s+)?import\s+(?:(?:typealias|struct|class|enum|protocol|let|var|func)\s+)?([A-Za-z_]\w*)"#)

    /// The modules imported by Swift source text, with their line numbers; imports inside
    /// comments are not imports.
    static func imports(in text: String) -> [(line: Int, module: String)] {
        var result: [(line: Int, module: String)] = []
        var inBlockComment = false
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            // Block comments, removed (not nested: the sources have none that nest).
            var line = ""
            var rest = Substring(rawLine)
            while !rest.isEmpty {
                if inBlockComment {
                    guard let end = rest.range(of: "*/") else { rest = ""; break }
                    rest = rest[end.upperBound...]
                    inBlockComment = false
                } else if let start = rest.range(of: "/*") {
                    line += rest[..<start.lowerBound]
                    rest = rest[start.upperBound...]
                    inBlockComment = true
                } else {
                    line += rest
                    rest = ""
                }
            }
            let range = NSRange(line.startIndex..., in: line)
            if let match = importPattern.firstMatch(in: line, range: range), let module = Range(match.range(at: 1), in: line) {
                result.append((index + 1, String(line[module])))
            }
        }
        return result
    }

    /// The imports in `text` (a file of `target`) of the package's own targets that `target` does
    /// not declare.
    static func findings(target: String, file: String, text: String, ownTargets: Set<String>,
                         dependencies: [String: Set<String>]) -> [Finding] {
        let declared = dependencies[target] ?? []
        return imports(in: text).compactMap { line, module in
            guard ownTargets.contains(module), module != target, !declared.contains(module) else { return nil }
            return Finding(target: target, file: file, line: line, module: module)
        }
    }
}

@Suite("Architecture: every import of a package target is a declared dependency")
struct ImportTests {
    @Test("the checker finds undeclared imports in every spelling, and ignores declared ones, comments and other modules")
    func checkerFindsViolation() {
        let text = """
            import SparseLawCore
            @_exported import SparseLawLaws
            import struct SparseLawFitting.LawFit
            @testable import SparseLawDecisions
            @preconcurrency internal import SparseLawGSL
            // import SparseLawRendering
            /* import SparseLawRendering */
            /*
             import SparseLawRendering
             */
            import Foundation
            let text = "import SparseLawRendering"
            import SparseLawReader
            """
        let own: Set = ["SparseLawCore", "SparseLawGSL", "SparseLawReader", "SparseLawLaws", "SparseLawFitting", "SparseLawDecisions", "SparseLawRendering"]
        let findings = ImportFlow.findings(target: "SparseLawReader", file: "Sources/SparseLawReader/Example.swift", text: text,
                                           ownTargets: own, dependencies: ["SparseLawReader": ["SparseLawCore"]])
        #expect(findings.map(\.module) == ["SparseLawLaws", "SparseLawFitting", "SparseLawDecisions", "SparseLawGSL"])
        #expect(findings.map(\.line) == [2, 3, 4, 5])
        // With every one of them declared, nothing is found.
        #expect(ImportFlow.findings(target: "SparseLawReader", file: "Example.swift", text: text, ownTargets: own,
                                    dependencies: ["SparseLawReader": own]).isEmpty)
    }

    @Test("each Swift file under Sources/<Target> imports only the package targets that <Target> declares",
          .enabled(if: PackageManifest.swiftExecutable != nil, PackageManifest.skipMessage))
    func importsAreDeclared() throws {
        let manifest = try PackageManifest.current.get()
        let own = manifest.ownTargets, dependencies = manifest.ownDependencies
        let files = FileManager.default
        var checkedFiles = 0, ownImports = 0
        for target in manifest.targets where target.type != "test" && target.type != "system" {
            let folder = PackageManifest.root.appendingPathComponent(target.path)
            let sources = try #require(files.enumerator(atPath: folder.path), "\(target.path) is missing")
                .compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
            for source in sources {
                let text = try String(contentsOf: folder.appendingPathComponent(source), encoding: .utf8)
                checkedFiles += 1
                ownImports += ImportFlow.imports(in: text).filter { own.contains($0.module) }.count
                for finding in ImportFlow.findings(target: target.name, file: "\(target.path)/\(source)", text: text,
                                                   ownTargets: own, dependencies: dependencies) {
                    Issue.record("\(finding)")
                }
            }
        }
        // The walk found the sources and their imports: a check of nothing passes for nothing.
        #expect(own.isSuperset(of: ["SparseLawCore", "SparseLawGSL", "SparseLawReader", "SparseLawRendering", "SparseLaw"]))
        #expect(checkedFiles > 100, "only \(checkedFiles) Swift files under Sources")
        #expect(ownImports > 100, "only \(ownImports) imports of the package's own targets")
    }
}
