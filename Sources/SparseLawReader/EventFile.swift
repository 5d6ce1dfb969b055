import SparseLawCore

/// TensorBoard event files (`events.out.tfevents.*`): the scalar summaries they hold, as a table
/// with one row per step, a `step` column and one column per tag.
///
/// A file is a TFRecord sequence (see `TFRecordFraming`) of serialized `tensorflow.Event`
/// messages. Of those messages, only these fields are read (numbers as in TensorFlow's
/// `event.proto`, `summary.proto`, `tensor.proto`, `tensor_shape.proto`):
///
///     Event          wall_time = 1 (double), step = 2 (int64), summary = 5 (Summary)
///     Summary        value = 1 (repeated Value)
///     Summary.Value  tag = 1 (string), simple_value = 2 (float), tensor = 8 (TensorProto);
///                    image = 4, histo = 5, audio = 6 and the obsolete 3 share their oneof
///     TensorProto    dtype = 1, tensor_shape = 2, tensor_content = 4, float_val = 5,
///                    double_val = 6, int_val = 7, int64_val = 10, half_val = 13,
///                    uint32_val = 16, uint64_val = 17
///     TensorShapeProto  dim = 2 (Dim: size = 1), unknown_rank = 3
///
/// A scalar is a `simple_value` (what PyTorch's and tensorboardX's `add_scalar` write) or a
/// numeric tensor of one element (what TensorFlow 2 and `tensorboard.summary.Writer` write), its
/// value in the typed field or in `tensor_content` (little-endian). Other summaries (histograms,
/// images, text) are listed as skipped, not refused.
///
/// The decoding is written here rather than generated with swift-protobuf: the reader needs
/// fifteen fields of six messages, and the generated code for `event.proto` and what it
/// imports would be thousands of lines committed to the repository (or a protoc plugin that
/// makes every clean build many minutes longer) plus a runtime dependency, while
/// swift-protobuf's decoding errors carry no byte offset, which a refusal here must name. The
/// wire format itself is small and fully tested (`ProtobufWireReader`).
public enum EventFile {
    /// One scalar value of the file.
    public struct Scalar: Equatable, Sendable {
        public var step: Int64
        public var tag: String
        public var value: Double
        /// Byte offset of the record (the Event) that holds it.
        public var recordOffset: Int
    }

    /// What a file holds.
    public struct Contents: Equatable, Sendable {
        public var scalars: [Scalar]
        /// Tags whose values are not scalars, each once, in order of first appearance.
        public var skipped: [SkippedSummaryTag]
        public var records: Int
    }

    /// The column the step becomes.
    public static let stepColumn = "step"

    /// Reads every record of `bytes`, checking the framing and decoding the Events.
    public static func read(_ bytes: [UInt8]) throws(EventFileError) -> Contents {
        let records = try TFRecordFraming.records(in: bytes)
        var decoder = EventRecordDecoder(bytes: bytes)
        for record in records {
            try decoder.decodeEvent(record)
        }
        return Contents(scalars: decoder.scalars, skipped: decoder.skipped, records: records.count)
    }

    /// The scalars as a table: a `step` column, then one column per tag in order of first
    /// appearance; one row per step, in increasing step order. A tag logged twice at one step
    /// (a run resumed from an earlier checkpoint writes its steps again) keeps the later value,
    /// as TensorBoard shows it. Each row's location is the byte offset of the first record of
    /// its step.
    public static func table(_ contents: Contents) throws(EventFileError) -> RawTable {
        // By bytes: tags that differ only in their Unicode normalization are two columns.
        var tagColumns: [[UInt8]: Int] = [:]
        var columns = [stepColumn]
        var rowOfStep: [Int64: Int] = [:]
        var steps: [Int64] = []
        var rows: [RawTable.Row] = []
        for scalar in contents.scalars {
            if scalar.tag == stepColumn {
                throw EventFileError(recordOffset: scalar.recordOffset, offset: scalar.recordOffset, problem: .reservedTag(scalar.tag))
            }
            let column = Self.slot(of: Array(scalar.tag.utf8), in: &tagColumns, next: columns.count) { columns.append(scalar.tag) }
            let row = Self.slot(of: scalar.step, in: &rowOfStep, next: rows.count) {
                steps.append(scalar.step)
                rows.append(.init(location: .byteOffset(scalar.recordOffset), cells: [.number(Double(scalar.step))]))
            }
            if rows[row].cells.count < columns.count {
                rows[row].cells.append(contentsOf: repeatElement(.empty, count: columns.count - rows[row].cells.count))
            }
            rows[row].cells[column] = .number(scalar.value)
        }
        for index in rows.indices where rows[index].cells.count < columns.count {
            rows[index].cells.append(contentsOf: repeatElement(.empty, count: columns.count - rows[index].cells.count))
        }
        let order = steps.indices.sorted { steps[$0] < steps[$1] || (steps[$0] == steps[$1] && $0 < $1) }
        return RawTable(columns: columns, rows: order.map { rows[$0] })
    }
}

