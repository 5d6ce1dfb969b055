import Foundation
import Testing

/// Every diagnostic's code, found in the sources rather than listed by hand: each type that
/// conforms to the diagnostic protocol (or one of its refinements) declares `var code: String`,
/// whose string literals are its codes. A new case, type or stage is covered without editing
/// this suite.
@Suite("Architecture: diagnostic codes are distinct across every stage")
struct DiagnosticCodeTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    /// A code where it stands.
    struct Found: Equatable {
        var code: String
        var place: String
    }

    /// The string literals inside each `var code: String { ... }` of a file's text.
    static func codes(in text: String, file: String) -> [Found] {
        let lines = text.components(separatedBy: "\n")
        var found: [Found] = []
        var index = 0
        while index < lines.count {
            guard lines[index].contains("var code: String") else { index += 1; continue }
            var depth = 0
            var started = false
            var end = index
            repeat {
                for character in lines[end] {
                    if character == "{" { depth += 1; started = true }
                    if character == "}" { depth -= 1 }
                }
                end += 1
            } while end < lines.count && (!started || depth > 0)
            for number in index..<end {
                for literal in literals(in: lines[number]) {
                    found.append(Found(code: literal, place: "\(file):\(number + 1)"))
                }
            }
            index = end
        }
        return found
    }

    static func literals(in line: String) -> [String] {
        let pieces = line.components(separatedBy: "\"")
        return stride(from: 1, to: pieces.count, by: 2).map { pieces[$0] }
    }

    /// Names of the types declared in the text as conforming to a diagnostic protocol.
    static func diagnosticTypes(in text: String) -> [String] {
        let pattern = #"(?m)^\s*(?:public |package )?(?:indirect )?(?:enum|struct) (\w+)[^{\n]*:[^{\n]*\b(?:Diagnostic|InputProblem|DescribedDiagnostic)\b"#
        let regex = try! NSRegularExpression(pattern: pattern)
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { Range($0.range(at: 1), in: text).map { String(text[$0]) } }
    }

    static func librarySources() throws -> [(file: String, text: String)] {
        let enumerator = try #require(FileManager.default.enumerator(atPath: sources.path))
        return try enumerator.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") && $0.hasPrefix("SparseLaw") && !$0.hasPrefix("SparseLawCLI/") && !$0.hasPrefix("SparseLawFuzz/") }
            .sorted()
            .map { ($0, try String(contentsOf: sources.appendingPathComponent($0), encoding: .utf8)) }
    }

    @Test("the scan finds a type's codes and a code used twice")
    func scanWorks() {
        let text = """
        public enum Sample: Diagnostic {
            case a, b
            public var code: String {
                switch self {
                case .a: return "sample.a"
                case .b: return "sample.a"
                }
            }
        }
        """
        #expect(Self.diagnosticTypes(in: text) == ["Sample"])
        let found = Self.codes(in: text, file: "Sample.swift")
        #expect(found.map(\.code) == ["sample.a", "sample.a"])
        #expect(found.map(\.place) == ["Sample.swift:5", "Sample.swift:6"])
    }

    @Test("every diagnostic type declares its codes, and no code names two things")
    func distinct() throws {
        let files = try Self.librarySources()
        #expect(files.count > 100, "library sources not found at \(Self.sources.path)")
        var places: [String: [String]] = [:]
        var types: [String] = []
        for (file, text) in files {
            for found in Self.codes(in: text, file: file) { places[found.code, default: []].append(found.place) }
            let declared = Self.diagnosticTypes(in: text)
            types += declared
            if !declared.isEmpty {
                #expect(text.contains("var code: String"), "\(file) declares \(declared) as diagnostics without their codes")
            }
        }
        #expect(types.count >= 12, "diagnostic types found: \(types)")
        #expect(places.count >= 150, "codes found: \(places.count)")
        for (code, where_) in places.sorted(by: { $0.key < $1.key }) {
            #expect(where_.count == 1, "\(code) stands in \(where_.joined(separator: ", "))")
            #expect(code.range(of: #"^[a-z]+\.[a-z0-9-]+$"#, options: .regularExpression) != nil, "\(code) at \(where_[0]) is not stage.kebab-case")
        }
    }

    @Test("docs/errors.md lists every code")
    func documented() throws {
        let errors = try String(contentsOf: Self.sources.deletingLastPathComponent().appendingPathComponent("docs/errors.md"), encoding: .utf8)
        let codes = try Self.librarySources().flatMap { Self.codes(in: $0.text, file: $0.file) }
        #expect(codes.count >= 150)
        for found in codes {
            #expect(errors.contains("`\(found.code)`"), "\(found.code) (\(found.place)) is not in docs/errors.md")
        }
    }
}
