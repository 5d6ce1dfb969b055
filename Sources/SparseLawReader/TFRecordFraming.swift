import SparseLawCore

/// The TFRecord container that TensorBoard event files use: records one after the other, each
///
///     uint64 length            little-endian
///     uint32 masked CRC-32C    of the 8 length bytes
///     length bytes of data     (here a serialized Event)
///     uint32 masked CRC-32C    of the data
///
/// with the CRCs masked as `CRC32C.masked` says. Both checksums are verified, so that a damaged
/// or truncated record is refused at its offset rather than decoded into wrong numbers.
/// Reference: TensorFlow, `tensorflow/core/lib/io/record_writer.cc` (format description).
enum TFRecordFraming {
    /// One record: where it starts in the file and where its data lies.
    struct Record: Equatable {
        var offset: Int
        var data: Range<Int>
    }

    static let headerSize = 12
    static let footerSize = 4

    /// Every record of `bytes`, in order. A file that ends exactly after a record is complete; any
    /// other end is a truncated record.
    static func records(in bytes: [UInt8]) throws(EventFileError) -> [Record] {
        var records: [Record] = []
        var offset = 0
        while offset < bytes.count {
            let available = bytes.count - offset
            guard available >= headerSize else {
                throw EventFileError(recordOffset: offset, offset: offset, problem: .truncatedHeader(available: available))
            }
            let length = littleEndian(bytes, at: offset, width: 8)
            let storedLengthCRC = UInt32(littleEndian(bytes, at: offset + 8, width: 4))
            let lengthCRC = CRC32C.masked(checksum(bytes, offset..<offset + 8))
            guard storedLengthCRC == lengthCRC else {
                throw EventFileError(recordOffset: offset, offset: offset + 8,
                                     problem: .lengthChecksumMismatch(stored: storedLengthCRC, computed: lengthCRC))
            }
            let dataStart = offset + headerSize
            let remaining = bytes.count - dataStart
            guard length <= UInt64(remaining), remaining - Int(length) >= footerSize else {
                throw EventFileError(recordOffset: offset, offset: dataStart,
                                     problem: .truncatedRecord(length: length, available: remaining))
            }
            let data = dataStart..<dataStart + Int(length)
            let storedDataCRC = UInt32(littleEndian(bytes, at: data.upperBound, width: 4))
            let dataCRC = CRC32C.masked(checksum(bytes, data))
            guard storedDataCRC == dataCRC else {
                throw EventFileError(recordOffset: offset, offset: data.upperBound,
                                     problem: .dataChecksumMismatch(stored: storedDataCRC, computed: dataCRC))
            }
            records.append(Record(offset: offset, data: data))
            offset = data.upperBound + footerSize
        }
        return records
    }

    static func littleEndian(_ bytes: [UInt8], at offset: Int, width: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<width { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        return value
    }

    static func checksum(_ bytes: [UInt8], _ range: Range<Int>) -> UInt32 {
        bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }
}