/// A summary tag whose values are not scalars and so do not become a column.
public struct SkippedSummaryTag: Equatable, Sendable {
    public enum Reason: Equatable, Sendable {
        /// An image, audio clip or histogram in its own summary field.
        case notATensor
        /// A tensor of more than one element (a histogram, a PR curve), or of unknown shape.
        case elementCount(Int?)
        /// A tensor of a type that is not a number (text, booleans), by TensorFlow's `DataType` code
        /// as the file wrote it (any 64-bit value: codes the reader does not know are not numbers).
        case nonNumeric(dataType: UInt64)
        /// A tensor with neither `tensor_content` nor values.
        case noValue
    }

    public var tag: String
    public var reason: Reason
}

/// Decodes Event records into scalars, one record at a time.
struct EventRecordDecoder {
    let bytes: [UInt8]
    var scalars: [EventFile.Scalar] = []
    var skipped: [SkippedSummaryTag] = []
    private var skippedTags: Set<[UInt8]> = []
    private var recordOffset = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func decodeEvent(_ record: TFRecordFraming.Record) throws(EventFileError) {
        recordOffset = record.offset
        var reader = ProtobufWireReader(bytes, range: record.data)
        var step: Int64 = 0
        var summaries: [Range<Int>] = []
        while let field = try wire(.event, { () throws(WireFormatError) in try reader.next() }) {
            switch field.number {
            case 2:
                guard case .varint(let value) = field.value else { throw wrongType(.event, field) }
                step = Int64(bitPattern: value)
            case 5:
                guard case .lengthDelimited(let range) = field.value else { throw wrongType(.event, field) }
                summaries.append(range)
            default:
                break  // wall_time, file_version, graph_def, SessionLog and the rest are not used
            }
        }
        // A message field given twice is merged: its repeated values concatenate.
        for summary in summaries { try decodeSummary(summary, step: step) }
    }

    private mutating func decodeSummary(_ range: Range<Int>, step: Int64) throws(EventFileError) {
        var reader = ProtobufWireReader(bytes, range: range)
        while let field = try wire(.summary, { () throws(WireFormatError) in try reader.next() }) {
            guard field.number == 1 else { continue }
            guard case .lengthDelimited(let value) = field.value else { throw wrongType(.summary, field) }
            try decodeValue(value, step: step)
        }
    }

    /// The `value` oneof of a Summary.Value: the last of its fields present wins, as in any
    /// protobuf parser.
    private enum ValueKind {
        case none
        case simple(Float)
        case tensor(Range<Int>)
        case other
    }

