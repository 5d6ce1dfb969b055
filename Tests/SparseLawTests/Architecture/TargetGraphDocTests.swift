import Foundation
import Testing

/// The dependency graph that docs/architecture.md states: a fenced block opened by
/// "```target-graph", one `Target -> Dependency` a line.
enum TargetGraphBlock {
    struct Edge: Hashable, Comparable, CustomStringConvertible {
        var target: String
        var dependency: String

        var description: String { "\(target) -> \(dependency)" }
        static func < (a: Edge, b: Edge) -> Bool { (a.target, a.dependency) < (b.target, b.dependency) }
    }

    struct Parsed {
        var edges: [Edge] = []
        /// Lines in the block that are not an edge, with their line numbers in the document.
        var malformed: [String] = []
        var blocks = 0
    }

    static func parse(_ document: String) -> Parsed {
        var parsed = Parsed()
        var inside = false
        for (index, rawLine) in document.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if !inside {
                if line == "```target-graph" { inside = true; parsed.blocks += 1 }
                continue
            }
            if line.hasPrefix("```") { inside = false; continue }
            if line.isEmpty { continue }
            let parts = line.components(separatedBy: " -> ")
            let name = #"^[A-Za-z_][A-Za-z0-9_]*$"#
            if parts.count == 2, parts.allSatisfy({ $0.range(of: name, options: .regularExpression) != nil }) {
                parsed.edges.append(Edge(target: parts[0], dependency: parts[1]))
            } else {
                parsed.malformed.append("line \(index + 1): \(line)")
            }
        }
        if inside { parsed.malformed.append("the target-graph block is not closed") }
        return parsed
    }

    /// The edges the manifest declares: from each library target to the package's own targets it
    /// depends on (executables, tests and other packages' products left out).
    static func edges(of manifest: PackageManifest) -> Set<Edge> {
        let own = manifest.ownTargets, dependencies = manifest.ownDependencies
        return Set(manifest.targets.filter { $0.type == "regular" }.flatMap { target in
            (dependencies[target.name] ?? []).filter(own.contains).map { Edge(target: target.name, dependency: $0) }
        })
    }
}

@Suite("Architecture: the target graph in docs/architecture.md is the manifest's")
struct TargetGraphDocTests {
    static let document = PackageManifest.root.appendingPathComponent("docs/architecture.md")

    @Test("the block's parser reads edges, skips blank lines and text outside the block, and reports malformed lines")
    func parserReadsBlock() {
        let text = """
            A -> B outside any block is prose.
            ```target-graph
            SparseLawReader -> SparseLawCore

              SparseLawGSL -> CGSL
            SparseLawLaws->SparseLawCore
            ```
            ```
            C -> D in another block
            ```
            """
        let parsed = TargetGraphBlock.parse(text)
        #expect(parsed.blocks == 1)
        #expect(parsed.edges == [.init(target: "SparseLawReader", dependency: "SparseLawCore"), .init(target: "SparseLawGSL", dependency: "CGSL")])
        #expect(parsed.malformed == ["line 6: SparseLawLaws->SparseLawCore"])
        #expect(!TargetGraphBlock.parse("```target-graph\nA -> B\n").malformed.isEmpty, "an unclosed block")
    }

    @Test("the doc's target-graph block lists exactly the dependencies Package.swift declares among the library targets",
          .enabled(if: PackageManifest.swiftExecutable != nil, PackageManifest.skipMessage))
    func docMatchesManifest() throws {
        let manifest = try PackageManifest.current.get()
        let parsed = TargetGraphBlock.parse(try String(contentsOf: Self.document, encoding: .utf8))
        #expect(parsed.blocks == 1, "docs/architecture.md should hold one ```target-graph block, not \(parsed.blocks)")
        #expect(parsed.malformed.isEmpty, "not an edge: \(parsed.malformed.joined(separator: "; "))")
        let documented = Set(parsed.edges)
        #expect(documented.count == parsed.edges.count, "an edge is listed twice")
        let declared = TargetGraphBlock.edges(of: manifest)
        #expect(declared.count > 20, "only \(declared.count) edges read from the manifest")
        let missing = declared.subtracting(documented).sorted(), extra = documented.subtracting(declared).sorted()
        #expect(missing.isEmpty, "declared in Package.swift, missing from the doc: \(missing.map(\.description).joined(separator: ", "))")
        #expect(extra.isEmpty, "in the doc, not declared in Package.swift: \(extra.map(\.description).joined(separator: ", "))")
    }
}
