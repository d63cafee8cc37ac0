import Auth
import Foundation
import TestHTTP

/// Signs raw requests to a test server's `/s3` with our own `SigV4Signer` (itself checked
/// against AWS's published vectors), for what the real clients cannot send: aws-chunked
/// bodies with a bad chunk, skewed clocks.
struct S3Signing {
    static let key = SigV4Verifier.Key(accessKeyId: "AKIAMARKETPLACETEST", secretAccessKey: "s3-test-secret-key-0123456789")
    let port: Int
    var signer = SigV4Signer(key: key, region: "us-east-1")

    var host: String { "127.0.0.1:\(port)" }

    /// A signed request's bytes: the head with `headers` plus the signing ones, then `body`.
    func request(_ method: String, _ path: String, query: String? = nil, headers: [(String, String)] = [], body: [UInt8] = [],
                 payloadHash: String? = nil, at time: Date = Date(), contentLength: Int? = nil) -> (bytes: [UInt8], signature: String, amzDate: String) {
        let amzDate = AmzDate.format(unixSeconds: Int64(time.timeIntervalSince1970))
        let hash = payloadHash ?? SHA256.hex([body])
        var signed: [(name: String, value: String)] = [("host", host), ("x-amz-date", amzDate), ("x-amz-content-sha256", hash)]
        signed += headers.map { ($0.0.lowercased(), $0.1) }
        let (authorization, signature) = signer.signature(method: method, path: path, query: query, headers: signed,
                                                          payloadHash: hash, amzDate: amzDate)
        var text = "\(method) \(path)\(query.map { "?" + $0 } ?? "") HTTP/1.1\r\n"
        for (name, value) in signed { text += "\(name): \(value)\r\n" }
        text += "authorization: \(authorization)\r\ncontent-length: \(contentLength ?? body.count)\r\nconnection: close\r\n\r\n"
        return (Array(text.utf8) + body, signature, amzDate)
    }

    /// An aws-chunked body of `chunks`, each signed on the chain from `seed`; `corrupt` flips
    /// one byte of that chunk after signing.
    func chunked(_ chunks: [[UInt8]], seed: String, amzDate: String, corrupt: Int? = nil) -> [UInt8] {
        var chain = signer.chunkChain(seed: seed, amzDate: amzDate)
        var body: [UInt8] = []
        for (index, chunk) in (chunks + [[]]).enumerated() {
            let signature = chain.sign(chunkHash: SHA256.hex([chunk]))
            var sent = chunk
            if index == corrupt { sent[0] ^= 1 }
            body += Array("\(String(chunk.count, radix: 16));chunk-signature=\(signature)\r\n".utf8) + sent + Array("\r\n".utf8)
        }
        return body
    }

    /// Sends `bytes` on a fresh connection and reads the answer.
    func send(_ bytes: [UInt8], head: Bool = false) throws -> TestClient.Reply {
        let client = try TestClient(port: port)
        try client.send(bytes)
        return try client.read(timeout: 30, head: head)
    }

    /// A signed request without a body, sent.
    func call(_ method: String, _ path: String, query: String? = nil, at time: Date = Date()) throws -> TestClient.Reply {
        try send(request(method, path, query: query, at: time).bytes, head: method == "HEAD")
    }
}
