/// Signs requests with AWS Signature Version 4: the `Authorization` header, presigned URLs,
/// and the seed of an aws-chunked body. The client half of `SigV4Verifier` (tests, and the
/// S3 client of `storage.blobStore = s3`).
public struct SigV4Signer: Sendable {
    public let key: SigV4Verifier.Key
    public let region: String
    public let service: String

    public init(key: SigV4Verifier.Key, region: String, service: String = "s3") {
        self.key = key
        self.region = region
        self.service = service
    }

    /// The signature of a request whose `headers` (lowercase names) include every header to
    /// sign — `host` and `x-amz-date` among them; all of `headers` are signed.
    public func signature(method: String, path: String, query: String?, headers: [(name: String, value: String)],
                          payloadHash: String, amzDate: String) -> (authorization: String, signature: String) {
        let scope = SigV4.Scope(date: String(amzDate.prefix(8)), region: region, service: service)
        let signed = Array(Set(headers.map { $0.name.lowercased() })).sorted()
        let canonical = SigV4.canonicalRequest(
            method: method, uri: SigV4.canonicalURI(path) ?? path, query: SigV4.canonicalQuery(query) ?? "",
            headers: SigV4.canonicalHeaders(headers, signed: signed) ?? "", signedHeaders: signed.joined(separator: ";"),
            payloadHash: payloadHash)
        let signature = SigV4.signature(key: SigV4.signingKey(secret: key.secretAccessKey, scope: scope),
                                        stringToSign: SigV4.stringToSign(amzDate: amzDate, scope: scope, canonicalRequest: canonical))
        let authorization = "\(SigV4.algorithm) Credential=\(key.accessKeyId)/\(scope.text), "
            + "SignedHeaders=\(signed.joined(separator: ";")), Signature=\(signature)"
        return (authorization, signature)
    }

    /// The query of a presigned URL for `method path` (only `host` signed, payload unsigned):
    /// `query` (may be empty) followed by the X-Amz-* parameters and the signature.
    public func presignedQuery(method: String, path: String, query: String, host: String, amzDate: String, expires: Int) -> String {
        let scope = SigV4.Scope(date: String(amzDate.prefix(8)), region: region, service: service)
        let credential = SigV4.uriEncode(Array("\(key.accessKeyId)/\(scope.text)".utf8), encodeSlash: true)
        let parameters = (query.isEmpty ? "" : query + "&") + "X-Amz-Algorithm=\(SigV4.algorithm)&X-Amz-Credential=\(credential)"
            + "&X-Amz-Date=\(amzDate)&X-Amz-Expires=\(expires)&X-Amz-SignedHeaders=host"
        let canonical = SigV4.canonicalRequest(
            method: method, uri: SigV4.canonicalURI(path) ?? path, query: SigV4.canonicalQuery(parameters) ?? "",
            headers: "host:\(host)\n", signedHeaders: "host", payloadHash: SigV4.unsignedPayload)
        let signature = SigV4.signature(key: SigV4.signingKey(secret: key.secretAccessKey, scope: scope),
                                        stringToSign: SigV4.stringToSign(amzDate: amzDate, scope: scope, canonicalRequest: canonical))
        return parameters + "&X-Amz-Signature=\(signature)"
    }

    /// The chain that signs an aws-chunked body's chunks after a request signed with
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD` and signature `seed`.
    public func chunkChain(seed: String, amzDate: String) -> SigV4ChunkChain {
        let scope = SigV4.Scope(date: String(amzDate.prefix(8)), region: region, service: service)
        return SigV4ChunkChain(key: SigV4.signingKey(secret: key.secretAccessKey, scope: scope), amzDate: amzDate, scope: scope, seed: seed)
    }
}
