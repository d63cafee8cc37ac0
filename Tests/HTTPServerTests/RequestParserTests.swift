import Testing
@testable import HTTPServer

@Suite struct RequestParserTests {
    private func parse(_ text: String, limits: RequestParser.Limits = .init()) throws(HTTPParseError) -> (RequestHead, Int)? {
        let bytes = Array(text.utf8)
        let outcome = try bytes.withUnsafeBufferPointer { buffer throws(HTTPParseError) in try RequestParser(limits: limits).parse(buffer) }
        guard case .head(let head, let consumed) = outcome else { return nil }
        return (head, consumed)
    }

    private func status(_ text: String, limits: RequestParser.Limits = .init()) -> Int? {
        do { _ = try parse(text, limits: limits); return nil } catch { return error.status }
    }

    @Test("a simple GET parses into method, path, query and headers")
    func simpleGet() throws {
        let text = "GET /api/v1/products?page=2&q=a%20b HTTP/1.1\r\nHost: x\r\nX-A:  v  \r\n\r\nrest"
        let (head, consumed) = try #require(try parse(text))
        #expect(head.method == .get)
        #expect(head.path == "/api/v1/products")
        #expect(head.query == "page=2&q=a%20b")
        #expect(head.version == .http1_1)
        #expect(head.headers["x-a"] == "v")
        #expect(head.framing == .none)
        #expect(!head.wantsClose)
        #expect(consumed == text.utf8.count - 4)
    }

    @Test("an incomplete head asks for more bytes", arguments: ["GET", "GET /x HTTP/1.1", "GET /x HTTP/1.1\r\nHost: x\r", "GET /x HTTP/1.1\r\nHost: x\r\n"])
    func incomplete(text: String) throws {
        #expect(try parse(text) == nil)
    }

    @Test("leading empty lines are skipped (RFC 9112 §2.2)")
    func leadingCRLF() throws {
        let (head, _) = try #require(try parse("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n"))
        #expect(head.path == "/")
    }

    @Test("an empty line's CR at the end of the input waits for its LF", arguments: ["\r", "\r\n\r", "\r\n\r\n"])
    func splitEmptyLine(text: String) throws {
        #expect(try parse(text) == nil)
        let full = text + (text.hasSuffix("\r") ? "\n" : "") + "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
        let (head, consumed) = try #require(try parse(full))
        #expect(head.path == "/a" && consumed == full.utf8.count)
    }

    @Test("empty lines count against the request line's limit")
    func emptyLinesLimit() throws {
        let limits = RequestParser.Limits(requestLine: 64)
        #expect(status(String(repeating: "\r\n", count: 33), limits: limits) == 400)
        #expect(status(String(repeating: "\r\n", count: 20) + "GET /" + String(repeating: "a", count: 30) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                       limits: limits) == 414)
        #expect(status(String(repeating: "\r\n", count: 10) + "GET /a HTTP/1.1\r\nHost: x\r\n\r\n", limits: limits) == nil)
        #expect(try parse("\r\nX") == nil)
        #expect(status("\rGET / HTTP/1.1\r\nHost: x\r\n\r\n") == 400 && status("\nGET / HTTP/1.1\r\nHost: x\r\n\r\n") == 400)
    }

    @Test("only empty lines so far: the connection is still idle")
    func onlyEmptyLines() {
        #expect(RequestParser.onlyEmptyLines(Array("\r\n\r\n\r".utf8)))
        #expect(RequestParser.onlyEmptyLines([]))
        #expect(!RequestParser.onlyEmptyLines(Array("\r\nG".utf8)))
        #expect(!RequestParser.onlyEmptyLines(Array("\n".utf8)))
        #expect(!RequestParser.onlyEmptyLines(Array("\r\r".utf8)))
    }

    @Test("TRACE and CONNECT are known methods; CONNECT takes host:port, has no body and closes")
    func traceAndConnect() throws {
        #expect(try parse("TRACE / HTTP/1.1\r\nHost: x\r\n\r\n")?.0.method == .trace)
        let (connect, _) = try #require(try parse("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\nContent-Length: 5\r\n\r\n"))
        #expect(connect.method == .connect && connect.path == "example.com:443" && connect.query == nil)
        #expect(connect.framing == BodyFraming.none && connect.wantsClose)
        #expect(try parse("CONNECT [2001:db8::1]:8443 HTTP/1.1\r\nHost: x\r\n\r\n")?.0.path == "[2001:db8::1]:8443")
        #expect(try parse("CONNECT /healthz HTTP/1.1\r\nHost: x\r\n\r\n")?.0.path == "/healthz")
        for target in ["example.com", "example.com:", "example.com:123456", ":443", "[::1:443", "exa mple:1", "a/b:443", "http://x:80"] {
            #expect(status("CONNECT \(target) HTTP/1.1\r\nHost: x\r\n\r\n") == 400, "\(target)")
        }
        #expect(status("GET example.com:443 HTTP/1.1\r\nHost: x\r\n\r\n") == 400)
    }

