import Testing
@testable import HTTPServer

@Suite struct ChunkedDecoderTests {
    /// Decodes `text` fed in pieces of `step` bytes; returns the body and the bytes used.
    private func decode(_ text: String, step: Int = .max, limit: Int = 1 << 20) throws(HTTPParseError) -> (String, Int, Bool) {
        var decoder = ChunkedDecoder(limit: limit)
        var body: [UInt8] = []
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count && !decoder.isDone {
            let end = min(bytes.count, offset + step)
            let used = try bytes[offset..<end].withUnsafeBufferPointer { buffer throws(HTTPParseError) in
                try decoder.decode(buffer, into: &body, discard: false)
            }
            offset += used
            if used < end - offset + used && !decoder.isDone { break }
        }
        return (String(decoding: body, as: UTF8.self), offset, decoder.isDone)
    }

    @Test("chunks, extensions and trailers decode, fed whole or byte by byte", arguments: [Int.max, 1, 3])
    func decodes(step: Int) throws {
        let text = "5;a=b;c=\"q;\\\"x\"\r\nhello\r\n6\r\n world\r\n000\r\nVary: *\r\nX: y\r\n\r\nNEXT"
        let (body, used, done) = try decode(text, step: step)
        #expect(body == "hello world")
        #expect(done)
        #expect(used == text.utf8.count - 4)
    }

    @Test("whitespace around extension separators is accepted (BWS, RFC 9112 §7.1.1)")
    func bws() throws {
        #expect(try decode("1 ;a = b ; c\r\nX\r\n0 ; d=\"e\" \r\n\r\n").0 == "X")
    }

    @Test("uppercase and lowercase hex sizes")
    func hex() throws {
        #expect(try decode("A\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n").0 == String(repeating: "0123456789", count: 2))
    }

    @Test("malformed chunk framing is refused", arguments: [
        "2 erf\r\naa\r\n0\r\n\r\n",
        "2;\r\naa\r\n0\r\n\r\n",
        "a \r\n0123456789\r\n0\r\n\r\n",
        "3 \n  \r\nfoo\r\n",
        "5\r\r;ABCD\r\n",
        "5\r\nABCDE0",
        "5;x=\"abc\r\nhello\r\n0\r\n\r\n",
        "x\r\n",
        "\r\n",
        "1\nA\n0\n\n",
        "0\r\nBad Field: v\r\n\r\n",
        "FFFFFFFFFFFFFFFF\r\n",
    ])
    func refused(text: String) {
        #expect(throws: HTTPParseError.self) { _ = try decode(text) }
    }

    @Test("a body over the limit is 413 as soon as a chunk size says so")
    func limit() {
        #expect(throws: HTTPParseError.bodyTooLarge) { _ = try decode("10\r\n", limit: 15) }
        #expect(throws: Never.self) { _ = try decode("f\r\n0123456789abcde\r\n0\r\n\r\n", limit: 15) }
    }
}
