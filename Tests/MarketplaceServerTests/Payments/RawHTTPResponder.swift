import TestHTTP
import Foundation
import Glibc
import Synchronization

/// A one-shot HTTP "gateway" on 127.0.0.1 that answers whatever raw bytes it is given, on a
/// thread of its own: for answers our own server never sends (no Content-Length, cut short).
final class RawHTTPResponder: @unchecked Sendable {   // fd and port are set in init, then only read
    let port: Int
    private let fd: Int32
    private let head = Mutex<[UInt8]>([])
    /// The first bytes of the request received (empty until one arrives).
    var received: String { String(decoding: head.withLock { $0 }, as: UTF8.self) }

    init(answer: [UInt8], closeEarly: Bool = false) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 4) == 0 else { throw TestClient.Failure.closed }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        let listener = fd
        Thread { [self] in
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            var buffer = [UInt8](repeating: 0, count: 65536)
            let count = recv(connection, &buffer, buffer.count, 0)   // the request; kept for tests that look at it
            if count > 0 { self.head.withLock { $0 = Array(buffer[0..<count]) } }
            var offset = 0
            while offset < answer.count {
                let n = answer.withUnsafeBytes { send(connection, $0.baseAddress! + offset, answer.count - offset, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { break }
                offset += n
            }
            if !closeEarly { usleep(200_000) }
            close(connection)
        }.start()
    }

    deinit { close(fd) }

    /// A chunked 200 of `size` bytes of JSON-ish text, without Content-Length.
    static func chunked(size: Int) -> [UInt8] {
        var text = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        let chunk = String(repeating: "a", count: 4096)
        for _ in 0..<(size / 4096) { text += "1000\r\n" + chunk + "\r\n" }
        text += "0\r\n\r\n"
        return Array(text.utf8)
    }
}
