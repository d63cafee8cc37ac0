import Testing
@testable import HTTPServer

@Suite struct MultipartScannerTests {
    static let body = Array(("preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nA mug\r\n" +
        "--XyZ  \r\nContent-Disposition: form-data; name=\"file\"; filename=\"m\\\"ug.png\"\r\nContent-Type: image/png\r\n\r\n" +
        "\r\n--XyNOT a boundary\r\n--X\r\n" +
        "\r\n--XyZ\r\n\r\nno headers\r\n--XyZ--\r\nepilogue").utf8)

    /// Feeds `body` in pieces of `size` bytes.
    private func scan(_ body: [UInt8], boundary: String = "XyZ", chunk size: Int) throws -> [MultipartScanner.Part] {
        var scanner = try MultipartScanner(boundary: boundary)
        for start in stride(from: 0, to: body.count, by: size) {
            try body[start..<min(start + size, body.count)].withUnsafeBytes { try scanner.feed($0) }
        }
        return try scanner.finish()
    }

    @Test("parts, names, types and content ranges come out the same whatever the chunk size", arguments: [1, 2, 3, 7, 16, 64, 4096])
    func chunking(size: Int) throws {
        let parts = try scan(Self.body, chunk: size)
        #expect(parts.map(\.name) == ["title", "file", nil])
        #expect(parts[1].filename == "m\"ug.png" && parts[1].contentType == "image/png")
        let text = parts.map { String(decoding: Self.body[$0.content], as: UTF8.self) }
        #expect(text == ["A mug", "\r\n--XyNOT a boundary\r\n--X\r\n", "no headers"])
    }

    @Test("a body that ends before the closing delimiter, or bad framing, is malformed", arguments: [
        "--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc",
        "--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc\r\n--XyZ",
        "--XyZjunk\r\n\r\nabc\r\n--XyZ--",
        "--XyZ\r\nno colon here\r\n\r\nabc\r\n--XyZ--",
        "no delimiter at all",
    ])
    func malformed(body: String) {
        #expect(throws: MultipartScanner.Malformed.self) { try scan(Array(body.utf8), chunk: 5) }
    }

    @Test("a header block over 8 KiB is refused")
    func hugeHeaders() {
        let body = "--XyZ\r\nX-Filler: " + String(repeating: "a", count: 9000) + "\r\n\r\nabc\r\n--XyZ--"
        #expect(throws: MultipartScanner.Malformed.self) { try scan(Array(body.utf8), chunk: 1000) }
    }

    @Test("boundaries must be 1–70 bchars", arguments: ["", String(repeating: "a", count: 71), "a\"b", "ends-with-space ", "a\r\nb"])
    func badBoundary(boundary: String) {
        #expect(throws: MultipartScanner.Malformed.self) { try MultipartScanner(boundary: boundary) }
    }

    @Test("find locates a needle at the start, the end, after near misses, or not at all")
    func find() {
        let hay = Array("--ab--abc--abcd".utf8)
        #expect(MultipartScanner.find(Array("--abc".utf8), in: hay) == 4)
        #expect(MultipartScanner.find(Array("--ab".utf8), in: hay) == 0)
        #expect(MultipartScanner.find(Array("abcd".utf8), in: hay) == 11)
        #expect(MultipartScanner.find(Array("abcde".utf8), in: hay) == nil)
        #expect(MultipartScanner.find(Array("abcd".utf8), in: []) == nil)
    }

    @Test("header parameters: quoted, escaped, unquoted, case-insensitive names")
    func headerParameters() {
        let value = HeaderParameters("Multipart/Form-Data ; Boundary=\"a b\\\"c\"; charset=utf-8;x")
        #expect(value.essence == "multipart/form-data")
        #expect(value["boundary"] == "a b\"c" && value["charset"] == "utf-8" && value["x"] == nil)
    }
}
