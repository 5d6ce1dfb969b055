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

@Suite("Export: text boxes and figure layout")
struct FigureLayoutTests {
    @Test("text widths are the font's advance widths, summed by hand")
    func widths() {
        // "Loss" in Liberation Sans: L 556, o 556, s 500, s 500 thousandths of an em.
        #expect(abs(TextMetrics.width(of: "Loss", size: 10) - 21.12) < 1e-9)
        // Bold: L 611, o 611, s 556, s 556.
        #expect(abs(TextMetrics.width(of: "Loss", size: 10, bold: true) - 23.34) < 1e-9)
        // Outside the table a character counts as a full em.
        #expect(TextMetrics.width(of: "\u{4E2D}", size: 12) == 12)
        // 10 then a superscript 20 at 0.72 of the size.
        #expect(abs(FigureText.power("10", "20").width(size: 10, bold: false) - (11.12 + 11.12 * 0.72)) < 1e-9)
    }

    @Test("boxes overlap by the separating-axis test, rotated ones included")
    func overlaps() {
        let a = TextBox(text: "abcdef", x: 100, y: 100, size: 10)
        #expect(a.overlaps(TextBox(text: "abcdef", x: 110, y: 104, size: 10)))
        #expect(!a.overlaps(TextBox(text: "abcdef", x: 100, y: 113, size: 10)))
        #expect(!a.overlaps(TextBox(text: "abcdef", x: 140, y: 100, size: 10)))
        // Two long labels rotated 45 degrees, 16 units apart across their baselines: their
        // axis-aligned bounds overlap widely, the rotated boxes do not.
        let first = TextBox(text: FigureText(String(repeating: "x", count: 20)), x: 100, y: 100, size: 10, anchor: .middle, rotation: -45)
        let offset = 16 / 2.0.squareRoot()
        let second = TextBox(text: FigureText(String(repeating: "x", count: 20)), x: 100 + offset, y: 100 + offset, size: 10, anchor: .middle, rotation: -45)
        let (b1, b2) = (first.bounds, second.bounds)
        #expect(b1.maxX > b2.minX && b1.maxY > b2.minY)
        #expect(!first.overlaps(second))
        #expect(first.overlaps(TextBox(text: FigureText(String(repeating: "x", count: 20)), x: 103, y: 103, size: 10, anchor: .middle, rotation: -45)))
        #expect(a.isInside(width: 200, height: 200))
        #expect(!TextBox(text: "abcdef", x: 190, y: 100, size: 10).isInside(width: 200, height: 200))
    }

