import ArgumentParser
import SparseLaw

/// The output files of one run, staged together before any work (see `OutputBatch`): every
/// destination is checked at once, and all are put in place only when each was written whole.
/// A failure is an `OutputError` (status 73).
struct OutputFiles {
    private let batch: OutputBatch

    /// - Parameters:
    ///   - inputs: the files the run reads, which no output may replace.
    ///   - outputs: the destinations asked for (nil: not asked for).
    init(inputs: [String], outputs: [String?]) throws {
        batch = OutputBatch(inputs: inputs)
        for path in outputs.compactMap({ $0 }) {
            _ = try batch.stage(path)
        }
    }

    /// Refuses the run if a staged output is one of `inputs`: the files a folder of logs held,
    /// known only once it was read.
    func refuseInputs(_ inputs: [String]) throws {
        try batch.refuseInputs(inputs)
    }

    /// The staged file for `path` (one of `outputs`).
    func writer(for path: String) -> AtomicStreamWriter? {
        batch.writer(for: path)
    }

    func write(_ text: String, to path: String) throws {
        guard let writer = batch.writer(for: path) else { return }
        try writer.write(text)
    }

    /// Writes `text` to standard output, or (when `path` is given, one of `outputs`) to that
    /// file, put in place at once.
    func emit(_ text: String, to path: String?) throws {
        guard let path else { try SparseLawCLI.write(text); return }
        try write(text, to: path)
        try commit()
    }

    /// Puts every file in place.
    func commit() throws {
        try batch.commit()
    }

    /// Removes every staged file (a later step failed).
    func discard() {
        batch.discard()
    }
}
