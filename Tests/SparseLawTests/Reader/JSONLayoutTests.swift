import Foundation
import Testing
@testable import SparseLawCore
@testable import SparseLawGSL
@testable import SparseLawReader
@testable import SparseLawLaws
@testable import SparseLawFitting
@testable import SparseLawDecisions
@testable import SparseLawRendering
import SparseLaw

func jsonObject(_ text: String) throws -> [String: JSONValue] {
    try #require(try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)).objectValue)
}

@Suite("Reader: Hugging Face trainer_state.json")
struct TrainerStateTests {
    /// The layout `Trainer` writes (keys as in Transformers 4.4x), shortened.
    static let state = """
    {"best_metric": null, "epoch": 1.0, "eval_steps": 500, "global_step": 1000,
     "log_history": [
       {"epoch": 0.5, "grad_norm": 1.93, "learning_rate": 2.5e-05, "loss": 2.3125, "step": 500},
       {"epoch": 0.5, "eval_loss": 2.125, "eval_runtime": 9.81, "eval_samples_per_second": 101.9, "step": 500},
       {"epoch": 1.0, "grad_norm": 1.71, "learning_rate": 0.0, "loss": 2.0625, "step": 1000},
       {"epoch": 1.0, "eval_loss": 2.0, "eval_runtime": 9.79, "eval_samples_per_second": 102.1, "step": 1000},
       {"epoch": 1.0, "step": 1000, "total_flos": 1.2e15, "train_loss": 2.1875, "train_runtime": 612.4}
     ],
     "logging_steps": 500, "max_steps": 1000, "num_train_epochs": 1, "train_batch_size": 8}
    """

    @Test("recognized by its log_history; other JSON objects are not")
    func matches() throws {
        #expect(TrainerState.matches(try jsonObject(Self.state)))
        #expect(!TrainerState.matches(try jsonObject(#"{"loss": {"0": 1}}"#)))
        #expect(!TrainerState.matches(try jsonObject(#"{"log_history": {"0": 1}}"#)))
    }

    @Test("one row per history entry; columns the union of keys, step and epoch first")
    func table() throws {
        let table = try TrainerState.table(try jsonObject(Self.state))
        #expect(table.columns == ["step", "epoch", "eval_loss", "eval_runtime", "eval_samples_per_second", "grad_norm",
                                  "learning_rate", "loss", "total_flos", "train_loss", "train_runtime"])
        #expect(table.rows.count == 5)
        #expect(table.rows.map(\.location) == (1...5).map { SourceLocation.record($0) })
        func column(_ name: String) -> [RawCell] { table.rows.map { $0.cells[table.columns.firstIndex(of: name)!] } }
        #expect(column("step") == [.number(500), .number(500), .number(1000), .number(1000), .number(1000)])
        #expect(column("loss") == [.number(2.3125), .empty, .number(2.0625), .empty, .empty])
        #expect(column("eval_loss") == [.empty, .number(2.125), .empty, .number(2.0), .empty])
    }

    @Test("an entry that is not an object is refused at its position")
    func refusal() throws {
        let object = try jsonObject(#"{"log_history": [{"step": 1, "loss": 2}, 3]}"#)
        #expect(throws: JSONLayoutError(location: .record(2), problem: .historyEntryNotObject)) { try TrainerState.table(object) }
    }
}

@Suite("Reader: pandas layouts")
struct PandasLayoutTests {
    /// The same frame, as `df.to_json()` (columns) and `df.to_json(orient="index")` wrote it.
    static let columns = #"{"params":{"0":1e6,"1":2e6,"10":4e6},"tokens":{"0":1e9,"1":2e9,"10":3e9},"loss":{"0":3.5,"1":3.25,"10":3.0}}"#
    static let index = #"{"0":{"params":1e6,"tokens":1e9,"loss":3.5},"1":{"params":2e6,"tokens":2e9,"loss":3.25},"10":{"params":4e6,"tokens":3e9,"loss":3.0}}"#

    @Test("orient=index is read with its rows as rows, the same table as orient=columns")
    func indexOrient() throws {
        let (byColumns, columnsOrientation, columnsEvidence) = try PandasLayout.nestedTable(try jsonObject(Self.columns))
        let (byIndex, indexOrientation, indexEvidence) = try PandasLayout.nestedTable(try jsonObject(Self.index))
        #expect(columnsOrientation == .columns)
        #expect(indexOrientation == .index)
        #expect(columnsEvidence == .fieldNames)
        #expect(indexEvidence == .fieldNames)
        #expect(byIndex.columns == ["loss", "params", "tokens"])
        #expect(byIndex.columns == byColumns.columns)
        #expect(byIndex.rows.map(\.location) == [.rowID("0"), .rowID("1"), .rowID("10")])
        #expect(byIndex.rows.map(\.cells) == byColumns.rows.map(\.cells))
        #expect(byIndex.rows[2].cells == [.number(3.0), .number(4e6), .number(3e9)])
    }

