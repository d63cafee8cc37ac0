import Foundation
import Marketplace
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// The card company has no inquiry: a CARD payment left without a recorded answer is settled by
/// its full CANCEL (issue #7, docs/CARD_MESSAGE.md "money taken is never left unaccounted").
@Suite("Payments: card reconciliation")
struct CardReconciliationTests {
    @Test("no answer (timeout fault) → 202 UNKNOWN; the worker sends the full CANCEL of its management id → PAYMENT_FAILED, stock back")
    func lostAnswer() async throws {
        try await PaymentsHarness.run(gatewayTimeout: 1) { pay in
            let product = try pay.product(price: 11_000, stock: 4)
            let order = try pay.place([(product, 2)], provider: "CARD")
            let id = try #require(order["id"] as? String)
            try pay.fault("CARD", "confirm", "approveThenTimeout")
            let raw = String(decoding: try JSONSerialization.data(withJSONObject: CardPaymentTests.card, options: .sortedKeys),
                             as: UTF8.self)
            let reply = try pay.orders.auth.request("POST", "/api/v1/customer/orders/\(id)/payment/card", raw: raw, token: pay.customer)
            #expect(reply.status == 202, "\(reply.text)")
            let unknown = try reply.json()
            #expect(unknown.payment["status"] as? String == "UNKNOWN")
            let tid = try #require(unknown.payment["tid"] as? String)
            let settled = try await pay.recover(id)
            #expect(settled.status == "PAYMENT_FAILED")
            #expect(settled.payment["status"] as? String == "ABORTED")
            #expect(try pay.stock(product) == 4)
            let messages = try #require(try pay.server.request("GET", "/sandbox/card/messages?managementId=\(tid)").json()["messages"]
                as? [[String: Any]])
            #expect(messages.map { $0["kind"] as? String } == ["PAYMENT", "CANCEL"])
            #expect(messages.last?["originalManagementId"] as? String == tid)
            #expect(messages.last?["amount"] as? Int == 22_000)
            #expect(messages.last?["vat"] as? Int == 2_000)
            #expect((messages.last?["answer"] as? [String: Any])?["approved"] as? Bool == true)
        }
    }

    @Test("SIGKILL while the card company holds an approved PAYMENT: after a restart the worker CANCELs it → PAYMENT_FAILED, stock back; no card number on disk")
    func killDuringPayment() async throws {
        try await offPool {
            let environment = ["MARKETPLACE_AUTH_BCRYPT_COST": "4", "MARKETPLACE_AUTH_REQUIRE_EMAIL_VERIFICATION": "false",
                               "MARKETPLACE_PAYMENTS_GATEWAY_TIMEOUT": "2", "MARKETPLACE_PAYMENTS_RECOVERY_INTERVAL": "1"]
            let first = try ServerProcess(environment: environment)
            let dataDir = first.workDir.appending(path: "data").path()
            let port = try #require(first.port(from: try first.firstLine(timeout: 20)))
            let seller = try signUpAndLogIn(port: port, email: "seller@example.com", role: "SELLER")
            let customer = try signUpAndLogIn(port: port, email: "customer@example.com")
            let created = try jsonRequest(port: port, "POST", "/api/v1/seller/products", CatalogHarness.fields("Thing", stock: 4),
                                          token: seller)
            let product = try #require(try created.json()["id"] as? Int)
            let placed = try jsonRequest(port: port, "POST", "/api/v1/customer/orders",
                                         OrdersHarness.orderBody([(product, 3)], provider: "CARD"), token: customer).json()
            let id = try #require(placed["id"] as? String)
            let fault = try TestClient(port: port).request(
                "POST", "/sandbox/faults", headers: [("Content-Type", "application/json")],
                body: #"{"provider":"CARD","operation":"confirm","mode":"approveThenTimeout","count":1}"#)
            #expect(fault.status == 200)
            let body = AuthHarness.encode(CardPaymentTests.card)
            DispatchQueue.global().async {
                _ = try? TestClient(port: port).request(
                    "POST", "/api/v1/customer/orders/\(id)/payment/card",
                    headers: [("Authorization", "Bearer \(customer)"), ("Content-Type", "application/json")], body: body, timeout: 40)
            }
            // Kill once the payment is IN_PROGRESS and the company has approved its PAYMENT.
            let cardFile = dataDir + "/sandbox/card.journal"
            var tid: String?
            for _ in 0..<200 {
                let order = try jsonRequest(port: port, "GET", "/api/v1/customer/orders/\(id)", nil, token: customer).json()
                if order.payment["status"] as? String == "IN_PROGRESS", let managementId = order.payment["tid"] as? String,
                   (try? String(contentsOfFile: cardFile, encoding: .utf8))?.contains(managementId) == true {
                    tid = managementId
                    break
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            let managementId = try #require(tid)
            first.send(SIGKILL)
            _ = first.waitForExit(timeout: 10)

            let second = try ServerProcess(arguments: ["--data-dir", dataDir], environment: environment)
            let secondPort = try #require(second.port(from: try second.firstLine(timeout: 20)))
            var order: [String: Any] = [:]
            for _ in 0..<400 {   // the lease (gatewayTimeout 2 s + 5 s margin) must expire first
                order = try jsonRequest(port: secondPort, "GET", "/api/v1/customer/orders/\(id)", nil, token: customer).json()
                if order.status == "PAYMENT_FAILED" { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(order.status == "PAYMENT_FAILED")
            #expect(order.payment["status"] as? String == "ABORTED")
            #expect(order.payment["tid"] as? String == managementId)
            #expect(order.historyStatuses == ["PENDING_PAYMENT", "PAYMENT_FAILED"])
            let stock = try jsonRequest(port: secondPort, "GET", "/api/v1/seller/products/\(product)", nil, token: seller).json()
            #expect(stock["stock"] as? Int == 4)
            let messages = try #require(try TestClient(port: secondPort).request(
                "GET", "/sandbox/card/messages?managementId=\(managementId)").json()["messages"] as? [[String: Any]])
            #expect(messages.map { $0["kind"] as? String } == ["PAYMENT", "CANCEL"])
            #expect(messages.allSatisfy { ($0["answer"] as? [String: Any])?["approved"] as? Bool == true })
            #expect(messages.last?["originalManagementId"] as? String == managementId)
            #expect(messages.last?["amount"] as? Int == placed.payment["amount"] as? Int)
            second.send(SIGTERM)
            #expect(second.waitForExit(timeout: 10) == 0)
            #expect(CardPaymentTests.files(under: dataDir, containing: CardPaymentTests.number).isEmpty)
        }
    }

    @Test("a PAYMENT that never reached the company (timeout fault keeps nothing): its CANCEL is ORIGINAL_NOT_FOUND → PAYMENT_FAILED, stock back")
    func neverApproved() async throws {
        try await PaymentsHarness.run(gatewayTimeout: 1) { pay in
            let product = try pay.product(stock: 4)
            let order = try pay.place([(product, 1)], provider: "CARD")
            let id = try #require(order["id"] as? String)
            try pay.fault("CARD", "confirm", "timeout")
            let raw = String(decoding: try JSONSerialization.data(withJSONObject: CardPaymentTests.card, options: .sortedKeys),
                             as: UTF8.self)
            let reply = try pay.orders.auth.request("POST", "/api/v1/customer/orders/\(id)/payment/card", raw: raw, token: pay.customer)
            #expect(reply.status == 202, "\(reply.text)")
            let tid = try #require(try reply.json().payment["tid"] as? String)
            let settled = try await pay.recover(id)
            #expect(settled.status == "PAYMENT_FAILED")
            #expect(try pay.stock(product) == 4)
            let messages = try #require(try pay.server.request("GET", "/sandbox/card/messages?managementId=\(tid)").json()["messages"]
                as? [[String: Any]])
            #expect(messages.map { $0["kind"] as? String } == ["CANCEL"])
            #expect((messages.first?["answer"] as? [String: Any])?["code"] as? String == "ORIGINAL_NOT_FOUND")
        }
    }
}