    private mutating func decodeValue(_ range: Range<Int>, step: Int64) throws(EventFileError) {
        var reader = ProtobufWireReader(bytes, range: range)
        var tag = ""
        var kind = ValueKind.none
        while let field = try wire(.summaryValue, { () throws(WireFormatError) in try reader.next() }) {
            switch field.number {
            case 1:
                guard case .lengthDelimited(let text) = field.value else { throw wrongType(.summaryValue, field) }
                // A tag that is not UTF-8 is refused, as protobuf's own parsers refuse such a
                // string: decoded with replacement characters, tags differing only in their
                // invalid bytes would be merged into one column.
                guard let decoded = String(validatingUTF8Bytes: Array(bytes[text])) else {
                    throw EventFileError(recordOffset: recordOffset, offset: text.lowerBound,
                                         problem: .tagNotUTF8(String(escapingInvalidUTF8: Array(bytes[text]))))
                }
                tag = decoded
            case 2:
                guard case .fixed32(let bits) = field.value else { throw wrongType(.summaryValue, field) }
                kind = .simple(Float(bitPattern: bits))
            case 8:
                guard case .lengthDelimited(let tensor) = field.value else { throw wrongType(.summaryValue, field) }
                kind = .tensor(tensor)
            case 3, 4, 5, 6:
                kind = .other
            default:
                break
            }
        }
        switch kind {
        case .none:
            return
        case .simple(let value):
            scalars.append(.init(step: step, tag: tag, value: Self.decimal(value), recordOffset: recordOffset))
        case .other:
            skip(tag, .notATensor)
        case .tensor(let tensor):
            switch try decodeTensor(tensor, tag: tag) {
            case .number(let value):
                scalars.append(.init(step: step, tag: tag, value: value, recordOffset: recordOffset))
            case .skipped(let reason):
                skip(tag, reason)
            }
        }
    }

    private mutating func skip(_ tag: String, _ reason: SkippedSummaryTag.Reason) {
        if skippedTags.insert(Array(tag.utf8)).inserted { skipped.append(.init(tag: tag, reason: reason)) }
    }

    private enum TensorValue {
        case number(Double)
        case skipped(SkippedSummaryTag.Reason)
    }

    /// TensorFlow's `DataType` codes of the numeric types, with their width in bytes.
    private static let numericWidths: [UInt64: Int] = [
        1: 4,   // DT_FLOAT
        2: 8,   // DT_DOUBLE
        3: 4,   // DT_INT32
        4: 1,   // DT_UINT8
        5: 2,   // DT_INT16
        6: 1,   // DT_INT8
        9: 8,   // DT_INT64
        14: 2,  // DT_BFLOAT16
        17: 2,  // DT_UINT16
        19: 2,  // DT_HALF
        22: 4,  // DT_UINT32
        23: 8,  // DT_UINT64
    ]

    /// The tensor's single value, or why it is not a scalar.
    private func decodeTensor(_ range: Range<Int>, tag: String) throws(EventFileError) -> TensorValue {
        var reader = ProtobufWireReader(bytes, range: range)
        var dataType: UInt64 = 0
        var elements: Int? = 1
        var content: Range<Int>?
        var values: [UInt64] = []
        while let field = try wire(.tensor, { () throws(WireFormatError) in try reader.next() }) {
            switch field.number {
            case 1:
                guard case .varint(let code) = field.value else { throw wrongType(.tensor, field) }
                dataType = code
            case 2:
                guard case .lengthDelimited(let shape) = field.value else { throw wrongType(.tensor, field) }
                elements = try elementCount(shape)
            case 4:
                guard case .lengthDelimited(let bytes) = field.value else { throw wrongType(.tensor, field) }
                content = bytes
            case 5, 6, 7, 10, 13, 16, 17:
                let encoding: WireEncoding = field.number == 5 ? .fixed32 : field.number == 6 ? .fixed64 : .varint
                do {
                    values += try ProtobufWireReader.unpack(field.value, in: bytes, as: encoding, at: field.offset)
                } catch {
                    if case .unexpectedWireType = error.problem { throw wrongType(.tensor, field) }
                    throw EventFileError(recordOffset: recordOffset, offset: error.offset, problem: .malformed(error.problem, message: .tensor))
                }
            default:
                break
            }
        }
        guard let width = Self.numericWidths[dataType] else { return .skipped(.nonNumeric(dataType: dataType)) }
        guard elements == 1 else { return .skipped(.elementCount(elements)) }
        let bits: UInt64
        if let content, !content.isEmpty {
            guard content.count == width else {
                throw EventFileError(recordOffset: recordOffset, offset: content.lowerBound,
                                     problem: .tensorContentSize(tag: tag, expected: width, found: content.count))
            }
            bits = TFRecordFraming.littleEndian(bytes, at: content.lowerBound, width: width)
        } else {
            guard let first = values.first else { return .skipped(.noValue) }
            guard values.count == 1 else {
                throw EventFileError(recordOffset: recordOffset, offset: range.lowerBound, problem: .tensorValueCount(tag: tag, found: values.count))
            }
            bits = first
        }
        return .number(Self.number(bits: bits, dataType: dataType))
    }

