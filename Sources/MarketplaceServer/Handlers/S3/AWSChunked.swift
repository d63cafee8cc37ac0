import Auth
import Glibc
import HTTPServer

/// Decodes an aws-chunked body (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`) from its spooled file
/// into a new file beside it, verifying each chunk's signature on the chain as it goes:
///
///     <hex size>;chunk-signature=<64 hex>\r\n<size bytes>\r\n ... 0;chunk-signature=<sig>\r\n\r\n
///
/// The first chunk whose signature fails stops the decoding (`SignatureDoesNotMatch`) and the
/// partial output is removed.
enum AWSChunked {
    struct Decoded {
        let path: String
        let size: Int
        let md5: [UInt8]?
    }

    /// A chunk header line is short; anything longer is not aws-chunked.
    static let maxLine = 256

    static func decode(_ path: String, chain: SigV4ChunkChain, md5 wanted: Bool) throws -> Decoded {
        let input = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw SystemError(call: "open(spooled body)", errno: errno) }
        defer { close(input) }
        let output = path + "-decoded"
        let fd = Glibc.open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SystemError(call: "open(decoded body)", errno: errno) }
        do {
            defer { close(fd) }
            var reader = Reader(fd: input)
            var chain = chain
            var md5 = StreamDigest.md5()
            var total = 0
            while true {
                let line = try reader.line()
                guard let header = line.map({ String(decoding: $0, as: UTF8.self) }),
                      let semicolon = header.firstIndex(of: ";"), let size = Int(header[..<semicolon], radix: 16), size >= 0,
                      header[semicolon...].hasPrefix(";chunk-signature=")
                else { throw malformed() }
                let signature = String(header[header.index(semicolon, offsetBy: ";chunk-signature=".count)...])
                var sha = StreamDigest.sha256()
                try reader.take(size) { piece in
                    sha.update(piece)
                    if wanted { md5.update(piece) }
                    var offset = 0
                    while offset < piece.count {
                        let n = Glibc.write(fd, piece.baseAddress! + offset, piece.count - offset)
                        if n < 0 && errno == EINTR { continue }
                        guard n > 0 else { throw SystemError(call: "write(decoded body)", errno: errno) }
                        offset += n
                    }
                }
                guard chain.verify(chunkHash: sha.finishHex(), signature: signature) else {
                    throw S3Error("SignatureDoesNotMatch", 403, "The signature of the chunk at decoded byte \(total) does not match.")
                }
                total += size
                guard try reader.line() == [] else { throw malformed() }
                if size == 0 { break }
            }
            return Decoded(path: output, size: total, md5: wanted ? md5.finish() : nil)
        } catch {
            unlink(output)
            throw error
        }
    }

    static func malformed() -> S3Error {
        S3Error("IncompleteBody", 400, "The aws-chunked body is malformed or ends before its final chunk.")
    }

    /// Buffered reads of the spooled file.
    struct Reader {
        let fd: Int32
        var buffer = [UInt8](repeating: 0, count: 256 << 10)
        var start = 0, end = 0, offset = 0

        init(fd: Int32) { self.fd = fd }

        /// Refills when empty; false at the end of the file.
        mutating func fill() throws -> Bool {
            if start < end { return true }
            let n = try buffer.withUnsafeMutableBytes { raw -> Int in
                while true {
                    let n = pread(fd, raw.baseAddress, raw.count, off_t(offset))
                    if n >= 0 { return n }
                    if errno != EINTR { throw SystemError(call: "pread(spooled body)", errno: errno) }
                }
            }
            offset += n
            start = 0
            end = n
            return n > 0
        }

        /// The next line without its CRLF; nil at the end of the file or past `maxLine`.
        mutating func line() throws -> [UInt8]? {
            var line: [UInt8] = []
            while try fill() {
                let byte = buffer[start]
                start += 1
                if byte == UInt8(ascii: "\n") {
                    guard line.last == UInt8(ascii: "\r") else { return nil }
                    return Array(line.dropLast())
                }
                line.append(byte)
                if line.count > AWSChunked.maxLine { return nil }
            }
            return nil
        }

        /// Hands exactly `count` bytes to `sink`, in pieces.
        mutating func take(_ count: Int, _ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
            var remaining = count
            while remaining > 0 {
                guard try fill() else { throw AWSChunked.malformed() }
                let n = min(remaining, end - start)
                try buffer.withUnsafeBytes { try sink(UnsafeRawBufferPointer(rebasing: $0[start..<(start + n)])) }
                start += n
                remaining -= n
            }
        }
    }
}
