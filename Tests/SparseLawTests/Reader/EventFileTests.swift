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

/// Two records copied from event files that TensorBoard 2.21 wrote (a scalar `loss` = 2.5 at step
/// 7, wall time 1700000000.5): with `tensorboard.summary.Writer.add_scalar` (a DT_FLOAT tensor
/// with the scalars plugin's metadata) and with `RecordWriter` and an `Event` holding a
/// `simple_value` (PyTorch's layout). 64 and 42 bytes, kept here as hex.
enum TensorBoardRecords {
    static let tensorScalar = "300000000000000095f5d05f0900002040fc54d94110072a230a210a046c6f7373420a080112002a04000020404a0d0a090a077363616c617273200102c1f43e"
    static let simpleValue = "1a00000000000000129bd82d0900002040fc54d94110072a0d0a0b0a046c6f737315000020409423efb0"
}

@Suite("Reader: CRC-32C")
struct CRC32CTests {
    static let published: [([UInt8], UInt32)] = [
        (Array("123456789".utf8), 0xE306_9283),
        ([UInt8](repeating: 0, count: 32), 0x8A91_36AA),
        ([UInt8](repeating: 0xFF, count: 32), 0x62A8_AB43),
        ((0..<32).map { UInt8($0) }, 0x46DD_794E),
        ((0..<32).reversed().map { UInt8($0) }, 0x113F_DB5C),
        ([], 0),
    ]

    @Test("published check values (CRC catalogue; RFC 3720, B.4)", arguments: published)
    func checkValues(bytes: [UInt8], expected: UInt32) {
        #expect(CRC32C.checksum(bytes) == expected)
        #expect(EventBytes.crc32c(bytes) == expected)
    }

    @Test("eight bytes at a time agrees with one bit at a time, at every length and alignment")
    func slicing() {
        var generator = SeededGenerator(seed: 14)
        let buffer = (0..<300).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        for start in 0..<9 {
            for length in 0...(buffer.count - start) where length < 40 || length % 37 == 0 {
                let slice = Array(buffer[start..<start + length])
                #expect(CRC32C.checksum(slice) == EventBytes.crc32c(slice), "start \(start), length \(length)")
            }
        }
    }

    @Test("masked CRCs as TensorBoard stored them")
    func masked() {
        let record = EventBytes.hex(TensorBoardRecords.simpleValue)
        // Length 26, stored masked CRC of the 8 length bytes 0x2DD89B12; of the data 0xB0EF2394.
        #expect(CRC32C.masked(CRC32C.checksum(record[0..<8])) == 0x2DD8_9B12)
        #expect(CRC32C.masked(CRC32C.checksum(record[12..<38])) == 0xB0EF_2394)
    }
}

@Suite("Reader: TensorBoard event files")
struct EventFileTests {
    @Test("the tests' encoder writes exactly what TensorBoard wrote")
    func encoderMatchesTensorBoard() {
        let tensor = EventBytes.record(EventBytes.event(step: 7, wallTime: 1_700_000_000.5,
                                                        values: [EventBytes.tensorValue("loss", EventBytes.floatTensor(2.5))]))
        #expect(tensor == EventBytes.hex(TensorBoardRecords.tensorScalar))
        let simple = EventBytes.record(EventBytes.event(step: 7, wallTime: 1_700_000_000.5,
                                                        values: [EventBytes.simpleValue("loss", 2.5)]))
        #expect(simple == EventBytes.hex(TensorBoardRecords.simpleValue))
        // The framing, field by field: length, its masked CRC, the data, the data's masked CRC.
        #expect(Array(simple[0..<8]) == [26, 0, 0, 0, 0, 0, 0, 0])
        #expect(simple.count == 8 + 4 + 26 + 4)
    }

