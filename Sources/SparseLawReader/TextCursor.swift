/// A position in the text of a one-line expression (`--column`, `--where`), for the hand-written
/// parsers that read it character by character. Positions count characters from 0, as the
/// parsers' refusals report them.
struct TextCursor {
    let text: String
    let characters: [Character]
    var position = 0

    init(_ text: String) {
        self.text = text
        characters = Array(text)
    }
}
