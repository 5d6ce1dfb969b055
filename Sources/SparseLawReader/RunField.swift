import SparseLawCore

/// The canonical fields of a training run.
public enum RunField: String, Sendable, CaseIterable, Hashable {
    /// N, the number of non-zero parameters.
    case params
    /// S, the fraction of weights pruned, in [0, 1).
    case sparsity
    /// D, the amount of training data (tokens, or images / examples where that is the unit).
    case tokens
    /// The final validation loss of the run.
    case loss
    /// A run identifier; rows sharing one are checkpoints of the same run.
    case run
    /// The sparsity pattern (`unstructured`, `2:4`, ...).
    case pattern

    public static let numeric: [RunField] = [.params, .sparsity, .tokens, .loss]

    /// Header names recognized for the field, after normalization (see `normalizedHeader`), in
    /// order of preference: the first present wins.
    public var aliases: [String] {
        switch self {
        case .params:
            return ["params", "nonzero_params", "non_zero_params", "nonzero_parameters", "non_zero_parameters",
                    "nnz_params", "nnz", "nonzeros", "active_params", "n"]
        case .sparsity:
            return ["sparsity", "s", "sparsity_level", "target_sparsity", "final_sparsity", "weight_sparsity"]
        case .tokens:
            return ["tokens", "d", "num_tokens", "n_tokens", "train_tokens", "training_tokens", "tokens_seen",
                    "total_tokens", "data", "examples", "total_examples", "num_examples", "images",
                    "total_images", "samples", "num_samples", "total_samples", "max_tokens", "token_budget"]
        case .loss:
            return ["loss", "val_loss", "validation_loss", "valid_loss", "eval_loss", "test_loss",
                    "final_loss", "final_val_loss", "val_loss_final", "train_loss", "training_loss"]
        case .run:
            return ["run", "run_id", "run_name", "runid", "name", "experiment", "id"]
        case .pattern:
            return ["pattern", "sparsity_pattern", "structure", "nm_pattern", "n_m"]
        }
    }

    /// Headers of dense (total) parameter counts: with a sparsity column they give
    /// N = total * (1 - S); without one, the runs are dense and N = total.
    static let totalParamsAliases = ["total_params", "dense_params", "num_params", "n_params", "model_size",
                                     "model_params", "parameters", "total_parameters", "num_parameters"]

    /// Headers of the fraction of weights kept: S = 1 - density.
    static let densityAliases = ["density", "target_density", "weight_density"]

    /// Headers of a training step counter: a table with one is a run's history (rows are its
    /// checkpoints), not a table of runs. `steps`, the plural, is a run's length, not a counter.
    static let stepAliases = ["step", "global_step", "iteration", "iter"]
}

/// The last component of a dotted or prefixed name, normalized: `model.sparsity` → `sparsity`,
/// `config/n_params` → `n_params`, `eval/loss` → `loss`; nil when the name has no prefix.
func lastNameComponent(_ header: String) -> String? {
    guard let separator = header.lastIndex(where: { $0 == "." || $0 == "/" }) else { return nil }
    let last = normalizedHeader(String(header[header.index(after: separator)...]))
    return last.isEmpty ? nil : last
}

/// Lower case, with every run of characters other than letters and digits folded to one `_`
/// and none at the ends: `Val-Loss` → `val_loss`, `eval/loss` → `eval_loss`, `Model Size` → `model_size`.
public func normalizedHeader(_ header: String) -> String {
    var result = ""
    var pendingSeparator = false
    for character in header.lowercased() {
        if character.isLetter || character.isNumber {
            if pendingSeparator, !result.isEmpty { result.append("_") }
            pendingSeparator = false
            result.append(character)
        } else {
            pendingSeparator = true
        }
    }
    return result
}

/// A field defined on the command line as `NAME=EXPR`.
public struct ColumnDefinition: Sendable, Equatable {
    public var field: RunField
    public var expression: ColumnExpression
    public var text: String

    public init(field: RunField, expression: ColumnExpression, text: String) {
        self.field = field
        self.expression = expression
        self.text = text
    }

    /// Why a `NAME=EXPR` definition cannot be used.
    public enum ParseError: Error, Sendable, Equatable {
        case missingEquals(specification: String)
        case notAField(name: String, specification: String)
        case expression(specification: String, ColumnExpression.ParseError)
    }

    /// Parses `NAME=EXPR`, where NAME is a numeric canonical field.
    public static func parse(_ specification: String) throws(ParseError) -> ColumnDefinition {
        guard let equals = specification.firstIndex(of: "=") else {
            throw .missingEquals(specification: specification)
        }
        let name = specification[..<equals].trimmingSpaces()
        let text = String(specification[specification.index(after: equals)...].trimmingSpaces())
        guard let field = RunField(rawValue: String(name)), RunField.numeric.contains(field) else {
            throw .notAField(name: String(name), specification: specification)
        }
        do {
            return ColumnDefinition(field: field, expression: try ColumnExpression.parse(text), text: text)
        } catch {
            throw .expression(specification: specification, error)
        }
    }
}
