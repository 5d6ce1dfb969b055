import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import SparseLawCore
@testable import SparseLawGSL
@testable import SparseLawReader
@testable import SparseLawLaws
@testable import SparseLawFitting
@testable import SparseLawDecisions
@testable import SparseLawRendering
import SparseLaw

/// Counts elements while checking that a document is well-formed XML.
final class ElementCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var texts: [String] = []
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        counts[name, default: 0] += 1
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { texts.append(string) }
}

@Suite("Export")
struct ExportTests {
    let optimizer = SparsityOptimizer(law: SparsityOptimizerTests.t5, cost: .denseFLOPs)!

    @Test("the contour figure is well-formed SVG with a field, contours, a dashed line, axes and a legend")
    func figure() throws {
        let figure = ContourFigure(optimizer: optimizer, levels: [0, 0.5, 0.75], lawName: "t5 & <test>",
                                   ranges: ContourRanges(params: 1e7...1e11, compute: 1e15...1e28))
        let svg = figure.svg
        let parser = XMLParser(data: Data(svg.utf8))
        let counter = ElementCounter()
        parser.delegate = counter
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(counter.counts["svg"] == 1)
        #expect(counter.counts["path", default: 0] > 100)  // 102 field bands, contours, ticks
        #expect(svg.contains("stroke-dasharray"))
        #expect(svg.contains("linearGradient"))
        #expect(counter.texts.joined().contains("t5 & <test>"))
        for label in ["S = 0", "S = 0.5", "S = 0.75", "dense compute-optimal", "non-zero parameters N", "optimal sparsity"] {
            #expect(counter.texts.contains(label), "missing \(label)")
        }
        // Decade labels on the N axis, as counts.
        for label in ["10M", "100M", "1B", "10B", "100B"] { #expect(counter.texts.contains(label), "missing \(label)") }
        #expect(figure.svg == svg)
    }

    @Test("on a measured profile, each point of a drawn contour is where the optimum reaches its level: reached there, not 0.1% below")
    func measuredContours() throws {
        let optimizer = try #require(ProfileOptimizer(law: FigureCases.t5, profile: FigureCases.measuredProfile))
        let grid = MeasuredGrid(optimizer, params: 1e7...1e10, compute: 1e15...1e27)
        #expect(grid.sparsity.count == ContourFigure.measuredGrid.params && grid.sparsity[0].count == ContourFigure.measuredGrid.compute)
        // The field is the optimum at each cell's center.
        #expect(grid.sparsity[10][40] == optimizer.optimum(params: grid.params[10], compute: grid.compute[40]).sparsity)
        for level in [0, 0.5, 0.875] {
            let pieces = grid.contour(level: level)
            #expect(!pieces.isEmpty)
            for point in pieces.flatMap({ $0 }) {
                let reached = optimizer.optimum(params: point.params, compute: point.compute).sparsity
                let below = optimizer.optimum(params: point.params, compute: point.compute * 0.999).sparsity
                // Level 0 is left where the optimum passes 1e-6.
                #expect(level > 0 ? reached >= level : reached > 1e-6, "level \(level) at \(point)")
                #expect(level > 0 ? below < level : below <= 1e-6, "level \(level) below \(point)")
            }
        }
    }

    @Test("contour CSV points have the optimal sparsity of their level")
    func contourCSV() throws {
        let text = contoursCSV(optimizer, levels: [0.25, 0.5], params: logSpaced(from: 1e7, to: 1e10, count: 5))
        let lines = text.split(separator: "\n").dropFirst()
        #expect(lines.count == 15)
        for line in lines where line.hasPrefix("contour") {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            let level = Double(fields[1])!, n = Double(fields[2])!, c = Double(fields[3])!
            #expect(abs(optimizer.optimum(params: n, compute: c).sparsity - level) < 1e-9)
        }
        #expect(lines.filter { $0.hasPrefix("dense-optimal,,") }.count == 5)
    }

    @Test("the grid CSV is streamed to its path and matches the optimizer; nothing is left when not committed")
    func gridCSV() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sparselaw-grid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("grid.csv").path
        let sizes = logSpaced(from: 1e7, to: 1e9, count: 3), budgets = logSpaced(from: 1e18, to: 1e24, count: 4)
        let writer = try AtomicStreamWriter(path: path)
        try writeGridCSV(optimizer, params: sizes, compute: budgets, to: writer)
        try writer.commit()
        let rows = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(rows.first == "params,compute,sparsity,loss")
        #expect(rows.count == 13)
        let fields = rows[5].split(separator: ",").map { Double($0)! }
        // Writing again replaces the file whole.
        let again = try AtomicStreamWriter(path: path)
        try writeGridCSV(optimizer, params: [1e8], compute: [1e20], to: again)
        try again.commit()
        #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == 2)
        #expect(fields[2] == optimizer.optimum(params: fields[0], compute: fields[1]).sparsity)
        do {
            let writer = try AtomicStreamWriter(path: directory.appendingPathComponent("abandoned.csv").path)
            try writer.write("params\n")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["grid.csv"])
    }

