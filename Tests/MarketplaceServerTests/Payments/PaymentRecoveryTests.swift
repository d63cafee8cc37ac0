import Foundation
import Glibc
import Marketplace
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Payments: no definite answer, and the recovery worker")
struct PaymentRecoveryTests {
    @Test("Toss confirm timeout / 500 → 202 UNKNOWN; the worker finds nothing at Toss, confirms again with the same key → PAID once",
          arguments: ["timeout", "error500"])
    func tossNoAnswer(mode: String) async throws {
        try await PaymentsHarness.run(gatewayTimeout: mode == "timeout" ? 3 : 10) { pay in
            let product = try pay.product(stock: 3)
            let order = try pay.place([(product, 2)])
            let id = try #require(order["id"] as? String)
            try pay.fault("TOSS", "confirm", mode)
            let reply = try pay.confirm(id, try pay.approve(order))
            #expect(reply.status == 202, "\(reply.text)")
            let pending = try reply.json()
            #expect(pending.status == "PENDING_PAYMENT")
            #expect(pending.payment["status"] as? String == "UNKNOWN")
            #expect(pay.tossRecord(id) == nil)   // nothing happened at Toss
            let settled = try await pay.recover(id)
            #expect(settled.status == "PAID")
            #expect(settled.payment["status"] as? String == "DONE")
            #expect(settled.payment["attempts"] as? Int == 2)
            #expect(settled.historyStatuses == ["PENDING_PAYMENT", "PAID"])
            #expect((settled["history"] as? [[String: Any]])?.last?["by"] as? String == "system")
            #expect(try pay.stock(product) == 1)
            #expect(pay.tossRecord(id)?.status == "DONE")
        }
    }

    @Test("Toss approveThenTimeout → 202 UNKNOWN; the worker's lookup finds the approval → PAID exactly once")
    func tossApprovedWithoutAnswer() async throws {
        try await PaymentsHarness.run(gatewayTimeout: 3) { pay in
            let product = try pay.product(stock: 3)
            let order = try pay.place([(product, 1)])
            let id = try #require(order["id"] as? String)
            try pay.fault("TOSS", "confirm", "approveThenTimeout")
            let reply = try pay.confirm(id, try pay.approve(order))
            #expect(reply.status == 202, "\(reply.text)")
            #expect(pay.tossRecord(id)?.status == "DONE")   // charged, though we were not told
            let settled = try await pay.recover(id)
            #expect(settled.status == "PAID")
            #expect(settled.historyStatuses == ["PENDING_PAYMENT", "PAID"])
            // A second sweep finds nothing to do.
            pay.clock.advance(by: 60)
            #expect(try await pay.server.application.orders.payments.recoverDue() == 0)
            #expect(try pay.order(id).historyStatuses == ["PENDING_PAYMENT", "PAID"])
            #expect(try pay.stock(product) == 2)
        }
    }

    @Test("Kakao Pay approve timeout or approveThenTimeout → 202 UNKNOWN → settled PAID; the sandbox approved exactly once",
          arguments: ["timeout", "approveThenTimeout"])
    func kakaoNoAnswer(mode: String) async throws {
        try await PaymentsHarness.run(gatewayTimeout: 3) { pay in
            let product = try pay.product(stock: 3)
            let order = try pay.place([(product, 1)], provider: "KAKAOPAY")
            let id = try #require(order["id"] as? String)
            try pay.fault("KAKAOPAY", "confirm", mode)
            let reply = try pay.confirm(id, try pay.approve(order))
            #expect(reply.status == 202, "\(reply.text)")
            let settled = try await pay.recover(id)
            #expect(settled.status == "PAID")
            #expect(settled.payment["status"] as? String == "DONE")
            let record = try #require(pay.kakaoRecord(id))
            #expect(record.status == "SUCCESS_PAYMENT")
            #expect(record.actions.filter { $0.type == "PAYMENT" }.count == 1)
            #expect(try pay.stock(product) == 2)
        }
    }

