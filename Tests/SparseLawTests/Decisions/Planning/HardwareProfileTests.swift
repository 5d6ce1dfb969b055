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

@Suite("Planning: hardware profiles")
struct HardwareProfileTests {
    static let example = """
        {"name": "my-cluster", "source": "measured with our kernels, 2026-11",
         "training":  [[0, 1.0], [0.5, 1.3], [0.9, 2.0]],
         "inference": [[0, 1.0], [0.5, 1.5], [0.9, 3.2]],
         "bytesPerValue": 2, "bytesPerNonzero": 2.25, "bytesPerParameter": 0,
         "patterns": [{"pattern": "2:4", "sparsity": 0.5, "training": 1.1, "inference": 1.4,
                       "bytesPerNonzero": 2.25}],
         "flopsPerSecond": 9.9e14, "utilization": 0.4, "pricePerHour": 2.5}
        """

    @Test("the documented example decodes field by field")
    func example() throws {
        let profile = try HardwareProfile.decode(Data(Self.example.utf8), file: "p.json")
        #expect(profile.name == "my-cluster")
        #expect(profile.training == .measured(PlanningReference.points([[0, 1], [0.5, 1.3], [0.9, 2]])))
        #expect(profile.inference == .measured(PlanningReference.points([[0, 1], [0.5, 1.5], [0.9, 3.2]])))
        #expect(profile.bytesPerNonzero == 2.25 && profile.bytesPerValue == 2 && profile.bytesPerParameter == 0)
        #expect(profile.patterns == [PatternProfile(pattern: "2:4", sparsity: 0.5, training: 1.1, inference: 1.4, bytesPerNonzero: 2.25)])
        #expect(profile.flopsPerSecond == 9.9e14 && profile.utilization == 0.4 && profile.pricePerHour == 2.5)
        // Encoding and decoding again gives the same profile.
        let encoded = try JSONEncoder().encode(profile)
        #expect(try HardwareProfile.decode(encoded, file: "again.json") == profile)
    }

