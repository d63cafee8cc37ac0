import Glibc
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("The client's address")
struct ClientAddressTests {
    @Test("handlers see the socket peer, so clients bound to other loopback addresses are told apart")
    func peerAddressReachesTheHandler() async throws {
        try await withProbeServer { server in
            for source in ["127.0.0.1", "127.0.0.2", "127.0.0.3"] {
                let reply = try server.request("GET", "/probe/client", from: source)
                #expect(reply.text == "\(source) \(source)")
            }
        }
    }

    @Test("IPv4 and IPv6 socket addresses read as their numeric text; mapped IPv4 as IPv4")
    func numericAddresses() {
        var storage = sockaddr_storage()
        withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                address.pointee.sin6_family = sa_family_t(AF_INET6)
                _ = inet_pton(AF_INET6, "::ffff:10.1.2.3", &address.pointee.sin6_addr)
            }
        }
        #expect(Sys.numericAddress(storage) == "10.1.2.3")
        withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { _ = inet_pton(AF_INET6, "2001:db8::1", &$0.pointee.sin6_addr) }
        }
        #expect(Sys.numericAddress(storage) == "2001:db8::1")
    }

    @Test("the peer's bits are read from the socket address at accept, mapped IPv4 as IPv4, the same as its text parsed")
    func peerBits() throws {
        var storage = sockaddr_storage()
        for (text, expected) in [("::ffff:10.1.2.3", "10.1.2.3"), ("2001:db8::1", "2001:db8::1")] {
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    address.pointee.sin6_family = sa_family_t(AF_INET6)
                    _ = inet_pton(AF_INET6, text, &address.pointee.sin6_addr)
                }
            }
            let peer = try #require(PeerAddress(storage))
            #expect(IPAddress(peer) == IPAddress(expected), "\(text)")
        }
        storage = sockaddr_storage()
        withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                address.pointee.sin_family = sa_family_t(AF_INET)
                _ = inet_pton(AF_INET, "203.0.113.7", &address.pointee.sin_addr)
            }
        }
        #expect(PeerAddress(storage).map(IPAddress.init) == IPAddress("203.0.113.7"))
        #expect(PeerAddress(sockaddr_storage()) == nil, "no family")
    }
}
