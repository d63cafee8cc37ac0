import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite struct BlobConditionalsTests {
    static let etag = "\"0123456789abcdef0123456789abcdef\""

    private func outcome(_ headers: [(String, String)], size: Int = 1000, modified: Int = 1_700_000_000) -> BlobConditionals.Outcome {
        BlobConditionals.evaluate(etag: Self.etag, lastModified: modified, size: size, headers: HTTPHeaders(headers))
    }

    @Test("If-None-Match compares weakly over lists and *", arguments: [
        (etag, true), ("W/" + etag, true), ("\"x\", " + etag, true), ("\"x\",W/" + etag + ",\"y\"", true), ("*", true), (" * ", true),
        ("\"x\"", false), ("W/\"x\"", false), ("0123456789abcdef0123456789abcdef", false), ("\"0123", false), ("", false),
    ])
    func ifNoneMatch(value: String, matches: Bool) {
        #expect(outcome([("If-None-Match", value)]) == (matches ? .notModified : .whole))
    }

    @Test("Range forms", arguments: [
        ("bytes=0-0", BlobConditionals.Outcome.partial(0..<1)), ("bytes=10-19", .partial(10..<20)), ("bytes=990-", .partial(990..<1000)),
        ("bytes=-1", .partial(999..<1000)), ("bytes=-5000", .partial(0..<1000)), ("bytes=0-99999999999999999999999", .partial(0..<1000)),
        ("BYTES = 5-6", .whole), ("bytes= 5-6 ", .partial(5..<7)), ("bytes=1000-", .unsatisfiable), ("bytes=-0", .unsatisfiable),
        ("bytes=99999999999999999999999-", .unsatisfiable), ("bytes=5-4", .whole), ("bytes=0-1,3-4", .whole), ("bytes=-", .whole),
        ("bytes=a-b", .whole), ("pages=1-2", .whole), ("bytes=1-2,", .partial(1..<3)),
    ])
    func ranges(value: String, expected: BlobConditionals.Outcome) {
        #expect(outcome([("Range", value)]) == expected)
    }

    @Test("an empty object has no satisfiable range")
    func empty() {
        #expect(outcome([("Range", "bytes=0-")], size: 0) == .unsatisfiable)
        #expect(outcome([("Range", "bytes=-5")], size: 0) == .unsatisfiable)
    }

    @Test("If-None-Match goes first, then If-Modified-Since (only without it), then Range guarded by If-Range")
    func precedence() {
        let date = HTTPDate.format(unixSeconds: 1_700_000_000)
        #expect(outcome([("If-None-Match", Self.etag), ("Range", "bytes=0-1")]) == .notModified)
        #expect(outcome([("If-Modified-Since", date)]) == .notModified)
        #expect(outcome([("If-Modified-Since", HTTPDate.format(unixSeconds: 1_699_999_999))]) == .whole)
        #expect(outcome([("If-None-Match", "\"x\""), ("If-Modified-Since", date)]) == .whole)
        #expect(outcome([("Range", "bytes=0-1"), ("If-Range", Self.etag)]) == .partial(0..<2))
        #expect(outcome([("Range", "bytes=0-1"), ("If-Range", "W/" + Self.etag)]) == .whole)   // If-Range is strong
        #expect(outcome([("Range", "bytes=0-1"), ("If-Range", date)]) == .partial(0..<2))
        #expect(outcome([("Range", "bytes=0-1"), ("If-Range", "Sun, 06 Nov 1994 08:49:37 GMT")]) == .whole)
    }

    @Test("IMF-fixdate round-trips; other date forms are not parsed")
    func dates() {
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
        #expect(HTTPDate.format(unixSeconds: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == nil)
        #expect(HTTPDate.parse("Sun Nov  6 08:49:37 1994") == nil)
        #expect(HTTPDate.parse("Sun, 06 Foo 1994 08:49:37 GMT") == nil)
    }
}
