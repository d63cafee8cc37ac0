/// Byte classes of RFC 9110 §5.6 and RFC 9112, shared by the head and chunk parsers.
enum ByteClass {
    static let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n"), sp = UInt8(ascii: " "), htab = UInt8(ascii: "\t")

    private static let tcharTable: [Bool] = (0..<256).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: "!#$%&'*+-.^_`|~".utf8.contains(UInt8(byte))
        }
    }

    /// `tchar`: the characters of a token (method, header name, coding).
    @inline(__always) static func isTchar(_ byte: UInt8) -> Bool { tcharTable[Int(byte)] }

    /// `field-vchar / SP / HTAB`, with obs-text allowed (RFC 9110 §5.5): no controls, no DEL.
    @inline(__always) static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte == htab || (byte >= 0x20 && byte != 0x7F)
    }

    /// Visible ASCII, the only bytes a request target may hold (UTF-8 must be percent-encoded).
    @inline(__always) static func isTargetByte(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }

    @inline(__always) static func isOWS(_ byte: UInt8) -> Bool { byte == sp || byte == htab }
}
