import Marketplace
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite struct IdempotencyGuardTests {
    static func request(_ method: HTTPMethod = .post, path: String = "/a", query: String? = nil, body: String = "{}") -> Request {
        Request(head: RequestHead(method: method, path: path, query: query, version: .http1_1, headers: HTTPHeaders(),
                                  framing: .length(body.utf8.count), wantsClose: false, expectsContinue: false),
                body: Array(body.utf8))
    }

    @Test("the fingerprint is a SHA-256 over method, path, query and body")
    func fingerprint() {
        let base = IdempotencyGuard.fingerprint(Self.request())
        #expect(base.count == 64 && base.utf8.allSatisfy { "0123456789abcdef".utf8.contains($0) })
        #expect(IdempotencyGuard.fingerprint(Self.request()) == base)
        for other in [Self.request(.put), Self.request(path: "/b"), Self.request(query: "x=1"), Self.request(body: "{ }")] {
            #expect(IdempotencyGuard.fingerprint(other) != base)
        }
        // The line break after the target keeps body bytes from passing for path bytes.
        #expect(IdempotencyGuard.fingerprint(Self.request(path: "/ab", body: "")) != IdempotencyGuard.fingerprint(Self.request(path: "/a", body: "b")))
    }

    @Test("definite answers are stored; races, timeouts and server errors are not", arguments: [
        (200, nil, true), (201, nil, true), (202, nil, true), (204, nil, true), (303, nil, true),
        (400, "INVALID_REQUEST", true), (402, "PAYMENT_REJECTED", true), (404, "ORDER_NOT_FOUND", true),
        (409, "INSUFFICIENT_STOCK", true), (409, "ALREADY_PROCESSED", true), (422, nil, true),
        (408, nil, false), (429, "TOO_MANY_ATTEMPTS", false), (409, "CONCURRENT_REQUEST", false),
        (409, "IDEMPOTENCY_IN_PROGRESS", false), (500, "INTERNAL_ERROR", false), (502, nil, false), (503, nil, false),
    ] as [(Int, String?, Bool)])
    func definite(status: Int, code: String?, stored: Bool) {
        #expect(IdempotencyGuard.isDefinite(status: status, code: code) == stored)
    }

    @Test("only Content-Type and Location are kept for replay")
    func keptHeaders() {
        var response = Response.json(Array("{}".utf8), status: 201)
        response.headers.add("Location", "/x/1")
        response.headers.add("Set-Cookie", "a=b")
        response.headers.add("ETag", "\"1\"")
        let stored = IdempotencyGuard.stored(response)
        #expect(stored.headers.map(\.name) == ["Content-Type", "Location"])
        let replayed = IdempotencyGuard.replay(stored)
        #expect(replayed.status == 201 && replayed.body == Array("{}".utf8))
        #expect(replayed.headers["Idempotent-Replayed"] == "true" && replayed.headers["Set-Cookie"] == nil)
    }
}
