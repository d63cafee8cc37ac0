import Glibc

/// Finds the parts of a `multipart/form-data` body (RFC 7578; RFC 2046 §5.1.1) as it
/// streams by, chunk after chunk, and records where each part's content lies as absolute
/// byte offsets, without keeping the content: memory stays at one chunk plus a header block.
public struct MultipartScanner {
    public struct Part: Equatable, Sendable {
        /// Content-Disposition's `name`.
        public var name: String?
        public var filename: String?
        public var contentType: String?
        /// Where the content lies in the body.
        public var content: Range<Int>
    }

    public struct Malformed: Error, Equatable {
        public let reason: String
    }

    static let maxHeaderBytes = 8 << 10
    static let maxParts = 64

    private enum State { case preamble, delimiter, headers, content, done }

    /// CR LF `--` boundary; the body is scanned as if preceded by CR LF, so that the first
    /// delimiter needs no line before it.
    private let delimiter: [UInt8]
    private var window: [UInt8] = [13, 10]
    private var windowStart = -2
    private var state = State.preamble
    private var pending = Part(content: 0..<0)
    public private(set) var parts: [Part] = []

    /// Whether the closing delimiter has been seen; the rest (epilogue) is ignored.
    public var isComplete: Bool { state == .done }

    /// Fails unless `boundary` is 1–70 characters of RFC 2046's `bchars`, not ending in a space.
    public init(boundary: String) throws(Malformed) {
        let allowed = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ".utf8)
        guard (1...70).contains(boundary.utf8.count), boundary.utf8.allSatisfy(allowed.contains), boundary.utf8.last != 0x20 else {
            throw Malformed(reason: "The multipart boundary is missing or malformed.")
        }
        delimiter = [13, 10, UInt8(ascii: "-"), UInt8(ascii: "-")] + Array(boundary.utf8)
    }

    public mutating func feed(_ bytes: UnsafeRawBufferPointer) throws(Malformed) {
        guard state != .done else { return }
        window.append(contentsOf: bytes)
        while try step() {}
    }

    /// The parts, once the whole body has been fed.
    public func finish() throws(Malformed) -> [Part] {
        guard state == .done else { throw Malformed(reason: "The multipart body ends before its closing boundary.") }
        return parts
    }

    /// Advances one state; false when more bytes are needed.
    private mutating func step() throws(Malformed) -> Bool {
        switch state {
        case .preamble, .content:
            guard let index = Self.find(delimiter, in: window) else {
                consume(max(0, window.count - (delimiter.count - 1)))   // a delimiter may straddle chunks
                return false
            }
            if state == .content {
                pending.content = pending.content.lowerBound..<(windowStart + index)
                parts.append(pending)
            }
            consume(index + delimiter.count)
            state = .delimiter
            return true
        case .delimiter:
            let padding = window.prefix { $0 == 0x20 || $0 == 0x09 }.count
            guard window.count >= padding + 2 else { return false }
            if padding == 0 && window[0] == UInt8(ascii: "-") && window[1] == UInt8(ascii: "-") {
                state = .done
                window = []
                return false
            }
            guard window[padding] == 13, window[padding + 1] == 10 else { throw Malformed(reason: "A multipart delimiter is not followed by CRLF.") }
            guard parts.count < Self.maxParts else { throw Malformed(reason: "The multipart body has more than \(Self.maxParts) parts.") }
            consume(padding + 2)
            state = .headers
            return true
        case .headers:
            let end: Int
            if window.starts(with: [13, 10]) {
                end = 0
            } else if let found = Self.find([13, 10, 13, 10], in: window) {
                end = found + 2
            } else {
                guard window.count <= Self.maxHeaderBytes else { throw Malformed(reason: "A part's header block exceeds 8 KiB.") }
                return false
            }
            pending = try Self.part(headers: window[0..<end])
            consume(end + 2)
            pending.content = windowStart..<windowStart
            state = .content
            return true
        case .done:
            return false
        }
    }

    private mutating func consume(_ count: Int) {
        window.removeFirst(count)
        windowStart += count
    }

    /// The part's name, filename and type from its header lines.
    private static func part(headers: ArraySlice<UInt8>) throws(Malformed) -> Part {
        var part = Part(content: 0..<0)
        for line in headers.split(separator: 10) {
            let text = String(decoding: line.last == 13 ? line.dropLast() : line, as: UTF8.self)
            guard let colon = text.firstIndex(of: ":") else { throw Malformed(reason: "A part header has no colon.") }
            let value = String(text[text.index(after: colon)...].trimmingOWS())
            switch text[..<colon].lowercased() {
            case "content-disposition":
                let disposition = HeaderParameters(value)
                part.name = disposition["name"]
                part.filename = disposition["filename"]
            case "content-type":
                part.contentType = value
            default:
                continue
            }
        }
        return part
    }

    /// The first index of `needle` in `haystack` (memchr for its first byte, then memcmp).
    public static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return haystack.withUnsafeBytes { hay -> Int? in
            needle.withUnsafeBytes { pin -> Int? in
                let last = hay.count - pin.count
                var position = 0
                while position <= last {
                    guard let hit = memchr(hay.baseAddress! + position, Int32(pin[0]), last - position + 1) else { return nil }
                    position = UnsafeRawPointer(hit) - hay.baseAddress!
                    if memcmp(hay.baseAddress! + position, pin.baseAddress!, pin.count) == 0 { return position }
                    position += 1
                }
                return nil
            }
        }
    }
}