    /// The product of the dimension sizes; nil for an unknown rank or size.
    private func elementCount(_ range: Range<Int>) throws(EventFileError) -> Int? {
        var reader = ProtobufWireReader(bytes, range: range)
        var count: Int? = 1
        while let field = try wire(.tensorShape, { () throws(WireFormatError) in try reader.next() }) {
            switch field.number {
            case 2:
                guard case .lengthDelimited(let dimension) = field.value else { throw wrongType(.tensorShape, field) }
                var dimensionReader = ProtobufWireReader(bytes, range: dimension)
                var size: Int64 = 0
                while let sizeField = try wire(.tensorShapeDimension, { () throws(WireFormatError) in try dimensionReader.next() }) {
                    guard sizeField.number == 1 else { continue }
                    guard case .varint(let value) = sizeField.value else { throw wrongType(.tensorShapeDimension, sizeField) }
                    size = Int64(bitPattern: value)
                }
                if let known = count, size >= 0 {
                    let (product, overflow) = known.multipliedReportingOverflow(by: Int(size))
                    count = overflow ? nil : product
                } else {
                    count = nil
                }
            case 3:
                if case .varint(let flag) = field.value, flag != 0 { count = nil }
            default:
                break
            }
        }
        return count
    }

    /// The value of a one-element tensor from its little-endian bits (from `tensor_content`) or
    /// from its typed field (where integers of 32 bits or less come sign-extended to 64 and
    /// half-precision values as their 16 bits in an int32).
    static func number(bits: UInt64, dataType: UInt64) -> Double {
        switch dataType {
        case 1: return decimal(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
        case 2: return Double(bitPattern: bits)
        case 3: return Double(Int32(truncatingIfNeeded: bits))
        case 4: return Double(UInt8(truncatingIfNeeded: bits))
        case 5: return Double(Int16(truncatingIfNeeded: bits))
        case 6: return Double(Int8(truncatingIfNeeded: bits))
        case 9: return Double(Int64(bitPattern: bits))
        case 14: return decimal(Float(bitPattern: UInt32(truncatingIfNeeded: bits & 0xFFFF) << 16))
        case 17: return Double(UInt16(truncatingIfNeeded: bits))
        case 19: return decimal(halfPrecision(UInt16(truncatingIfNeeded: bits)))
        case 22: return Double(UInt32(truncatingIfNeeded: bits))
        default: return Double(bits)  // 23, DT_UINT64
        }
    }

    /// IEEE 754 binary16 to binary32: sign, 5-bit exponent (bias 15), 10-bit fraction;
    /// subnormals (exponent 0) are fraction * 2^-24; exponent 31 is infinity or NaN.
    static func halfPrecision(_ bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1F)
        let fraction = Float(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }

    /// A single-precision value as the decimal it was written as: the shortest decimal that
    /// rounds to the same float (so a logged 2.9 reads as 2.9, not 2.9000000953674316). Both are
    /// the same float; the decimal is what the writer meant and what people compare.
    static func decimal(_ value: Float) -> Double {
        guard value.isFinite else { return Double(value) }
        return Double(value.description) ?? Double(value)
    }

    private func wire<T>(_ message: EventMessage, _ body: () throws(WireFormatError) -> T) throws(EventFileError) -> T {
        do {
            return try body()
        } catch {
            throw EventFileError(recordOffset: recordOffset, offset: error.offset, problem: .malformed(error.problem, message: message))
        }
    }

    private func wrongType(_ message: EventMessage, _ field: ProtobufWireReader.Field) -> EventFileError {
        EventFileError(recordOffset: recordOffset, offset: field.offset, problem: .wrongWireType(message: message, field: field.number))
    }
}

extension EventFile {
    /// The index `key` has in `index`; a key not seen before gets `next`, and `add` appends what
    /// that index stands for (a column, a row).
    static func slot<Key: Hashable>(of key: Key, in index: inout [Key: Int], next: Int, add: () -> Void) -> Int {
        if let known = index[key] { return known }
        index[key] = next
        add()
        return next
    }
}
