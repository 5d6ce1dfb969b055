import SparseLawCore

/// CSV and TSV as RFC 4180 reads them (quoted fields with `""` for a quote, line breaks inside
/// quotes, CR LF, lone LF or lone CR ending a record), with the physical line on which every
/// record starts, so that refusals can name it.
///
/// Departures, for logs as people write them: a quote inside an unquoted field is a character;
/// text after a closing quote is kept as written (`"a"b` reads `ab`); a quoted field that is never
/// closed is refused with the line it opened on, rather than read to the end of the file.
enum DelimitedParser {
    static func parse(_ text: String, delimiter: Unicode.Scalar, file: String) throws(DataError) -> RawTable {
        var text = text
        // The tokenizer reads the string's own UTF-8 storage: no copy of the file is made.
        let table = text.withUTF8 { bytes in
            Result { () throws(DataError) in try parse(bytes, delimiter: UInt8(delimiter.value), file: file) }
        }
        return try table.get()
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, file: String) throws(DataError) -> RawTable {
        var columns: [String]?
        var headerLine = 0
        var rows: [RawTable.Row] = []
        var tokenizer = DelimitedTokenizer(bytes: bytes, delimiter: delimiter)
        var record = DelimitedRecord()
        while let recordLine = tokenizer.next(into: &record) {
            if record.count == 1, record.isBlank(0) { continue }
            guard let header = columns else {
                let names = (0..<record.count).map { String(record.text(of: $0).trimmingSpaces()) }
                var seen: [String: Int] = [:]
                for (index, name) in names.enumerated() {
                    if let first = seen[name] {
                        throw DataError(file: file, location: .line(recordLine), problem: .duplicateHeader(name: name, columns: [first + 1, index + 1]))
                    }
                    seen[name] = index
                }
                columns = names
                headerLine = recordLine
                continue
            }
            guard record.count == header.count else {
                throw DataError(file: file, location: .line(recordLine), problem: .raggedRow(count: record.count, expected: header.count, headerLine: headerLine))
            }
            rows.append(.init(location: .line(recordLine), cells: record.cells()))
        }
        if let line = tokenizer.unclosedQuoteLine {
            throw DataError(file: file, location: .line(line), problem: .unclosedQuote)
        }
        guard let header = columns else { throw DataError(file: file, problem: .empty) }
        return RawTable(columns: header, rows: rows)
    }
}

/// One record's fields as the tokenizer writes them: their bytes one after another and where
/// each ends, reused from record to record.
struct DelimitedRecord {
    var bytes: [UInt8] = []
    var ends: [UInt32] = []

    var count: Int { ends.count }

    func range(of field: Int) -> Range<Int> { (field == 0 ? 0 : Int(ends[field - 1]))..<Int(ends[field]) }

    func text(of field: Int) -> String { String(decoding: bytes[range(of: field)], as: UTF8.self) }

    /// Only white space (as `Character.isWhitespace` has it), or nothing.
    func isBlank(_ field: Int) -> Bool {
        let range = range(of: field)
        let asciiSpace: (UInt8) -> Bool = { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }
        if bytes[range].allSatisfy(asciiSpace) { return true }
        // Beyond ASCII white space (a no-break space, U+2028): the characters decide.
        return bytes[range].contains { $0 >= 0x80 } && text(of: field).allSatisfy(\.isWhitespace)
    }

    /// The fields as a row's cells: a field of only white space is stored empty.
    func cells() -> RowCells {
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        var keptEnds: [UInt32] = []
        keptEnds.reserveCapacity(ends.count)
        for field in 0..<count {
            if !isBlank(field) { kept += bytes[range(of: field)] }
            keptEnds.append(UInt32(kept.count))
        }
        return RowCells(delimitedBytes: kept, ends: keptEnds)
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    mutating func endField() { ends.append(UInt32(bytes.count)) }
}

/// Splits delimited text into records of fields, one pass over its UTF-8 bytes (the delimiter,
/// quote and line ends are ASCII, so no multi-byte character can be mistaken for them).
struct DelimitedTokenizer {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let delimiter: UInt8
    private var position = 0
    /// The physical line at `position`, counted from 1.
    private var line = 1
    /// Set when the text ends inside a quoted field: the line it opened on.
    private(set) var unclosedQuoteLine: Int?

    private static let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    /// `bytes` must stay valid while the tokenizer is used; a file is at most `Limits.inputBytes`,
    /// so a record's offsets fit in 32 bits.
    init(bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8) {
        self.bytes = bytes
        self.delimiter = delimiter
    }

    /// The next record, written into `record`, and the line it starts on; nil at the end of the text.
    mutating func next(into record: inout DelimitedRecord) -> Int? {
        guard position < bytes.count, unclosedQuoteLine == nil else { return nil }
        record.removeAll()
        let startLine = line
        var quoted = false
        var openedOn = 0
        var atFieldStart = true
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if quoted {
                if byte == Self.quote {
                    if position < bytes.count, bytes[position] == Self.quote {
                        record.bytes.append(Self.quote)
                        position += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if byte == Self.cr || (byte == Self.lf && !(position >= 2 && bytes[position - 2] == Self.cr)) { line += 1 }
                    record.bytes.append(byte)
                }
                continue
            }
            switch byte {
            case Self.quote where atFieldStart:
                quoted = true
                openedOn = line
                atFieldStart = false
            case delimiter:
                record.endField()
                atFieldStart = true
            case Self.cr, Self.lf:
                line += 1
                if byte == Self.cr, position < bytes.count, bytes[position] == Self.lf { position += 1 }
                record.endField()
                return startLine
            default:
                record.bytes.append(byte)
                atFieldStart = false
            }
        }
        if quoted {
            unclosedQuoteLine = openedOn
            return nil
        }
        record.endField()
        return startLine
    }
}
