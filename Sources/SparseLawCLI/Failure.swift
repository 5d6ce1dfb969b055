import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SparseLaw

/// Exit status for input data that cannot be used (sysexits.h EX_DATAERR).
let dataErrorExitCode = ExitCode(65)
/// Exit status for an error of the program itself (EX_SOFTWARE): an error no command expected.
let internalErrorExitCode = ExitCode(70)
/// Exit status for a failure to write an output file (sysexits.h EX_CANTCREAT).
let cannotCreateExitCode = ExitCode(73)
/// Exit status for a failure to write standard output (sysexits.h EX_IOERR).
let standardOutputExitCode = ExitCode(74)

/// A message, one line, with every control character in it made visible.
func printError(_ message: String) {
    writeToStandardError("error: " + escapedForMessage(message) + "\n")
}

func printNote(_ message: String) {
    writeToStandardError("note: " + escapedForMessage(message) + "\n")
}

func printWarning(_ message: String) {
    writeToStandardError("warning: " + escapedForMessage(message) + "\n")
}

/// Text to standard error, unbuffered (a message must not wait for standard output's buffer).
/// A failure to write a message has nowhere to be reported, so it is not.
func writeToStandardError(_ text: String) {
    _ = writeAll(text, to: STDERR_FILENO)
}

/// Writes all of `text` to `descriptor` with write(2); the C library's reason on failure.
private func writeAll(_ text: String, to descriptor: Int32) -> String? {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        if written < 0 {
            if errno == EINTR { continue }
            return String(cString: strerror(errno))
        }
        if written == 0 { return "nothing written" }
        bytes = bytes.dropFirst(written)
    }
    return nil
}

/// Standard output could not be written (a full disk, /dev/full, a closed pipe).
struct StandardOutputError: Error {
    var reason: String
}

/// Writes a command's rendered answer to standard output, the one place it is written: with
/// write(2), checked, so that a full disk or /dev/full is an error (exit 74), not a silent loss.
/// Control characters other than line breaks and tabs are made visible.
func write(_ text: String) throws {
    if let reason = writeAll(escapedForText(text), to: STDOUT_FILENO) {
        throw StandardOutputError(reason: reason)
    }
}

/// Runs a query; a question the law cannot be asked (a dense law, a level above the cap) is a
/// usage error, reported with the usage when it comes from `validate()`; any other `QueryError`
/// reaches `exit(reporting:)` (status 65).
func answering<T>(_ body: () throws(QueryError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        if let failure = Failure(error), failure.status == .validationFailure { throw ValidationError(failure.message) }
        throw error
    }
}

/// The JSON of a result; one that JSON cannot hold (a number not finite) is a `NonFiniteResult`.
func jsonText<T: Encodable>(_ value: T) throws(NonFiniteResult) -> String {
    try JSONRendering.text(value)
}

/// How an error of the library or of standard output ends the process: its message and its
/// exit status, the same for every command, and for `--json` its code and where it points (the
/// file, the line or record, the field). Usage errors exit 64, data the law or the logs cannot
/// serve 65, files that cannot be written 73, standard output 74.
struct Failure {
    var message: String
    var status: ExitCode
    var code: String
    var file: String?
    var location: SourceLocation?
    var field: String?

    /// nil for an error that is not one of these (the parser's, or a bug).
    init?(_ error: Error) {
        switch error {
        case let error as StandardOutputError: self.init("standard output: write failed: \(error.reason)", standardOutputExitCode, code: "output.standard-output")
        case let error as DataError: self.init(error, dataErrorExitCode)
        case let error as OutputError: self.init(error.description, cannotCreateExitCode, code: error.problem.code, file: error.file)
        case let error as NonFiniteResult: self.init(error.description, dataErrorExitCode, code: error.code, field: error.field.isEmpty ? nil : error.field)
        case let error as FitError: self.init(error.description, dataErrorExitCode, code: error.code)
        case let error as FitRefusal: self.init(error.description, dataErrorExitCode, code: error.code, file: error.file)
        case let error as TermAtZero: self.init(error.description, dataErrorExitCode, code: error.code)
        case let error as HardwareProfileError: self.init(error.message, dataErrorExitCode, code: error.problem.code, file: error.file, field: error.field)
        case let error as PlanNotFinite: self.init(error.description, dataErrorExitCode, code: error.code)
        case let error as FixedCoefficientError: self.init(error.description, .validationFailure, code: error.code)
        case let error as HoldoutRuleError: self.init(error.description, .validationFailure, code: error.code)
        case let error as PlanRequestError: self.init(error.description, .validationFailure, code: error.code)
        case let error as PredictionRequestError: self.init(error.description, .validationFailure, code: error.code)
        case .request(let error) as PredictionRefusal: self.init(error.description, .validationFailure, code: error.code)
        case .data(let error) as PredictionRefusal: self.init(error, dataErrorExitCode)
        case let error as SimulationError:
            self.init(error.description, error == .denseLawWithSparsity ? .validationFailure : dataErrorExitCode, code: error.code)
        case let error as DesignError:
            switch error {
            case .targetNotDefined, .tooFewRuns: self.init(error.description, dataErrorExitCode, code: error.code)
            default: self.init(error.description, .validationFailure, code: error.code)
            }
        case let error as QueryError:
            switch error {
            case .denseLaw, .maxSparsityOutOfRange, .noContours, .contoursNeedCostModel, .levelOutsideCap, .tooManyLevels, .repeatedLevel: self.init(error.description, .validationFailure, code: error.code)
            case .data(let data): self.init(data, dataErrorExitCode, message: error.description)
            default: self.init(error.description, dataErrorExitCode, code: error.code)
            }
        case let error as GridError:
            switch error {
            case .output(let output): self.init(output.description, cannotCreateExitCode, code: output.problem.code, file: output.file)
            case .notFinite(let query): self.init("--grid-csv: " + query.description, dataErrorExitCode, code: query.code)
            }
        default: return nil
        }
    }

