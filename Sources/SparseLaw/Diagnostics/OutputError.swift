/// A failure to write an output file.
public struct OutputError: Error, Sendable, Equatable {
    public var file: String
    public var problem: OutputProblem

    public init(file: String, problem: OutputProblem) {
        self.file = file
        self.problem = problem
    }
}

/// Why an output file cannot be written.
public enum OutputProblem: Sendable, Equatable {
    /// The folder the file would go in does not exist.
    case noDirectory(String)
    /// The temporary file beside the destination cannot be created (the C library's reason).
    case cannotCreate(reason: String)
    case writeFailed(reason: String)
    /// The finished file cannot be renamed onto the destination.
    case cannotReplace(reason: String)

    public var code: String {
        switch self {
        case .noDirectory: return "output.no-directory"
        case .cannotCreate: return "output.cannot-create"
        case .writeFailed: return "output.write-failed"
        case .cannotReplace: return "output.cannot-replace"
        }
    }
}