    @Test("wrapped lines fit the width and keep every word")
    func wrapping() {
        let text = "dense FLOPs: every weight computed, C = 6 N D / (1 - S); contours: the budget at which each sparsity becomes optimal"
        let lines = wrappedLines(text, width: 300, size: 14)
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { TextMetrics.width(of: $0, size: 14) <= 300 })
        #expect(lines.joined(separator: " ") == text)
        let long = wrappedLines(String(repeating: "abc", count: 60), width: 100, size: 14)
        #expect(long.allSatisfy { TextMetrics.width(of: $0, size: 14) <= 100 } && long.joined() == String(repeating: "abc", count: 60))
    }

    @Test("up to eight levels, neighbouring colors differ by Delta E 15 or more")
    func colors() throws {
        let style = FigureStyle.standard
        for count in 2...8 {
            let colors = (0..<count).map { style.levelColor(rank: $0, count: count) }
            for (a, b) in zip(colors, colors.dropFirst()) {
                #expect(try #require(colorDifference(a, b)) >= 15, "\(count) levels: \(a) and \(b)")
            }
        }
        // 0.875 and 0.9375 once drew in nearly the same color.
        let five = (0..<5).map { style.levelColor(rank: $0, count: 5) }
        #expect(try #require(colorDifference(five[3], five[4])) > 25)
        #expect(colorDifference("#000000", "#ffffff").map { abs($0 - 100) < 0.01 } == true)
        #expect(viridisColor(0) == "#440154" && viridisColor(1) == "#fde725" && viridisColor(.nan) == "#440154")
    }

    @Test("every figure on every data set: no two texts overlap and none leaves the page")
    func noOverlaps() throws {
        let cases = FigureCases.all
        #expect(cases.count == (Anchors.available ? 18 : 15))
        for (name, document) in cases {
            #expect(document.width <= 1200, "\(name): \(document.width) wide")
            let boxes = document.textBoxes
            #expect(boxes.count > 10, "\(name)")
            for box in boxes where !box.isInside(width: document.width, height: document.height) {
                Issue.record("\(name): \"\(box.text)\" leaves the page: \(box.bounds)")
            }
            for i in boxes.indices {
                for j in boxes.indices where j > i && boxes[i].overlaps(boxes[j]) {
                    Issue.record("\(name): \"\(boxes[i].text)\" overlaps \"\(boxes[j].text)\"")
                }
            }
            // Well-formed XML.
            let parser = XMLParser(data: Data(document.text.utf8))
            #expect(parser.parse(), "\(name): \(parser.parserError.map { "\($0)" } ?? "")")
        }
    }

    @Test("degenerate inputs draw a figure rather than trap: no runs, one run, no contour levels")
    func degenerate() {
        let law = ScalingLaw.sparse(FigureCases.t5)
        let one = TrainingRun(nonZeroParams: 1e8, sparsity: 0.5, tokens: 2e10, loss: 2.5)
        for figure in [FitFigure(law: law, fitted: [], title: "none"), FitFigure(law: law, fitted: [one], title: "one")] {
            #expect(figure.design == .scattered)
            let document = figure.document
            #expect(document.text.hasSuffix("</svg>\n"))
            #expect(document.textBoxes.allSatisfy { $0.isInside(width: document.width, height: document.height) })
        }
        let optimizer = SparsityOptimizer(law: FigureCases.t5, cost: .denseFLOPs)!
        #expect(ContourFigure(optimizer: optimizer, levels: [], lawName: "t5").svg.hasSuffix("</svg>\n"))
    }

    @Test("no axis repeats a tick label, however narrow its range")
    func uniqueTicks() {
        var generator = SeededGenerator(seed: 5)
        for format in [TickFormat.plain, .count, .power] {
            for _ in 0..<300 {
                let low = pow(10, 20 * generator.nextUniform() - 2)
                let width = pow(10, -6 + 8 * generator.nextUniform())
                let range = LogAxis.padded(low, low * (1 + width))
                let labels = LogAxis(range: range, pixels: (0, 100), format: format).ticks.compactMap(\.label?.plain)
                #expect(Set(labels).count == labels.count, "\(range): \(labels)")
            }
        }
        // One value (a size with a single budget) still gives an axis of distinct labels.
        let single = LogAxis(range: LogAxis.padded(1.69e10, 1.69e10), pixels: (0, 100), format: .count).ticks.compactMap(\.label?.plain)
        #expect(single.count >= 2 && Set(single).count == single.count)
    }

    @Test("the fit figure chooses its view from the design, and no panel has one point")
    func design() throws {
        guard case .dataCurves(let sizes, let omitted) = FigureCases.dataCurves.design else { Issue.record("expected loss against data"); return }
        #expect(sizes.count == 4 && omitted == 0)
        guard case .isoFLOP(let budgets, let ungrouped) = FigureCases.isoFLOP.design else { Issue.record("expected iso-FLOP profiles"); return }
        #expect(budgets.count == 9 && ungrouped == 0)
        for (group, budget) in zip(budgets, [6e18, 1e19, 3e19, 6e19, 1e20, 3e20, 6e20, 1e21, 3e21]) {
            #expect(abs(group.compute / budget - 1) < 1e-9)
            #expect(distinctValues(group.runs.map(\.nonZeroParams)).count == 7)
        }
        #expect(FigureCases.scattered.design == .scattered)

        let many = FigureCases.manySizes
        guard case .dataCurves(let all, _) = many.design else { Issue.record("expected loss against data"); return }
        #expect(all.count == 14)
        let texts = many.document.textBoxes.map(\.text)
        let panels = texts.filter { $0.hasPrefix("N = ") }
        #expect(panels.count == FitFigure.maxSizePanels)
        #expect(texts.joined(separator: " ").contains("of the 14 model sizes"))
    }

    @Test("every axis names its unit")
    func units() {
        let fit = FigureCases.dataCurves.document.textBoxes.map(\.text)
        #expect(fit.contains("data D (tokens)"))
        let vit = FigureCases.manySizes.document.textBoxes.map(\.text)
        #expect(vit.contains("data D (images)"))
        let iso = FigureCases.isoFLOP.document.textBoxes.map(\.text)
        #expect(iso.contains("parameters N") && iso.contains("budget C (FLOPs)"))
        let contour = FigureCases.contours[0].1.document.textBoxes.map(\.text)
        #expect(contour.contains("training compute C (FLOPs)") && contour.contains("non-zero parameters N"))
    }

    @Test("contour labels are all placed, each on its own line, and bands are in the legend")
    func contourLabels() {
        for (name, figure) in FigureCases.contours {
            let texts = figure.document.textBoxes.map(\.text)
            let onLines = figure.document.textBoxes.filter { $0.rotation != 0 && $0.text.hasPrefix("S = ") }.map(\.text)
            #expect(Set(onLines).count == onLines.count, "\(name)")
            if !figure.replicates.isEmpty {
                #expect(texts.contains("S = 0.5 and its 95% band"), "\(name)")
            }
            #expect(!texts.contains { $0.contains("/") && $0.hasPrefix("Optimal sparsity") }, "\(name)")
        }
        // The four default levels on the preset all find a place.
        let labels = FigureCases.contours[0].1.document.textBoxes.filter { $0.rotation != 0 }.map(\.text).filter { $0.hasPrefix("S = ") }
        #expect(Set(labels) == ["S = 0", "S = 0.5", "S = 0.75", "S = 0.875"])
    }

    @Test("the law's name is its preset name or file stem, never its path")
    func lawName() {
        let file = LawFile(law: .sparse(FigureCases.t5))
        #expect(ContourFigure.lawName(file, path: "/very/long/path/to/t5-fit.json") == "t5-fit")
        #expect(ContourFigure.lawName(LawFile(law: .sparse(FigureCases.t5), name: "t5-c4"), path: "data/laws/t5-c4.json") == "t5-c4")
    }
}

