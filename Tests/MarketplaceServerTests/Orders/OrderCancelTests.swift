import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Orders: customer cancel before payment")
struct OrderCancelTests {
    @Test("a whole cancel returns every unit, cancels the lines, aborts the payment and records who did it")
    func wholeCancel() async throws {
        try await OrdersHarness.run { orders in
            let seller = try orders.seller()
            let customer = try orders.customer()
            let a = try orders.product("A", price: 1_100, stock: 5, token: seller)
            let b = try orders.product("B", price: 2_200, stock: 5, token: seller)
            let id = try #require(try orders.placed([(a, 2), (b, 3)], token: customer)["id"] as? String)
            let reply = try orders.auth.request("POST", "/api/v1/customer/orders/\(id)/cancel", json: ["reason": "changed my mind"],
                                                token: customer)
            #expect(reply.status == 200)
            let order = try reply.json()
            #expect(order["status"] as? String == "CANCELED")
            #expect((order["items"] as? [[String: Any]])?.allSatisfy { $0["status"] as? String == "CANCELED" } == true)
            #expect(order["canceledAmount"] as? Int == order["totalAmount"] as? Int)
            let payment = try #require(order["payment"] as? [String: Any])
            #expect(payment["status"] as? String == "ABORTED" && payment["balanceAmount"] as? Int == 0)
            let history = try #require(order["history"] as? [[String: Any]])
            #expect(history.map { $0["status"] as? String } == ["PENDING_PAYMENT", "CANCELED"])
            #expect(history[1]["by"] as? String == history[0]["by"] as? String)
            #expect(try orders.stock(a, seller: seller) == 5 && orders.stock(b, seller: seller) == 5)
            // Once canceled, nothing more can be canceled, and the stock does not return twice.
            expectProblem(try orders.auth.request("POST", "/api/v1/customer/orders/\(id)/cancel", json: ["reason": "again"],
                                                  token: customer), status: 409, code: "NOT_CANCELABLE")
            #expect(try orders.stock(a, seller: seller) == 5)
        }
    }

    @Test("a partial cancel splits a line, returns those units and lowers the payment's amount and VAT to what is left")
    func partialCancel() async throws {
        try await OrdersHarness.run { orders in
            let seller = try orders.seller()
            let customer = try orders.customer()
            let taxed = try orders.product("Taxed", price: 11_000, stock: 10, token: seller)
            let free = try orders.product("Free", price: 5_000, stock: 10, taxFree: true, token: seller)
            let id = try #require(try orders.placed([(taxed, 4), (free, 2)], token: customer)["id"] as? String)
            let reply = try orders.auth.request("POST", "/api/v1/customer/orders/\(id)/cancel", json: [
                "reason": "too many", "items": [["productId": taxed, "quantity": 3], ["productId": free, "quantity": 2]],
            ], token: customer)
            #expect(reply.status == 200)
            let order = try reply.json()
            #expect(order["status"] as? String == "PENDING_PAYMENT")
            let items = try #require(order["items"] as? [[String: Any]])
            #expect(items.map { "\($0["productId"]!)/\($0["quantity"]!)/\($0["status"]!)" } == [
                "\(taxed)/1/ORDERED", "\(free)/2/CANCELED", "\(taxed)/3/CANCELED",
            ])
            #expect(order["totalAmount"] as? Int == 54_000)
            #expect(order["canceledAmount"] as? Int == 43_000)
            let payment = try #require(order["payment"] as? [String: Any])
            #expect(payment["status"] as? String == "READY")
            #expect(payment["amount"] as? Int == 11_000 && payment["vat"] as? Int == 1_000 && payment["taxFreeAmount"] as? Int == 0)
            #expect(payment["balanceAmount"] as? Int == 11_000)
            // The checkout now asks for what is left.
            #expect((payment["checkout"] as? [String: Any])?["amount"] as? Int == 11_000)
            #expect(try orders.stock(taxed, seller: seller) == 9 && orders.stock(free, seller: seller) == 10)
            #expect((order["history"] as? [Any])?.count == 1)

            // More units than are left, and products not (or no longer) ordered, are 400 and change nothing.
            let tooMany = try orders.auth.request("POST", "/api/v1/customer/orders/\(id)/cancel", json: [
                "reason": "x", "items": [["productId": taxed, "quantity": 2]],
            ], token: customer)
            expectProblem(tooMany, status: 400, code: "INVALID_REQUEST")
            #expect(tooMany.fields == ["items[0].quantity"])
            let notOrdered = try orders.auth.request("POST", "/api/v1/customer/orders/\(id)/cancel", json: [
                "reason": "x", "items": [["productId": free, "quantity": 1]],
            ], token: customer)
            #expect(notOrdered.fields == ["items[0].productId"])
            let noReason = try orders.auth.request("POST", "/api/v1/customer/orders/\(id)/cancel", json: [:], token: customer)
            #expect(noReason.fields == ["reason"])
            let nulReason = try orders.auth.request("POST", "/api/v1/customer/orders/\(id)/cancel", json: ["reason": "a\u{0}b"], token: customer)
            #expect(nulReason.fields == ["reason"])
            #expect(try orders.stock(taxed, seller: seller) == 9)

            // Canceling the last unit cancels the order.
            let last = try orders.auth.request("POST", "/api/v1/customer/orders/\(id)/cancel", json: [
                "reason": "none after all", "items": [["productId": taxed, "quantity": 1]],
            ], token: customer)
            #expect(try last.json()["status"] as? String == "CANCELED")
            #expect(try orders.stock(taxed, seller: seller) == 10)
        }
    }

    @Test("orders past PENDING_PAYMENT are not cancelable here (paid ones: with refunds, issue #7)")
    func notCancelable() async throws {
        try await OrdersHarness.run { orders in
            let seller = try orders.seller()
            let customer = try orders.customer()
            let product = try orders.product("Thing", stock: 5, token: seller)
            let id = try #require(try orders.placed([(product, 1)], token: customer)["id"] as? String)
            try await orders.force(id, status: "SHIPPING")
            expectProblem(try orders.auth.request("POST", "/api/v1/customer/orders/\(id)/cancel", json: ["reason": "late"],
                                                  token: customer), status: 409, code: "NOT_CANCELABLE")
            #expect(try orders.stock(product, seller: seller) == 4)
        }
    }
}
