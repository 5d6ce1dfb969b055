import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SparseLaw

/// Exit status for input data that cannot be used (sysexits.h EX_DATAERR).
let dataErrorExitCode = ExitCode(65)
/// Exit status for a failure to write an output file (sysexits.h EX_CANTCREAT).
let cannotCreateExitCode = ExitCode(73)

func printError(_ message: String) {
    writeToStandardError("error: " + message + "\n")
}

func printNote(_ message: String) {
    writeToStandardError("note: " + message + "\n")
}

func printWarning(_ message: String) {
    writeToStandardError("warning: " + message + "\n")
}

/// Text to standard error, unbuffered (a message must not wait for standard output's buffer).
func writeToStandardError(_ text: String) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let written = bytes.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
        if written < 0, errno == EINTR { continue }
        guard written > 0 else { return }
        bytes = bytes.dropFirst(written)
    }
}

/// Writes a command's rendered answer to standard output.
func write(_ text: String) throws {
    print(text, terminator: "")
}

/// Runs `body`; a `DataError` becomes a message on standard error and exit status 65.
func reportingDataErrors<T>(_ body: () throws(DataError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        printError(error.description)
        throw dataErrorExitCode
    }
}

/// Runs a query; an unusable law file or an answer that is not finite exits with status 65, a
/// question the law cannot be asked (a dense law, a level above the cap) is a usage error.
func answering<T>(_ body: () throws(QueryError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        switch error {
        case .data, .notFinite, .termAtZero:
            printError(error.description)
            throw dataErrorExitCode
        case .denseLaw, .maxSparsityOutOfRange, .noContours, .levelOutsideCap:
            throw ValidationError(error.description)
        }
    }
}
