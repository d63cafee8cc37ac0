import Gateways
import Marketplace
import HTTPServer

/// The page `next_redirect_pc_url` opens: Pay → `approval_url` with `pg_token`; Cancel →
/// `cancel_url`.
enum KakaoPayRedirectPage {
    /// `formTargets`: where the approval redirect may end (payments.returnUrl).
    static func register(on router: inout Router, sandbox: KakaoPaySandbox, formTargets: [String]) {
        let path = KakaoPaySandboxRoutes.prefix + "/redirect"
        router.add(.get, path, doc: OperationDoc(
            "Kakao Pay sandbox: the payment page next_redirect_pc_url opens", tag: "sandbox",
            query: [.init(name: "tid", schema: .string(), required: true)],
            replies: [.init(status: 200, description: "an HTML page", contentType: "text/html", schema: .string()),
                      .problem(404, "TID_NOT_FOUND")])) { request in
            guard let tid = request.query("tid"), let payment = sandbox.payment(tid: tid) else {
                throw MarketplaceError.notFound(code: "TID_NOT_FOUND", detail: "No payment has this tid.")
            }
            let e = SandboxHTML.escape
            let page = SandboxHTML.document(title: "Kakao Pay sandbox", body: """
                <h1>Kakao Pay (sandbox)</h1>
                <p>\(e(payment.itemName)) × \(payment.quantity): <strong>\(payment.total) KRW</strong> (\(e(payment.status)))</p>
                <form method="post" action="\(path)">
                  <input type="hidden" name="tid" value="\(e(tid))">
                  <button type="submit" name="action" value="pay">Pay</button>
                  <button type="submit" name="action" value="cancel">Cancel</button>
                </form>
                """)
            // The buttons post here and are redirected to approval_url or cancel_url.
            return Response.html(page, formTargets: [payment.approvalUrl, payment.cancelUrl] + formTargets)
        }

        router.add(.post, path, doc: OperationDoc(
            "Kakao Pay sandbox: the payment page's buttons (form) → 303 to approval_url or cancel_url", tag: "sandbox",
            body: ("application/x-www-form-urlencoded", .object([], open: true)),
            replies: [.init(status: 303, description: "to approval_url&pg_token= or cancel_url", contentType: nil),
                      .problem(404, "TID_NOT_FOUND"), .problem(409, "PAYMENT_NOT_PENDING")])) { request in
            let form = FormBody(request.body)
            let tid = form["tid"] ?? ""
            let result = form["action"] == "cancel" ? try sandbox.quit(tid: tid) : try sandbox.authenticate(tid: tid)
            let location: String
            switch result {
            case .pgToken(let token, let approvalUrl):
                location = approvalUrl + (approvalUrl.contains("?") ? "&" : "?") + "pg_token=" + URLQuery.escape(token)
            case .quit(let cancelUrl): location = cancelUrl
            case .unknownTid: throw MarketplaceError.notFound(code: "TID_NOT_FOUND", detail: "No payment has this tid.")
            case .notPending(let status): throw MarketplaceError.conflict(code: "PAYMENT_NOT_PENDING", detail: "The payment is \(status).")
            }
            var response = Response(status: 303)
            response.headers.add("Location", location)
            return response
        }
    }
}
