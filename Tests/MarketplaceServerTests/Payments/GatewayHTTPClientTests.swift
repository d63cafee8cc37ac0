import Gateways
import Foundation
import Marketplace
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// Routes that misbehave as a gateway might.
enum GatewayProbes {
    static let doc = OperationDoc("test probe", tag: "test", replies: [.init(status: 200, description: "ok")])

    static func mount(_ router: inout Router) {
        router.add(.post, "/probe/gateway/redirect/v1/payments/confirm", doc: doc) { _ in
            var response = Response(status: 302)
            response.headers.add("Location", "/sandbox/toss/v1/payments/confirm")
            return response
        }
        router.add(.post, "/probe/gateway/huge/v1/payments/confirm", doc: doc) { _ in
            Response.json(Array(#"{"code":"X","message":""#.utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 100_000) + Array(#""}"#.utf8),
                          status: 400)
        }
        router.add(.post, "/probe/gateway/garbage/v1/payments/confirm", doc: doc) { _ in Response.text("<html>oops</html>") }
        // A well-formed DONE payment, but of another order and amount than asked.
        router.add(.post, "/probe/gateway/other/v1/payments/confirm", doc: doc) { _ in
            Response.json(Array(#"{"paymentKey":"k","orderId":"someone-else","status":"DONE","totalAmount":999,"#.utf8)
                          + Array(#""balanceAmount":999,"approvedAt":"2026-01-02T03:04:05+09:00"}"#.utf8))
        }
        router.add(.post, "/probe/gateway/slow/v1/payments/confirm", doc: doc) { _ in
            try await Task.sleep(for: .seconds(3))
            return Response.text("late")
        }
    }
}

@Suite("The gateways' HTTP client: redirects, sizes, timeouts, connection failures")
struct GatewayHTTPClientTests {
    private func toss(_ harness: GatewayHarness, at path: String, timeout: Double = 10) -> TossPayments {
        let base = harness.base + path
        let access = GatewayAccess(baseURL: { base }, publicBaseURL: { base }, sandbox: false,
                                   client: try! OutboundHTTPClient.gateway(timeoutSeconds: timeout))
        return TossPayments(access: access, clientKey: "ck", secretKey: "sk")
    }

    private func confirm(_ gateway: TossPayments) async throws -> ConfirmOutcome {
        try await gateway.confirm(GatewayHarness.order(), proof: .toss(paymentKey: "k", amount: 15_000), idempotencyKey: "k")
    }

    @Test("a 302 is not followed: the answer is unreadable")
    func redirect() async throws {
        try await withGateways(extraRoutes: GatewayProbes.mount) { harness in
            do {
                _ = try await confirm(toss(harness, at: "/probe/gateway/redirect"))
                Issue.record("the redirect was followed")
            } catch GatewayError.unreadable(let reason) {
                #expect(reason.contains("302"))
            }
        }
    }

    @Test("an answer over 64 KiB is unreadable; so is one that is not the gateway's JSON")
    func oversizedAndGarbage() async throws {
        try await withGateways(extraRoutes: GatewayProbes.mount) { harness in
            do {
                _ = try await confirm(toss(harness, at: "/probe/gateway/huge"))
                Issue.record("a 100 kB answer was read")
            } catch GatewayError.unreadable(let reason) {
                #expect(reason.contains("larger"))
            }
            await #expect(throws: GatewayError.self) { _ = try await confirm(toss(harness, at: "/probe/gateway/garbage")) }
            do { _ = try await confirm(toss(harness, at: "/probe/gateway/garbage")) } catch let error as GatewayError {
                guard case .unreadable = error else { Issue.record("not unreadable: \(error)"); return }
            }
        }
    }

    @Test("a chunked answer without Content-Length is cut off past 64 KiB; one cut short is a transport failure")
    func streamedLimits() async throws {
        try await offPool {
            let huge = try RawHTTPResponder(answer: RawHTTPResponder.chunked(size: 200 * 1024))
            let client = try OutboundHTTPClient.gateway(timeoutSeconds: 10)
            do {
                _ = try await client.send("POST", "http://127.0.0.1:\(huge.port)/v1/payments/confirm", headers: [], json: Data("{}".utf8))
                Issue.record("a 200 KiB answer was read")
            } catch GatewayError.unreadable(let reason) {
                #expect(reason.contains("larger than 65536"))
            }
            let cut = Array("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"paymentKey\"".utf8)
            let short = try RawHTTPResponder(answer: cut, closeEarly: true)
            do {
                _ = try await client.send("POST", "http://127.0.0.1:\(short.port)/v1/payments/confirm", headers: [], json: Data("{}".utf8))
                Issue.record("a cut answer was taken")
            } catch let error as GatewayError {
                guard case .transport = error else { Issue.record("not transport: \(error)"); return }
            }
        }
    }

    @Test("an approval of another orderId or amount than asked is unreadable, not approved")
    func contradiction() async throws {
        try await withGateways(extraRoutes: GatewayProbes.mount) { harness in
            do {
                _ = try await confirm(toss(harness, at: "/probe/gateway/other"))
                Issue.record("a contradicting answer was taken")
            } catch GatewayError.unreadable(let reason) {
                #expect(reason.contains("another orderId"))
            }
        }
    }

    @Test("no answer within the timeout is .timeout; a refused connection is .transport")
    func timeoutAndTransport() async throws {
        try await withGateways(extraRoutes: GatewayProbes.mount) { harness in
            let (_, seconds) = await elapsed {
                await #expect(throws: GatewayError.timeout) { _ = try await confirm(toss(harness, at: "/probe/gateway/slow", timeout: 1)) }
            }
            #expect(seconds < 2.5)
            // A port nobody listens on: bind one, note it, close it.
            let closed = try TestServer()
            let port = closed.port
            await closed.stop()
            let access = GatewayAccess(baseURL: { "http://127.0.0.1:\(port)" }, publicBaseURL: { "" }, sandbox: false,
                                       client: try! OutboundHTTPClient.gateway(timeoutSeconds: 10))
            do {
                _ = try await confirm(TossPayments(access: access, clientKey: "ck", secretKey: "sk"))
                Issue.record("a closed port answered")
            } catch let error as GatewayError {
                guard case .transport = error else { Issue.record("not transport: \(error)"); return }
            }
        }
    }
}
