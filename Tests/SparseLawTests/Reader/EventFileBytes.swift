import Foundation

/// Event files written byte by byte for the tests, by an encoder that shares no code with the
/// reader: protocol-buffer fields spelled out from the wire-format rules, TFRecord framing with
/// a bit-at-a-time CRC-32C. `EventFileTests` checks these bytes against records TensorBoard wrote.
enum EventBytes {
    // MARK: Protocol-buffer wire format

    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        repeat {
            let low = UInt8(value & 0x7F)
            value >>= 7
            bytes.append(value == 0 ? low : low | 0x80)
        } while value != 0
        return bytes
    }

    static func key(_ field: Int, wireType: Int) -> [UInt8] { varint(UInt64(field << 3 | wireType)) }

    static func varintField(_ field: Int, _ value: UInt64) -> [UInt8] { key(field, wireType: 0) + varint(value) }

    static func fixed32Field(_ field: Int, _ bits: UInt32) -> [UInt8] { key(field, wireType: 5) + littleEndian(UInt64(bits), width: 4) }

    static func fixed64Field(_ field: Int, _ bits: UInt64) -> [UInt8] { key(field, wireType: 1) + littleEndian(bits, width: 8) }

    static func bytesField(_ field: Int, _ bytes: [UInt8]) -> [UInt8] { key(field, wireType: 2) + varint(UInt64(bytes.count)) + bytes }

    static func stringField(_ field: Int, _ text: String) -> [UInt8] { bytesField(field, Array(text.utf8)) }

    static func littleEndian(_ value: UInt64, width: Int) -> [UInt8] {
        (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    // MARK: TensorFlow messages

    /// `Event`: wall_time = 1 (double), step = 2 (int64), file_version = 3, summary = 5.
    static func event(step: Int64, wallTime: Double = 1_700_000_000, values: [[UInt8]]) -> [UInt8] {
        fixed64Field(1, wallTime.bitPattern) + varintField(2, UInt64(bitPattern: step))
            + bytesField(5, values.flatMap { bytesField(1, $0) })
    }

    static func fileVersionEvent(wallTime: Double = 1_700_000_000) -> [UInt8] {
        fixed64Field(1, wallTime.bitPattern) + stringField(3, "brain.Event:2")
    }

    /// `Summary.Value` with `simple_value` (what PyTorch writes).
    static func simpleValue(_ tag: String, _ value: Float) -> [UInt8] {
        stringField(1, tag) + fixed32Field(2, value.bitPattern)
    }

    /// `Summary.Value` with a tensor and the scalars plugin's metadata (what TensorFlow 2 writes).
    static func tensorValue(_ tag: String, _ tensor: [UInt8]) -> [UInt8] {
        let metadata = bytesField(1, stringField(1, "scalars")) + varintField(4, 1)
        return stringField(1, tag) + bytesField(8, tensor) + bytesField(9, metadata)
    }

    /// `TensorProto`: dtype = 1, tensor_shape = 2 (dim = 2, Dim.size = 1), then the value fields.
    static func tensor(dataType: UInt64, shape: [Int64] = [], fields: [UInt8]) -> [UInt8] {
        let shapeBytes = shape.flatMap { bytesField(2, varintField(1, UInt64(bitPattern: $0))) }
        return varintField(1, dataType) + bytesField(2, shapeBytes) + fields
    }

    /// A DT_FLOAT scalar tensor with `float_val` packed, as `tensorboard.summary.Writer` writes it.
    static func floatTensor(_ value: Float) -> [UInt8] {
        tensor(dataType: 1, fields: bytesField(5, littleEndian(UInt64(value.bitPattern), width: 4)))
    }

    // MARK: TFRecord framing

    /// CRC-32C one bit at a time, straight from the definition (reflected polynomial 0x82F63B78).
    static func crc32c(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? 0x82F6_3B78 : 0) }
        }
        return ~crc
    }

    static func masked(_ crc: UInt32) -> UInt32 { ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8 }

    static func record(_ data: [UInt8]) -> [UInt8] {
        let length = littleEndian(UInt64(data.count), width: 8)
        return length + littleEndian(UInt64(masked(crc32c(length))), width: 4)
            + data + littleEndian(UInt64(masked(crc32c(data))), width: 4)
    }

    static func file(_ events: [[UInt8]]) -> [UInt8] { events.flatMap(record) }

    static func hex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }
}
