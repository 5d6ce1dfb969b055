import SparseLawCore
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One input of the reader.
public enum LogInput: Sendable {
    /// A file or a folder of logs (see `LogInputs`).
    case path(String)
    /// Bytes read elsewhere (standard input), called `name` in messages; the format option, the
    /// name's extension or the content says how to read them.
    case data(Data, name: String)

    /// Everything on standard input, named `<stdin>`, up to `limit` bytes.
    public static func standardInput(limit: Int = Limits.inputBytes) throws(DataError) -> LogInput {
        let name = "<stdin>"
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw DataError(file: name, problem: .unreadable) }
            if count == 0 { break }
            bytes += buffer[..<count]
            if bytes.count > limit { throw DataError(file: name, problem: .tooLarge(size: bytes.count, limit: limit)) }
        }
        return .data(Data(bytes), name: name)
    }
}

/// Reads training-run logs into runs: files -> tables -> (metadata joined, rows filtered) ->
/// fields -> validated runs -> one per run.
public enum RunLogReader {
    /// Reads the file or folder at `path`. Every refusal is a `DataError` naming the file, the
    /// line, record or byte offset, and the field.
    public static func read(path: String, options: ReaderOptions = .init()) throws(DataError) -> RunLog {
        try read([.path(path)], options: options)
    }

    /// Reads `data` as if it were a file called `name` (whose extension picks the format unless
    /// `options.format` does).
    public static func read(data: Data, name: String, options: ReaderOptions = .init()) throws(DataError) -> RunLog {
        try read([.data(data, name: name)], options: options)
    }