    @Test("run names as the index: the field names still decide")
    func namedIndex() throws {
        let (table, orientation, _) = try PandasLayout.nestedTable(try jsonObject(#"{"run-a":{"n_params":1e6,"D":1e9,"val_loss":3.5},"run-b":{"n_params":2e6,"D":2e9,"val_loss":3.2}}"#))
        #expect(orientation == .index)
        #expect(table.rows.map(\.location) == [.rowID("run-a"), .rowID("run-b")])
    }

    @Test("without field names, integer row ids decide; failing those, pandas' default", arguments: [
        (#"{"0":{"a":1,"b":2},"1":{"a":3,"b":4}}"#, PandasLayout.Orientation.index, PandasLayout.Evidence.integerRowIDs),
        (#"{"a":{"0":1,"1":2},"b":{"0":3,"1":4}}"#, .columns, .integerRowIDs),
        (#"{"a":{"x":1},"b":{"x":2}}"#, .columns, .pandasDefault),
    ])
    func otherEvidence(text: String, orientation: PandasLayout.Orientation, evidence: PandasLayout.Evidence) throws {
        let (_, found, why) = try PandasLayout.nestedTable(try jsonObject(text))
        #expect(found == orientation)
        #expect(why == evidence)
    }

    @Test("the columns a --column expression reads count as field names")
    func extraNames() throws {
        let (_, orientation, _) = try PandasLayout.nestedTable(try jsonObject(#"{"r1":{"scale":1,"steps":10},"r2":{"scale":2,"steps":20}}"#),
                                                                extraNames: ["scale", "steps"])
        #expect(orientation == .index)
    }

    @Test("orient=table: the schema's column order, rows located by their place in data")
    func tableOrient() throws {
        // As pandas 3.1 writes df.to_json(orient="table") for a frame with a default index.
        let text = #"""
        {"schema":{"fields":[{"name":"index","type":"integer"},{"name":"params","type":"number"},{"name":"tokens","type":"number"},{"name":"loss","type":"number"},{"name":"run","type":"string"}],"primaryKey":["index"],"pandas_version":"1.4.0"},
         "data":[{"index":0,"params":1000000.0,"tokens":1000000000.0,"loss":3.5,"run":"a"},{"index":1,"params":2000000.0,"tokens":2000000000.0,"loss":null,"run":"b"}]}
        """#
        let object = try jsonObject(text)
        #expect(PandasLayout.isTableOrient(object))
        #expect(!PandasLayout.isTableOrient(try jsonObject(Self.columns)))
        let table = try PandasLayout.tableOrient(object)
        #expect(table.columns == ["index", "params", "tokens", "loss", "run"])
        #expect(table.rows.map(\.location) == [.record(1), .record(2)])
        #expect(table.rows[1].cells == [.number(1), .number(2e6), .number(2e9), .empty, .text("b")])
    }

    @Test("orient=table refusals name the field or the record", arguments: [
        (#"{"schema":{"fields":[{"type":"number"}]},"data":[]}"#, JSONLayoutError(problem: .schemaFieldWithoutName(index: 0))),
        (#"{"schema":{"fields":[{"name":"a"},{"name":"a"}]},"data":[]}"#, JSONLayoutError(problem: .duplicateSchemaField("a"))),
        (#"{"schema":{"fields":[{"name":"a"}]},"data":[{"a":1},[1]]}"#, JSONLayoutError(location: .record(2), problem: .dataEntryNotObject)),
    ])
    func tableRefusals(text: String, expected: JSONLayoutError) throws {
        let object = try jsonObject(text)
        #expect(throws: expected) { try PandasLayout.tableOrient(object) }
    }

    @Test("a nested layout with a value that is not an object is refused, naming the key")
    func notNested() throws {
        let object = try jsonObject(#"{"a":{"0":1},"b":3}"#)
        #expect(!PandasLayout.isNested(object))
        #expect(throws: JSONLayoutError(problem: .nestedValueNotObject(key: "b"))) { try PandasLayout.nestedTable(object) }
    }
}
