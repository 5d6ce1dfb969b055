import SparseLawCore
import SparseLawReader
import SparseLawLaws
import SparseLawFitting
import SparseLawDecisions

/// Predictions as CSV, one row per query in order: `name,params,sparsity,tokens,pattern,loss,
/// loss_low,loss_high,warnings`, the interval empty without replicates, the warnings' codes
/// separated by `;`. Numbers round-trip exactly.
public func predictionsCSV(_ predictions: [Prediction]) -> String {
    var text = "name,params,sparsity,tokens,pattern,loss,loss_low,loss_high,warnings\n"
    for prediction in predictions {
        let query = prediction.query
        let fields = [csvField(query.name ?? ""), exactText(query.params), exactText(query.sparsity), exactText(query.tokens),
                      csvField(query.pattern ?? ""), exactText(prediction.loss),
                      prediction.interval.map { exactText($0.lowerBound) } ?? "", prediction.interval.map { exactText($0.upperBound) } ?? "",
                      (prediction.warnings.map(\.code) + (prediction.condition.map { [$0.code] } ?? [])).joined(separator: ";")]
        text += fields.joined(separator: ",") + "\n"
    }
    return text
}