    /// Reads every input together: their rows make one table (columns by name), in which a run
    /// is named by its run column, else, for a run's history, by its file (`LogSource`).
    ///
    /// A table is a run's history when it comes from a trainer state or an event file, has a step
    /// column, or is a file the metadata names; its rows without a loss (steps between
    /// evaluations) are skipped and counted. In a table of runs, a missing loss is refused.
    public static func read(_ inputs: [LogInput], options: ReaderOptions = .init()) throws(DataError) -> RunLog {
        var notes: [ReaderNote] = []
        var sources: [SourceTable] = []
        var skipped: [String] = []
        var special: [String] = []
        var undecodable: [String] = []
        var unresolved: [String] = []
        let extraNames = Set(options.columns.flatMap(\.expression.columnNames).map(normalizedHeader))
        var files: [LogSource?] = []
        for input in inputs {
            guard case .path(let path) = input else { files.append(nil); continue }
            let listing = try LogInputs.list([path])
            skipped += listing.skipped
            special += listing.special
            undecodable += listing.undecodable
            unresolved += listing.unresolved
            files += listing.sources.map(Optional.some)
        }
        let (readFiles, repeated) = LogInputs.readOnce(files.compactMap { $0 })
        var fileIndex = 0
        var data = inputs.compactMap { input -> (Data, String)? in
            if case .data(let data, let name) = input { return (data, name) } else { return nil }
        }[...]
        for file in files {
            if let file {
                fileIndex += 1
                guard readFiles[fileIndex - 1] else { continue }
                // Handed over, not kept: the table frees the file's bytes once it has decoded them.
                sources.append(try SourceTable(data: InputFile.read(path: file.path, limit: options.maxInputBytes, acceptingPipes: !file.foundInFolder),
                                               source: file, format: options.format, extraNames: extraNames))
            } else if let (bytes, name) = data.popFirst() {
                let source = LogSource(path: name, kind: LogInputs.kind(ofFileNamed: name) ?? .table,
                                       fileRunName: LogInputs.runName(path: name, kind: .table))
                sources.append(try SourceTable(data: bytes, source: source, format: options.format, extraNames: extraNames))
            }
        }
        if !skipped.isEmpty { notes.append(.skippedFiles(paths: skipped)) }
        if !special.isEmpty { notes.append(.skippedSpecialFiles(paths: special)) }
        if !unresolved.isEmpty { notes.append(.skippedBrokenLinks(paths: unresolved)) }
        if !undecodable.isEmpty { notes.append(.skippedUndecodableNames(paths: undecodable)) }
        if !repeated.isEmpty { notes.append(.repeatedFiles(paths: repeated.map(\.path), readAs: repeated.map(\.readAs))) }
        for source in sources { notes += source.notes }
        let display = inputs.map { input -> String in
            switch input {
            case .path(let path): return path
            case .data(_, let name): return name
            }
        }.joined(separator: ", ")

        let metadata = try options.metadata.map { path throws(DataError) in
            let data = try readFile(path, limit: options.maxInputBytes)
            let source = LogSource(path: path, kind: .table, fileRunName: "")
            return try RunMetadata(table: SourceTable(data: data, source: source, format: nil, extraNames: []).table, file: path)
        }

        // One table: the union of the files' columns, each row named.
        var columns: [String] = []
        // By their bytes, as run names are: Swift's == holds NFC and NFD spellings equal, and two
        // files' columns spelt differently are two columns.
        var columnIndex: [[UInt8]: Int] = [:]
        var columnFile: [String: String] = [:]
        for source in sources {
            for name in source.table.columns where columnIndex[Array(name.utf8)] == nil {
                if let earlier = columnFile[name] {
                    throw DataError(file: source.source.path, field: name, problem: .columnSpelledDifferently(name: name, earlierFile: earlier))
                }
                columnFile[name] = source.source.path
                columnIndex[Array(name.utf8)] = columns.count
                columns.append(name)
            }
        }
        let runColumn = ColumnLookup(columns).runColumn
        var rows: [CombinedRow] = []
        // Runs named by their files, with the folder that holds each (by identity): a resumed
        // run's files share one folder, two folders' files named alike are two runs.
        var namedByFile: [[UInt8]: (folder: FileIdentity?, file: String)] = [:]
        for (sourceIndex, source) in sources.enumerated() {
            let positions = source.table.columns.map { columnIndex[Array($0.utf8)]! }
            let inPlace = positions.elementsEqual(positions.indices)
            let isHistory = source.isHistory || metadata?.row(named: source.source.fileRunName) != nil
            for row in source.table.rows {
                var combined = row
                // A file whose columns come first in the union (the first, and every file with its
                // header) keeps its cells as stored; the others move to the union's positions.
                if inPlace { combined.cells.pad(to: columns.count) } else { combined.cells = row.cells.moved(to: positions, count: columns.count) }
                var name = try FieldResolver.label(runColumn, combined, columns: columns, file: source.source.path)
                if name == nil, isHistory {
                    name = source.source.fileRunName
                    let folder = InputFile.identity(of: URL(fileURLWithPath: source.source.path).deletingLastPathComponent().path)
                    let key = Array(source.source.fileRunName.utf8)
                    if let earlier = namedByFile[key] {
                        if earlier.file != source.source.path, earlier.folder == nil || earlier.folder != folder {
                            throw DataError(file: source.source.path, problem: .runNamedByFilesInTwoFolders(name: source.source.fileRunName, earlierFile: earlier.file))
                        }
                    } else {
                        namedByFile[key] = (folder, source.source.path)
                    }
                }
                rows.append(CombinedRow(row: combined, source: sourceIndex, name: name, isHistory: isHistory))
            }
        }
        let rowsRead = rows.count

        if let metadata {
            // Columns the logs also have fill the logs' empty cells; the others are appended.
            let shadowed = metadata.columns.indices.filter { columnIndex[Array(metadata.columns[$0].utf8)] != nil }
            if !shadowed.isEmpty { notes.append(.metadataColumnsShadowed(columns: shadowed.map { metadata.columns[$0] })) }
            let joined = metadata.columns.indices.filter { columnIndex[Array(metadata.columns[$0].utf8)] == nil }
            columns += joined.map { metadata.columns[$0] }
            var matched = Set<[UInt8]>()
            var unmatched: [String] = []
            for index in rows.indices {
                let values = rows[index].name.flatMap { metadata.row(named: $0) }
                if let name = rows[index].name {
                    if values != nil { matched.insert(Array(name.utf8)) } else if !unmatched.contains(where: { $0.utf8.elementsEqual(name.utf8) }) { unmatched.append(name) }
                }
                if let values {
                    for column in shadowed where rows[index].row.cells[columnIndex[Array(metadata.columns[column].utf8)]!] == .empty {
                        rows[index].row.cells[columnIndex[Array(metadata.columns[column].utf8)]!] = values[column]
                    }
                }
                rows[index].row.cells += joined.map { values?[$0] ?? .empty }
            }
            if !unmatched.isEmpty { notes.append(.runsWithoutMetadata(names: unmatched)) }
            let unused = metadata.names.filter { !matched.contains(Array($0.utf8)) }
            if !unused.isEmpty { notes.append(.metadataWithoutRuns(names: unused)) }
        }

        var filtered = 0
        if let filter = options.filter {
            let bound: BoundRowFilter
            do { bound = try BoundRowFilter(filter, columns: columns) } catch {
                throw DataError(file: display, problem: .rowFilter(error.problem))
            }
            var kept: [CombinedRow] = []
            for row in rows {
                do {
                    if try bound.keeps(row.row) { kept.append(row) }
                } catch {
                    throw DataError(file: sources[row.source].source.path, location: error.location, problem: .rowFilter(error.problem))
                }
            }
            filtered = rows.count - kept.count
            rows = kept
            notes.append(.filteredRows(count: filtered, read: rowsRead))
        }
        guard !rows.isEmpty else {
            throw DataError(file: display, problem: rowsRead == 0 ? .headerWithoutRows : .noRowsLeft(read: rowsRead, filtered: filtered, withoutLoss: 0, withoutData: 0))
        }

        let fields = try FieldResolver(columns: columns, definitions: options.columns, lossColumn: options.lossColumn, file: display)
        notes += fields.notes
        var runs: [TrainingRun] = []
        runs.reserveCapacity(rows.count)
        var withoutLoss = 0
        var withoutData = 0
        var namesWithoutLoss: [String] = []
        for row in rows {
            switch try fields.run(from: row.row, file: sources[row.source].source.path, name: row.name, isHistory: row.isHistory) {
            case .run(let run):
                runs.append(run)
            case .noLoss:
                withoutLoss += 1
                if let name = row.name, !namesWithoutLoss.contains(name) { namesWithoutLoss.append(name) }
            case .noData:
                withoutData += 1
            }
        }
        guard !runs.isEmpty else {
            throw DataError(file: display, field: RunField.loss.rawValue,
                            problem: .noRowsLeft(read: rowsRead, filtered: filtered, withoutLoss: withoutLoss, withoutData: withoutData))
        }
        if withoutLoss > 0 {
            notes.append(.rowsWithoutLoss(count: withoutLoss))
            let named = Set(runs.compactMap(\.run))
            let lost = namesWithoutLoss.filter { !named.contains($0) }
            if !lost.isEmpty { notes.append(.runsWithoutLoss(names: lost)) }
        }
        if withoutData > 0 { notes.append(.rowsWithoutData(count: withoutData)) }

        let (reduced, curves) = reduce(runs, by: options.reduce)
        if curves > 0 {
            runs = reduced
            notes.append(.reducedCurves(runs: curves, reduction: options.reduce))
        }
        if options.dropHighestLoss > 0 {
            guard options.dropHighestLoss < runs.count else {
                throw DataError(file: display, problem: .dropLeavesNoRuns(drop: options.dropHighestLoss, runs: runs.count))
            }
            let cut = runs.map(\.loss).sorted(by: >)[options.dropHighestLoss - 1]
            var dropped = 0
            runs = runs.filter { run in
                if run.loss >= cut && dropped < options.dropHighestLoss { dropped += 1; return false }
                return true
            }
            notes.append(.droppedHighestLoss(count: options.dropHighestLoss))
        }
        var formats: [RunLogFormat] = []
        for source in sources where !formats.contains(source.format) { formats.append(source.format) }
        return RunLog(file: display, files: sources.map(\.source.path), formats: formats, runs: runs,
                      sources: fields.sources, rowsRead: rowsRead, notes: notes)
    }