    @Test("TensorBoard's own records decode to the scalar written")
    func tensorBoardRecords() throws {
        let bytes = EventBytes.hex(TensorBoardRecords.tensorScalar) + EventBytes.hex(TensorBoardRecords.simpleValue)
        let contents = try EventFile.read(bytes)
        #expect(contents.records == 2)
        #expect(contents.scalars == [
            .init(step: 7, tag: "loss", value: 2.5, recordOffset: 0),
            .init(step: 7, tag: "loss", value: 2.5, recordOffset: 64),
        ])
    }

    /// A run's file: a file-version event, scalars in every layout writers use, and summaries that
    /// are not scalars.
    static func runFile() -> [UInt8] {
        func half(_ bits: UInt64) -> [UInt8] { EventBytes.tensor(dataType: 19, fields: EventBytes.varintField(13, bits)) }
        return EventBytes.file([
            EventBytes.fileVersionEvent(),
            EventBytes.event(step: 0, values: [EventBytes.simpleValue("train/loss", 4.5)]),
            // A histogram: a 2 x 3 DT_DOUBLE tensor.
            EventBytes.event(step: 0, values: [EventBytes.tensorValue("weights", EventBytes.tensor(
                dataType: 2, shape: [2, 3], fields: EventBytes.bytesField(4, [UInt8](repeating: 0, count: 48))))]),
            EventBytes.event(step: 100, values: [
                EventBytes.simpleValue("train/loss", 3.25),
                EventBytes.tensorValue("eval/loss", EventBytes.floatTensor(3.5)),
            ]),
            // tensor_content, little-endian DT_DOUBLE, in a [1, 1] shape.
            EventBytes.event(step: 200, values: [EventBytes.tensorValue("eval/loss", EventBytes.tensor(
                dataType: 2, shape: [1, 1], fields: EventBytes.bytesField(4, EventBytes.littleEndian(2.875.bitPattern, width: 8))))]),
            // float_val unpacked (one fixed32 field), and a text summary (DT_STRING).
            EventBytes.event(step: 200, values: [
                EventBytes.tensorValue("train/loss", EventBytes.tensor(dataType: 1, fields: EventBytes.fixed32Field(5, Float(3).bitPattern))),
                EventBytes.tensorValue("notes", EventBytes.tensor(dataType: 7, fields: EventBytes.stringField(8, "hello"))),
            ]),
            // An image (Summary.Value field 4), an int64 tokens counter, a half-precision value
            // (0x3E00 = 1.5), a bfloat16 in tensor_content (0x4040 = 3.0).
            EventBytes.event(step: 300, values: [
                EventBytes.stringField(1, "samples") + EventBytes.bytesField(4, [8, 1]),
                EventBytes.tensorValue("tokens", EventBytes.tensor(dataType: 9, fields: EventBytes.varintField(10, 19_660_800))),
                EventBytes.tensorValue("lr", half(0x3E00)),
                EventBytes.tensorValue("bf", EventBytes.tensor(dataType: 14, fields: EventBytes.bytesField(4, [0x40, 0x40]))),
            ]),
            // A resumed run writes step 100 again: the later value wins.
            EventBytes.event(step: 100, values: [EventBytes.simpleValue("train/loss", 3.125)]),
            // A negative int32 (sign-extended to ten bytes on the wire).
            EventBytes.event(step: 300, values: [EventBytes.tensorValue("delta", EventBytes.tensor(dataType: 3, fields: EventBytes.varintField(7, UInt64(bitPattern: -5))))]),
            // A step out of order takes its place in step order.
            EventBytes.event(step: 50, values: [EventBytes.simpleValue("train/loss", 4)]),
        ])
    }

    @Test("every scalar layout, in a table of steps and tags; non-scalars listed as skipped")
    func runTable() throws {
        let bytes = Self.runFile()
        let contents = try EventFile.read(bytes)
        #expect(contents.records == 10)
        #expect(contents.skipped == [
            .init(tag: "weights", reason: .elementCount(6)),
            .init(tag: "notes", reason: .nonNumeric(dataType: 7)),
            .init(tag: "samples", reason: .notATensor),
        ])
        let table = try EventFile.table(contents)
        #expect(table.columns == ["step", "train/loss", "eval/loss", "tokens", "lr", "bf", "delta"])
        func number(_ value: Double) -> RawCell { .number(value) }
        #expect(table.rows.map(\.cells) == [
            [number(0), number(4.5), .empty, .empty, .empty, .empty, .empty],
            [number(50), number(4), .empty, .empty, .empty, .empty, .empty],
            [number(100), number(3.125), number(3.5), .empty, .empty, .empty, .empty],
            [number(200), number(3), number(2.875), .empty, .empty, .empty, .empty],
            [number(300), .empty, .empty, number(19_660_800), number(1.5), number(3), number(-5)],
        ])
        // Each row is located at the first record of its step: count the bytes of the records before.
        let recordSizes = [EventBytes.fileVersionEvent().count + 16]
        #expect(table.rows[0].location == .byteOffset(recordSizes[0]))
        #expect(table.rows.allSatisfy { $0.location.kind == .byteOffset })
    }

    @Test("single-precision values read as the decimal written, not its binary expansion")
    func decimalFloats() throws {
        let bytes = EventBytes.file([EventBytes.event(step: 1, values: [EventBytes.simpleValue("loss", 2.9)])])
        let value = try #require(try EventFile.read(bytes).scalars.first?.value)
        #expect(value == 2.9)
        #expect(Float(value) == Float(2.9))
    }

    static let halves: [(UInt16, Float)] = [
        (0x3C00, 1), (0xC000, -2), (0x7BFF, 65504), (0x0001, 0x1p-24), (0x3555, 0.333251953125),
        (0x7C00, .infinity), (0xFC00, -.infinity),
    ]

    @Test("half precision: normal, subnormal, largest, infinite", arguments: halves)
    func halfPrecision(bits: UInt16, expected: Float) {
        #expect(EventRecordDecoder.halfPrecision(bits) == expected)
    }

    // MARK: Damaged files

    /// A file of three scalar events, and the offset where each record starts.
    static func threeRecords() -> (bytes: [UInt8], offsets: [Int]) {
        let records = (1...3).map { EventBytes.record(EventBytes.event(step: Int64($0), values: [EventBytes.simpleValue("loss", Float(4 - $0))])) }
        var offsets: [Int] = []
        var position = 0
        for record in records { offsets.append(position); position += record.count }
        return (records.flatMap { $0 }, offsets)
    }

    func failure(_ bytes: [UInt8]) -> EventFileError? {
        do { _ = try EventFile.table(try EventFile.read(bytes)); return nil } catch { return error }
    }

    @Test("a damaged data byte is refused at its record, by the data checksum")
    func damagedData() throws {
        var (bytes, offsets) = Self.threeRecords()
        bytes[offsets[1] + 12 + 3] ^= 0x01
        let error = try #require(failure(bytes))
        #expect(error.recordOffset == offsets[1])
        #expect(error.offset == offsets[2] - 4)
        guard case .dataChecksumMismatch(let stored, let computed) = error.problem else { Issue.record("\(error)"); return }
        #expect(stored != computed)
    }

    @Test("a damaged length is refused by the length checksum, before it is trusted")
    func damagedLength() throws {
        var (bytes, offsets) = Self.threeRecords()
        bytes[offsets[2] + 5] = 0xFF
        let error = try #require(failure(bytes))
        #expect(error.recordOffset == offsets[2])
        #expect(error.offset == offsets[2] + 8)
        guard case .lengthChecksumMismatch = error.problem else { Issue.record("\(error)"); return }
    }

    @Test("a file cut inside a record, or inside a record's header", arguments: [1, 5, 11, 12, 20, 30])
    func truncated(keep: Int) throws {
        let (bytes, offsets) = Self.threeRecords()
        let error = try #require(failure(Array(bytes[0..<offsets[2] + keep])))
        #expect(error.recordOffset == offsets[2])
        if keep < 12 {
            #expect(error.problem == .truncatedHeader(available: keep))
        } else {
            guard case .truncatedRecord(let length, let available) = error.problem else { Issue.record("\(error)"); return }
            #expect(Int(length) == bytes.count - offsets[2] - 16)
            #expect(available == keep - 12)
        }
    }

    @Test("a record with valid checksums but a malformed Event names the message and the byte")
    func malformedEvent() throws {
        // step = 2 as a varint cut short: key 0x10, then a continuation byte and nothing more.
        let good = EventBytes.record(EventBytes.fileVersionEvent())
        let error = try #require(failure(good + EventBytes.record([0x10, 0x80])))
        #expect(error.recordOffset == good.count)
        #expect(error.offset == good.count + 12 + 1)
        #expect(error.problem == .malformed(.truncatedVarint, message: .event))
    }

    @Test("a known field of the wrong wire type is refused, with its message and number")
    func wrongWireType() throws {
        // step (field 2) as fixed32.
        let error = try #require(failure(EventBytes.record(EventBytes.fixed32Field(2, 7))))
        #expect(error.problem == .wrongWireType(message: .event, field: 2))
        #expect(error.offset == 12)
        // tag (Summary.Value field 1) as a varint.
        let value = EventBytes.varintField(1, 3) + EventBytes.fixed32Field(2, Float(1).bitPattern)
        let tagError = try #require(failure(EventBytes.record(EventBytes.event(step: 1, values: [value]))))
        #expect(tagError.problem == .wrongWireType(message: .summaryValue, field: 1))
    }

    @Test("a scalar tensor whose content is not one element wide, or holds two values")
    func tensorSizes() throws {
        let wide = EventBytes.tensor(dataType: 1, fields: EventBytes.bytesField(4, [0, 0, 0, 0, 0, 0, 0, 0]))
        let error = try #require(failure(EventBytes.record(EventBytes.event(step: 1, values: [EventBytes.tensorValue("loss", wide)]))))
        #expect(error.problem == .tensorContentSize(tag: "loss", expected: 4, found: 8))
        let two = EventBytes.tensor(dataType: 1, fields: EventBytes.bytesField(5, EventBytes.littleEndian(0x3F80_0000_3F80_0000, width: 8)))
        let twoError = try #require(failure(EventBytes.record(EventBytes.event(step: 1, values: [EventBytes.tensorValue("loss", two)]))))
        #expect(twoError.problem == .tensorValueCount(tag: "loss", found: 2))
    }

    @Test("a tag named like the step column is refused")
    func reservedTag() throws {
        let error = try #require(failure(EventBytes.file([EventBytes.event(step: 1, values: [EventBytes.simpleValue("step", 1)])])))
        #expect(error.problem == .reservedTag("step"))
    }

    @Test("an empty file has no records; a file without scalars has an empty table")
    func empty() throws {
        #expect(try EventFile.read([]).records == 0)
        let table = try EventFile.table(try EventFile.read(EventBytes.file([EventBytes.fileVersionEvent()])))
        #expect(table.rows.isEmpty)
        #expect(table.columns == ["step"])
    }
}

