/// AWS Signature Version 4, the parts a signer and a verifier share, built as AWS documents
/// them ("Create a signed AWS API request", and for S3 "Authenticating Requests (AWS
/// Signature Version 4)"): the canonical request, the string to sign, the signing key and
/// the chained signatures of aws-chunked uploads. HMAC-SHA256 and SHA-256 come from libcrypto.
///
/// The canonical URI is S3's form: each path segment URI-encoded once, no dot-segment
/// normalization (S3 keys may hold `//` or `.`), unlike the other services' double encoding.
public enum SigV4 {
    public static let algorithm = "AWS4-HMAC-SHA256"
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    public static let streamingPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
    /// SHA-256 of no bytes, lowercase hex.
    public static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// `date/region/service/aws4_request`: what a credential and a signing key are valid for.
    public struct Scope: Sendable, Equatable {
        /// `yyyyMMdd`, UTC.
        public let date: String
        public let region: String
        public let service: String

        public init(date: String, region: String, service: String) {
            self.date = date
            self.region = region
            self.service = service
        }

        public var text: String { "\(date)/\(region)/\(service)/aws4_request" }
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
    public static func signingKey(secret: String, scope: Scope) -> [UInt8] {
        var key = LibCrypto.hmacSHA256(key: Array(("AWS4" + secret).utf8), data: Array(scope.date.utf8))
        for part in [scope.region, scope.service, "aws4_request"] {
            key = LibCrypto.hmacSHA256(key: key, data: Array(part.utf8))
        }
        return key
    }

    /// Every byte but the unreserved `A–Z a–z 0–9 - . _ ~` as `%XX` (uppercase hex); `/` kept
    /// unless `encodeSlash`.
    public static func uriEncode(_ bytes: some Sequence<UInt8>, encodeSlash: Bool) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            case UInt8(ascii: "/") where !encodeSlash:
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The canonical URI of a path as sent: each segment percent-decoded, then encoded once.
    /// nil when an escape is malformed.
    public static func canonicalURI(_ rawPath: String) -> String? {
        var segments: [String] = []
        for segment in rawPath.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            guard let decoded = decodeBytes(segment) else { return nil }
            segments.append(uriEncode(decoded, encodeSlash: true))
        }
        let path = segments.joined(separator: "/")
        return path.isEmpty ? "/" : path
    }

    /// The canonical query string of a raw query: names and values decoded, encoded again
    /// (`/` too), sorted by name then value, `name=value` joined by `&`; a name without `=`
    /// has an empty value. `excluding` drops a parameter (a presigned URL's `X-Amz-Signature`).
    /// nil when an escape is malformed.
    public static func canonicalQuery(_ raw: String?, excluding: String? = nil) -> String? {
        guard let raw, !raw.isEmpty else { return "" }
        var pairs: [(String, String)] = []
        for item in raw.utf8.split(separator: UInt8(ascii: "&")) {
            let parts = item.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decodeBytes(parts[0]), let value = parts.count > 1 ? decodeBytes(parts[1]) : [] else { return nil }
            if let excluding, name.elementsEqual(excluding.utf8) { continue }
            pairs.append((uriEncode(name, encodeSlash: true), uriEncode(value, encodeSlash: true)))
        }
        pairs.sort { $0.0 == $1.0 ? Array($0.1.utf8).lexicographicallyPrecedes($1.1.utf8) : Array($0.0.utf8).lexicographicallyPrecedes($1.0.utf8) }
        return pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// `name:value\n` for each signed header (names lowercase, in `signed`'s order): the
    /// values of repeated headers joined by `,`, each trimmed and with inner runs of spaces
    /// collapsed to one. nil when a signed header is missing.
    public static func canonicalHeaders(_ headers: [(name: String, value: String)], signed: [String]) -> String? {
        var text = ""
        for name in signed {
            let values = headers.filter { $0.name.lowercased() == name }.map { collapse($0.value) }
            guard !values.isEmpty else { return nil }
            text += name + ":" + values.joined(separator: ",") + "\n"
        }
        return text
    }

    /// The canonical request: method, URI, query, headers, signed header list, payload hash.
    public static func canonicalRequest(method: String, uri: String, query: String, headers: String, signedHeaders: String,
                                        payloadHash: String) -> String {
        [method, uri, query, headers, signedHeaders, payloadHash].joined(separator: "\n")
    }

    /// `AWS4-HMAC-SHA256 \n amzDate \n scope \n hex(SHA-256(canonical request))`.
    public static func stringToSign(amzDate: String, scope: Scope, canonicalRequest: String) -> String {
        "\(algorithm)\n\(amzDate)\n\(scope.text)\n\(Hex.encode(LibCrypto.sha256(Array(canonicalRequest.utf8))))"
    }

    /// Lowercase hex HMAC-SHA256 of the string to sign under the signing key.
    public static func signature(key: [UInt8], stringToSign: String) -> String {
        Hex.encode(LibCrypto.hmacSHA256(key: key, data: Array(stringToSign.utf8)))
    }

    /// One aws-chunked chunk's signature, chained on the previous one (the seed is the
    /// request's own signature): over `AWS4-HMAC-SHA256-PAYLOAD`, the date, the scope, the
    /// previous signature, the hash of no bytes and the chunk's hash.
    public static func chunkSignature(key: [UInt8], amzDate: String, scope: Scope, previous: String, chunkHash: String) -> String {
        signature(key: key, stringToSign: "AWS4-HMAC-SHA256-PAYLOAD\n\(amzDate)\n\(scope.text)\n\(previous)\n\(emptySHA256)\n\(chunkHash)")
    }

    /// Whether two signatures (hex) are equal, in time that depends only on their length.
    static func same(_ a: String, _ b: String) -> Bool {
        LibCrypto.constantTimeEquals(Array(a.utf8), Array(b.utf8))
    }

    private static func collapse(_ value: String) -> String {
        var out: [UInt8] = []
        for byte in value.utf8 {
            let space = byte == 0x20 || byte == 0x09
            if space && (out.isEmpty || out.last == 0x20) { continue }
            out.append(space ? 0x20 : byte)
        }
        while out.last == 0x20 { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    private static func decodeBytes(_ utf8: some Collection<UInt8>) -> [UInt8]? {
        let text = Array(utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            if text[index] == UInt8(ascii: "%") {
                guard index + 2 < text.count, let high = hexValue(text[index + 1]), let low = hexValue(text[index + 2]) else { return nil }
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(text[index])
                index += 1
            }
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension SigV4 {
    /// A query value percent-decoded (no `+` for space, as SigV4 clients never send it);
    /// nil when malformed or not UTF-8.
    static func percentDecoded(_ text: Substring) -> String? {
        guard let bytes = decodeBytes(text.utf8) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }
}