    /// A file's bytes, up to `limit` (see `InputFile`).
    static func readFile(_ path: String, limit: Int) throws(DataError) -> Data {
        try InputFile.read(path: path, limit: limit)
    }

    /// The file's bytes as a table of cells, in the given format or the one its name or content
    /// implies; a table without data rows is refused.
    static func table(data: Data, name: String, format: RunLogFormat?) throws(DataError) -> (RawTable, RunLogFormat) {
        let source = LogSource(path: name, kind: LogInputs.kind(ofFileNamed: lastComponent(of: name)) ?? .table,
                               fileRunName: LogInputs.runName(path: name, kind: .table))
        let read = try SourceTable(data: data, source: source, format: format, extraNames: [])
        return (read.table, read.format)
    }

    /// Comma unless the header has none and semicolons instead (spreadsheet exports in locales
    /// where the comma is the decimal mark).
    static func csvDelimiter(_ text: String) -> Unicode.Scalar {
        let header = text.drop(while: \.isNewline).prefix { !$0.isNewline }
        return !header.contains(",") && header.contains(";") ? ";" : ","
    }

    /// Groups rows by run name, keeping the first appearance order; returns the runs and how many
    /// had more than one row. Names are compared by their bytes: Swift's `==` holds two
    /// spellings of one text (NFC `café` and NFD `cafe\u{301}`) equal, but two runs that a
    /// training script named differently are two runs.
    static func reduce(_ runs: [TrainingRun], by reduction: Reduction) -> ([TrainingRun], Int) {
        if reduction == .none { return (runs, 0) }
        var order: [[UInt8]] = []
        var best: [[UInt8]: TrainingRun] = [:]
        var rowCount: [[UInt8]: Int] = [:]
        var unnamed: [TrainingRun] = []
        for run in runs {
            guard let runName = run.run else { unnamed.append(run); continue }
            let name = Array(runName.utf8)
            rowCount[name, default: 0] += 1
            guard let current = best[name] else { order.append(name); best[name] = run; continue }
            switch reduction {
            case .last: if run.tokens >= current.tokens { best[name] = run }
            case .min: if run.loss < current.loss { best[name] = run }
            case .none: break
            }
        }
        let curves = rowCount.values.filter { $0 > 1 }.count
        return (order.map { best[$0]! } + unnamed, curves)
    }
}

