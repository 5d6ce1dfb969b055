import ArgumentParser
import Foundation
import SparseLaw

/// Exit status for input data that cannot be used (sysexits.h EX_DATAERR).
let dataErrorExitCode = ExitCode(65)
/// Exit status for a failure to write an output file (sysexits.h EX_CANTCREAT).
let cannotCreateExitCode = ExitCode(73)

func printError(_ message: String) {
    FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
}

func printWarning(_ message: String) {
    FileHandle.standardError.write(Data(("warning: " + message + "\n").utf8))
}

/// Runs `body`; a `DataError` becomes a message on standard error and exit status 65.
func reportingDataErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as DataError {
        printError(error.description)
        throw dataErrorExitCode
    }
}
