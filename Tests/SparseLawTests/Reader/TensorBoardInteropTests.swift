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

/// Event files written by TensorBoard's own Python package, read here and by TensorBoard's loader.
/// Runs only where `python3 -c "import tensorboard"` works (`pip install tensorboard`); no file
/// it writes is kept.
enum TensorBoardPython {
    static let available: Bool = (try? run(["-c", "import tensorboard, numpy"]).status) == 0
    static let skipMessage: Comment = "skipped: Python's tensorboard package is not installed (pip install tensorboard)"

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("sparselaw-python-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: output, encoding: .utf8))
    }

    /// Writes three event files in `directory` and prints, as JSON, what TensorBoard's
    /// `EventFileLoader` reads from each: `{file: [[step, tag, value], ...]}` for the one-element
    /// numeric summaries.
    static let script = #"""
    import glob, json, os, struct, sys
    import numpy as np
    from tensorboard.summary import Writer
    from tensorboard.summary.writer.event_file_writer import EventFileWriter
    from tensorboard.compat.proto import event_pb2, summary_pb2, tensor_pb2, tensor_shape_pb2, types_pb2
    from tensorboard.backend.event_processing import event_file_loader
    from tensorboard.util import tensor_util

    root = sys.argv[1]
    # TensorFlow 2's layout through tensorboard.summary.Writer: DT_FLOAT tensors, float_val.
    writer = Writer(os.path.join(root, "writer"))
    for step in range(0, 1000, 100):
        writer.add_scalar("train/loss", 4 - step / 700, step)
        writer.add_scalar("eval/loss", 4.2 - step / 800, step)
    writer.close()

    # PyTorch's layout: simple_value; a histogram beside it.
    events = EventFileWriter(os.path.join(root, "simple"))
    for step in range(0, 500, 50):
        histogram = summary_pb2.HistogramProto(min=0, max=1, num=3, bucket_limit=[1], bucket=[3])
        summary = summary_pb2.Summary(value=[
            summary_pb2.Summary.Value(tag="loss", simple_value=3.5 - step / 1000),
            summary_pb2.Summary.Value(tag="weights", histo=histogram)])
        events.add_event(event_pb2.Event(step=step, wall_time=1.7e9 + step, summary=summary))
    events.close()

    # Little-endian tensor_content (as TensorFlow's C++ writer stores it), half precision, a 2 x 2.
    events = EventFileWriter(os.path.join(root, "content"))
    for step in range(1, 6):
        double = tensor_pb2.TensorProto(dtype=types_pb2.DT_DOUBLE, tensor_shape=tensor_shape_pb2.TensorShapeProto(),
                                        tensor_content=struct.pack("<d", 2.5 + 1 / (step + 2)))
        summary = summary_pb2.Summary(value=[
            summary_pb2.Summary.Value(tag="eval/loss", tensor=double),
            summary_pb2.Summary.Value(tag="lr", tensor=tensor_util.make_tensor_proto(np.float16(step / 16))),
            summary_pb2.Summary.Value(tag="matrix", tensor=tensor_util.make_tensor_proto(np.ones((2, 2), np.float32)))])
        events.add_event(event_pb2.Event(step=step * 1000, summary=summary))
    events.close()

    seen = {}
    for path in sorted(glob.glob(os.path.join(root, "*", "events.out.tfevents.*"))):
        rows = []
        for event in event_file_loader.EventFileLoader(path).Load():
            for value in event.summary.value:
                if value.HasField("simple_value"):
                    rows.append([event.step, value.tag, float(value.simple_value)])
                elif value.HasField("tensor"):
                    array = tensor_util.make_ndarray(value.tensor)
                    if array.size == 1 and array.dtype.kind in "fiu":
                        rows.append([event.step, value.tag, float(array.reshape(()))])
        seen[os.path.relpath(path, root)] = rows
    print(json.dumps(seen))
    """#
}

@Suite("Reader: event files written by TensorBoard", .enabled(if: TensorBoardPython.available, TensorBoardPython.skipMessage))
struct TensorBoardInteropTests {
    @Test("every scalar TensorBoard's loader reads, read here with the same step, tag and value")
    func sameAsTensorBoard() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sparselaw-tb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let scriptURL = directory.appendingPathComponent("write.py")
        try TensorBoardPython.script.write(to: scriptURL, atomically: true, encoding: .utf8)
        let (status, output) = try TensorBoardPython.run([scriptURL.path, directory.path])
        try #require(status == 0, "the Python script failed")
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: [[Any]]])
        #expect(seen.count == 3)

        for (file, rows) in seen {
            let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent(file)))
            let contents = try EventFile.read(bytes)
            #expect(contents.scalars.count == rows.count, "\(file)")
            for (scalar, row) in zip(contents.scalars, rows) {
                let step = try #require(row[0] as? Int), tag = try #require(row[1] as? String), value = try #require(row[2] as? Double)
                #expect(scalar.step == Int64(step), "\(file)")
                #expect(scalar.tag == tag, "\(file)")
                // Single-precision values are read as their shortest decimal, which is the same float.
                if file.hasPrefix("content"), tag == "eval/loss" {
                    #expect(scalar.value == value, "\(file) \(tag) step \(step)")
                } else {
                    #expect(Float(scalar.value) == Float(value), "\(file) \(tag) step \(step)")
                }
            }
            let table = try EventFile.table(contents)
            switch file.prefix(while: { $0 != "/" }) {
            case "writer":
                #expect(table.columns == ["step", "train/loss", "eval/loss"])
                #expect(table.rows.count == 10)
                let last: RowCells = [.number(900), .number(EventRecordDecoder.decimal(Float(4 - 900.0 / 700))), .number(3.075)]
                #expect(table.rows.last?.cells == last)
            case "simple":
                #expect(table.columns == ["step", "loss"])
                #expect(contents.skipped == [.init(tag: "weights", reason: .notATensor)])
                #expect(table.rows.first?.cells == [.number(0), .number(3.5)])
            case "content":
                #expect(table.columns == ["step", "eval/loss", "lr"])
                #expect(contents.skipped == [.init(tag: "matrix", reason: .elementCount(4))])
                let losses: [RawCell] = (1...5).map { step in .number(2.5 + 1 / (Double(step) + 2)) }
                let rates: [RawCell] = (1...5).map { step in .number(Double(step) / 16) }
                #expect(table.rows.map { $0.cells[1] } == losses)
                #expect(table.rows.map { $0.cells[2] } == rates)
            default:
                Issue.record("unexpected file \(file)")
            }
        }
    }
}