    @Test("malformed heads are refused with the right status", arguments: [
        ("GET / HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", 400),
        ("GET / HTTP/1.1\nHost: x\n\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\nA: b\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nA: b\rc\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nA: \u{01}\r\n\r\n", 400),
        ("GET /a b HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET / http/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        ("GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
        ("GET / HTTP/1.2\r\nHost: x\r\n\r\n", 505),
        ("GET /\r\n\r\n", 505),
        ("BREW / HTTP/1.1\r\nHost: x\r\n\r\n", 501),
        ("GET x HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET * HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nExpect: something\r\n\r\n", 417),
    ])
    func refused(text: String, expected: Int) {
        #expect(status(text) == expected)
    }

    @Test("framing errors of RFC 9112 §6.3 are refused", arguments: [
        ("Content-Length: 1\r\nTransfer-Encoding: chunked", 400),
        ("Content-Length: 1\r\nContent-Length: 1", 400),
        ("Content-Length: -1", 400),
        ("Content-Length: 1 2", 400),
        ("Content-Length: ", 400),
        ("Content-Length: 99999999999999999999", 400),
        ("Transfer-Encoding: chunked, gzip", 400),
        ("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked", 400),
        ("Transfer-Encoding: pigeons", 400),
        ("Transfer-Encoding: gzip, chunked", 501),
    ])
    func framing(headers: String, expected: Int) {
        #expect(status("POST / HTTP/1.1\r\nHost: x\r\n\(headers)\r\n\r\n") == expected)
    }

    @Test("Content-Length and chunked framing are recognised")
    func framingKinds() throws {
        #expect(try parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 007\r\n\r\n")?.0.framing == .length(7))
        #expect(try parse("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n")?.0.framing == .chunked)
        #expect(try parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")?.0.framing == BodyFraming.none)
    }

    @Test("connection persistence follows the version and Connection header")
    func persistence() throws {
        #expect(try parse("GET / HTTP/1.0\r\n\r\n")?.0.wantsClose == true)
        #expect(try parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")?.0.wantsClose == false)
        #expect(try parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: foo, close\r\n\r\n")?.0.wantsClose == true)
        #expect(try parse("GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-Continue\r\n\r\n")?.0.expectsContinue == true)
    }

    @Test("absolute-form targets yield the path and query")
    func absoluteForm() throws {
        #expect(try parse("GET http://h.example:8080/a/b?x=1 HTTP/1.1\r\nHost: h\r\n\r\n")?.0.path == "/a/b")
        let (head, _) = try #require(try parse("GET http://h.example?x=1#frag HTTP/1.1\r\nHost: h\r\n\r\n"))
        #expect(head.path == "/")
        #expect(head.query == "x=1")
    }

    @Test("a request line over the limit is 414, even before it ends")
    func longLine() {
        let path = "/" + String(repeating: "a", count: 8200)
        #expect(status("GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n") == 414)
        #expect(status("GET \(path)") == 414)
        #expect(status("GET /\(String(repeating: "a", count: 8000)) HTTP/1.1\r\nHost: x\r\n\r\n") == nil)
    }

    @Test("header sections over 32 KiB or 100 fields are 431")
    func headerLimits() {
        let big = "GET / HTTP/1.1\r\nHost: x\r\nBig: \(String(repeating: "v", count: 33 * 1024))\r\n\r\n"
        #expect(status(big) == 431)
        let unfinished = "GET / HTTP/1.1\r\nHost: x\r\nBig: \(String(repeating: "v", count: 33 * 1024))"
        #expect(status(unfinished) == 431)
        let fields = (1...99).map { "F\($0): v\r\n" }.joined()
        #expect(status("GET / HTTP/1.1\r\nHost: x\r\n\(fields)\r\n") == nil)
        #expect(status("GET / HTTP/1.1\r\nHost: x\r\n\(fields)F100: v\r\n\r\n") == 431)
    }
}
