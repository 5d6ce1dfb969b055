import SparseLawCore

/// CRC-32C (Castagnoli), the checksum TFRecord files carry for each record's length and data.
///
/// Polynomial 0x1EDC6F41, bits reflected (0x82F63B78 in the shift-right form), initial value and
/// final XOR 0xFFFFFFFF; the check value of the ASCII bytes `123456789` is 0xE3069283.
/// Reference: Castagnoli, Bräuer, Herrmann, "Optimization of Cyclic Redundancy-Check Codes with 24
/// and 32 Parity Bits", IEEE Trans. Commun. 41 (1993); the test vectors of RFC 3720, appendix B.4.
///
/// Computed eight bytes at a time ("slicing by 8", Kounavis and Berry 2005): table `k` holds the
/// CRC of a byte followed by `k` zero bytes, so eight table look-ups fold eight input bytes at
/// once. This reads several hundred megabytes a second, so that checking the records of a large
/// event file costs little next to reading it.
public enum CRC32C {
    /// The reflected polynomial.
    static let polynomial: UInt32 = 0x82F6_3B78

    /// Eight tables of 256 entries, one after the other.
    static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ polynomial : crc >> 1 }
            tables[byte] = crc
        }
        for byte in 0..<256 {
            for table in 1..<8 {
                let previous = tables[(table - 1) * 256 + byte]
                tables[table * 256 + byte] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
            }
        }
        return tables
    }()

    /// The CRC-32C of `bytes`.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        tables.withUnsafeBufferPointer { table in
            var index = 0
            let count = bytes.count
            while index + 8 <= count {
                let low = crc ^ (UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8
                                 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24)
                crc = table[7 * 256 + Int(low & 0xFF)] ^ table[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ table[5 * 256 + Int((low >> 16) & 0xFF)] ^ table[4 * 256 + Int(low >> 24)]
                    ^ table[3 * 256 + Int(bytes[index + 4])] ^ table[2 * 256 + Int(bytes[index + 5])]
                    ^ table[1 * 256 + Int(bytes[index + 6])] ^ table[Int(bytes[index + 7])]
                index += 8
            }
            while index < count {
                crc = (crc >> 8) ^ table[Int((crc ^ UInt32(bytes[index])) & 0xFF)]
                index += 1
            }
        }
        return crc ^ 0xFFFF_FFFF
    }

    /// The CRC-32C of `bytes`.
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        let array = Array(bytes)
        return array.withUnsafeBytes { checksum($0) }
    }

    /// The CRC as TFRecord stores it: rotated right by 15 bits plus the constant 0xA282EAD8, so
    /// that the CRC of data which itself holds CRCs does not degenerate (TensorFlow's
    /// `crc32c::Mask`).
    public static func masked(_ crc: UInt32) -> UInt32 {
        ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
    }
}