    private init(_ message: String, _ status: ExitCode, code: String, file: String? = nil, location: SourceLocation? = nil, field: String? = nil) {
        self.message = message
        self.status = status
        self.code = code
        self.file = file
        self.location = location
        self.field = field
    }

    /// A refusal of input data points where the data are.
    private init(_ error: DataError, _ status: ExitCode, message: String? = nil) {
        self.init(message ?? error.description, status, code: error.problem.code, file: error.file, location: error.location, field: error.field)
    }

    /// The refusal as JSON for `--json`.
    var record: RefusalRecord {
        RefusalRecord(code: code, message: message, exitStatus: status.rawValue, file: file, location: location, field: field)
    }
}

/// Whether the command line asks for JSON: then a refusal is also printed to standard output as
/// a `sparselaw.error/1` object. Read from the arguments themselves, since a refusal of the
/// parser comes before any command exists.
func jsonRequested(_ arguments: [String] = CommandLine.arguments) -> Bool {
    arguments.dropFirst().prefix { $0 != "--" }.contains("--json")
}

/// Prints `record` to standard output when `--json` was given; a failure to write it changes
/// nothing (the refusal is on standard error, and the exit status says it).
func printRefusalRecord(_ record: @autoclosure () -> RefusalRecord) {
    guard jsonRequested(), let text = try? jsonText(record()) else { return }
    _ = try? write(text)
}

extension SparseLawCommand {
    /// Ends the process for an error that reached the top: the library's and standard output's
    /// with their message and status (`Failure`); an `ExitCode` was reported where it happened;
    /// the parser's are rendered in the one message style, `error: ...` in lower case, followed
    /// by the usage; anything else is an internal error (70), never the generic status 1.
    /// - Parameter afterParsing: the error came from running a command whose arguments parsed:
    ///   its message stands alone, without the usage.
    static func exit(reporting error: Error, afterParsing: Bool = false) -> Never {
        if let code = error as? ExitCode { Glibc.exit(code.rawValue) }
        if let failure = Failure(error) {
            printError(failure.message)
            printRefusalRecord(failure.record)
            Glibc.exit(failure.status.rawValue)
        }
        let code = exitCode(for: error)
        let text = fullMessage(for: error)
        if code == .success {
            // --help and --version.
            if (try? write(text.hasSuffix("\n") ? text : text + "\n")) == nil { Glibc.exit(standardOutputExitCode.rawValue) }
            Glibc.exit(0)
        }
        if code == .failure {
            // Not the parser's, not ours: a bug.
            printError("internal error: \(error)")
            printRefusalRecord(RefusalRecord(code: "internal.error", message: "internal error: \(error)", exitStatus: internalErrorExitCode.rawValue))
            Glibc.exit(internalErrorExitCode.rawValue)
        }
        if afterParsing, let validation = error as? ValidationError {
            printError(validation.message)
            printRefusalRecord(RefusalRecord(code: "usage.arguments", message: validation.message, exitStatus: code.rawValue))
            Glibc.exit(code.rawValue)
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let first = lines.first {
            var message = first.hasPrefix("Error: ") ? String(first.dropFirst(7)) : first
            // "Missing value ..." -> "missing value ...", but not "N ..." or "NxM".
            if let head = message.first, head.isUppercase, let second = message.dropFirst().first, second.isLowercase {
                message = head.lowercased() + message.dropFirst()
            }
            lines[0] = "error: " + escapedForMessage(message)
        }
        writeToStandardError(lines.map { $0.hasPrefix("error: ") ? $0 : escapedForMessage($0) }.joined(separator: "\n") + (text.hasSuffix("\n") ? "" : "\n"))
        if let first = lines.first {
            printRefusalRecord(RefusalRecord(code: "usage.arguments", message: String(first.dropFirst("error: ".count)), exitStatus: code.rawValue))
        }
        Glibc.exit(code.rawValue)
    }

}
