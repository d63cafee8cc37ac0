import Foundation
import Testing
@testable import Storage

@Suite struct MD5Tests {
    @Test("libcrypto's MD5 gives the RFC 1321 test vectors", arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a"),
    ])
    func vectors(input: String, hex: String) {
        #expect(MD5.etag(MD5.digest(Array(input.utf8))) == "\"\(hex)\"")
        var streaming = MD5()
        for byte in input.utf8 { [byte].withUnsafeBytes { streaming.update($0) } }
        #expect(MD5.etag(streaming.finish()) == "\"\(hex)\"")
    }

    @Test("a streamed MD5 of 3 MiB equals md5sum's")
    func matchesMD5Sum() async throws {
        try await TemporaryDirectory.with { directory in
            let bytes = patternBytes(3 << 20 + 17)
            let path = directory + "/data"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            var md5 = MD5()
            for start in stride(from: 0, to: bytes.count, by: 100_003) {
                bytes[start..<min(start + 100_003, bytes.count)].withUnsafeBytes { md5.update($0) }
            }
            let expected = try await md5sum(path)
            #expect(MD5.etag(md5.finish()) == "\"\(expected)\"")
        }
    }
}

/// The hex digest `md5sum` (coreutils) prints for a file: an implementation we did not write.
/// The child process is waited for on a thread of its own, never on the cooperative pool.
func md5sum(_ path: String) async throws -> String {
    try await withCheckedThrowingContinuation { continuation in
        Thread {
            continuation.resume(with: Result {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/md5sum")
                process.arguments = [path]
                let pipe = Pipe()
                process.standardOutput = pipe
                try process.run()
                let output = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                return String(decoding: output, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
            })
        }.start()
    }
}