@Suite("Optimum: the contour figure's default window")
struct ContourRangesTests {
    let optimizer = SparsityOptimizer(law: SparsityOptimizerTests.t5, cost: .denseFLOPs, maxSparsity: 0.875)!

    @Test("N is centered on the fitted sizes, whole decades, three at least")
    func params() {
        let fitted = LawFile.Ranges(params: .init(min: 1.33e6, max: 8.49e7), tokens: .init(min: 1.6e10, max: 6.6e10))
        let ranges = ContourRanges.centered(optimizer, levels: [0, 0.5], fitted: fitted)
        let low = log10(ranges.params.lowerBound), high = log10(ranges.params.upperBound)
        #expect(low == low.rounded() && high == high.rounded())
        #expect(high - low >= 3)
        #expect(ranges.params.contains(1.33e6 / 3) && ranges.params.contains(8.49e7 * 3))
        // The middle of the window within half a decade of the data's.
        #expect(abs((low + high) / 2 - (log10(1.33e6) + log10(8.49e7)) / 2) <= 0.5)
        // Without fitted data: the presets' window.
        #expect(ContourRanges.centered(optimizer, levels: [0.5], fitted: nil).params == 1e7...1e11)
    }

    @Test("C takes in the dense compute-optimal line, the contours up to four decades above it, and the fitted budgets")
    func compute() {
        let params = 1e7...1e11
        let levels = [0, 0.5, 0.75, 0.875]
        let range = ContourRanges.compute(optimizer, levels: levels, params: params)
        for n in [1e7, 1e9, 1e11] { #expect(range.contains(optimizer.denseOptimalCompute(params: n))) }
        // A decade below the line at the smallest N, and no more than 1.3 decades of rounding.
        let below = log10(optimizer.denseOptimalCompute(params: 1e7)) - log10(range.lowerBound)
        #expect(below >= 1 && below < 2)
        // Above: the highest contour at the largest N (here 4.6 decades over the line) is held
        // to four decades, plus rounding to a whole decade.
        let above = log10(range.upperBound) - log10(optimizer.denseOptimalCompute(params: 1e11))
        #expect(above >= 4 && above < 5)
        #expect(optimizer.contourCompute(level: 0.875, params: 1e11) > range.upperBound)
        #expect(range.contains(optimizer.contourCompute(level: 0.875, params: 1e9)))
        // The fitted runs' budgets widen the window.
        let wide = ContourRanges.compute(optimizer, levels: levels, params: params, including: 1e10...1e12)
        #expect(wide.lowerBound <= 1e10)
    }
}