    @Test("after no answer, a definite decline on the worker's retry → ABORTED, order PAYMENT_FAILED, stock returned")
    func declinedOnRetry() async throws {
        try await PaymentsHarness.run() { pay in
            let product = try pay.product(stock: 3)
            let order = try pay.place([(product, 2)])
            let id = try #require(order["id"] as? String)
            try pay.fault("TOSS", "confirm", "error500")
            #expect(try pay.confirm(id, try pay.approve(order)).status == 202)
            try pay.fault("TOSS", "confirm", "reject")
            let settled = try await pay.recover(id)
            #expect(settled.status == "PAYMENT_FAILED")
            #expect(settled.payment["status"] as? String == "ABORTED")
            #expect(settled.historyStatuses == ["PENDING_PAYMENT", "PAYMENT_FAILED"])
            #expect(try pay.stock(product) == 3)
            #expect(pay.tossRecord(id) == nil)
        }
    }

    @Test("a gateway that keeps failing: retried with backoff up to recoveryMaxAttempts, then ABORTED with stock back (never approved there)")
    func lastAttemptAborts() async throws {
        try await PaymentsHarness.run() { pay in
            let product = try pay.product(stock: 3)
            let order = try pay.place([(product, 1)])
            let id = try #require(order["id"] as? String)
            try pay.fault("TOSS", "confirm", "error500", count: 10)
            #expect(try pay.confirm(id, try pay.approve(order)).status == 202)
            let settled = try await pay.recover(id)
            #expect(settled.status == "PAYMENT_FAILED")
            #expect(settled.payment["status"] as? String == "ABORTED")
            #expect(settled.payment["attempts"] as? Int == 4)   // the confirm and 3 recovery attempts
            #expect(try pay.stock(product) == 3)
            #expect(pay.tossRecord(id) == nil)
        }
    }

    @Test("a lookup without answer never aborts: UNKNOWN past recoveryMaxAttempts (money may have moved); aborted once Toss says it has nothing")
    func unansweredLookupStaysUnknown() async throws {
        try await PaymentsHarness.run() { pay in
            let product = try pay.product(stock: 3)
            let order = try pay.place([(product, 1)])
            let id = try #require(order["id"] as? String)
            try pay.fault("TOSS", "confirm", "error500")
            #expect(try pay.confirm(id, try pay.approve(order)).status == 202)
            try pay.fault("TOSS", "lookup", "error500", count: 8)
            let pending = try await pay.recover(id, rounds: 6, step: 4000)   // every round is due
            #expect(pending.payment["status"] as? String == "UNKNOWN")
            #expect(pending.payment["attempts"] as? Int == 7)
            #expect(pending.status == "PENDING_PAYMENT")
            #expect(try pay.stock(product) == 2)
            let settled = try await pay.recover(id, step: 4000)
            #expect(settled.status == "PAYMENT_FAILED")
            #expect(settled.payment["status"] as? String == "ABORTED")
            #expect(try pay.stock(product) == 3)
        }
    }

