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

@Suite("Laws: the built-in published laws")
struct PublishedLawTests {
    static let folder = Repository.root.appendingPathComponent("data/laws")

    static func files() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
    }

    @Test("the built-in laws are the law files of data/laws, one for one")
    func sameNames() throws {
        let onDisk = try Self.files().map { $0.deletingPathExtension().lastPathComponent }
        #expect(Set(onDisk) == Set(LawPresets.names))
        #expect(onDisk.count == LawPresets.names.count)
        #expect(LawPresets.names == ["t5-c4", "vit-jft", "chinchilla", "chinchilla-epoch"])
    }

    @Test("each built-in law equals its file value by value: name, source, form, units, every coefficient")
    func sameValues() throws {
        for url in try Self.files() {
            let name = url.deletingPathExtension().lastPathComponent
            let file = try LawFile.read(path: url.path)
            let builtIn = try #require(PublishedLaws.named(name), "no built-in law \(name)")
            #expect(file.name == name, "\(url.lastPathComponent): name")
            #expect(builtIn.name == file.name)
            #expect(builtIn.source == file.source, "\(name): source")
            #expect(builtIn.form == file.form, "\(name): form")
            #expect(builtIn.units == file.units, "\(name): units")
            #expect(Set(builtIn.coefficients.keys) == Set(file.coefficients.keys), "\(name): coefficient names")
            for (coefficient, value) in file.coefficients {
                #expect(builtIn.coefficients[coefficient] == value, "\(name): \(coefficient) is \(value) in the file, \(builtIn.coefficients[coefficient] ?? .nan) built in")
            }
            #expect(builtIn.ranges == file.ranges, "\(name): ranges")
            #expect(builtIn.ranges?.params != nil && builtIn.ranges?.tokens != nil, "\(name): ranges")
            #expect(builtIn.bootstrap == nil && builtIn.maxFittedSparsity == nil)
            #expect(try builtIn.law(file: name) == file.law(file: url.path))
        }
    }

    @Test("the built-in laws' ranges are those of the runs they were fitted on, read from the anchor data sets")
    func rangesFromAnchors() throws {
        guard Anchors.available else { print(Anchors.skipMessage); return }
        func ranges(_ path: String, _ columns: [String], drop: Int = 0) throws -> LawFile.Ranges {
            let options = ReaderOptions(columns: try columns.map { try ColumnDefinition.parse($0) }, dropHighestLoss: drop)
            let runs = try RunLogReader.read(path: path, options: options).runs
            // By hand: the span and count of distinct values of each quantity.
            func span(_ values: [Double]) -> LawFile.Span {
                LawFile.Span(min: values.min()!, max: values.max()!, distinct: Set(values).count)
            }
            return LawFile.Ranges(params: span(runs.map(\.nonZeroParams)), tokens: span(runs.map(\.tokens)), loss: span(runs.map(\.loss)),
                                  sparsities: Set(runs.map(\.sparsity)).sorted())
        }
        let t5 = try ranges(Anchors.path("t5-data.csv"), ["params=169869312*scale*(1-sparsity)", "tokens=steps*65536"])
        #expect(PublishedLaws.t5C4.ranges == t5)
        let vit = try ranges(Anchors.path("vit-data.json"), ["params=84934656*scale*(1-sparsity)"])
        #expect(PublishedLaws.vitJFT.ranges == vit)
        let chinchillaColumns = ["tokens=`Training FLOP`/(6*`Model Size`)"]
        var chinchilla = try ranges(Anchors.path("chinchilla-svg-extracted.csv"), chinchillaColumns)
        var epoch = try ranges(Anchors.path("chinchilla-svg-extracted.csv"), chinchillaColumns, drop: 5)
        // Dense laws record no sparsities.
        chinchilla.sparsities = nil
        epoch.sparsities = nil
        #expect(PublishedLaws.chinchilla.ranges == chinchilla)
        #expect(PublishedLaws.chinchillaEpoch.ranges == epoch)
        // The T5 runs' largest model: 0.5 x 169,869,312 dense parameters.
        #expect(t5.params?.max == 84_934_656)
    }

    @Test("a name resolves to the built-in law with an empty environment, from any folder")
    func noEnvironment() throws {
        let (file, path) = try LawPresets.resolve("t5-c4", environment: [:])
        #expect(path == "t5-c4")
        #expect(file == PublishedLaws.t5C4)
        #expect(try LawPresets.available(environment: [:]).map(\.name) == LawPresets.names)
        #expect(throws: DataError.self) { try LawPresets.resolve("t5-c5", environment: [:]) }
    }

    @Test("SPARSELAW_LAWS adds laws by name, and a file named like a built-in law replaces it")
    func folder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sparselaw-laws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let mine = #"{"form": "dense", "name": "mine", "coefficients": {"E": 2, "A": 300, "B": 500, "alpha": 0.3, "beta": 0.3}}"#
        let t5 = #"{"form": "dense", "coefficients": {"E": 1, "A": 1, "B": 1, "alpha": 1, "beta": 1}}"#
        try Data(mine.utf8).write(to: folder.appendingPathComponent("mine.json"))
        try Data(t5.utf8).write(to: folder.appendingPathComponent("t5-c4.json"))
        try Data("notes".utf8).write(to: folder.appendingPathComponent("README.md"))
        let environment = ["SPARSELAW_LAWS": folder.path]

        let entries = try LawPresets.available(environment: environment)
        #expect(entries.map(\.name) == ["t5-c4", "vit-jft", "chinchilla", "chinchilla-epoch", "mine"])
        #expect(entries[0].origin == .file(folder.appendingPathComponent("t5-c4.json").path))
        #expect(entries[1].origin == .builtIn)
        let (file, path) = try LawPresets.resolve("mine", environment: environment)
        #expect(path == folder.appendingPathComponent("mine.json").path)
        #expect(try file.law(file: path) == .dense(DenseScalingLaw(E: 2, A: 300, B: 500, alpha: 0.3, beta: 0.3)))
        #expect(try LawPresets.resolve("t5-c4", environment: environment).file.form == .dense)
        #expect(try LawPresets.resolve("vit-jft", environment: environment).file == PublishedLaws.vitJFT)
    }
}
