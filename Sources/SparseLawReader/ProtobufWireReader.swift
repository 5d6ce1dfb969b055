import SparseLawCore

/// Reads the protocol-buffer wire format: a message is a sequence of fields, each a key (field
/// number << 3 | wire type, as a varint) and a value whose length the wire type fixes.
///
/// Only the wire format is decoded here; which field means what is the caller's business (see
/// `EventRecordDecoder`). Offsets are positions in the byte array the reader was given, so a
/// problem can be named by its byte offset in the file. Reference: "Encoding", protobuf.dev.
///
/// Unknown fields are skipped, as every protobuf parser does, including groups (wire types 3
/// and 4, deprecated but legal) with their nested fields, nested at most
/// `Limits.protobufGroupDepth` deep: skipping a group recurses once per level.
struct ProtobufWireReader {
    enum WireValue: Equatable {
        case varint(UInt64)
        case fixed64(UInt64)
        case lengthDelimited(Range<Int>)
        case fixed32(UInt32)
        /// A group, skipped as a whole; its range is for messages only.
        case group(Range<Int>)
    }

    struct Field: Equatable {
        var number: Int
        /// Offset of the field's key.
        var offset: Int
        var value: WireValue
    }

    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int
    /// Groups open around the field being read.
    private var groupDepth = 0

    /// Reads the message in `range` of `bytes`.
    init(_ bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    /// The next field, or nil at the end of the message.
    mutating func next() throws(WireFormatError) -> Field? {
        guard position < end else { return nil }
        let keyOffset = position
        let key = try varint()
        let number = key >> 3
        guard number >= 1, number <= 0x1FFF_FFFF else {
            throw WireFormatError(offset: keyOffset, problem: .invalidFieldNumber(number))
        }
        switch key & 7 {
        case 0:
            return Field(number: Int(number), offset: keyOffset, value: .varint(try varint()))
        case 1:
            return Field(number: Int(number), offset: keyOffset, value: .fixed64(try fixed(8)))
        case 2:
            let lengthOffset = position
            let length = try varint()
            guard length <= UInt64(end - position) else {
                throw WireFormatError(offset: lengthOffset, problem: .lengthBeyondMessage(length: length, available: end - position))
            }
            let start = position
            position += Int(length)
            return Field(number: Int(number), offset: keyOffset, value: .lengthDelimited(start..<position))
        case 3:
            guard groupDepth < Limits.protobufGroupDepth else {
                throw WireFormatError(offset: keyOffset, problem: .groupsTooDeep(limit: Limits.protobufGroupDepth))
            }
            let start = position
            groupDepth += 1
            defer { groupDepth -= 1 }
            try skipGroup(number: number, startedAt: keyOffset)
            return Field(number: Int(number), offset: keyOffset, value: .group(start..<position))
        case 5:
            return Field(number: Int(number), offset: keyOffset, value: .fixed32(UInt32(try fixed(4))))
        default:
            // 4 (an end of group without its start), 6 and 7 do not exist.
            throw WireFormatError(offset: keyOffset, problem: .invalidWireType(Int(key & 7)))
        }
    }

    /// A base-128 varint: seven bits a byte, least significant group first, the high bit set on
    /// every byte but the last; at most ten bytes for 64 bits.
    mutating func varint() throws(WireFormatError) -> UInt64 {
        let start = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw WireFormatError(offset: start, problem: .truncatedVarint) }
            let byte = bytes[position]
            position += 1
            // The tenth byte may only carry the 64th bit.
            if shift == 63, byte > 1 { throw WireFormatError(offset: start, problem: .overlongVarint) }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    /// `count` bytes, little-endian.
    private mutating func fixed(_ count: Int) throws(WireFormatError) -> UInt64 {
        guard end - position >= count else {
            throw WireFormatError(offset: position, problem: .truncatedFixed(width: count, available: end - position))
        }
        var result: UInt64 = 0
        for index in 0..<count { result |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        position += count
        return result
    }

    private mutating func skipGroup(number: UInt64, startedAt offset: Int) throws(WireFormatError) {
        while position < end {
            let keyOffset = position
            let key = try varint()
            if key & 7 == 4 {
                guard key >> 3 == number else {
                    throw WireFormatError(offset: keyOffset, problem: .mismatchedGroupEnd(opened: Int(number), closed: Int(key >> 3)))
                }
                return
            }
            position = keyOffset
            _ = try next()
        }
        throw WireFormatError(offset: offset, problem: .unterminatedGroup(Int(number)))
    }

    /// The values of a repeated numeric field, which may come packed (one length-delimited run
    /// of values) or one per field occurrence; writers may use either, readers accept both.
    static func unpack(_ value: WireValue, in bytes: [UInt8], as encoding: WireEncoding, at offset: Int) throws(WireFormatError) -> [UInt64] {
        switch (value, encoding) {
        case (.varint(let number), .varint): return [number]
        case (.fixed32(let number), .fixed32): return [UInt64(number)]
        case (.fixed64(let number), .fixed64): return [number]
        case (.lengthDelimited(let range), _):
            var reader = ProtobufWireReader(bytes, range: range)
            var values: [UInt64] = []
            while reader.position < reader.end {
                switch encoding {
                case .varint: values.append(try reader.varint())
                case .fixed32: values.append(try reader.fixed(4))
                case .fixed64: values.append(try reader.fixed(8))
                }
            }
            return values
        default:
            throw WireFormatError(offset: offset, problem: .unexpectedWireType(expected: encoding))
        }
    }

}

/// How the values of a repeated numeric field are encoded.
public enum WireEncoding: Equatable, Sendable {
    case varint
    case fixed32
    case fixed64
}

/// A message that does not follow the protocol-buffer wire format.
public struct WireFormatError: Error, Equatable, Sendable {
    /// Byte offset of the problem in the file.
    public var offset: Int
    public var problem: WireFormatProblem
}

public enum WireFormatProblem: Equatable, Sendable {
    /// The message ends inside a varint.
    case truncatedVarint
    /// A varint longer than ten bytes, or one whose value needs more than 64 bits.
    case overlongVarint
    /// A fixed-width value (4 or 8 bytes) with fewer bytes left in the message.
    case truncatedFixed(width: Int, available: Int)
    /// A length-delimited field longer than what remains of its message.
    case lengthBeyondMessage(length: UInt64, available: Int)
    /// Field number 0 or above 2^29 - 1.
    case invalidFieldNumber(UInt64)
    /// A wire type that does not exist (6, 7) or an end of group without a start (4).
    case invalidWireType(Int)
    case unterminatedGroup(Int)
    case mismatchedGroupEnd(opened: Int, closed: Int)
    /// Groups nested deeper than the limit (`Limits.protobufGroupDepth`).
    case groupsTooDeep(limit: Int)
    /// A known repeated numeric field in a wire type that cannot hold it.
    case unexpectedWireType(expected: WireEncoding)
}
