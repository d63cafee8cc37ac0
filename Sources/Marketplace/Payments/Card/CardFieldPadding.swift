/// How a fixed-width field is filled (docs/CARD_MESSAGE.md, "Padding kinds").
public enum CardFieldPadding: Sendable, Equatable {
    /// Right-aligned, space-padded digits: 3 in 4 → `   3`.
    case num
    /// Right-aligned, zero-padded digits: 3 in 4 → `0003`.
    case num0
    /// Left-aligned, space-padded digits: 3 in 4 → `3   `.
    case numL
    /// Left-aligned, space-padded printable ASCII.
    case text

    /// Whether the kind holds digits only.
    var isNumeric: Bool { self != .text }
}
