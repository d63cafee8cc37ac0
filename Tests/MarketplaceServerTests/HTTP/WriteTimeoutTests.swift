import Foundation
import Glibc
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite struct WriteTimeoutTests {
    @Test("a client that stops reading its responses is dropped after the stall timeout")
    func stalledReaderDropped() async throws {
        try await offPool {
            let server = try TestServer(configure: shortTimeouts)
            let document = try server.request("GET", "/openapi.json").body.count
            // A tiny receive window, then far more pipelined responses than the socket buffers
            // hold, and no reading: the server's writes stall.
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var small: Int32 = 4096
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(server.port).bigEndian)
            inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            #expect(connected == 0)
            let requests = 400
            let pipeline = Array(String(repeating: "GET /openapi.json HTTP/1.1\r\nHost: x\r\n\r\n", count: requests).utf8)
            _ = pipeline.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            try await Task.sleep(for: .milliseconds(3000))   // timeout 1 s, swept every 250 ms

            // Now read everything that is left: the stream must end well short of all answers.
            var received = 0
            var buffer = [UInt8](repeating: 0, count: 65536)
            var timeout = timeval(tv_sec: 3, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            while true {
                let n = recv(fd, &buffer, buffer.count, 0)
                if n <= 0 { break }
                received += n
            }
            #expect(received < requests * document / 2, "received \(received) of \(requests * document) bytes")
            await server.stop()
        }
    }
}
