import Foundation
import Marketplace
import Testing
@testable import MarketplaceServer

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
                                   client: GatewayHTTPClient(timeoutSeconds: timeout))
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
                                       client: GatewayHTTPClient(timeoutSeconds: 10))
            do {
                _ = try await confirm(TossPayments(access: access, clientKey: "ck", secretKey: "sk"))
                Issue.record("a closed port answered")
            } catch let error as GatewayError {
                guard case .transport = error else { Issue.record("not transport: \(error)"); return }
            }
        }
    }
}
