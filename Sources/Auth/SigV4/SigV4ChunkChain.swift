/// The chained signatures of an aws-chunked body (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`):
/// each chunk's signature covers its bytes and the signature before it, starting from the
/// request's own ("seed") signature, so no chunk can be altered, dropped or reordered.
public struct SigV4ChunkChain: Sendable {
    let key: [UInt8]
    let amzDate: String
    let scope: SigV4.Scope
    /// The last signature accepted (or produced).
    public private(set) var previous: String

    public init(key: [UInt8], amzDate: String, scope: SigV4.Scope, seed: String) {
        self.key = key
        self.amzDate = amzDate
        self.scope = scope
        previous = seed
    }

    /// Checks the next chunk's signature against its SHA-256 (lowercase hex); the chain moves
    /// on only when it holds.
    public mutating func verify(chunkHash: String, signature: String) -> Bool {
        let expected = SigV4.chunkSignature(key: key, amzDate: amzDate, scope: scope, previous: previous, chunkHash: chunkHash)
        guard SigV4.same(expected, signature.lowercased()) else { return false }
        previous = expected
        return true
    }

    /// The next chunk's signature (a client's side of the chain).
    public mutating func sign(chunkHash: String) -> String {
        previous = SigV4.chunkSignature(key: key, amzDate: amzDate, scope: scope, previous: previous, chunkHash: chunkHash)
        return previous
    }
}