    @Test("the background worker settles an UNKNOWN payment on its own when due")
    func backgroundWorker() async throws {
        try await PaymentsHarness.run() { pay in
            let product = try pay.product(stock: 3)
            let order = try pay.place([(product, 1)])
            let id = try #require(order["id"] as? String)
            try pay.fault("TOSS", "confirm", "error500")
            #expect(try pay.confirm(id, try pay.approve(order)).status == 202)
            pay.clock.advance(by: 5)
            pay.server.application.orders.recovery.wake()
            var status: String?
            for _ in 0..<100 {
                status = try pay.order(id).status
                if status == "PAID" { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(status == "PAID")
        }
    }

    @Test("SIGKILL while the gateway holds an approved confirm: after a restart on the same data the payment is settled PAID, exactly once",
          .serialized, arguments: ["approveThenTimeout", "slow"])   // two binaries at a time are enough on 2 cores
    func killDuringConfirm(mode: String) async throws {
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
            let placed = try jsonRequest(port: port, "POST", "/api/v1/customer/orders", OrdersHarness.orderBody([(product, 3)]),
                                         token: customer).json()
            let id = try #require(placed["id"] as? String)
            let amount = try #require(placed.payment["amount"] as? Int)
            let approved = try TestClient(port: port).request(
                "POST", "/sandbox/toss/approve", headers: [("Content-Type", "application/json")],
                body: #"{"orderId":"\#(id)","amount":\#(amount),"orderName":"Thing"}"#).json()
            let paymentKey = try #require(approved["paymentKey"] as? String)
            let fault = try TestClient(port: port).request(
                "POST", "/sandbox/faults", headers: [("Content-Type", "application/json")],
                body: #"{"provider":"TOSS","operation":"confirm","mode":"\#(mode)","count":1,"delayMs":30000}"#)
            #expect(fault.status == 200)
            let confirmBody = ["paymentKey": paymentKey, "amount": amount] as [String: Any]
            let body = AuthHarness.encode(confirmBody)
            DispatchQueue.global().async {
                _ = try? TestClient(port: port).request(
                    "POST", "/api/v1/customer/orders/\(id)/payment/confirm",
                    headers: [("Authorization", "Bearer \(customer)"), ("Content-Type", "application/json")], body: body, timeout: 40)
            }
            // Kill once the payment is IN_PROGRESS (and, for approveThenTimeout, Toss has charged it).
            let tossFile = dataDir + "/sandbox/toss.journal"
            var ready = false
            for _ in 0..<200 {
                let order = try jsonRequest(port: port, "GET", "/api/v1/customer/orders/\(id)", nil, token: customer).json()
                let charged = (try? String(contentsOfFile: tossFile, encoding: .utf8))?.contains("{\"k\":\"\(id)\",\"t\":\"confirmedOrders\"") == true
                    || (try? String(contentsOfFile: tossFile, encoding: .utf8)).map { $0.contains(id) && $0.contains("DONE") } == true
                if order.payment["status"] as? String == "IN_PROGRESS", mode == "slow" || charged {
                    ready = true
                    break
                }
                try await Task.sleep(for: .milliseconds(25))
            }
            #expect(ready)
            first.send(SIGKILL)
            _ = first.waitForExit(timeout: 10)

            let second = try ServerProcess(arguments: ["--data-dir", dataDir], environment: environment)
            let secondPort = try #require(second.port(from: try second.firstLine(timeout: 20)))
            var order: [String: Any] = [:]
            for _ in 0..<600 {   // the lease (2 × gatewayTimeout 2 s + 5 s margin) must expire first
                order = try jsonRequest(port: secondPort, "GET", "/api/v1/customer/orders/\(id)", nil, token: customer).json()
                if order.status == "PAID" { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(order.status == "PAID")
            #expect(order.payment["status"] as? String == "DONE")
            #expect(order.payment["paymentKey"] as? String == paymentKey)
            #expect(order.historyStatuses == ["PENDING_PAYMENT", "PAID"])
            let stock = try jsonRequest(port: secondPort, "GET", "/api/v1/seller/products/\(product)", nil, token: seller).json()
            #expect(stock["stock"] as? Int == 1)
            // Toss's own record, through its API: one DONE payment for the order.
            let record = try TestClient(port: secondPort).request(
                "GET", "/sandbox/toss/v1/payments/orders/\(id)",
                headers: [("Authorization", "Basic " + Data("test_sk_marketplace_sandbox:".utf8).base64EncodedString())])
            #expect(record.status == 200)
            #expect(try record.json()["status"] as? String == "DONE")
            #expect(try record.json()["paymentKey"] as? String == paymentKey)
            second.send(SIGTERM)
            #expect(second.waitForExit(timeout: 10) == 0)
        }
    }
}
