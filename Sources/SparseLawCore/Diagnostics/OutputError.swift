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
    /// The destination is a directory, a device, a FIFO or a socket: replacing it would destroy
    /// something that is not an output file.
    case notARegularFile(FileKind)
    /// The destination is one of the files the run reads (the path it was given as).
    case isInput(String)
    /// Another output of the same run goes to the same file (its path as given).
    case sameAsOtherOutput(String)
    /// A chain of symbolic links that does not end (or is longer than 40 links).
    case symbolicLinkLoop
    /// A symbolic link whose target is not UTF-8 (escaped, `v\\xFF.json`): no path of this
    /// program can name that file, so the link cannot be followed.
    case linkTargetNotUTF8(String)
    /// The path is empty (`-o ''`).
    case emptyPath

    public var code: String {
        switch self {
        case .noDirectory: return "output.no-directory"
        case .cannotCreate: return "output.cannot-create"
        case .writeFailed: return "output.write-failed"
        case .cannotReplace: return "output.cannot-replace"
        case .notARegularFile: return "output.not-a-regular-file"
        case .isInput: return "output.is-input"
        case .sameAsOtherOutput: return "output.same-as-other-output"
        case .symbolicLinkLoop: return "output.symbolic-link-loop"
        case .linkTargetNotUTF8: return "output.link-target-not-utf8"
        case .emptyPath: return "output.empty-path"
        }
    }
}
