import Foundation
import Testing
@testable import HTTPServer
@testable import MarketplaceServer
import TestHTTP

/// docs/API.md §12: every HTML page carries a CSP with `frame-ancestors 'none'`, `nosniff` and
/// `Referrer-Policy: no-referrer`; every other response `nosniff`.
@Suite("Security headers of HTML pages")
struct HTMLPageSecurityTests {
    static func expectSecured(_ reply: TestClient.Reply, _ what: String, status: Int = 200,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(reply.status == status, "\(what): \(reply.status) \(reply.text)", sourceLocation: sourceLocation)
        #expect(reply.header("Content-Type")?.hasPrefix("text/html") == true, "\(what)", sourceLocation: sourceLocation)
        let policy = reply.header("Content-Security-Policy") ?? ""
        #expect(policy.contains("frame-ancestors 'none'") && policy.contains("default-src 'none'"), "\(what): \(policy)",
                sourceLocation: sourceLocation)
        #expect(!policy.contains("unsafe-inline") && !policy.contains("*"), "\(what): \(policy)", sourceLocation: sourceLocation)
        #expect(reply.header("X-Content-Type-Options") == "nosniff", "\(what)", sourceLocation: sourceLocation)
        #expect(reply.header("Referrer-Policy") == "no-referrer", "\(what)", sourceLocation: sourceLocation)
    }

    @Test("every text/html operation of /openapi.json is reached and carries the three headers")
    func everyPage() async throws {
        try await OrdersHarness.run { orders in
            let seller = try orders.seller(), customer = try orders.customer()
            let product = try orders.product("Thing", token: seller)
            let kakao = try orders.placed([(product, 1)], provider: "KAKAOPAY", token: customer)
            let redirect = try #require(((kakao["payment"] as? [String: Any])?["checkout"] as? [String: Any])?["redirectUrl"] as? String)
            let kakaoPage = try #require(URLComponents(string: redirect)).path + "?" + (URLComponents(string: redirect)?.query ?? "")
            let success = "https://shop.example:8443/paid?x=1"
            let recipes: [String: String] = [
                "/payments/toss/success": "/payments/toss/success?orderId=order-1&paymentKey=pk&amount=1000",
                "/payments/toss/fail": "/payments/toss/fail?code=PAY_PROCESS_CANCELED&message=no",
                "/payments/kakaopay/approve": "/payments/kakaopay/approve?pg_token=tok",
                "/payments/kakaopay/cancel": "/payments/kakaopay/cancel",
                "/payments/kakaopay/fail": "/payments/kakaopay/fail",
                "/sandbox/toss/checkout": "/sandbox/toss/checkout?orderId=order-1&amount=1000&successUrl="
                    + (success.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
                    + "&failUrl=http%3A%2F%2Fshop.example%2Ffail",
                "/sandbox/kakaopay/redirect": kakaoPage,
                "/docs": "/docs",
            ]
            let document = try orders.server.request("GET", "/openapi.json").json()
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var html: Set<String> = []
            for (path, methods) in paths {
                for (_, operation) in methods {
                    let replies = (operation as? [String: Any])?["responses"] as? [String: Any] ?? [:]
                    if replies.values.contains(where: { (($0 as? [String: Any])?["content"] as? [String: Any])?["text/html"] != nil }) {
                        html.insert(path)
                    }
                }
            }
            #expect(html == Set(recipes.keys), "a new HTML page needs a way to reach it here: \(html.subtracting(recipes.keys))")
            for (path, target) in recipes.sorted(by: { $0.key < $1.key }) {
                let reply = try orders.server.request("GET", target)
                // The gateways' return pages confirm the payment themselves: for an order that
                // does not exist they answer a 404 page, secured like every other.
                let status = ["/payments/toss/success": 404, "/payments/kakaopay/approve": 404][path] ?? 200
                Self.expectSecured(reply, path, status: status)
                // The reference page is the same for everyone: revalidated, not personal.
                #expect(reply.header("Cache-Control") == (path == "/docs" ? "no-cache" : "no-store"), "\(path)")
                #expect(try orders.server.request("HEAD", target).header("Content-Security-Policy") != nil, "HEAD \(path)")
            }
            // Forms post here and are redirected to the merchant: its origin is a form target.
            let toss = try orders.server.request("GET", try #require(recipes["/sandbox/toss/checkout"]))
            #expect(toss.header("Content-Security-Policy")?.contains("form-action 'self' https://shop.example:8443") == true)
            let kakaoReply = try orders.server.request("GET", kakaoPage)
            let approval = try #require(URLComponents(string: redirect)).scheme! + "://" + URLComponents(string: redirect)!.host!
            #expect(kakaoReply.header("Content-Security-Policy")?.contains("form-action 'self' \(approval)") == true,
                    "\(kakaoReply.header("Content-Security-Policy") ?? "")")
        }
    }

    @Test("JSON, problems and refused requests carry nosniff too")
    func nosniffEverywhere() async throws {
        try await withProbeServer { server in
            #expect(try server.request("GET", "/healthz").header("X-Content-Type-Options") == "nosniff")
            #expect(try server.request("GET", "/nowhere").header("X-Content-Type-Options") == "nosniff")
            let client = try server.client()
            try client.send("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")
            let refused = try client.read()
            #expect(refused.status == 400 && refused.header("X-Content-Type-Options") == "nosniff")
            #expect(refused.header("Content-Security-Policy") == nil)
        }
    }

    @Test("origins reach the policy only as scheme://host[:port]", arguments: [
        ("https://shop.example:8443/a?b#c", "https://shop.example:8443"), ("HTTP://User:pw@Shop.Example/x", "http://shop.example"),
        ("http://[::1]:9000/", "http://[::1]:9000"), ("ftp://x/", nil), ("https://a;script-src *", nil), ("javascript:alert(1)", nil),
        ("https:///nohost", nil),
    ])
    func origins(url: String, expected: String?) {
        #expect(SecurityHeaders.origin(of: url) == expected)
    }
}