    @Test("numbers print compactly")
    func helpers() {
        #expect(svgNumber(1.005) == "1")  // the double nearest 1.005 lies below it
        #expect(svgNumber(1.0051) == "1.01")
        #expect(svgNumber(-0.001) == "0")
        #expect(svgNumber(12.5) == "12.5")
        #expect(xmlEscaped("a<b&\"c\"") == "a&lt;b&amp;&quot;c&quot;")
        #expect(compactCount(1.3e9) == "1.3B")
        #expect(exactText(2e6) == "2000000")
        #expect(exactText(0.1) == "0.1")
    }
}

@Suite("Export: fit figure")
struct FitFigureTests {
    @Test("the fit figure is well-formed SVG with each run in the left panel and again in its size panel")
    func figure() throws {
        let law = ScalingLaw.sparse(SparsityOptimizerTests.t5)
        let runs = SyntheticRuns(law: law, params: [1e6, 1e7, 1e8], sparsities: [0, 0.5], tokens: [1e9, 1e10], noise: 0.01).generate(seed: 1)
        let (fitted, heldOut) = HoldoutRule.largestParams(1).split(runs)
        let svg = FitFigure(law: law, fitted: fitted, heldOut: heldOut, title: "fit").svg
        let parser = XMLParser(data: Data(svg.utf8))
        let counter = ElementCounter()
        parser.delegate = counter
        #expect(parser.parse())
        // Each run appears three times (measured vs predicted, its residual, its size panel);
        // legend markers add one per sparsity level and one for held-out runs.
        #expect(counter.counts["circle"] == 3 * runs.count + 2 + 1)
        for label in ["N = 1M", "N = 10M", "N = 100M", "held out: not used by the fit", "predicted loss", "data D (tokens)"] {
            #expect(counter.texts.contains(label), "missing \(label)")
        }
    }

    @Test("log axes mark decades over wide ranges and round values over narrow ones")
    func axes() {
        let wide = LogAxis(range: 1e6...1e10, pixels: (0, 100)).ticks.filter { $0.label != nil }.map(\.value)
        #expect(wide == [1e6, 1e7, 1e8, 1e9, 1e10])
        #expect(LogAxis(range: 1e18...1e21, pixels: (0, 100), format: .power).ticks.compactMap(\.label?.plain) == ["10^18", "10^19", "10^20", "10^21"])
        let narrow = LogAxis(range: 1.6...3.2, pixels: (0, 100)).ticks.map(\.value)
        #expect(narrow.count >= 3 && narrow.allSatisfy { (1.6...3.2).contains($0) })
        let counts = LogAxis(range: 1.5e8...2.5e9, pixels: (0, 100), format: .count).ticks.compactMap(\.label?.plain)
        #expect(counts == ["200M", "500M", "1B", "2B"])
    }
}
