/// Decodes a `chunked` body incrementally (RFC 9112 §7.1), strictly: hex sizes with no
/// whitespace, well-formed extensions, CRLF after every chunk, trailer fields validated
/// and dropped. Pure: it is fed whatever bytes have arrived.
struct ChunkedDecoder {
    private enum State {
        case size(digits: Int, value: Int)
        /// Whitespace after the size: only a `;` may follow (BWS of RFC 9112 §7.1.1).
        case sizeBWS
        case extensionName(length: Int)
        /// Whitespace after a name: `=` or the next `;`.
        case afterName
        case extensionValueStart
        case extensionToken
        case quoted(escaped: Bool)
        case afterQuoted
        case sizeLF
        case data(remaining: Int)
        case dataCR
        case dataLF
        case trailerLineStart
        case trailerName(length: Int)
        case trailerValue
        case trailerLF
        case endLF
        case done
    }

    private var state = State.size(digits: 0, value: 0)
    private var lastChunk = false
    private var lineBytes = 0
    private var trailerBytes = 0
    /// Body bytes decoded so far.
    private(set) var total = 0
    let limit: Int

    init(limit: Int) { self.limit = limit }

    var isDone: Bool { if case .done = state { true } else { false } }

    /// Consumes bytes from `input`, appending decoded data to `body` unless `discard`.
    /// Returns how many bytes it used; it stops at the end of the message.
    mutating func decode(_ input: UnsafeBufferPointer<UInt8>, into body: inout [UInt8], discard: Bool) throws(HTTPParseError) -> Int {
        var i = 0
        let n = input.count
        while i < n {
            let byte = input[i]
            switch state {
            case .done:
                return i
            case .data(let remaining):
                let take = min(remaining, n - i)
                if !discard { body.append(contentsOf: UnsafeBufferPointer(rebasing: input[i..<(i + take)])) }
                i += take
                state = remaining == take ? .dataCR : .data(remaining: remaining - take)
                continue
            case .size(let digits, let value):
                if let hex = PercentDecoding.hexValue(byte) {
                    guard digits < 15 else { throw .bad("Chunk size is too large.") }
                    state = .size(digits: digits + 1, value: value << 4 | Int(hex))
                } else {
                    guard digits > 0 else { throw .bad("Invalid character in chunk size.") }
                    lastChunk = value == 0
                    if !lastChunk {
                        total += value
                        if total > limit { throw .bodyTooLarge }
                        pendingSize = value
                    }
                    lineBytes = 0
                    switch byte {
                    case UInt8(ascii: ";"): state = .extensionName(length: 0)
                    case ByteClass.cr: state = .sizeLF
                    case ByteClass.sp, ByteClass.htab: state = .sizeBWS
                    default: throw .bad("Invalid character in chunk size.")
                    }
                }
            case .sizeBWS:
                try countLine()
                if byte == UInt8(ascii: ";") { state = .extensionName(length: 0) }
                else if !ByteClass.isOWS(byte) { throw .bad("Invalid character in chunk size.") }
            case .afterName:
                try countLine()
                if byte == UInt8(ascii: "=") { state = .extensionValueStart }
                else if byte == UInt8(ascii: ";") { state = .extensionName(length: 0) }
                else if !ByteClass.isOWS(byte) { throw .bad("Invalid character in chunk extension.") }
            case .extensionName(let length):
                try countLine()
                if ByteClass.isTchar(byte) { state = .extensionName(length: length + 1) }
                else if ByteClass.isOWS(byte) { state = length == 0 ? .extensionName(length: 0) : .afterName }
                else if length == 0 { throw .bad("Empty chunk extension name.") }
                else if byte == UInt8(ascii: "=") { state = .extensionValueStart }
                else if byte == UInt8(ascii: ";") { state = .extensionName(length: 0) }
                else if byte == ByteClass.cr { state = .sizeLF }
                else { throw .bad("Invalid character in chunk extension.") }
            case .extensionValueStart:
                try countLine()
                if ByteClass.isOWS(byte) { break }
                if byte == UInt8(ascii: "\"") { state = .quoted(escaped: false) }
                else if ByteClass.isTchar(byte) { state = .extensionToken }
                else { throw .bad("Invalid chunk extension value.") }
            case .extensionToken:
                try countLine()
                if ByteClass.isTchar(byte) { break }
                else if byte == UInt8(ascii: ";") { state = .extensionName(length: 0) }
                else if byte == ByteClass.cr { state = .sizeLF }
                else if ByteClass.isOWS(byte) { state = .afterQuoted }
                else { throw .bad("Invalid character in chunk extension value.") }
            case .quoted(let escaped):
                try countLine()
                let allowed = byte == ByteClass.htab || (byte >= 0x20 && byte != 0x7F)
                guard allowed else { throw .bad("Invalid character in a quoted chunk extension value.") }
                if escaped { state = .quoted(escaped: false) }
                else if byte == UInt8(ascii: "\\") { state = .quoted(escaped: true) }
                else if byte == UInt8(ascii: "\"") { state = .afterQuoted }
            case .afterQuoted:
                try countLine()
                if byte == UInt8(ascii: ";") { state = .extensionName(length: 0) }
                else if byte == ByteClass.cr { state = .sizeLF }
                else if ByteClass.isOWS(byte) { break }
                else { throw .bad("Invalid character after a quoted chunk extension value.") }
            case .sizeLF:
                guard byte == ByteClass.lf else { throw .bad("Expected LF after chunk size.") }
                state = lastChunk ? .trailerLineStart : .data(remaining: pendingSize)
            case .dataCR:
                guard byte == ByteClass.cr else { throw .bad("Expected CRLF after chunk data.") }
                state = .dataLF
            case .dataLF:
                guard byte == ByteClass.lf else { throw .bad("Expected LF after chunk data.") }
                state = .size(digits: 0, value: 0)
            case .trailerLineStart:
                if byte == ByteClass.cr { state = .endLF }
                else if ByteClass.isTchar(byte) { try countTrailer(); state = .trailerName(length: 1) }
                else { throw .bad("Invalid trailer field.") }
            case .trailerName(let length):
                try countTrailer()
                if ByteClass.isTchar(byte) { state = .trailerName(length: length + 1) }
                else if byte == UInt8(ascii: ":") { state = .trailerValue }
                else { throw .bad("Invalid character in a trailer field name.") }
            case .trailerValue:
                try countTrailer()
                if byte == ByteClass.cr { state = .trailerLF }
                else if !ByteClass.isFieldValueByte(byte) { throw .bad("Invalid character in a trailer field value.") }
            case .trailerLF:
                guard byte == ByteClass.lf else { throw .bad("Expected LF after a trailer field.") }
                state = .trailerLineStart
            case .endLF:
                guard byte == ByteClass.lf else { throw .bad("Expected LF after the trailer section.") }
                state = .done
                return i + 1
            }
            i += 1
        }
        return i
    }

    private var pendingSize = 0

    /// A chunk line (size and extensions) may not grow without bound.
    private mutating func countLine() throws(HTTPParseError) {
        lineBytes += 1
        if lineBytes > 4096 { throw .bad("Chunk extensions are too long.") }
    }

    private mutating func countTrailer() throws(HTTPParseError) {
        trailerBytes += 1
        if trailerBytes > 32 * 1024 { throw .headersTooLarge }
    }
}
