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

/// Text the tool writes from names it was given — file names, column headers, run and law names —
/// shows their control characters as escapes, in messages, SVG, CSV and JSON; and encodings the
/// reader does not read are named.
@Suite("Reliability: control characters and encodings")
struct HostileTextTests {
    static let hostileName = "evil\u{1B}[31m\u{01}\u{7F}\u{85}\nname"

    static func hasRawControl(_ text: String, allowing allowed: Set<Unicode.Scalar> = []) -> Bool {
        text.unicodeScalars.contains { ($0.value < 0x20 || (0x7F...0x9F).contains($0.value)) && !allowed.contains($0) }
    }

    @Test("escapes are visible and reversible to the eye")
    func escapes() {
        #expect(escapedForMessage("a\u{1B}[31mb\nc\td\u{7F}\u{9F}") == "a\\u{1B}[31mb\\nc\\td\\u{7F}\\u{9F}")
        #expect(escapedForText("line\nnext\tcell\u{07}") == "line\nnext\tcell\\u{7}")
        #expect(escapedForMessage("plain: 1.3B, ü, 日本") == "plain: 1.3B, ü, 日本")
    }

    @Test("SVG: a law name with control characters is escaped, and the document is well-formed XML")
    func svg() throws {
        let law = SparseScalingLaw(aS: 16.8, bS: 0.722, cS: 45, bN: 0.245, aD: 6.9e8, bD: 0.203, c: 0.651)
        let optimizer = try #require(SparsityOptimizer(law: law, cost: .denseFLOPs))
        let svg = ContourFigure(optimizer: optimizer, levels: [0.5], lawName: Self.hostileName).svg
        #expect(!Self.hasRawControl(svg, allowing: ["\n"]))
        #expect(svg.contains("evil\\u{1B}[31m"))
        let runs = SyntheticRuns(law: .sparse(law), params: [1e6, 4e6, 1.6e7], sparsities: [0, 0.5, 0.75], tokens: [1e9, 4e9, 1.6e10], noise: 0).generate(seed: 1)
        let fitSVG = FitFigure(law: .sparse(law), fitted: runs, heldOut: [], title: "fitted to " + Self.hostileName, units: .init()).svg
        #expect(!Self.hasRawControl(fitSVG, allowing: ["\n"]))
        // An XML parser accepts both.
        for document in [svg, fitSVG] {
            let parser = XMLParser(data: Data(document.utf8))
            #expect(parser.parse(), "\(String(describing: parser.parserError))")
        }
    }

    @Test("CSV: run names keep line breaks (quoted) and escape other control characters")
    func csv() throws {
        let run = TrainingRun(nonZeroParams: 1e6, sparsity: 0, tokens: 1e9, loss: 3, run: Self.hostileName)
        let text = runsCSV([run])
        #expect(!Self.hasRawControl(text, allowing: ["\n"]))
        let read = try RunLogReader.read(data: Data(text.utf8), name: "r.csv").runs
        #expect(read.first?.run == "evil\\u{1B}[31m\\u{1}\\u{7F}\\u{85}\nname")
    }

    @Test("JSON: every control character in a string is a \\u escape")
    func json() throws {
        let text = try JSONRendering.text(["name": Self.hostileName])
        #expect(!Self.hasRawControl(text, allowing: ["\n"]))
        #expect(text.contains("\\u007f") && text.contains("\\u0085") && text.contains("\\u001b"))
        let decoded = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
        #expect(decoded?["name"] == Self.hostileName)
    }

    @Test("a result JSON cannot hold is refused with its field, not an EncodingError")
    func nonFiniteJSON() {
        #expect(throws: NonFiniteResult(field: "loss", value: .infinity)) { try JSONRendering.text(["loss": Double.infinity]) }
        #expect(throws: NonFiniteResult(field: "fit.rmse", value: -.infinity)) { try JSONRendering.text(["fit": ["rmse": -Double.infinity]]) }
    }

    @Test("UTF-32 and BOM-less UTF-16 files are named as such", arguments: [
        (String.Encoding.utf32LittleEndian, true, "UTF-32 (little-endian)"), (.utf32BigEndian, true, "UTF-32 (big-endian)"),
        (.utf32LittleEndian, false, "UTF-32 (little-endian)"), (.utf32BigEndian, false, "UTF-32 (big-endian)"),
        (.utf16LittleEndian, false, "UTF-16 (little-endian) without a byte-order mark"),
        (.utf16BigEndian, false, "UTF-16 (big-endian) without a byte-order mark"),
    ])
    func encodings(encoding: String.Encoding, mark: Bool, name: String) throws {
        let text = "params,sparsity,tokens,loss\n1e6,0,1e9,3\n"
        var data = try #require(text.data(using: encoding))
        if mark {
            let bom: [UInt8] = encoding == .utf32LittleEndian ? [0xFF, 0xFE, 0, 0] : [0, 0, 0xFE, 0xFF]
            data = Data(bom) + data
        }
        let error = try #require(Self.refusal(data))
        #expect(error == DataError(file: "a.csv", problem: .unsupportedEncoding(try #require(TextEncodingGuess(rawValue: name)))), "\(error)")
        #expect(error.problem.code == "data.unsupported-encoding")
    }

    static func refusal(_ data: Data) -> DataError? {
        do { _ = try RunLogReader.read(data: data, name: "a.csv"); return nil } catch { return error }
    }

    @Test("a ^Z-terminated CSV is named as such, on its line", arguments: ["\u{1A}", "\u{1A}\n", "\u{1A}\r\n\n"])
    func controlZ(ending: String) throws {
        let error = try #require(Self.refusal(Data(("params,sparsity,tokens,loss\n1e6,0,1e9,3\n2e6,0,1e9,2.9\n" + ending).utf8)))
        #expect(error == DataError(file: "a.csv", location: .line(4), problem: .endOfFileMark), "\(error)")
        #expect(error.problem.code == "data.end-of-file-mark")
        // On the last data line itself.
        let joined = try #require(Self.refusal(Data("params,sparsity,tokens,loss\n1e6,0,1e9,3\u{1A}".utf8)))
        #expect(joined.problem(as: FileProblem.self) == .endOfFileMark && joined.location == .line(2))
    }
}
