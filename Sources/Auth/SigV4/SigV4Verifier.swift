import Synchronization

/// Checks a request's AWS Signature Version 4, in the `Authorization` header or in a
/// presigned URL's query, against the one configured key (`storage.s3.*`), and says how its
/// payload is to be checked. The codes and statuses are S3's.
public struct SigV4Verifier: Sendable {
    /// An access key and its secret.
    public struct Key: Sendable {
        public let accessKeyId: String
        public let secretAccessKey: String

        public init(accessKeyId: String, secretAccessKey: String) {
            self.accessKeyId = accessKeyId
            self.secretAccessKey = secretAccessKey
        }
    }

    /// A request as it arrived: the path and query exactly as sent (percent-encoded).
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var query: String?
        public var headers: [(name: String, value: String)]

        public init(method: String, path: String, query: String?, headers: [(name: String, value: String)]) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
        }

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name }?.value
        }
    }

    /// How the body is to be checked after the signature held.
    public enum Payload: Sendable {
        /// `x-amz-content-sha256` names the body's SHA-256 (lowercase hex).
        case signed(sha256: String)
        /// `UNSIGNED-PAYLOAD` (and every presigned URL).
        case unsigned
        /// aws-chunked: each chunk signed, chained from the request's signature.
        case streaming(SigV4ChunkChain)
    }

    /// No key: every request is refused (`AccessDenied`).
    public let key: Key?
    public let region: String
    public let service: String
    /// Header-signed requests more than this far from the server's clock are refused.
    public static let maxSkewSeconds: Int64 = 900
    /// The longest a presigned URL may be valid (7 days), as on S3.
    public static let maxPresignSeconds: Int64 = 604_800

    /// The last signing key derived: it depends only on the secret and the scope, which
    /// changes once a day, so most requests skip the four HMACs that derive it (AWS suggests
    /// the same caching to signers).
    private let signingKeys = SigningKeyCache()

    public init(key: Key?, region: String, service: String = "s3") {
        self.key = key
        self.region = region
        self.service = service
    }

    /// Verifies `request` at `now` (Unix seconds).
    public func verify(_ request: Request, now: Int64) throws(SigV4Error) -> Payload {
        guard let key else { throw .accessDenied("S3 access is not configured on this server (storage.s3.accessKeyId).") }
        if let authorization = request.header("authorization") {
            return try verifyHeader(authorization, request, key: key, now: now)
        }
        if let query = request.query, query.contains("X-Amz-Algorithm=") || query.contains("X-Amz-Signature=") {
            try verifyPresigned(query, request, key: key, now: now)
            return .unsigned
        }
        if let query = request.query, query.contains("AWSAccessKeyId=") {   // a Signature V2 presigned URL
            throw SigV4Error("InvalidRequest", 400, "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.")
        }
        throw .accessDenied("Anonymous access is not allowed; sign the request with AWS Signature Version 4.")
    }

    private func verifyHeader(_ authorization: String, _ request: Request, key: Key, now: Int64) throws(SigV4Error) -> Payload {
        guard authorization.hasPrefix(SigV4.algorithm + " ") else {
            throw SigV4Error("InvalidRequest", 400, "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.")
        }
        var fields: [String: String] = [:]
        for part in authorization.dropFirst(SigV4.algorithm.count + 1).split(separator: ",") {
            let trimmed = part.drop { $0 == " " }
            guard let equals = trimmed.firstIndex(of: "=") else { throw .headerMalformed("'\(trimmed)' is not name=value.") }
            fields[String(trimmed[..<equals])] = String(trimmed[trimmed.index(after: equals)...]).trimmingSpaces()
        }
        guard let credential = fields["Credential"], let signedList = fields["SignedHeaders"], let signature = fields["Signature"] else {
            throw .headerMalformed("it needs Credential, SignedHeaders and Signature.")
        }
        let scope = try checkCredential(credential, key: key, malformed: SigV4Error.headerMalformed)
        guard let amzDate = request.header("x-amz-date"), let time = AmzDate.parse(amzDate) else {
            throw .accessDenied("AWS authentication requires a valid x-amz-date header (yyyyMMddTHHmmssZ).")
        }
        guard amzDate.hasPrefix(scope.date) else { throw .headerMalformed("the credential date is not the date of X-Amz-Date.") }
        guard abs(now - time) <= Self.maxSkewSeconds else { throw .skewed }
        guard let payloadHash = request.header("x-amz-content-sha256") else {
            throw SigV4Error("InvalidRequest", 400, "Missing required header for this request: x-amz-content-sha256.")
        }
        let signed = signedList.split(separator: ";").map(String.init)
        guard signed.contains("host"), signed == signed.sorted(), signed.allSatisfy({ $0 == $0.lowercased() }) else {
            throw .headerMalformed("SignedHeaders must be lowercase, sorted, and include host.")
        }
        let computed = try self.signature(for: request, query: request.query, signedHeaders: signed, payloadHash: payloadHash,
                                     amzDate: amzDate, scope: scope, secret: key.secretAccessKey)
        guard SigV4.same(computed, signature.lowercased()) else { throw .signatureMismatch }
        switch payloadHash {
        case SigV4.unsignedPayload: return .unsigned
        case SigV4.streamingPayload:
            return .streaming(SigV4ChunkChain(key: signingKeys.key(secret: key.secretAccessKey, scope: scope), amzDate: amzDate,
                                              scope: scope, seed: computed))
        default:
            let lowered = payloadHash.lowercased()
            guard lowered.utf8.count == 64, lowered.utf8.allSatisfy({ SigV4Verifier.isHexDigit($0) }) else {
                throw SigV4Error("InvalidArgument", 400, "x-amz-content-sha256 must be a SHA-256 hex digest, UNSIGNED-PAYLOAD or "
                                 + "STREAMING-AWS4-HMAC-SHA256-PAYLOAD.")
            }
            return .signed(sha256: lowered)
        }
    }

    private func verifyPresigned(_ query: String, _ request: Request, key: Key, now: Int64) throws(SigV4Error) {
        func parameter(_ name: String) -> String? {
            for pair in query.split(separator: "&") where pair.hasPrefix(name + "=") {
                return SigV4.percentDecoded(pair.dropFirst(name.count + 1))
            }
            return nil
        }
        guard parameter("X-Amz-Algorithm") == SigV4.algorithm else {
            throw .queryMalformed("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\".")
        }
        guard let credential = parameter("X-Amz-Credential"), let amzDate = parameter("X-Amz-Date"),
              let expiresText = parameter("X-Amz-Expires"), let signedList = parameter("X-Amz-SignedHeaders"),
              let signature = parameter("X-Amz-Signature")
        else {
            throw .queryMalformed("Query-string authentication requires X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, "
                                  + "X-Amz-Date, X-Amz-SignedHeaders and X-Amz-Expires.")
        }
        let scope = try checkCredential(credential, key: key, malformed: SigV4Error.queryMalformed)
        guard let time = AmzDate.parse(amzDate), amzDate.hasPrefix(scope.date) else {
            throw .queryMalformed("X-Amz-Date must be yyyyMMddTHHmmssZ on the credential's date.")
        }
        guard let expires = Int64(expiresText), expires >= 1 else { throw .queryMalformed("X-Amz-Expires must be a positive number of seconds.") }
        guard expires <= Self.maxPresignSeconds else {
            throw .queryMalformed("X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds.")
        }
        let signed = signedList.split(separator: ";").map(String.init)
        guard signed.contains("host") else { throw .queryMalformed("X-Amz-SignedHeaders must include host.") }
        let payloadHash = parameter("X-Amz-Content-Sha256") ?? SigV4.unsignedPayload
        let computed = try self.signature(for: request, query: query, excluding: "X-Amz-Signature", signedHeaders: signed,
                                          payloadHash: payloadHash, amzDate: amzDate, scope: scope, secret: key.secretAccessKey)
        guard SigV4.same(computed, signature.lowercased()) else { throw .signatureMismatch }
        // Checked after the signature, so that a tampered URL says so rather than "expired".
        guard now >= time - Self.maxSkewSeconds else { throw .accessDenied("Request is not valid yet.") }
        guard now <= time + expires else { throw .accessDenied("Request has expired.") }
    }

    /// `AKID/date/region/service/aws4_request`, checked against the key and this server's scope.
    private func checkCredential(_ credential: String, key: Key, malformed: (String) -> SigV4Error) throws(SigV4Error) -> SigV4.Scope {
        let parts = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5, parts[4] == "aws4_request", parts[1].utf8.count == 8 else {
            throw malformed("the Credential must be <access key>/<yyyyMMdd>/<region>/<service>/aws4_request.")
        }
        guard SigV4.same(parts[0], key.accessKeyId) else { throw .unknownKey }
        guard parts[2] == region else { throw malformed("the region '\(parts[2])' is wrong; expecting '\(region)'") }
        guard parts[3] == service else { throw malformed("the service '\(parts[3])' is wrong; expecting '\(service)'") }
        return SigV4.Scope(date: parts[1], region: parts[2], service: parts[3])
    }

    private func signature(for request: Request, query: String?, excluding: String? = nil, signedHeaders: [String], payloadHash: String,
                           amzDate: String, scope: SigV4.Scope, secret: String) throws(SigV4Error) -> String {
        guard let uri = SigV4.canonicalURI(request.path), let canonicalQuery = SigV4.canonicalQuery(query, excluding: excluding) else {
            throw SigV4Error("InvalidURI", 400, "Couldn't parse the specified URI.")
        }
        guard let headers = SigV4.canonicalHeaders(request.headers, signed: signedHeaders) else {
            throw .accessDenied("A header named in SignedHeaders is missing from the request.")
        }
        let canonical = SigV4.canonicalRequest(method: request.method, uri: uri, query: canonicalQuery, headers: headers,
                                               signedHeaders: signedHeaders.joined(separator: ";"), payloadHash: payloadHash)
        return SigV4.signature(key: signingKeys.key(secret: secret, scope: scope),
                               stringToSign: SigV4.stringToSign(amzDate: amzDate, scope: scope, canonicalRequest: canonical))
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

/// One derived signing key, for the scope most requests share (today's).
private final class SigningKeyCache: Sendable {
    private let last = Mutex<(scope: SigV4.Scope, secret: String, key: [UInt8])?>(nil)

    func key(secret: String, scope: SigV4.Scope) -> [UInt8] {
        if let cached = last.withLock({ $0 }), cached.scope == scope, cached.secret == secret { return cached.key }
        let key = SigV4.signingKey(secret: secret, scope: scope)
        last.withLock { $0 = (scope, secret, key) }
        return key
    }
}
