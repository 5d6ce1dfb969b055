import SparseLawCore

/// A refusal of a TensorBoard event file: the record, the byte where the problem is, and what.
public struct EventFileError: Error, Equatable, Sendable {
    /// Byte offset of the start of the record (its length field), counted from 0.
    public var recordOffset: Int
    /// Byte offset of the problem itself, counted from 0.
    public var offset: Int
    public var problem: EventFileProblem
}

/// The messages of an event record, to name where a malformed field is.
public enum EventMessage: String, Equatable, Sendable {
    case event = "Event"
    case summary = "Summary"
    case summaryValue = "Summary.Value"
    case tensor = "TensorProto"
    case tensorShape = "TensorShapeProto"
    case tensorShapeDimension = "TensorShapeProto.Dim"
}

public enum EventFileProblem: Equatable, Sendable {
    // The TFRecord framing.
    /// The file ends with fewer than the 12 bytes of a record's length and its checksum.
    case truncatedHeader(available: Int)
    /// The checksum of the length field does not match: the length cannot be trusted.
    case lengthChecksumMismatch(stored: UInt32, computed: UInt32)
    /// The record's data and checksum run past the end of the file (a file still being written,
    /// or cut short).
    case truncatedRecord(length: UInt64, available: Int)
    /// The checksum of the record's data does not match.
    case dataChecksumMismatch(stored: UInt32, computed: UInt32)

    // The Event protocol buffer.
    /// The record's data is not a valid protocol-buffer message.
    case malformed(WireFormatProblem, message: EventMessage)
    /// A field the reader uses holds a value of another wire type than its declaration's.
    case wrongWireType(message: EventMessage, field: Int)
    /// A one-element tensor whose `tensor_content` is not one element wide.
    case tensorContentSize(tag: String, expected: Int, found: Int)
    /// A summary tag that is not UTF-8 (escaped, each invalid byte as `\xHH`).
    case tagNotUTF8(String)
    /// A one-element tensor with several values.
    case tensorValueCount(tag: String, found: Int)

    // The table made of the scalars.
    /// A summary tag named like the column the reader makes of the step.
    case reservedTag(String)
}
