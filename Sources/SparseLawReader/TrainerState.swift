import SparseLawCore

/// Hugging Face Transformers' `trainer_state.json`, which `Trainer` saves in every checkpoint
/// folder and at the end of training: an object with `global_step`, `epoch`, the training
/// arguments it kept, and `log_history`, a list of what each logging or evaluation step reported:
///
///     {"log_history": [
///         {"epoch": 0.5, "grad_norm": 1.9, "learning_rate": 4e-05, "loss": 2.31, "step": 500},
///         {"epoch": 0.5, "eval_loss": 2.12, "eval_runtime": 9.8, "step": 500},
///         {"epoch": 1.0, "step": 1000, "train_loss": 2.2, "train_runtime": 612.0, ...}],
///      "global_step": 1000, ...}
///
/// Training and evaluation entries of one step are separate entries, and the last one is the
/// run's summary (`train_loss` averaged over the run). The table keeps them as they are, one
/// row per entry (the location of a row is its 1-based position in `log_history`), with the union
/// of their keys as columns: which loss to use, and what to do with entries that have none, is
/// decided where the fields are chosen.
enum TrainerState {
    static let historyKey = "log_history"

    /// Whether a JSON document is a trainer state: an object whose `log_history` is an array.
    static func matches(_ object: [String: JSONValue]) -> Bool {
        if case .array? = object[historyKey] { return true }
        return false
    }

    /// The history as a table: columns `step` and `epoch` first (when present), then the other
    /// keys in alphabetical order (JSON objects have no order a reader may rely on).
    static func table(_ object: [String: JSONValue]) throws(JSONLayoutError) -> RawTable {
        guard case .array(let entries)? = object[historyKey] else { return RawTable(columns: [], rows: []) }
        var records: [[String: JSONValue]] = []
        records.reserveCapacity(entries.count)
        var keys = Set<String>()
        for (index, entry) in entries.enumerated() {
            guard let record = entry.objectValue else {
                throw JSONLayoutError(location: .record(index + 1), problem: .historyEntryNotObject)
            }
            keys.formUnion(record.keys)
            records.append(record)
        }
        let leading = ["step", "epoch"].filter(keys.contains)
        let columns = leading + keys.subtracting(leading).sorted()
        let rows = records.enumerated().map { index, record in
            RawTable.Row(location: .record(index + 1), cells: columns.map { JSONParser.cell(record[$0] ?? .null) })
        }
        return RawTable(columns: columns, rows: rows)
    }
}
