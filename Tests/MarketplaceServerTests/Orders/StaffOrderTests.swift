import Foundation
import Marketplace
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

@Suite("Orders: admin moves and the seller's view")
struct StaffOrderTests {
    @Test("admins list every order by status and move PAID → SHIPPING (tracking required) → DELIVERED only, recorded in history")
    func adminTransitions() async throws {
        try await OrdersHarness.run { orders in
            let seller = try orders.seller()
            let customer = try orders.customer()
            let admin = try await orders.auth.adminToken()
            let product = try orders.product("Thing", stock: 10, token: seller)
            let pending = try #require(try orders.placed([(product, 1)], token: customer)["id"] as? String)
            let paid = try #require(try orders.placed([(product, 1)], token: customer)["id"] as? String)
            try await orders.force(paid, status: "PAID")

            let all = try orders.get("/api/v1/admin/orders", token: admin).json()
            #expect(all["totalItems"] as? Int == 2)
            let onlyPaid = try orders.get("/api/v1/admin/orders?status=PAID", token: admin).json()
            #expect((onlyPaid["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [paid])
            #expect(try orders.get("/api/v1/admin/orders/\(pending)", token: admin).status == 200)
            expectProblem(try orders.get("/api/v1/admin/orders/ord_unknown123", token: admin), status: 404, code: "ORDER_NOT_FOUND")
            expectProblem(try orders.get("/api/v1/admin/orders?size=21", token: admin), status: 400, code: "INVALID_PARAMETER")
            expectProblem(try orders.get("/api/v1/admin/orders", token: customer), status: 403, code: "FORBIDDEN_ROLE")

            func move(_ id: String, _ body: [String: Any]) throws -> TestClient.Reply {
                try orders.auth.request("POST", "/api/v1/admin/orders/\(id)/status", json: body, token: admin)
            }
            expectProblem(try move(pending, ["status": "SHIPPING", "trackingNumber": "TRK-1"]), status: 409, code: "INVALID_STATUS_TRANSITION")
            expectProblem(try move(pending, ["status": "DELIVERED"]), status: 409, code: "INVALID_STATUS_TRANSITION")
            expectProblem(try move(paid, ["status": "DELIVERED"]), status: 409, code: "INVALID_STATUS_TRANSITION")
            let untracked = try move(paid, ["status": "SHIPPING"])
            expectProblem(untracked, status: 400, code: "INVALID_REQUEST")
            #expect(untracked.fields == ["trackingNumber"])
            #expect(try move(paid, ["status": "SHIPPING", "trackingNumber": "bad number!"]).fields == ["trackingNumber"])
            #expect(try move(paid, ["status": "PAID"]).fields == ["status"])
            expectProblem(try move("ord_unknown123", ["status": "DELIVERED"]), status: 404, code: "ORDER_NOT_FOUND")

            let shipping = try move(paid, ["status": "SHIPPING", "trackingNumber": "CJ-1234567890"])
            #expect(shipping.status == 200)
            #expect(try shipping.json()["trackingNumber"] as? String == "CJ-1234567890")
            expectProblem(try move(paid, ["status": "SHIPPING", "trackingNumber": "CJ-2"]), status: 409, code: "INVALID_STATUS_TRANSITION")
            let delivered = try move(paid, ["status": "DELIVERED"]).json()
            #expect(delivered["status"] as? String == "DELIVERED")
            let history = try #require(delivered["history"] as? [[String: Any]])
            #expect(history.map { $0["status"] as? String } == ["PENDING_PAYMENT", "SHIPPING", "DELIVERED"])
            #expect((history.last?["by"] as? String)?.hasPrefix("admin:") == true)
            expectProblem(try move(paid, ["status": "SHIPPING", "trackingNumber": "CJ-3"]), status: 409, code: "INVALID_STATUS_TRANSITION")
        }
    }

    @Test("a seller sees only orders holding its products, only its lines and amounts, and of the payment only its status")
    func sellerView() async throws {
        try await OrdersHarness.run { orders in
            let first = try orders.seller("first@example.com")
            let second = try orders.seller("second@example.com")
            let third = try orders.seller("third@example.com")
            let customer = try orders.customer()
            let mine = try orders.product("Mine", price: 11_000, stock: 5, token: first)
            let theirs = try orders.product("Theirs", price: 7_000, stock: 5, taxFree: true, token: second)
            let id = try #require(try orders.placed([(mine, 2), (theirs, 1)], token: customer)["id"] as? String)

            let view = try orders.get("/api/v1/seller/orders/\(id)", token: first)
            #expect(view.status == 200)
            let order = try view.json()
            let items = try #require(order["items"] as? [[String: Any]])
            #expect(items.map { $0["productId"] as? Int } == [mine])
            #expect(order["totalAmount"] as? Int == 22_000 && order["taxFreeAmount"] as? Int == 0 && order["vat"] as? Int == 2_000)
            #expect((order["payment"] as? [String: Any]).map { Set($0.keys) } == ["status"])
            let secondView = try orders.get("/api/v1/seller/orders/\(id)", token: second).json()
            #expect((secondView["items"] as? [[String: Any]])?.map { $0["productId"] as? Int } == [theirs])
            #expect(secondView["totalAmount"] as? Int == 7_000 && secondView["vat"] as? Int == 0)

            expectProblem(try orders.get("/api/v1/seller/orders/\(id)", token: third), status: 404, code: "ORDER_NOT_FOUND")
            #expect(try orders.get("/api/v1/seller/orders", token: third).json()["totalItems"] as? Int == 0)
            let list = try orders.get("/api/v1/seller/orders?status=PENDING_PAYMENT", token: first).json()
            let listed = try #require((list["items"] as? [[String: Any]])?.first)
            #expect((listed["items"] as? [[String: Any]])?.count == 1)
            expectProblem(try orders.get("/api/v1/seller/orders?size=21", token: first), status: 400, code: "INVALID_PARAMETER")
            expectProblem(try orders.get("/api/v1/seller/orders", token: customer), status: 403, code: "FORBIDDEN_ROLE")
        }
    }
}