    @Test("defaults: inference is training, 2 bytes per value, no sparse storage, the file's name")
    func defaults() throws {
        let profile = try HardwareProfile.decode(Data(#"{"training": [[0, 1], [0.8, 2]]}"#.utf8), file: "/tmp/gpu-x.json")
        #expect(profile.name == "gpu-x")
        #expect(profile.inference == profile.training)
        #expect(profile.bytesPerValue == 2 && profile.bytesPerNonzero == nil && profile.bytesPerParameter == 0)
        #expect(profile.storage(sparsity: 0.9).format == .dense)
        #expect(try HardwareProfile.decode(Data(#"{"training": "ideal", "inference": "dense"}"#.utf8), file: "f").training == .ideal)
    }

    @Test("every invalid field is refused with its name and a typed problem", arguments: [
        (#"{"training": [[0, 1], [0.5, 1.3], [0.4, 2]]}"#, "training[2]", "profile.sparsity-not-increasing"),
        (#"{"training": [[0, 1], [0.5, 1.3], [0.5, 2]]}"#, "training[2]", "profile.sparsity-not-increasing"),
        (#"{"training": [[0.1, 1], [0.5, 1.3]]}"#, "training[0]", "profile.first-point-not-dense"),
        (#"{"training": [[0, 1.2], [0.5, 1.3]]}"#, "training[0]", "profile.first-point-not-dense"),
        (#"{"training": [[0, 1], [1.0, 3]]}"#, "training[1]", "profile.sparsity-out-of-range"),
        (#"{"training": [[0, 1], [-0.5, 3]]}"#, "training[1]", "profile.sparsity-out-of-range"),
        (#"{"training": [[0, 1], [0.5, 0]]}"#, "training[1]", "profile.not-positive"),
        (#"{"training": [[0, 1], [0.5, -2]]}"#, "training[1]", "profile.not-positive"),
        (#"{"training": [[0, 1]]}"#, "training", "profile.too-few-points"),
        (#"{"training": [[0, 1], [0.5]]}"#, "training[1]", "profile.not-a-point"),
        (#"{"training": [[0, 1], [0.5, "fast"]]}"#, "training[1]", "profile.not-a-point"),
        (#"{"training": 3}"#, "training", "profile.wrong-type"),
        (#"{"training": "sparse"}"#, "training", "profile.unknown-curve"),
        (#"{"inference": [[0, 1], [0.5, 2]]}"#, "training", "profile.missing-field"),
        (#"{"training": "ideal", "inference": [[0, 1], [0.3, 1.1], [0.2, 1]]}"#, "inference[2]", "profile.sparsity-not-increasing"),
        (#"{"training": "ideal", "bytesPerValue": 0}"#, "bytesPerValue", "profile.not-positive"),
        (#"{"training": "ideal", "bytesPerNonzero": -1}"#, "bytesPerNonzero", "profile.not-positive"),
        (#"{"training": "ideal", "bytesPerParameter": -0.1}"#, "bytesPerParameter", "profile.negative"),
        (#"{"training": "ideal", "bytesPerNonZero": 2}"#, "bytesPerNonZero", "profile.unknown-field"),
        (#"{"training": "ideal", "utilization": 1.5}"#, "utilization", "profile.utilization-out-of-range"),
        (#"{"training": "ideal", "utilization": 0}"#, "utilization", "profile.utilization-out-of-range"),
        (#"{"training": "ideal", "flopsPerSecond": 0}"#, "flopsPerSecond", "profile.not-positive"),
        (#"{"training": "ideal", "pricePerHour": 2}"#, "pricePerHour", "profile.price-without-throughput"),
        (#"{"training": "ideal", "flopsPerSecond": 1e15, "pricePerHour": -2}"#, "pricePerHour", "profile.negative"),
        (#"{"training": "ideal", "name": 7}"#, "name", "profile.wrong-type"),
        (#"{"training": "ideal", "patterns": [{"pattern": "2:4", "sparsity": 1.5, "training": 1.1}]}"#, "patterns[0].sparsity", "profile.sparsity-out-of-range"),
        (#"{"training": "ideal", "patterns": [{"pattern": "2:4", "sparsity": 0.5}]}"#, "patterns[0].training", "profile.missing-field"),
        (#"{"training": "ideal", "patterns": [{"pattern": "2:4", "sparsity": 0.5, "training": 1.1, "speed": 2}]}"#, "patterns[0].speed", "profile.unknown-field"),
        (#"{"training": "ideal", "patterns": [{"pattern": "2:4", "sparsity": 0.5, "training": 1.1}, {"pattern": "2:4", "sparsity": 0.5, "training": 1.2}]}"#, "patterns[1].pattern", "profile.duplicate-pattern"),
        (#"{"training": "ideal", "patterns": [{"pattern": "", "sparsity": 0.5, "training": 1.1}]}"#, "patterns[0].pattern", "profile.empty-name"),
        (#"{"training": "ideal", "patterns": {"pattern": "2:4"}}"#, "patterns", "profile.wrong-type"),
    ])
    func refusals(json: String, field: String, code: String) {
        do {
            _ = try HardwareProfile.decode(Data(json.utf8), file: "p.json")
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.file == "p.json")
            #expect(error.field == field, "\(json)")
            #expect(error.problem.code == code, "\(json): \(error.problem)")
        }
    }

    @Test("not JSON, not an object, no such file")
    func notProfiles() throws {
        for text in ["[1, 2]", "{\"training\": ", "42"] {
            #expect(throws: HardwareProfileError(file: "x.json", problem: .notAProfile)) { try HardwareProfile.decode(Data(text.utf8), file: "x.json") }
        }
        // An empty file is named as one, as an empty run log is.
        #expect(throws: HardwareProfileError(file: "x.json", problem: .input(.empty))) { try HardwareProfile.decode(Data(), file: "x.json") }
        #expect(throws: HardwareProfileError(file: "/no/such/profile.json", problem: .noSuchProfile(builtins: ["dense", "ideal"]))) {
            try HardwareProfile.resolve("/no/such/profile.json")
        }
        #expect(try HardwareProfile.resolve("dense") == .dense)
        #expect(try HardwareProfile.resolve("ideal") == .ideal)
    }

    @Test("the piecewise-linear curve interpolates, and is undefined past its last point")
    func curve() {
        let curve = SpeedupCurve.measured(PlanningReference.points([[0, 1], [0.5, 1.3], [0.9, 2]]))
        #expect(curve.speedup(at: 0) == 1)
        #expect(curve.speedup(at: 0.5) == 1.3)
        #expect(abs(curve.speedup(at: 0.25)! - 1.15) < 1e-15)
        #expect(abs(curve.speedup(at: 0.7)! - 1.65) < 1e-15)
        #expect(curve.speedup(at: 0.9) == 2)
        #expect(curve.speedup(at: 0.9000001) == nil)
        #expect(curve.kinks == [0.5] && curve.lastSparsity == 0.9)
        #expect(SpeedupCurve.ideal.speedup(at: 0.75) == 4 && SpeedupCurve.dense.speedup(at: 0.75) == 1)
    }

    @Test("memory is the smaller of dense and sparse storage; time and money from the throughput")
    func memoryTimeMoney() throws {
        let profile = try HardwareProfile.decode(Data(Self.example.utf8), file: "p.json")
        // 1e9 non-zeros at 50%: dense 2e9 x 2 = 4e9 bytes, sparse 1e9 x 2.25 = 2.25e9.
        #expect(profile.memory(nonZeroParams: 1e9, sparsity: 0.5) == 2.25e9)
        // At 10%: dense 1e9/0.9 x 2 = 2.22e9 < 2.25e9.
        #expect(abs(profile.memory(nonZeroParams: 1e9, sparsity: 0.1) - 2e9 / 0.9) < 1)
        #expect(profile.memory(nonZeroParams: 1e9, sparsity: 0) == 2e9)
        // A pattern's own bytes per non-zero.
        #expect(profile.storage(sparsity: 0.5, pattern: profile.patterns[0]).bytesPerNonzero == 2.25)
        let seconds = try #require(profile.seconds(denseFLOPs: 9.9e14 * 0.4 * 3600))
        #expect(abs(seconds - 3600) < 1e-9)
        #expect(abs(profile.money(denseFLOPs: 9.9e14 * 0.4 * 3600)! - 2.5) < 1e-12)
        #expect(HardwareProfile.ideal.seconds(denseFLOPs: 1e20) == nil)
        for n in [1e6, 3e8] {
            for s in [0.0, 0.3, 0.6, 0.95] {
                for candidate in PlanningReference.profiles {
                    #expect(abs(candidate.memory(nonZeroParams: n, sparsity: s) / PlanningReference.memory(candidate, n, s) - 1) < 1e-14)
                }
            }
        }
    }

    @Test("memory amounts with units", arguments: [(String, Double)]([
        ("8GB", 8e9), ("8GiB", 8 * 1_073_741_824.0), ("8 giB", 8 * 1_073_741_824.0), ("512MiB", 512 * 1_048_576.0),
        ("1.5TB", 1.5e12), ("2e10", 2e10), ("2e10B", 2e10), ("100 bytes", 100), ("4k", 4000), ("4KiB", 4096), ("1PB", 1e15), ("3G", 3e9),
    ]))
    func memoryUnits(text: String, bytes: Double) throws {
        #expect(try MemoryAmount.parse(text).get().bytes == bytes)
    }

    @Test("memory amounts that are refused", arguments: [
        ("", "memory.empty"), ("GB", "memory.not-a-number"), ("eight GB", "memory.not-a-number"), ("8XB", "memory.unknown-unit"),
        ("8 GBs", "memory.unknown-unit"), ("0GB", "memory.not-positive"), ("-8GB", "memory.not-positive"), ("inf", "memory.not-a-number"),
        ("1e400", "memory.not-positive"),
    ])
    func memoryRefusals(text: String, code: String) {
        guard case .failure(let error) = MemoryAmount.parse(text) else { Issue.record("accepted \(text)"); return }
        #expect(error.code == code, "\(text): \(error)")
    }
}
