/// Patterns for `LIKE ? ESCAPE '\'`, which SQLite and PostgreSQL read alike. Callers keep
/// both sides lowercase (or case-free): SQLite's LIKE folds ASCII case, PostgreSQL's does not.
enum LikePattern {
    /// Matches any text that contains `text` (its `%`, `_` and `\` taken literally).
    static func containing(_ text: String) -> String { "%" + escaped(text) + "%" }

    /// `text` with LIKE's wildcards and the escape character escaped, for `ESCAPE '\'`.
    static func escaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
