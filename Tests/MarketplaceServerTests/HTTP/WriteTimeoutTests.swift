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
            // The server's end of this connection leaves ESTABLISHED when it gives up (timeout 1 s,
            // swept every 250 ms): its close queues a FIN behind the bytes we never read.
            let clientPort = Self.localPort(fd)
            try await waitUntil("the server closes the stalled connection", timeout: 10) {
                Self.serverSideState(serverPort: server.port, clientPort: clientPort) != Self.established
            }

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

    static let established = "01"

    static func localPort(_ fd: Int32) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The kernel's state (`/proc/net/tcp`, hex: 01 ESTABLISHED, 04 FIN_WAIT1, …) of the
    /// server's socket for this connection; nil once it is gone.
    static func serverSideState(serverPort: Int, clientPort: Int) -> String? {
        // Read in a loop: /proc files report a size of 0, so size-first readers see nothing.
        guard let file = fopen("/proc/net/tcp", "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        let table = String(decoding: bytes, as: UTF8.self)
        let local = String(format: ":%04X", serverPort), remote = String(format: ":%04X", clientPort)
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ")
            guard fields.count > 3, fields[1].hasSuffix(local), fields[2].hasSuffix(remote) else { continue }
            return String(fields[3])
        }
        return nil
    }
}