@Suite("Reader: protocol-buffer wire format")
struct ProtobufWireReaderTests {
    func fields(_ bytes: [UInt8]) throws(WireFormatError) -> [ProtobufWireReader.Field] {
        var reader = ProtobufWireReader(bytes, range: 0..<bytes.count)
        var fields: [ProtobufWireReader.Field] = []
        while let field = try reader.next() { fields.append(field) }
        return fields
    }

    func problem(_ bytes: [UInt8]) -> WireFormatError? {
        do { _ = try fields(bytes); return nil } catch { return error }
    }

    @Test("varints of one to ten bytes", arguments: [0, 1, 127, 128, 300, 1 << 35, UInt64.max, UInt64(bitPattern: -1 << 20)] as [UInt64])
    func varints(value: UInt64) throws {
        let bytes = EventBytes.varintField(3, value)
        #expect(try fields(bytes) == [.init(number: 3, offset: 0, value: .varint(value))])
    }

    @Test("every wire type; a group is skipped whole, nested fields and all")
    func wireTypes() throws {
        let group = EventBytes.key(9, wireType: 3) + EventBytes.varintField(1, 5)
            + EventBytes.key(2, wireType: 3) + EventBytes.key(2, wireType: 4) + EventBytes.key(9, wireType: 4)
        let bytes = EventBytes.fixed64Field(1, 42) + EventBytes.fixed32Field(2, 7) + EventBytes.stringField(3, "ab") + group + EventBytes.varintField(4, 1)
        let read = try fields(bytes)
        #expect(read.map(\.number) == [1, 2, 3, 9, 4])
        #expect(read[0].value == .fixed64(42))
        #expect(read[1].value == .fixed32(7))
        #expect(read[2].value == .lengthDelimited(16..<18))  // after 9 + 5 bytes, a key and a length
        #expect(read[4].value == .varint(1))
    }

