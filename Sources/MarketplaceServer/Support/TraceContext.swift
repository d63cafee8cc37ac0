/// A W3C Trace Context `traceparent` (https://www.w3.org/TR/trace-context/ §3.2), as the
/// request's caller sent it: the request's log line carries `traceId` and `parentId`, and the
/// response a `traceresponse` naming this server's span (Trace Context Level 2).
struct TraceContext: Sendable, Equatable {
    let version: String
    let traceID: String
    let parentID: String
    let flags: String
    /// This server's span for the request: 16 random lowercase hex digits, never all zero.
    var spanID: String = ""

    /// The header's value, or nil when it breaks the spec (then it is ignored, as §3.2.2 says):
    /// two lowercase hex digits of version other than `ff`; 32 of trace id and 16 of parent id,
    /// neither all zero; two of flags. Version 00 is exactly 55 characters; a later version may
    /// carry more after a `-`. Uppercase hex is invalid.
    init?(header: String?) {
        guard let header else { return nil }
        let bytes = Array(header.utf8)
        guard bytes.count >= 55, bytes[2] == UInt8(ascii: "-"), bytes[35] == UInt8(ascii: "-"), bytes[52] == UInt8(ascii: "-")
        else { return nil }
        let version = bytes[0..<2], trace = bytes[3..<35], parent = bytes[36..<52], flags = bytes[53..<55]
        guard [version, trace, parent, flags].allSatisfy({ $0.allSatisfy(Self.isLowerHex) }) else { return nil }
        guard version.elementsEqual("ff".utf8) == false,
              trace.contains(where: { $0 != UInt8(ascii: "0") }), parent.contains(where: { $0 != UInt8(ascii: "0") })
        else { return nil }
        if version.elementsEqual("00".utf8) {
            guard bytes.count == 55 else { return nil }
        } else if bytes.count > 55, bytes[55] != UInt8(ascii: "-") {
            return nil
        }
        self.version = "00"   // what this server speaks, whatever later version came in
        traceID = String(decoding: trace, as: UTF8.self)
        parentID = String(decoding: parent, as: UTF8.self)
        self.flags = String(decoding: flags, as: UTF8.self)
        spanID = Self.newSpanID()
    }

    /// The value of `traceresponse` (and of a `traceparent` this server would send on).
    var responseHeader: String { "\(version)-\(traceID)-\(spanID)-\(flags)" }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }

    private static func newSpanID() -> String {
        var value: UInt64 = 0
        while value == 0 { value = UInt64.random(in: 1...UInt64.max) }   // the system RNG (getrandom)
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
