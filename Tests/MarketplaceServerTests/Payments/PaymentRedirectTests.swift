import Foundation
import Testing
@testable import MarketplaceServer
import TestHTTP

/// The browser flow finishes without a client server (docs/API.md §12): Toss's successUrl and
/// Kakao Pay's approve redirect confirm the payment themselves, exactly once with the API's
/// confirm, and send the browser to `payments.returnUrl`.
@Suite("Gateway redirects confirm the payment")
struct PaymentRedirectTests {
    static let returnUrl = "https://shop.example.com/orders/done?from=pay"

    private func redirect(_ harness: PaymentsHarness, _ path: String) throws -> TestClient.Reply {
        try harness.server.request("GET", path)
    }

    private func query(_ location: String?) -> [String: String] {
        guard let location, let items = URLComponents(string: location)?.queryItems else { return [:] }
        return Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { a, _ in a })
    }

    @Test("Toss successUrl confirms and answers 303 to returnUrl?orderId=&status=PAID; the API confirm repeats it as 200")
    func tossSuccess() async throws {
        try await PaymentsHarness.run(configure: { $0.payments.returnUrl = Self.returnUrl }) { harness in
            let order = try harness.place([(try harness.product(), 2)])
            let id = try #require(order["id"] as? String)
            let proof = try harness.approve(order)
            let key = try #require(proof["paymentKey"] as? String)
            let reply = try redirect(harness, "/payments/toss/success?paymentKey=\(key)&orderId=\(id)&amount=\(proof["amount"]!)")
            #expect(reply.status == 303, "\(reply.text)")
            let location = try #require(reply.header("Location"))
            #expect(location.hasPrefix("https://shop.example.com/orders/done?from=pay&"))
            #expect(query(location) == ["from": "pay", "orderId": id, "status": "PAID"])
            #expect(try harness.order(id).status == "PAID")
            let again = try harness.confirm(id, proof)
            #expect(try again.status == 200 && again.json().status == "PAID", "\(again.text)")
            // The redirect again (a reload) changes nothing and lands on the same place.
            let reload = try redirect(harness, "/payments/toss/success?paymentKey=\(key)&orderId=\(id)&amount=\(proof["amount"]!)")
            #expect(query(reload.header("Location")) == ["from": "pay", "orderId": id, "status": "PAID"])
            #expect(harness.tossRecord(id)?.status == "DONE")
        }
    }

    @Test("a redirect and an API confirm at once charge the order once")
    func redirectRacesConfirm() async throws {
        try await PaymentsHarness.run(configure: { $0.payments.returnUrl = Self.returnUrl }) { harness in
            for _ in 0..<3 {
                let order = try harness.place([(try harness.product(), 1)])
                let id = try #require(order["id"] as? String)
                let proof = try harness.approve(order)
                let key = try #require(proof["paymentKey"] as? String)
                let path = "/payments/toss/success?paymentKey=\(key)&orderId=\(id)&amount=\(proof["amount"]!)"
                let port = harness.server.port, customer = harness.customer
                let body = #"{"amount":\#(proof["amount"]!),"paymentKey":"\#(key)"}"#
                async let viaRedirect = Task.detached { try TestClient(port: port).request("GET", path) }.value
                async let viaAPI = Task.detached {
                    try TestClient(port: port).request("POST", "/api/v1/customer/orders/\(id)/payment/confirm",
                                                       headers: [("Authorization", "Bearer \(customer)"), ("Content-Type", "application/json")],
                                                       body: body)
                }.value
                let (browser, api) = try await (viaRedirect, viaAPI)
                #expect(browser.status == 303)
                #expect([200, 409].contains(api.status), "\(api.text)")
                if api.status == 409 { #expect(try api.json()["code"] as? String == "PAYMENT_IN_PROGRESS") }
                try await waitUntil("the order is PAID", timeout: 20) { (try? harness.order(id).status) == "PAID" }
                let history = try harness.order(id).historyStatuses
                #expect(history.filter { $0 == "PAID" }.count == 1, "\(history)")
            }
        }
    }

    @Test("a tampered amount fails the order and says so in the redirect; an unknown order is a 404 page")
    func tamperedAndUnknown() async throws {
        try await PaymentsHarness.run(configure: { $0.payments.returnUrl = Self.returnUrl }) { harness in
            let order = try harness.place([(try harness.product(), 1)])
            let id = try #require(order["id"] as? String)
            let key = try #require(try harness.approve(order)["paymentKey"] as? String)
            let reply = try redirect(harness, "/payments/toss/success?paymentKey=\(key)&orderId=\(id)&amount=1")
            #expect(reply.status == 303)
            #expect(query(reply.header("Location")) == ["from": "pay", "orderId": id, "status": "PAYMENT_FAILED",
                                                         "code": "PAYMENT_AMOUNT_MISMATCH"])
            #expect(harness.tossRecord(id) == nil, "the gateway was not asked")
            let unknown = try redirect(harness, "/payments/toss/success?paymentKey=\(key)&orderId=nope&amount=1")
            #expect(unknown.status == 404 && unknown.header("Content-Type")?.hasPrefix("text/html") == true)
        }
    }

    @Test("without payments.returnUrl the page says paid")
    func noReturnUrl() async throws {
        try await PaymentsHarness.run { harness in
            let order = try harness.place([(try harness.product(), 1)])
            let id = try #require(order["id"] as? String)
            let proof = try harness.approve(order)
            let reply = try redirect(harness, "/payments/toss/success?paymentKey=\(proof["paymentKey"]!)&orderId=\(id)&amount=\(proof["amount"]!)")
            #expect(reply.status == 200, "\(reply.text)")
            #expect(reply.text.contains("Payment complete") && reply.text.contains("PAID"), "\(reply.text)")
            #expect(try harness.order(id).status == "PAID")
        }
    }

    @Test("Kakao Pay: the checkout carries the PC, mobile and app URLs; the approve redirect confirms and returns")
    func kakaoApprove() async throws {
        try await PaymentsHarness.run(configure: { $0.payments.returnUrl = Self.returnUrl }) { harness in
            let order = try harness.place([(try harness.product(), 1)], provider: "KAKAOPAY")
            let id = try #require(order["id"] as? String)
            let checkout = try #require(order.payment["checkout"] as? [String: Any])
            for key in ["redirectUrl", "mobileRedirectUrl", "appRedirectUrl"] {
                #expect((checkout[key] as? String)?.isEmpty == false, "\(key) in \(checkout)")
            }
            let token = try #require(try harness.approve(order)["pgToken"] as? String)
            let reply = try redirect(harness, "/payments/kakaopay/approve?orderId=\(id)&pg_token=\(token)")
            #expect(reply.status == 303, "\(reply.text)")
            #expect(query(reply.header("Location")) == ["from": "pay", "orderId": id, "status": "PAID"])
            #expect(try harness.order(id).status == "PAID")
        }
    }
}
