import Auth
import Glibc
import HTTPServer
import Marketplace

/// A request body made trustworthy before anything is stored: its SHA-256 checked against
/// `x-amz-content-sha256`, an aws-chunked body decoded with every chunk's signature checked,
/// and `Content-MD5` checked. The body was spooled to disk by the engine as it arrived; the
/// checks read it there in pieces (never whole in memory), off the event loops. When a check
/// fails, the error says which and the decoded copy is removed: nothing is kept.
enum S3Body {
    /// The checked body of a spooled route, as the store's source, and its size.
    static func source(of request: Request, payload: SigV4Verifier.Payload) async throws -> (source: BlobSource, size: Int) {
        let expectedMD5 = try contentMD5(request)
        guard let spooled = request.spooled, spooled.size > 0 else {
            try check(Array<UInt8>(), payload: payload, md5: expectedMD5, decodedLength: request.headers["x-amz-decoded-content-length"])
            return (.bytes([]), 0)
        }
        return try await SpooledFile.run {
            if case .streaming(let chain) = payload {
                let decoded = try AWSChunked.decode(spooled.path, chain: chain, md5: expectedMD5 != nil)
                do {
                    try checkLength(decoded.size, request.headers["x-amz-decoded-content-length"])
                    if let expectedMD5, decoded.md5 != expectedMD5 { throw badDigest() }
                } catch {
                    unlink(decoded.path)
                    throw error
                }
                return (.movingFile(path: decoded.path), decoded.size)
            }
            var sha = StreamDigest.sha256(), md5 = StreamDigest.md5()
            let wantsSHA: Bool = if case .signed = payload { true } else { false }
            try SpooledFile.forEachChunk(spooled.path) { chunk in
                if wantsSHA { sha.update(chunk) }
                if expectedMD5 != nil { md5.update(chunk) }
                return true
            }
            if case .signed(let expected) = payload, sha.finishHex() != expected { throw shaMismatch() }
            if let expectedMD5, md5.finish() != expectedMD5 { throw badDigest() }
            return (.movingFile(path: spooled.path), spooled.size)
        }
    }

    /// The checked body of a route that keeps its (small) body in memory.
    static func bytes(of request: Request, payload: SigV4Verifier.Payload) throws -> [UInt8] {
        if case .streaming = payload { throw S3Error.notImplemented("aws-chunked bodies are accepted by PUT only.") }
        try check(request.body, payload: payload, md5: try contentMD5(request), decodedLength: nil)
        return request.body
    }

    private static func check(_ body: [UInt8], payload: SigV4Verifier.Payload, md5: [UInt8]?, decodedLength: String?) throws {
        switch payload {
        case .signed(let expected): if SHA256.hex([body]) != expected { throw shaMismatch() }
        case .unsigned: break
        case .streaming: try checkLength(0, decodedLength)   // an empty aws-chunked body has at least its final chunk
        }
        if let md5 {
            var digest = StreamDigest.md5()
            body.withUnsafeBytes { digest.update($0) }
            if digest.finish() != md5 { throw badDigest() }
        }
    }

    private static func checkLength(_ size: Int, _ declared: String?) throws {
        guard let declared else { return }
        guard Int(declared) == size else {
            throw S3Error("IncompleteBody", 400, "The decoded body has \(size) bytes, not the x-amz-decoded-content-length \(declared).")
        }
    }

    /// The 16 bytes `Content-MD5` names (base64), or nil when absent.
    private static func contentMD5(_ request: Request) throws -> [UInt8]? {
        guard let value = request.headers["Content-MD5"] else { return nil }
        guard let digest = Base64.decode(value), digest.count == 16 else {
            throw S3Error("InvalidDigest", 400, "The Content-MD5 you specified was invalid.")
        }
        return digest
    }

    static func badDigest() -> S3Error { S3Error("BadDigest", 400, "The Content-MD5 you specified did not match what we received.") }
    static func shaMismatch() -> S3Error {
        S3Error("XAmzContentSHA256Mismatch", 400, "The provided 'x-amz-content-sha256' header does not match what was computed.")
    }
}
