import Foundation
import Marketplace
import Storage
import Testing
@testable import MarketplaceServer
import TestHTTP

/// Paying the sellers over HTTP on a real server (docs/API.md §11), days passing on the test
/// clock: sellers with several products across orders, delivery and the hold, a run that pays
/// one seller and skips one below the minimum and one without an account, a refund after
/// settlement carried as a negative balance, MANUAL payouts failed, retried and completed,
/// concurrent runs making one settlement per seller, CSV, and bad input refused.
struct SettlementFlowTests {
    @Test("a month of orders, settlements and payouts balances every seller")
    func month() async throws {
        try await PaymentsHarness.run(configure: { config in
            config.settlement.holdDays = 2
            config.settlement.minimumPayout = 1000
            config.auth.tokenTtl = 60 * 86_400   // the sessions outlive the test's days
        }) { harness in
            let admin = try await harness.admin()
            let auth = harness.orders.auth
            let small = try harness.orders.seller("small@example.com")
            let noAccount = try harness.orders.seller("noaccount@example.com")
            let keyboard = try harness.product("Keyboard", price: 10_009, stock: 50)
            let mouse = try harness.product("Mouse", price: 3_000, stock: 50)
            let sticker = try harness.orders.product("Sticker", price: 500, stock: 50, token: small)
            let cable = try harness.orders.product("Cable", price: 20_000, stock: 50, token: noAccount)

            // Payout accounts: validated, masked in the answer.
            expectProblem(try auth.request("PUT", "/api/v1/seller/payout-account", json: [
                "bankCode": "88", "accountNumber": "12a45", "holderName": "",
            ], token: harness.seller), status: 400, code: "INVALID_REQUEST")
            let account = try auth.request("PUT", "/api/v1/seller/payout-account", json: [
                "bankCode": "088", "accountNumber": "110123456789", "holderName": "Kim Seller",
            ], token: harness.seller)
            #expect(account.status == 200, "\(account.text)")
            #expect(try account.json()["maskedAccountNumber"] as? String == "********6789")
            #expect(!account.text.contains("110123456789"))
            // At rest only sealed (AES-256-GCM, base64) and masked: no column holds the digits.
            let stored = try await harness.server.application.database.read { connection in
                try connection.query("""
                    SELECT bank_code, sealed_account_number, masked_account_number, holder_name, coalesce(business_number, '')
                    FROM payout_accounts
                    """).flatMap { row in try (0..<5).map { try row.string($0) } }
            }
            #expect(!stored.isEmpty && !stored.contains { $0.contains("110123456789") || $0.contains("0123456789") })
            #expect(try auth.request("PUT", "/api/v1/seller/payout-account", json: [
                "bankCode": "004", "accountNumber": "9876543210", "holderName": "Small",
            ], token: small).status == 200)

            func deliver(_ id: String) throws {
                #expect(try auth.request("POST", "/api/v1/admin/orders/\(id)/status", json: ["status": "SHIPPING", "trackingNumber": "T-1"],
                                         token: admin).status == 200)
                #expect(try auth.request("POST", "/api/v1/admin/orders/\(id)/status", json: ["status": "DELIVERED"], token: admin).status == 200)
            }
            func balance(_ token: String) throws -> [String: Any] {
                let reply = try harness.orders.get("/api/v1/seller/balance", token: token)
                #expect(reply.status == 200, "\(reply.text)")
                return try reply.json()
            }
            func run() throws -> TestClient.Reply { try auth.request("POST", "/api/v1/admin/settlements/run", json: [:], token: admin) }

            // Two orders over three sellers' products.
            let first = try harness.paid([(keyboard, 2), (mouse, 1), (sticker, 1), (cable, 1)])
            let second = try harness.paid([(mouse, 3)])
            let firstID = try #require(first["id"] as? String), secondID = try #require(second["id"] as? String)
            // 2 × 10,009 = 20,018 → commission 2,001; 3,000 → 300; 9,000 → 900.
            let net: Int = 20_018 - 2_001 + 3_000 - 300 + 9_000 - 900
            #expect(try balance(harness.seller)["pending"] as? Int == net)
            #expect(try balance(harness.seller)["available"] as? Int == 0)
            try deliver(firstID)
            try deliver(secondID)
            #expect(try balance(harness.seller)["available"] as? Int == 0)   // on hold for 2 days
            harness.clock.advance(by: 2 * 86_400 + 1)
            #expect(try balance(harness.seller)["available"] as? Int == net)

            // The run: the seller is paid; "small" (450 < 1,000) and "noaccount" (no account) are skipped.
            let ran = try run()
            #expect(ran.status == 202, "\(ran.text)")
            let made = try #require(try ran.json()["settlements"] as? [[String: Any]])
            #expect(made.count == 1)
            #expect(made.first?["amount"] as? Int == net)
            #expect(made.first?["sales"] as? Int == 20_018 + 3_000 + 9_000)
            #expect(made.first?["commission"] as? Int == 2_001 + 300 + 900)
            let settlementID = try #require(made.first?["id"] as? Int)
            let payoutID = try #require(made.first?["payoutId"] as? Int)
            #expect(try balance(harness.seller)["pending"] as? Int == net)   // the payout is under way
            #expect(try balance(small)["available"] as? Int == 450)

            // Its entries, and as CSV.
            let detail = try harness.orders.get("/api/v1/seller/settlements/\(settlementID)", token: harness.seller)
            #expect((try detail.json()["entries"] as? [[String: Any]])?.count == 6)
            expectProblem(try harness.orders.get("/api/v1/seller/settlements/\(settlementID)", token: small), status: 404,
                          code: "SETTLEMENT_NOT_FOUND")
            let csv = try auth.request("GET", "/api/v1/seller/ledger?size=100", token: harness.seller, headers: [("Accept", "text/csv")])
            #expect(csv.header("Content-Type")?.hasPrefix("text/csv") == true)
            #expect(csv.text.split(separator: "\r\n").count == 7)

            // A MANUAL payout that fails returns the money, and is retried, then completed.
            #expect(try auth.request("POST", "/api/v1/admin/payouts/\(payoutID)/fail", json: ["reason": "account closed"],
                                     token: admin).status == 200)
            #expect(try balance(harness.seller)["available"] as? Int == net)
            expectProblem(try auth.request("POST", "/api/v1/admin/payouts/\(payoutID)/complete", json: ["reference": "W-1"], token: admin),
                          status: 409, code: "PAYOUT_STATUS_CONFLICT")
            #expect(try auth.request("POST", "/api/v1/admin/payouts/\(payoutID)/retry", token: admin).status == 200)
            let paid = try auth.request("POST", "/api/v1/admin/payouts/\(payoutID)/complete", json: ["reference": "W-1"], token: admin)
            #expect(try paid.json()["status"] as? String == "PAID")
            #expect(try balance(harness.seller)["paidOut"] as? Int == net)

            // A refund after settlement: the second order's 9,000 back → −(9,000 − 900), carried.
            let paymentID = try #require((second["payment"] as? [String: Any])?["id"] as? String)
            let refund = try auth.request("POST", "/api/v1/admin/payments/\(paymentID)/cancel", json: ["amount": 9_000, "reason": "damaged"],
                                          token: admin)
            #expect(refund.status == 200, "\(refund.text)")
            #expect(try balance(harness.seller)["available"] as? Int == -8_100)
            #expect(try (try run()).json()["settlements"] as? [[String: Any]] == nil
                    || (try (try run()).json()["settlements"] as? [[String: Any]])?.isEmpty == true)

            // More sales, then two runs at once: one settlement for the seller, the negative balance inside it.
            let third = try harness.paid([(keyboard, 2)])
            try deliver(try #require(third["id"] as? String))
            harness.clock.advance(by: 3 * 86_400)
            // Two clients on their own threads, each with its own connection.
            let port = harness.server.port
            let replies = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        try TestClient(port: port).request("POST", "/api/v1/admin/settlements/run", headers: [
                            ("Authorization", "Bearer \(admin)"), ("Content-Type", "application/json"),
                        ], body: "{}").status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.allSatisfy { $0 == 202 || $0 == 409 } && replies.contains(202))
            let list = try harness.orders.get("/api/v1/admin/settlements?sellerId=\(try sellerID(harness.seller, auth))", token: admin)
            let items = try #require(try list.json()["items"] as? [[String: Any]])
            #expect(items.count == 2)
            #expect(items.first?["amount"] as? Int == 20_018 - 2_001 - 8_100)   // the negative balance inside it
            let final = try balance(harness.seller)
            #expect((final["available"] as? Int ?? 0) + (final["pending"] as? Int ?? 0) + (final["paidOut"] as? Int ?? 0)
                    == net - 8_100 + 20_018 - 2_001)

            // Rules and bad input.
            let rule = try auth.request("POST", "/api/v1/admin/commission-rules", json: ["category": "books", "rateBps": 500], token: admin)
            #expect(rule.status == 201, "\(rule.text)")
            expectProblem(try auth.request("POST", "/api/v1/admin/commission-rules", json: ["category": "books", "rateBps": 700],
                                           token: admin), status: 409, code: "COMMISSION_RULE_EXISTS")
            expectProblem(try auth.request("POST", "/api/v1/admin/commission-rules", json: ["rateBps": 10_001], token: admin),
                          status: 400, code: "INVALID_REQUEST")
            expectProblem(try auth.request("POST", "/api/v1/admin/settlements/run", json: ["until": "2026-02-30"], token: admin),
                          status: 400, code: "INVALID_REQUEST")
            expectProblem(try harness.orders.get("/api/v1/seller/ledger?from=yesterday", token: harness.seller), status: 400,
                          code: "INVALID_PARAMETER")
            expectProblem(try harness.orders.get("/api/v1/seller/balance", token: harness.customer), status: 403, code: "FORBIDDEN_ROLE")
            let ruleID = try #require(try rule.json()["id"] as? Int)
            #expect(try auth.request("DELETE", "/api/v1/admin/commission-rules/\(ruleID)", token: admin).status == 204)
        }
    }

    func sellerID(_ token: String, _ auth: AuthHarness) throws -> Int {
        try #require(try auth.request("GET", "/api/v1/me", token: token).json()["id"] as? Int)
    }
}
