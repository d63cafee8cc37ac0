import Foundation
import Testing
@testable import MarketplaceServer
import TestHTTP

/// Korean input as Korean clients send it: text in NFC whatever form it was typed in, phones
/// with hyphens, order names as Korean shops write them.
@Suite("Korean input: NFC text and search, hyphenated phones, order names")
struct KoreanInputTests {
    /// `text` with every Hangul syllable decomposed into its jamo (Unicode §3.12), as macOS
    /// and some IMEs send it: what the server must compose again.
    static func decomposed(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let index = Int(scalar.value) - 0xAC00
            guard (0..<11_172).contains(index) else { scalars.append(scalar); continue }
            scalars.append(Unicode.Scalar(0x1100 + index / 588)!)
            scalars.append(Unicode.Scalar(0x1161 + (index % 588) / 28)!)
            if index % 28 != 0 { scalars.append(Unicode.Scalar(0x11A7 + index % 28)!) }
        }
        return String(scalars)
    }

    static func escaped(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text }

    @Test("a name typed in decomposed Hangul is stored composed and found by a composed search, and the other way round")
    func nfcSearch() async throws {
        let name = "백자 머그컵"
        let typed = Self.decomposed(name)
        #expect(typed.unicodeScalars.count > name.unicodeScalars.count && typed.utf8.count != name.utf8.count)
        try await CatalogHarness.run { catalog in
            let seller = try catalog.seller()
            let id = try catalog.product(typed, token: seller)
            let product = try catalog.get("/api/v1/products/\(id)").json()
            #expect((product["name"] as? String).map { Array($0.unicodeScalars) } == Array(name.unicodeScalars), "stored in NFC")
            #expect(try catalog.ids("q=" + Self.escaped("머그")) == [id], "a composed search finds it")
            #expect(try catalog.ids("q=" + Self.escaped(Self.decomposed("머그컵"))) == [id], "a decomposed search too")
            let composed = try catalog.product("청자 접시", token: seller)
            #expect(try catalog.ids("q=" + Self.escaped(Self.decomposed("접시"))) == [composed])
        }
    }

    @Test("phones accept 010-1234-5678 and store the digits; other separators are refused and nothing is created")
    func phones() async throws {
        try await AuthHarness.run { harness in
            var body = AuthHarness.signupBody(email: "minji@example.com")
            body["phone"] = "010-1234-5678"
            body["name"] = Self.decomposed("김민지")
            let reply = try harness.post("/api/v1/auth/signup", body)
            #expect(reply.status == 201, "\(reply.text)")
            #expect(try reply.json()["phone"] as? String == "01012345678")
            #expect(try (reply.json()["name"] as? String).map { Array($0.unicodeScalars) } == Array("김민지".unicodeScalars))
            for bad in ["010 1234 5678", "-01012345678", "010-1234-567a", "+82-10-1234-5678"] {
                body["email"] = "bad\(bad.count)@example.com"
                body["phone"] = bad
                let refused = try harness.post("/api/v1/auth/signup", body)
                expectProblem(refused, status: 400, code: "INVALID_REQUEST")
                #expect(refused.fields == ["phone"], "\(bad)")
            }
        }
    }

    @Test("the order name sent to the gateway reads 상품명 외 2건; the shipping address is kept in NFC")
    func orderName() async throws {
        try await OrdersHarness.run { orders in
            let seller = try orders.seller(), customer = try orders.customer()
            let products = try ["백자 머그컵", "청자 접시", "나무 쟁반"].map { try orders.product($0, token: seller) }
            var body = OrdersHarness.orderBody(products.map { ($0, 1) })
            body["shippingAddress"] = ["recipient": Self.decomposed("김민지"), "phone": "010-1234-5678",
                                       "address1": Self.decomposed("서울특별시 중구 세종대로 1"), "zipCode": "04524"]
            let reply = try orders.auth.request("POST", "/api/v1/customer/orders", json: body, token: customer)
            #expect(reply.status == 201, "\(reply.text)")
            let order = try reply.json()
            let checkout = try #require((order["payment"] as? [String: Any])?["checkout"] as? [String: Any])
            #expect(checkout["orderName"] as? String == "백자 머그컵 외 2건")
            let address = try #require(order["shippingAddress"] as? [String: Any])
            #expect((address["recipient"] as? String).map { Array($0.unicodeScalars) } == Array("김민지".unicodeScalars))
            #expect(address["phone"] as? String == "01012345678")
        }
    }
}
