import SparseLawCore

/// Something the reader did that changes the data, reported beside the runs.
public enum ReaderNote: Diagnostic {
    /// `runs` runs had several rows (a loss curve) and were reduced to one row each.
    case reducedCurves(runs: Int, reduction: Reduction)
    /// The `count` runs of highest loss were left out.
    case droppedHighestLoss(count: Int)
    /// Files and folders inside the given folders that are not logs and were not read.
    case skippedFiles(paths: [String])
    /// Pipes, sockets and devices inside the given folders, never opened by a scan.
    case skippedSpecialFiles(paths: [String])
    /// Entries inside the given folders whose names are not UTF-8 (escaped, `v\xFF.csv`).
    case skippedUndecodableNames(paths: [String])
    /// Symbolic links inside the given folders that lead nowhere (a missing target, a loop).
    case skippedBrokenLinks(paths: [String])
    /// Files reached a second time (named twice, or through a link or a hard link), each with
    /// the path it was read under: read once, since its rows twice would be runs twice.
    case repeatedFiles(paths: [String], readAs: [String])
    /// Summaries of an event file that are not scalars (histograms, images, text), by tag.
    case skippedSummaries(file: String, tags: [String])
    /// A pandas nested layout read with its outer keys as row ids (`orient="index"`), or one read
    /// as pandas' default because nothing told the two levels apart.
    case pandasOrientation(file: String, rowsAreOuterKeys: Bool, decidedByDefault: Bool)
    /// The loss is this evaluation loss, not the training losses beside it.
    case evaluationLossPreferred(column: String, training: [String])
    /// No column gives the sparsity: every run is read as dense (S = 0).
    case assumedDense
    /// Rows of run histories without a loss (training steps between evaluations) left out.
    case rowsWithoutLoss(count: Int)
    /// Rows of run histories at zero data (an evaluation before the first step) left out.
    case rowsWithoutData(count: Int)
    /// Runs none of whose rows has a loss: they are not among the runs.
    case runsWithoutLoss(names: [String])
    /// Rows the row condition left out, of those read.
    case filteredRows(count: Int, read: Int)
    /// Runs that no row of the metadata names.
    case runsWithoutMetadata(names: [String])
    /// Metadata rows whose run is in no log.
    case metadataWithoutRuns(names: [String])
    /// Metadata columns that the logs also have: the logs' values are used where they have one.
    case metadataColumnsShadowed(columns: [String])

    public var code: String {
        switch self {
        case .reducedCurves: return "read.reduced-curves"
        case .droppedHighestLoss: return "read.dropped-highest-loss"
        case .skippedFiles: return "read.skipped-files"
        case .skippedSpecialFiles: return "read.skipped-special-files"
        case .skippedUndecodableNames: return "read.skipped-undecodable-names"
        case .skippedBrokenLinks: return "read.skipped-broken-links"
        case .repeatedFiles: return "read.repeated-files"
        case .skippedSummaries: return "read.skipped-summaries"
        case .pandasOrientation: return "read.pandas-orientation"
        case .evaluationLossPreferred: return "read.evaluation-loss-preferred"
        case .assumedDense: return "read.assumed-dense"
        case .rowsWithoutLoss: return "read.rows-without-loss"
        case .rowsWithoutData: return "read.rows-without-data"
        case .runsWithoutLoss: return "read.runs-without-loss"
        case .filteredRows: return "read.filtered-rows"
        case .runsWithoutMetadata: return "read.runs-without-metadata"
        case .metadataWithoutRuns: return "read.metadata-without-runs"
        case .metadataColumnsShadowed: return "read.metadata-columns-shadowed"
        }
    }

    public var values: [String: JSONValue] {
        switch self {
        case let .reducedCurves(runs, reduction): return ["runs": .integer(runs), "reduction": .text(reduction.rawValue)]
        case .droppedHighestLoss(let count): return ["count": .integer(count)]
        case .skippedFiles(let paths): return ["paths": .texts(paths)]
        case .skippedSpecialFiles(let paths): return ["paths": .texts(paths)]
        case .skippedUndecodableNames(let paths): return ["paths": .texts(paths)]
        case .skippedBrokenLinks(let paths): return ["paths": .texts(paths)]
        case let .repeatedFiles(paths, readAs): return ["paths": .texts(paths), "readAs": .texts(readAs)]
        case let .skippedSummaries(file, tags): return ["file": .text(file), "tags": .texts(tags)]
        case let .pandasOrientation(file, rowsAreOuterKeys, decidedByDefault):
            return ["file": .text(file), "orient": .text(rowsAreOuterKeys ? "index" : "columns"),
                    "decidedBy": .text(decidedByDefault ? "default" : "content")]
        case let .evaluationLossPreferred(column, training): return ["column": .text(column), "training": .texts(training)]
        case .assumedDense: return [:]
        case .rowsWithoutLoss(let count): return ["count": .integer(count)]
        case .rowsWithoutData(let count): return ["count": .integer(count)]
        case .runsWithoutLoss(let names): return ["runs": .texts(names)]
        case let .filteredRows(count, read): return ["count": .integer(count), "read": .integer(read)]
        case .runsWithoutMetadata(let names): return ["runs": .texts(names)]
        case .metadataWithoutRuns(let names): return ["runs": .texts(names)]
        case .metadataColumnsShadowed(let columns): return ["columns": .texts(columns)]
        }
    }
}
