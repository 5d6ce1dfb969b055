import SparseLawCore

/// A refusal as JSON (`sparselaw.error/1`): what a command run with `--json` prints to standard
/// output when it ends with an error, beside the `error: ...` line on standard error, so that a
/// program can tell the refusals apart by code and point at the file, the place and the field
/// without reading the sentence.
public struct RefusalRecord: Sendable, Encodable {
    public var schema = OutputSchema.error
    /// The refusal's stable code (docs/errors.md, Codes).
    public var code: String
    /// The sentence of the `error:` line, without the prefix.
    public var message: String
    /// The process's exit status: 64 usage, 65 data, 70 internal, 73 an output file, 74 standard output.
    public var exitStatus: Int32
    /// The input or output file at fault, when there is one.
    public var file: String?
    /// Where in it, as runs are located in `sparselaw.runs/1`: at most one of the four.
    public var line: Int?
    public var record: Int?
    public var rowId: String?
    public var byteOffset: Int?
    /// The field or key, as the file names it.
    public var field: String?

    public init(code: String, message: String, exitStatus: Int32, file: String? = nil, location: SourceLocation? = nil, field: String? = nil) {
        self.code = code
        self.message = message
        self.exitStatus = exitStatus
        self.file = file
        let place = RowLocation(location)
        line = place.line
        record = place.record
        rowId = place.rowId
        byteOffset = place.byteOffset
        self.field = field
    }
}
