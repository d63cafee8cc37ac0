/// Why a card message could not be built or parsed. Names the field, never its value, so
/// it is safe to log; the sandbox turns a parse error into a decline with `code`.
public enum CardMessageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Building: the value does not fit its field (values are never cut).
    case valueTooLong(CardMessageField)
    /// Building or parsing: the value breaks its field's kind or rule (a non-digit in a
    /// number, a missing or extra id, installments on a cancel, non-ASCII text).
    case invalidValue(CardMessageField)
    /// Parsing: the message is not 450 ASCII characters; carries the length in bytes.
    case wrongLength(Int)
    /// Parsing: the message holds a byte outside printable ASCII.
    case notPrintableASCII

    /// A stable UPPER_SNAKE code for the sandbox's decline answer.
    public var code: String {
        switch self {
        case .valueTooLong: "FIELD_TOO_LONG"
        case .invalidValue: "INVALID_FIELD"
        case .wrongLength: "INVALID_LENGTH"
        case .notPrintableASCII: "INVALID_CHARACTER"
        }
    }

    /// A one-line summary naming the field, never its value.
    public var description: String {
        switch self {
        case .valueTooLong(let field): "\(field) is longer than its \(field.length) characters"
        case .invalidValue(let field): "\(field) does not hold a valid value"
        case .wrongLength(let length): "the message is \(length) bytes, not \(CardMessage.length)"
        case .notPrintableASCII: "the message holds a byte outside printable ASCII"
        }
    }
}
