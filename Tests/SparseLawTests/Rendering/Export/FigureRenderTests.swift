import Foundation
import Testing
@testable import SparseLawCore
@testable import SparseLawGSL
@testable import SparseLawReader
@testable import SparseLawLaws
@testable import SparseLawFitting
@testable import SparseLawDecisions
@testable import SparseLawRendering
import SparseLaw

/// Headless Chromium, when installed: `CHROMIUM` names it, else the usual names on PATH.
enum Chromium {
    static let path: String? = {
        let environment = ProcessInfo.processInfo.environment
        if let named = environment["CHROMIUM"], FileManager.default.isExecutableFile(atPath: named) { return named }
        for directory in (environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()

    static let skipMessage: Comment = "skipped: headless Chromium is not installed (apt-get install chromium, or set CHROMIUM)"

    /// Runs Chromium headless with `arguments`; its standard output.
    static func run(_ arguments: [String], in directory: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path!)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                             "--user-data-dir=\(directory.appendingPathComponent("profile").path)"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

/// Reads back what the browser drew: each text element's box from the renderer's own font
/// (getBBox, through the element's transform), checked against the page and against every
/// other text with the same separating-axis test as `TextBox`.
private let measuringScript = """
<script>
const svg = document.querySelector('svg');
const width = svg.viewBox.baseVal.width, height = svg.viewBox.baseVal.height;
const root = svg.getScreenCTM().inverse();
const boxes = [...svg.querySelectorAll('text')].map(t => {
  const b = t.getBBox(), m = root.multiply(t.getScreenCTM());
  const corners = [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]]
    .map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]);
  return {text: t.textContent, corners};
});
function separated(p, q) {
  for (const c of [p, q]) for (let i = 0; i < 2; i++) {
    const [x0, y0] = c.corners[i], [x1, y1] = c.corners[i + 1];
    const axis = [y0 - y1, x1 - x0], n = Math.hypot(axis[0], axis[1]) || 1;
    const a = p.corners.map(([x, y]) => (x * axis[0] + y * axis[1]) / n), b = q.corners.map(([x, y]) => (x * axis[0] + y * axis[1]) / n);
    if (Math.max(...a) <= Math.min(...b) + 0.5 || Math.max(...b) <= Math.min(...a) + 0.5) return true;
  }
  return false;
}
const outside = boxes.filter(b => b.corners.some(([x, y]) => x < -0.5 || y < -0.5 || x > width + 0.5 || y > height + 0.5)).map(b => b.text);
const overlaps = [];
for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++)
  if (!separated(boxes[i], boxes[j])) overlaps.push(boxes[i].text + ' / ' + boxes[j].text);
document.body.setAttribute('data-result', JSON.stringify({count: boxes.length, outside, overlaps}));
</script>
"""

@Suite("Export: figures rendered in headless Chromium")
struct FigureRenderTests {
    @Test("each figure renders to its size, its text inside the page and clear of other text, in the browser's own font",
          .enabled(if: Chromium.path != nil, Chromium.skipMessage))
    func render() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sparselaw-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let figures = [("fit-data-curves", FigureCases.dataCurves.document), ("fit-iso-flop", FigureCases.isoFLOP.document),
                       (FigureCases.contours[3].0, FigureCases.contours[3].1.document),
                       (FigureCases.plans[2].0, FigureCases.plans[2].1.document)]
        for (name, document) in figures {
            let svg = directory.appendingPathComponent("\(name).svg"), png = directory.appendingPathComponent("\(name).png")
            try document.text.write(to: svg, atomically: true, encoding: .utf8)
            let width = Int(document.width), height = Int(document.height.rounded(.up))
            _ = try Chromium.run(["--screenshot=\(png.path)", "--window-size=\(width),\(height)", svg.path], in: directory)
            let image = try Data(contentsOf: png)
            // PNG: the IHDR chunk holds the width and height, big-endian, at bytes 16 and 20.
            #expect(image.count > 10_000 && image.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name): no image")
            func bigEndian(_ offset: Int) -> Int { image[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
            #expect(image.count > 24 && bigEndian(16) == width && bigEndian(20) == height, "\(name): \(bigEndian(16)) x \(bigEndian(20))")

            let page = directory.appendingPathComponent("\(name).html")
            let markup = document.text.replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", with: "")
            try "<!DOCTYPE html><html><body style=\"margin:0\">\(markup)\(measuringScript)</body></html>".write(to: page, atomically: true, encoding: .utf8)
            let dom = try Chromium.run(["--dump-dom", page.path], in: directory)
            guard let start = dom.range(of: "data-result=\""), let end = dom[start.upperBound...].firstIndex(of: "\"") else {
                Issue.record("\(name): the measuring script left no result"); continue
            }
            let json = String(dom[start.upperBound..<end]).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
            let result = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            #expect((result["count"] as? Int) == document.textBoxes.count, "\(name)")
            #expect((result["outside"] as? [String]) == [], "\(name): outside the page: \(result["outside"] ?? "")")
            #expect((result["overlaps"] as? [String]) == [], "\(name): overlapping: \(result["overlaps"] ?? "")")
        }
    }
}