/// A row of the combined table: its cells, its file and its run's name.
struct CombinedRow {
    var row: RawTable.Row
    var source: Int
    var name: String?
    var isHistory: Bool
}

/// One file read into a table.
struct SourceTable {
    let source: LogSource
    let format: RunLogFormat
    let table: RawTable
    /// A run's history: a trainer state, an event file, or a table with a step column.
    let isHistory: Bool
    var notes: [ReaderNote] = []

    init(data: consuming Data, source: LogSource, format requested: RunLogFormat?, extraNames: Set<String>) throws(DataError) {
        self.source = source
        let file = source.path
        if requested == .tensorboard || (requested == nil && source.kind == .eventFile) {
            format = .tensorboard
            let contents: EventFile.Contents
            do {
                contents = try EventFile.read([UInt8](data))
                table = try EventFile.table(contents)
            } catch {
                throw DataError(file: file, location: .byteOffset(error.recordOffset), problem: .eventFile(error.problem, offset: error.offset))
            }
            if !contents.skipped.isEmpty { notes.append(.skippedSummaries(file: file, tags: contents.skipped.map(\.tag))) }
            if table.rows.isEmpty { throw DataError(file: file, problem: .noScalars(skippedTags: contents.skipped.map(\.tag))) }
            isHistory = true
            return
        }
        let text = try TextDecoding.decode(data, file: file)
        // The text is a copy: the bytes go before the table is built from it.
        _ = consume data
        let format = requested ?? RunLogFormat.fromExtension(of: file) ?? RunLogFormat.sniff(text[...])
        self.format = format
        var table: RawTable
        var isTrainerState = false
        switch format {
        case .csv: table = try DelimitedParser.parse(text, delimiter: RunLogReader.csvDelimiter(text), file: file)
        case .tsv: table = try DelimitedParser.parse(text, delimiter: "\t", file: file)
        case .jsonl: table = try JSONParser.parseLines(text, file: file)
        case .json, .tensorboard:
            let layout: JSONParser.DocumentLayout
            (table, layout) = try JSONParser.parseDocument(text, file: file, extraNames: extraNames)
            switch layout {
            case .trainerState: isTrainerState = true
            case .nested(let orientation, let evidence) where orientation == .index || evidence == .pandasDefault:
                notes.append(.pandasOrientation(file: file, rowsAreOuterKeys: orientation == .index, decidedByDefault: evidence == .pandasDefault))
            default: break
            }
        }
        if table.rows.isEmpty { throw DataError(file: file, problem: .headerWithoutRows) }
        self.table = table
        isHistory = isTrainerState || ColumnLookup(table.columns).hasStepColumn
    }
}
