import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads training-run logs into runs: read -> table -> fields -> validated runs -> one per run.
public enum RunLogReader {
    /// Reads the file at `path`. Every refusal is a `DataError` naming the file, the line or
    /// record, and the field.
    public static func read(path: String, options: ReaderOptions = .init()) throws(DataError) -> RunLog {
        let data = try InputFile.read(path: path, limit: options.maxInputBytes)
        return try read(data: data, name: path, options: options)
    }

    /// Reads `data` as if it were a file called `name` (whose extension picks the format unless
    /// `options.format` does).
    public static func read(data: Data, name: String, options: ReaderOptions = .init()) throws(DataError) -> RunLog {
        let text = try TextDecoding.decode(data, file: name)
        let format = options.format ?? RunLogFormat.fromExtension(of: name) ?? RunLogFormat.sniff(text[...])
        let table: RawTable
        switch format {
        case .csv: table = try DelimitedParser.parse(text, delimiter: csvDelimiter(text), file: name)
        case .tsv: table = try DelimitedParser.parse(text, delimiter: "\t", file: name)
        case .jsonl: table = try JSONParser.parseLines(text, file: name)
        case .json: table = try JSONParser.parseDocument(text, file: name)
        }
        if table.rows.isEmpty { throw DataError(file: name, problem: .headerWithoutRows) }

        let fields = try FieldResolver(table: table, definitions: options.columns, file: name)
        var runs: [TrainingRun] = []
        runs.reserveCapacity(table.rows.count)
        for row in table.rows { runs.append(try fields.run(from: row)) }

        var notes: [ReaderNote] = []
        if fields.sources[.run].map({ if case .column = $0 { return true } else { return false } }) == true {
            let (reduced, curves) = reduce(runs, by: options.reduce)
            if curves > 0 {
                runs = reduced
                notes.append(.reducedCurves(runs: curves, reduction: options.reduce))
            }
        }
        if options.dropHighestLoss > 0 {
            guard options.dropHighestLoss < runs.count else {
                throw DataError(file: name, problem: .dropLeavesNoRuns(drop: options.dropHighestLoss, runs: runs.count))
            }
            let cut = runs.map(\.loss).sorted(by: >)[options.dropHighestLoss - 1]
            var dropped = 0
            runs = runs.filter { run in
                if run.loss >= cut && dropped < options.dropHighestLoss { dropped += 1; return false }
                return true
            }
            notes.append(.droppedHighestLoss(count: options.dropHighestLoss))
        }
        return RunLog(file: name, format: format, runs: runs, sources: fields.sources, rowsRead: table.rows.count, notes: notes)
    }

    /// Comma unless the header has none and semicolons instead (spreadsheet exports in locales
    /// where the comma is the decimal mark).
    static func csvDelimiter(_ text: String) -> Unicode.Scalar {
        let header = text.drop(while: \.isNewline).prefix { !$0.isNewline }
        return !header.contains(",") && header.contains(";") ? ";" : ","
    }

    /// Groups rows by run name, keeping the first appearance order; returns the runs and how many
    /// had more than one row.
    static func reduce(_ runs: [TrainingRun], by reduction: Reduction) -> ([TrainingRun], Int) {
        var order: [String] = []
        var best: [String: TrainingRun] = [:]
        var rowCount: [String: Int] = [:]
        var unnamed: [TrainingRun] = []
        for run in runs {
            guard let name = run.run else { unnamed.append(run); continue }
            rowCount[name, default: 0] += 1
            guard let current = best[name] else { order.append(name); best[name] = run; continue }
            switch reduction {
            case .last: if run.tokens >= current.tokens { best[name] = run }
            case .min: if run.loss < current.loss { best[name] = run }
            }
        }
        let curves = rowCount.values.filter { $0 > 1 }.count
        return (order.map { best[$0]! } + unnamed, curves)
    }
}
