import Marketplace
import HTTPServer

/// The pages the gateways send the customer's browser back to (on `server.publicBaseUrl`):
/// `/payments/toss/success|fail` and `/payments/kakaopay/approve|cancel|fail`. They only
/// show the query values: confirming takes the customer's token, so the client app reads
/// them (paymentKey, amount / pg_token) and calls `POST …/payment/confirm`. No state changes.
enum PaymentRedirectPages {
    static let pages: [(path: String, title: String, note: String)] = [
        ("/payments/toss/success", "Toss Payments: approved by the customer",
         "Confirm with POST /api/v1/customer/orders/{orderId}/payment/confirm {paymentKey, amount}."),
        ("/payments/toss/fail", "Toss Payments: not paid", "The customer did not complete the payment; nothing was charged."),
        ("/payments/kakaopay/approve", "Kakao Pay: approved by the customer",
         "Confirm with POST /api/v1/customer/orders/{orderId}/payment/confirm {pgToken: pg_token}."),
        ("/payments/kakaopay/cancel", "Kakao Pay: canceled by the customer", "Nothing was charged."),
        ("/payments/kakaopay/fail", "Kakao Pay: failed", "Nothing was charged."),
    ]

    static func register(on router: inout Router) {
        for page in pages {
            router.add(.get, page.path, doc: OperationDoc(
                "Gateway redirect page (\(page.title)): shows the query values; changes nothing", tag: "payments-redirects",
                replies: [.init(status: 200, description: "an HTML page", contentType: "text/html", schema: .string())])) { request in
                let e = SandboxHTML.escape
                let rows = ["orderId", "paymentKey", "amount", "pg_token", "code", "message"].compactMap { name in
                    request.query(name).map { "<tr><th>\(e(name))</th><td><code>\(e($0))</code></td></tr>" }
                }.joined(separator: "\n")
                let html = SandboxHTML.document(title: page.title, body: """
                    <h1>\(e(page.title))</h1>
                    <table>
                    \(rows)
                    </table>
                    <p>\(e(page.note))</p>
                    """)
                return Response.html(html)
            }
        }
    }
}
