import Gateways
import Marketplace
import Testing

/// The client's TLS against Python `ssl` servers with the throwaway PKI: only a valid chain
/// for the URL's host is accepted; each refusal says why.
@Suite struct TLSVerificationTests {
    let pki = TestPKI.shared

    private func client() throws -> OutboundHTTPClient {
        try OutboundHTTPClient(configuration: .init(deadlines: OutboundDeadlines(connect: .seconds(3), firstByte: .seconds(3), total: .seconds(5)), caFile: pki.caFile))
    }

    /// The transport error's message, or a description of whatever else happened.
    private func failure(_ url: String, connectTo: String? = nil, client: OutboundHTTPClient) async -> String {
        do {
            let response = try await client.send("GET", url, connectTo: connectTo)
            return "unexpected success \(response.status)"
        } catch GatewayError.transport(let message) {
            return message
        } catch {
            return "unexpected error \(error)"
        }
    }

    @Test func validChainForTheIPIsAccepted() async throws {
        let server = try await PythonServer(tls: pki.leaf("valid"))
        defer { server.stop() }
        let response = try await client().send("GET", "https://127.0.0.1:\(server.port)/ok")
        #expect(response.status == 200)
        #expect(response.body == Array("hello".utf8))
    }

    @Test func connectToKeepsTheURLHostForSNICertificateAndHost() async throws {
        let server = try await PythonServer(tls: pki.leaf("valid"))
        defer { server.stop() }
        let response = try await client().send("GET", "https://localhost:\(server.port)/echo-host", connectTo: "127.0.0.1")
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "localhost:\(server.port)")
    }

    /// A name that does not resolve at all: the client dials only the given address and
    /// still checks the certificate for the name.
    @Test func connectToDialsOnlyTheCheckedAddress() async throws {
        let server = try await PythonServer(tls: pki.leaf("otherhost"))
        defer { server.stop() }
        let response = try await client().send("GET", "https://other.example:\(server.port)/echo-host", connectTo: "127.0.0.1")
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "other.example:\(server.port)")
    }

    @Test func expiredCertificateIsRefused() async throws {
        let server = try await PythonServer(tls: pki.leaf("expired"))
        defer { server.stop() }
        let message = await failure("https://127.0.0.1:\(server.port)/ok", client: try client())
        #expect(message.contains("certificate expired"), "\(message)")
    }

    @Test func certificateForAnotherHostIsRefused() async throws {
        let server = try await PythonServer(tls: pki.leaf("otherhost"))
        defer { server.stop() }
        let byName = await failure("https://localhost:\(server.port)/ok", connectTo: "127.0.0.1", client: try client())
        #expect(byName.contains("host name mismatch"), "\(byName)")
        let byIP = await failure("https://127.0.0.1:\(server.port)/ok", client: try client())
        #expect(byIP.contains("host name mismatch"), "\(byIP)")
    }

    @Test func certificateFromAnUntrustedCAIsRefused() async throws {
        let server = try await PythonServer(tls: pki.leaf("untrusted"))
        defer { server.stop() }
        let message = await failure("https://127.0.0.1:\(server.port)/ok", client: try client())
        #expect(message.contains("untrusted certificate"), "\(message)")
    }

    @Test func ourCAIsNotTrustedWithoutTheCAFile() async throws {
        let server = try await PythonServer(tls: pki.leaf("valid"))
        defer { server.stop() }
        let systemOnly = try OutboundHTTPClient(configuration: .init(deadlines: OutboundDeadlines(connect: .seconds(3), firstByte: .seconds(3), total: .seconds(5))))
        let message = await failure("https://127.0.0.1:\(server.port)/ok", client: systemOnly)
        #expect(message.contains("untrusted certificate"), "\(message)")
    }

    /// Python's `ssl` on the local OpenSSL 3 can still be pinned to TLS 1.0 at security level
    /// 0; if that ever fails the server refuses every handshake, which the client must then
    /// also report, so the check on the message holds either way.
    @Test func tls10OnlyServerIsRefused() async throws {
        let server = try await PythonServer(tls: pki.leaf("valid"), tlsVersion: "1.0")
        defer { server.stop() }
        let message = await failure("https://127.0.0.1:\(server.port)/ok", client: try client())
        #expect(message.contains("protocol version"), "\(message)")
    }
}
