import CSV

/// CSV and TSV (RFC 4180 quoting, CRLF or LF line ends) through CSV.swift, with the physical line
/// of every record tracked so that refusals can name it.
enum DelimitedParser {
    static func parse(_ text: String, delimiter: Unicode.Scalar, file: String) throws(DataError) -> RawTable {
        if let line = unclosedQuoteLine(in: text, delimiter: delimiter) {
            throw DataError(file: file, location: .line(line), problem: .unclosedQuote)
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: false, delimiter: delimiter)
        } catch {
            throw DataError(file: file, problem: .malformedTable(format: delimiter == "\t" ? .tsv : .csv, detail: "\(error)"))
        }

        var columns: [String]?
        var headerLine = 0
        var rows: [RawTable.Row] = []
        var line = 1
        while let record = reader.next() {
            let recordLine = line
            line += 1 + record.reduce(0) { $0 + lineBreaks(in: $1) }
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
        if let error = reader.error {
            throw DataError(file: file, location: .line(line), problem: .malformedTable(format: nil, detail: "\(error)"))
        }
        guard let header = columns else { throw DataError(file: file, problem: .empty) }
        return RawTable(columns: header, rows: rows)
    }

    /// CR LF, lone LF and lone CR each end one line.
    static func lineBreaks(in field: String) -> Int {
        var count = 0
        var previousWasCR = false
        for scalar in field.unicodeScalars {
            if scalar == "\r" { count += 1 } else if scalar == "\n", !previousWasCR { count += 1 }
            previousWasCR = scalar == "\r"
        }
        return count
    }

    /// The line on which a quoted field opens and is never closed, if any. CSV.swift reads such a
    /// field silently to the end of the file; a log with a stray quote deserves a refusal instead.
    static func unclosedQuoteLine(in text: String, delimiter: Unicode.Scalar) -> Int? {
        var line = 1
        var openedOn = 0
        var inQuotes = false
        var atFieldStart = true
        var previousWasCR = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let scalar = pending ?? scalars.next() {
            pending = nil
            let isBreak = scalar == "\r" || (scalar == "\n" && !previousWasCR)
            previousWasCR = scalar == "\r"
            if isBreak { line += 1 }
            if inQuotes {
                guard scalar == "\"" else { continue }
                // `""` inside quotes is an escaped quote; a lone `"` closes the field.
                if let next = scalars.next() {
                    if next != "\"" { inQuotes = false; pending = next }
                } else {
                    inQuotes = false
                }
            } else if scalar == "\"" && atFieldStart {
                inQuotes = true
                openedOn = line
                atFieldStart = false
            } else {
                atFieldStart = scalar == delimiter || scalar == "\n" || scalar == "\r"
            }
        }
        return inQuotes ? openedOn : nil
    }
}
