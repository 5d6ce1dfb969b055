/// Where a hand-written parser of a one-line expression (`--column`, `--where`) is: the text, the
/// position it has read to, and the current token with the position it starts at. Positions
/// count characters from 0, as the parsers' refusals report them.
struct TextCursor<Token> {
    let text: String
    let characters: [Character]
    var position = 0
    var tokenStart = 0
    var token: Token

    /// At the start of `text`, with `end` as the token until the first is read.
    init(_ text: String, end: Token) {
        self.text = text
        characters = Array(text)
        token = end
    }
}
