import ArgumentParser
import SparseLaw

/// A comma-separated list of numbers on the command line, with the reader's number syntax
/// (`2e6,12M,1.3B`).
struct NumberList: ExpressibleByArgument, Sendable {
    var values: [Double]

    init?(argument: String) {
        var values: [Double] = []
        for item in argument.split(separator: ",") {
            guard case .success(let value) = NumberParser.parse(String(item), allowPercent: true), value.isFinite else { return nil }
            values.append(value)
        }
        guard !values.isEmpty else { return nil }
        self.values = values
    }

    var defaultValueDescription: String { values.map { numberText($0) }.joined(separator: ",") }
}

/// One number with the reader's syntax (`1e9`, `125M`).
struct Quantity: ExpressibleByArgument, Sendable {
    var value: Double

    init?(argument: String) {
        guard case .success(let value) = NumberParser.parse(argument, allowPercent: true), value.isFinite else { return nil }
        self.value = value
    }

    init(_ value: Double) {
        self.value = value
    }

    var defaultValueDescription: String { numberText(value) }
}
