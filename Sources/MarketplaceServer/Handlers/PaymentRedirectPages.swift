import Gateways
import Marketplace
import HTTPServer

/// The pages the gateways send the customer's browser back to (on `server.publicBaseUrl`):
/// `/payments/toss/success|fail` and `/payments/kakaopay/approve|cancel|fail` (docs/API.md §6,
/// §12). The success and approve pages confirm the payment themselves
/// (`PaymentService.confirmFromRedirect`, the API confirm's idempotent pipeline), then send
/// the browser to `payments.returnUrl?orderId=&status=` (`&code=` after an error) with 303, or
/// without one show a page saying paid or not. The others show what the gateway reported and
/// change nothing.
enum PaymentRedirectPages {
    static let pages: [(path: String, title: String, note: String)] = [
        ("/payments/toss/fail", "Toss Payments: not paid", "The customer did not complete the payment; nothing was charged."),
        ("/payments/kakaopay/cancel", "Kakao Pay: canceled by the customer", "Nothing was charged."),
        ("/payments/kakaopay/fail", "Kakao Pay: failed", "Nothing was charged."),
    ]

    static func register(on router: inout Router, payments: PaymentService, returnUrl: String?) {
        for page in pages {
            router.add(.get, page.path, doc: OperationDoc(
                "Gateway redirect page (\(page.title)): shows the query values; changes nothing", tag: "payments-redirects",
                replies: [.init(status: 200, description: "an HTML page", contentType: "text/html", schema: .string())])) { request in
                let rows = ["orderId", "paymentKey", "amount", "pg_token", "code", "message"].compactMap { name in
                    request.query(name).map { (name, $0) }
                }
                return Response.html(document(title: page.title, rows: rows, note: page.note))
            }
        }
        let confirming: [(path: String, title: String, form: @Sendable (Request) -> PaymentConfirmForm)] = [
            ("/payments/toss/success", "Toss Payments", { request in
                PaymentConfirmForm(paymentKey: request.query("paymentKey"), amount: request.query("amount").flatMap { Int64($0) },
                                   pgToken: nil)
            }),
            ("/payments/kakaopay/approve", "Kakao Pay", { request in
                PaymentConfirmForm(paymentKey: nil, amount: nil, pgToken: request.query("pg_token"))
            }),
        ]
        for page in confirming {
            router.add(.get, page.path, doc: OperationDoc(
                "Gateway redirect (\(page.title) approved by the customer): confirms the payment as POST …/payment/confirm does "
                    + "(exactly once with it), then 303 to payments.returnUrl?orderId=&status= (&code= after an error)",
                tag: "payments-redirects",
                query: [.init(name: "orderId", schema: .string(), required: true)],
                replies: [
                    .init(status: 303, description: "to payments.returnUrl with orderId, status (the order's) and code", contentType: nil),
                    .init(status: 200, description: "without payments.returnUrl: a page saying paid or not", contentType: "text/html",
                          schema: .string()),
                    .init(status: 404, description: "no such order: a page", contentType: "text/html", schema: .string()),
                ])) { request in
                let orderId = request.query("orderId") ?? ""
                var status: String?, code: String?
                do {
                    let result = try await payments.confirmFromRedirect(orderId: orderId, form: page.form(request))
                    status = result.order.status.rawValue
                } catch let error as MarketplaceError {
                    code = error.problem.code
                    status = try await payments.orderStatus(orderId)?.rawValue
                }
                guard let status else {
                    return Response.html(document(title: "Order not found", rows: [("orderId", orderId)],
                                                  note: "No order has this id; nothing was charged."), status: 404)
                }
                return answer(orderId: orderId, status: status, code: code, returnUrl: returnUrl)
            }
        }
    }

    private static func answer(orderId: String, status: String, code: String?, returnUrl: String?) -> Response {
        var query = [("orderId", orderId), ("status", status)]
        if let code { query.append(("code", code)) }
        guard let returnUrl else {
            let paid = status == OrderStatus.paid.rawValue
            let note = paid ? "Paid: the order is confirmed." : code == nil ? "Not paid yet: the gateway has not answered; "
                + "read the order later." : "Not paid: \(code ?? "")."
            return Response.html(document(title: paid ? "Payment complete" : "Payment not complete", rows: query, note: note))
        }
        var response = Response(status: 303)
        response.headers.add("Location", returnUrl + (returnUrl.contains("?") ? "&" : "?") + URLQuery.encode(query))
        return response.noStore()
    }

    private static func document(title: String, rows: [(String, String)], note: String) -> String {
        let e = SandboxHTML.escape
        let table = rows.map { "<tr><th>\(e($0.0))</th><td><code>\(e($0.1))</code></td></tr>" }.joined(separator: "\n")
        return SandboxHTML.document(title: title, body: """
            <h1>\(e(title))</h1>
            <table>
            \(table)
            </table>
            <p>\(e(note))</p>
            """)
    }
}