    static let malformed: [([UInt8], Int, WireFormatProblem)] = [
        ([0x08], 1, .truncatedVarint),
        ([0x08] + [UInt8](repeating: 0xFF, count: 9) + [0x02], 1, .overlongVarint),
        ([0x08] + [UInt8](repeating: 0x80, count: 11), 1, .overlongVarint),
        ([0x0D, 1, 2], 1, .truncatedFixed(width: 4, available: 2)),
        ([0x09, 1, 2, 3, 4, 5, 6, 7], 1, .truncatedFixed(width: 8, available: 7)),
        ([0x08, 1, 0x12, 5, 1], 3, .lengthBeyondMessage(length: 5, available: 1)),
        ([0x00, 1], 0, .invalidFieldNumber(0)),
        ([0x0E], 0, .invalidWireType(6)),
        ([0x0C], 0, .invalidWireType(4)),
        ([0x0B, 0x08, 1], 0, .unterminatedGroup(1)),
        ([0x0B, 0x14], 1, .mismatchedGroupEnd(opened: 1, closed: 2)),
    ]

    @Test("refusals, each at its byte", arguments: malformed)
    func refusals(bytes: [UInt8], offset: Int, expected: WireFormatProblem) throws {
        let error = try #require(problem(bytes))
        #expect(error.problem == expected)
        #expect(error.offset == offset)
    }

    @Test("repeated numbers, packed or not")
    func packed() throws {
        let bytes = EventBytes.bytesField(7, EventBytes.varint(1) + EventBytes.varint(300) + EventBytes.varint(2))
        let packed = try fields(bytes)[0]
        #expect(try ProtobufWireReader.unpack(packed.value, in: bytes, as: .varint, at: 0) == [1, 300, 2])
        #expect(try ProtobufWireReader.unpack(.fixed32(9), in: [], as: .fixed32, at: 0) == [9])
        #expect(throws: WireFormatError.self) { try ProtobufWireReader.unpack(.varint(9), in: [], as: .fixed64, at: 0) }
    }
}
