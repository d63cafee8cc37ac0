import Foundation
import Marketplace
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// docs/API.md §1: every timestamp an answer carries is RFC 3339 UTC with milliseconds.
@Suite("One timestamp form")
struct TimestampFormatTests {
    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`, each letter here a digit.
    static func hasForm(_ text: String) -> Bool {
        let pattern = Array("dddd-dd-ddTdd:dd:dd.dddZ".utf8), bytes = Array(text.utf8)
        return bytes.count == pattern.count && zip(bytes, pattern).allSatisfy { byte, expected in
            expected == UInt8(ascii: "d") ? (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) : byte == expected
        }
    }

    /// Starts like a date-time: `dddd-dd-ddT`.
    static func looksLikeTime(_ text: String) -> Bool {
        let bytes = Array(text.utf8.prefix(11))
        return bytes.count == 11 && hasForm(String(decoding: bytes, as: UTF8.self) + "00:00:00.000Z")
    }

    /// Every string in `json` that starts like a date-time, with where it was found.
    static func times(_ json: Any, at path: String = "$") -> [(path: String, value: String)] {
        switch json {
        case let object as [String: Any]: object.flatMap { times($0.value, at: "\(path).\($0.key)") }
        case let array as [Any]: array.enumerated().flatMap { times($0.element, at: "\(path)[\($0.offset)]") }
        case let text as String where looksLikeTime(text): [(path, text)]
        default: []
        }
    }

    @Test("login, account, product, listing, order, webhook endpoint and feed answers all use milliseconds")
    func everyAnswer() async throws {
        try await OrdersHarness.run { orders in
            let seller = try orders.seller(), customer = try orders.customer()
            let product = try orders.product("Lamp", token: seller)
            _ = try orders.auth.request("POST", "/api/v1/seller/webhooks", json: [
                "url": "https://hooks.example.com/marketplace", "events": ["order.created"], "description": "ERP",
            ], token: seller)
            let order = try orders.placed([(product, 1)], token: customer)
            let orderID = try #require(order["id"] as? String)
            var answers: [(String, Any)] = [
                ("login", try orders.auth.logIn("customer@example.com").json()),
                ("order", order),
            ]
            for (name, path, token) in [("me", "/api/v1/me", customer), ("product", "/api/v1/products/\(product)", customer),
                                        ("listing", "/api/v1/products", customer), ("seller product", "/api/v1/seller/products/\(product)", seller),
                                        ("order again", "/api/v1/customer/orders/\(orderID)", customer),
                                        ("webhooks", "/api/v1/seller/webhooks", seller), ("feed", "/api/v1/customer/notifications", customer)] {
                let reply = try orders.get(path, token: token)
                #expect(reply.status == 200, "\(name): \(reply.text)")
                answers.append((name, try JSONSerialization.jsonObject(with: Data(reply.body))))
            }
            var found = 0
            for (name, json) in answers {
                for time in Self.times(json) {
                    found += 1
                    #expect(Self.hasForm(time.value), "\(name) \(time.path): \(time.value)")
                }
            }
            // login: expiresAt, user.createdAt; products: createdAt, updatedAt; orders: createdAt, updatedAt, expiresAt, history…
            #expect(found >= 15, "only \(found) timestamps seen")
        }
    }

    @Test("milliseconds are truncated, never rounded into the next second")
    func truncation() {
        #expect(RFC3339.milliseconds(1_780_824_600.9999) == "2026-06-07T09:30:00.999Z")
        #expect(RFC3339.milliseconds(1_780_824_600) == "2026-06-07T09:30:00.000Z")
        #expect(RFC3339.milliseconds(1_780_824_600.5) == "2026-06-07T09:30:00.500Z")
        #expect(RFC3339.milliseconds(-0.25) == "1969-12-31T23:59:59.750Z")
    }
}
