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
        var columns: [String]?
        var headerLine = 0
        var rows: [RawTable.Row] = []
        var tokenizer = DelimitedTokenizer(text: text, delimiter: UInt8(delimiter.value))
        while let (record, recordLine) = tokenizer.next() {
            if record.count == 1, record[0].allSatisfy(\.isWhitespace) { continue }
            guard let header = columns else {
                let names = record.map { String($0.trimmingSpaces()) }
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
            rows.append(.init(location: .line(recordLine),
                              cells: record.map { $0.allSatisfy(\.isWhitespace) ? .empty : .text($0) }))
        }
        if let line = tokenizer.unclosedQuoteLine {
            throw DataError(file: file, location: .line(line), problem: .unclosedQuote)
        }
        guard let header = columns else { throw DataError(file: file, problem: .empty) }
        return RawTable(columns: header, rows: rows)
    }
}

/// Splits delimited text into records of fields, one pass over its UTF-8 bytes (the delimiter,
/// quote and line ends are ASCII, so no multi-byte character can be mistaken for them).
struct DelimitedTokenizer {
    private let bytes: [UInt8]
    private let delimiter: UInt8
    private var position = 0
    /// The physical line at `position`, counted from 1.
    private var line = 1
    /// Set when the text ends inside a quoted field: the line it opened on.
    private(set) var unclosedQuoteLine: Int?

    private static let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    init(text: String, delimiter: UInt8) {
        bytes = Array(text.utf8)
        self.delimiter = delimiter
    }

    /// The next record and the line it starts on; nil at the end of the text.
    mutating func next() -> (fields: [String], line: Int)? {
        guard position < bytes.count, unclosedQuoteLine == nil else { return nil }
        let startLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var openedOn = 0
        var atFieldStart = true
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if quoted {
                if byte == Self.quote {
                    if position < bytes.count, bytes[position] == Self.quote {
                        field.append(Self.quote)
                        position += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if byte == Self.cr || (byte == Self.lf && !(position >= 2 && bytes[position - 2] == Self.cr)) { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case Self.quote where atFieldStart:
                quoted = true
                openedOn = line
                atFieldStart = false
            case delimiter:
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                atFieldStart = true
            case Self.cr, Self.lf:
                line += 1
                if byte == Self.cr, position < bytes.count, bytes[position] == Self.lf { position += 1 }
                fields.append(String(decoding: field, as: UTF8.self))
                return (fields, startLine)
            default:
                field.append(byte)
                atFieldStart = false
            }
        }
        if quoted {
            unclosedQuoteLine = openedOn
            return nil
        }
        fields.append(String(decoding: field, as: UTF8.self))
        return (fields, startLine)
    }
}
